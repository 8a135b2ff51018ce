// Which HTTP status a failure had, and how sure that is: the response's own status (or a pasted
// status line) first, then a status the body states, then one the error code implies.
import { validStatus } from './bodyValues';
import type { HttpStatusInfo } from './decodedView';
import { lookupHttpStatus } from '../codes/lookup';
import type { BodyFacts } from './shapeFacts';

/** A Map, not an object: codes come from the server, and "toString" must not find Object's. */
const STATUS_BY_CODE: ReadonlyMap<string, number> = new Map([
  ['INVALID_ARGUMENT', 400],
  ['AUTH_FAILED', 403],
  ['DUPLICATE_ENTRY', 409],
]);

export function inferStatus(given: number | undefined, givenSource: HttpStatusInfo['source'], facts: BodyFacts): HttpStatusInfo | undefined {
  const fromCode = facts.entries.map((entry) => STATUS_BY_CODE.get(entry.code)).find((status) => status !== undefined);
  const candidates: Array<[number | undefined, HttpStatusInfo['source']]> = [
    [validStatus(given), givenSource],
    [facts.bodyStatus, 'body'],
    [fromCode, 'inferred'],
  ];
  for (const [code, source] of candidates) {
    if (code !== undefined) return { code, source, entry: lookupHttpStatus(code, facts.product).entry };
  }
  return undefined;
}
