// Finds Gestix codes, Sovos subcodes, clearly-HTTP statuses and request ids in one line of a log.
// Only the given line is read; `codeAt` reads only a window around the cursor, so a line of any
// length answers at once.
import { STANDARD_REASONS, type CatalogueEntry, type ProductLineInfo } from './catalogue';
import { lookupCode, lookupHttpStatus, type CodeLookup } from './lookup';
import { ANY_STATUS, CODE_PATTERNS, withStatus, type CodePattern } from './patterns';
import { parseTimestamp, type Timestamp } from '../decoding/timestamp';
import { DOCUMENT_KINDS } from '../wire';

interface MatchRange {
  /** Offset of the first character of the code in the line. */
  start: number;
  /** Offset just after its last character. */
  end: number;
  /** The code as written in the line. */
  text: string;
}

/** A Gestix code, a Sovos subcode or an HTTP status, with its catalogue entry. */
export interface CodeMatchOfCode extends MatchRange {
  kind: 'gestixCode' | 'subcode' | 'httpStatus';
  entry: CatalogueEntry;
  lookup: CodeLookup;
  productLine?: ProductLineInfo;
}

/** A request id, with the timestamp of the line it was found on (for the support text). */
export interface RequestIdMatch extends MatchRange {
  kind: 'requestId';
  requestId: string;
  lineTimestamp?: Timestamp;
}

export type CodeMatch = CodeMatchOfCode | RequestIdMatch;
export type CodeMatchKind = CodeMatch['kind'];

interface CompiledPattern {
  pattern: CodePattern;
  regex: RegExp;
  tokenGroups: number[];
  reasonGroup: number | undefined;
}

const COMPILED: CompiledPattern[] = CODE_PATTERNS.map((pattern) => {
  const groups = Object.entries(pattern.captures);
  return {
    pattern,
    regex: new RegExp(withStatus(pattern.source, ANY_STATUS), 'gd'),
    tokenGroups: groups.filter(([, role]) => role === 'token').map(([group]) => Number(group)),
    reasonGroup: groups.filter(([, role]) => role === 'reason').map(([group]) => Number(group))[0],
  };
});

const ISO_IN_LINE =
  /(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?(?![0-9])/;
const NGINX_IN_LINE = /\[([0-9]{2}\/[A-Z][a-z]{2}\/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2}(?: [+-][0-9]{4})?)\]/;
const SOVOS_HINT = /SMA[RP]-|sovos|simple-connect/i;
/**
 * What makes a line clearly Gestix's besides a Gestix code or Sovos subcode: the product's names,
 * its session header, an API base (`/api/03101176/v4.0.0`) or a request to one of its endpoints
 * (`POST /invoices`, `GET /helo`). Literal alternatives and bounded repeats: one pass over the text.
 */
const GESTIX_HINT = new RegExp(
  [
    'gestix',
    'sovos',
    'simple-connect',
    'xa-token',
    '/api/[0-9]{1,20}/v[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}(?![0-9])',
    `\\b(?:GET|POST|PUT|PATCH|DELETE)[ \\t]{1,4}/(?:${[...DOCUMENT_KINDS, 'helo', 'auth'].join('|')})(?![A-Za-z0-9_-])`,
  ].join('|'),
  'i',
);
const TIMESTAMP_SEARCH = 512;
const CODE_AT_BEFORE = 2_200;
const CODE_AT_AFTER = 256;

function reasonFits(status: string, reason: string): boolean {
  if (/^client error$/i.test(reason)) return status.startsWith('4');
  if (/^server error$/i.test(reason)) return status.startsWith('5');
  return STANDARD_REASONS[status]?.toLowerCase() === reason.toLowerCase();
}

function timestampIn(text: string): Timestamp | undefined {
  const iso = ISO_IN_LINE.exec(text);
  if (iso) return parseTimestamp(iso[0]);
  const nginx = NGINX_IN_LINE.exec(text);
  return nginx ? parseTimestamp(nginx[1]) : undefined;
}

/** Prefers the timestamp a line starts with; else one near the request id (JSON lines). */
function lineTimestamp(line: string, near: number): Timestamp | undefined {
  return (
    timestampIn(line.slice(0, TIMESTAMP_SEARCH)) ??
    timestampIn(line.slice(Math.max(0, near - TIMESTAMP_SEARCH), near + TIMESTAMP_SEARCH))
  );
}

/**
 * Lookups by token and context: a log repeats a few codes many times, and the list of a whole log
 * looks each one up again. Once full it keeps what it holds, so a log of ever new tokens cannot grow it.
 */
const lookupCache = new Map<string, CodeLookup>();
const LOOKUP_CACHE_SIZE = 1_024;

function cachedLookup(key: string, lookup: () => CodeLookup): CodeLookup {
  const cached = lookupCache.get(key);
  if (cached) return cached;
  const found = lookup();
  if (lookupCache.size < LOOKUP_CACHE_SIZE) lookupCache.set(key, found);
  return found;
}

function toMatch(
  compiled: CompiledPattern,
  found: RegExpExecArray,
  text: string,
  offset: number,
  sovos: boolean,
): CodeMatch | undefined {
  const indices = found.indices;
  const group = compiled.tokenGroups.find((index) => found[index] !== undefined);
  if (!indices || group === undefined) return undefined;
  const [start, end] = indices[group];
  const token = found[group];
  const range = { start: start + offset, end: end + offset, text: token };
  const { kind, subcodeContext } = compiled.pattern;
  if (kind === 'requestId') {
    const match: RequestIdMatch = { kind, ...range, requestId: token };
    const timestamp = lineTimestamp(text, start);
    if (timestamp) match.lineTimestamp = timestamp;
    return match;
  }
  if (kind === 'httpStatus') {
    const reason = compiled.reasonGroup === undefined ? undefined : found[compiled.reasonGroup];
    if (reason !== undefined && !reasonFits(token, reason)) return undefined;
    const lookup = cachedLookup(`${sovos ? 's' : 'g'}${token}`, () => lookupHttpStatus(token, sovos ? 'sovos' : undefined));
    return { kind, ...range, entry: lookup.entry, lookup };
  }
  const lookup = cachedLookup(`${subcodeContext ? 'c' : 'o'}${token}`, () => lookupCode(token, subcodeContext ? { subcode: true, product: 'sovos' } : {}));
  const match: CodeMatchOfCode = { kind, ...range, entry: lookup.entry, lookup };
  if (lookup.productLine) match.productLine = lookup.productLine;
  return match;
}

/** Matches of `patterns` in `text`, whose first character is at `offset` in the line. */
function scan(text: string, offset: number, patterns: readonly CompiledPattern[] = COMPILED): CodeMatch[] {
  const sovos = SOVOS_HINT.test(text);
  const found: CodeMatch[] = [];
  for (const compiled of patterns) {
    const { regex } = compiled;
    regex.lastIndex = 0;
    for (let result = regex.exec(text); result !== null; result = regex.exec(text)) {
      if (result[0].length === 0) regex.lastIndex += 1;
      const match = toMatch(compiled, result, text, offset, sovos);
      if (match) found.push(match);
    }
  }
  // Several patterns can find the same code (`HTTP/1.1 409 Conflict`); keep one per stretch of text.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CodeMatch[] = [];
  for (const match of found) {
    const last = kept[kept.length - 1];
    if (last && match.start < last.end) continue;
    kept.push(match);
  }
  return kept;
}

export function findCodesInLine(line: string): CodeMatch[] {
  if (typeof line !== 'string' || line === '') return [];
  return scan(line, 0);
}

const CODE_PATTERNS_ONLY = COMPILED.filter(({ pattern }) => pattern.kind !== 'requestId');

/** Gestix codes, Sovos subcodes and HTTP statuses in a line, without request ids (nor their timestamps). */
export function findErrorCodesInLine(line: string): CodeMatchOfCode[] {
  if (typeof line !== 'string' || line === '') return [];
  return scan(line, 0, CODE_PATTERNS_ONLY).filter((match): match is CodeMatchOfCode => match.kind !== 'requestId');
}

/** Codes any software logs (an HTTP status, a request id), as opposed to Gestix's and Sovos's own. */
function isGeneric(match: CodeMatch): boolean {
  return match.kind === 'httpStatus' || match.kind === 'requestId';
}

const OWN_CODES = COMPILED.filter(({ pattern }) => pattern.kind === 'gestixCode' || pattern.kind === 'subcode').map(({ regex }) => new RegExp(regex.source));

/**
 * Whether a line clearly comes from Gestix: it holds a Gestix code or a Sovos subcode, or one of
 * GESTIX_HINT's marks. Each is one regular expression over the text, so the judgement is linear.
 */
export function isGestixLine(line: string): boolean {
  return typeof line === 'string' && (GESTIX_HINT.test(line) || OWN_CODES.some((regex) => regex.test(line)));
}

export interface CodeAtOptions {
  /**
   * Where HTTP statuses and request ids count: on any line (the default), or only on a line that is
   * clearly Gestix's (isGestixLine), judged by the same window of it that is searched for the code.
   */
  genericCodes?: 'anyLine' | 'gestixLines';
}

/** The code under `character`, looking only at a window of the line around it. */
export function codeAt(line: string, character: number, options: CodeAtOptions = {}): CodeMatch | undefined {
  if (typeof line !== 'string' || !Number.isInteger(character) || character < 0 || character >= line.length) return undefined;
  // One character of context on each side keeps the look-arounds right at the window's edges.
  const from = Math.max(0, character - CODE_AT_BEFORE - 1);
  const to = Math.min(line.length, character + CODE_AT_AFTER + 1);
  const window = line.slice(from, to);
  const matches = scan(window, from).filter(
    (match) => (match.start > from || from === 0) && (match.end < to || to === line.length),
  );
  const hit = matches.find((match) => match.start <= character && character < match.end);
  if (hit && isGeneric(hit) && options.genericCodes === 'gestixLines' && !isGestixLine(window)) return undefined;
  if (hit?.kind === 'requestId' && from > 0) {
    const timestamp = lineTimestamp(line, hit.start);
    if (timestamp) hit.lineTimestamp = timestamp;
  }
  return hit;
}
