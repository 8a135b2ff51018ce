// The numbers a series already has on the server, for Send as New Copy: the document list searched by
// document_set, read a page at a time. A server that ignores the search is read the same way (the
// entries are checked here), up to a bound, so a huge account costs a bounded number of requests.
import type { Failure } from '../http/result';
import type { GestixSession } from '../session/session';
import type { DocumentKind } from '../wire';

const SERIES_PAGE_SIZE = 1000;
const SERIES_MAX_PAGES = 20;

export type SeriesNumbers =
  /** `complete` is false when the bound was reached before the list ended. */
  | { kind: 'read'; numbers: string[]; complete: boolean }
  | { kind: 'unavailable'; failure: Failure | undefined };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SeriesPaging {
  pageSize?: number;
  maxPages?: number;
}

export async function seriesNumbers(session: GestixSession, kind: DocumentKind, documentSet: string, signal?: AbortSignal, paging: SeriesPaging = {}): Promise<SeriesNumbers> {
  const { pageSize = SERIES_PAGE_SIZE, maxPages = SERIES_MAX_PAGES } = paging;
  const numbers: string[] = [];
  const client = session.client;
  for (let page = 0; page < maxPages; page += 1) {
    const query = { searchColumn: 'document_set', searchString: documentSet, limit: pageSize, ...(page > 0 ? { skip: page * pageSize } : {}) };
    const outcome = await session.withSession((token) => client.listDocuments(token, kind, query, signal), signal ? { signal } : {});
    if (outcome.kind === 'notSignedIn') return { kind: 'unavailable', failure: undefined };
    if (outcome.kind === 'signInFailed') return { kind: 'unavailable', failure: outcome.failure };
    if (!outcome.result.ok) return { kind: 'unavailable', failure: outcome.result.failure };
    const entries = outcome.result.value;
    for (const entry of entries) {
      const number = isRecord(entry) && String(entry.document_set) === documentSet ? entry.seq_number : undefined;
      if (typeof number === 'string' || typeof number === 'number') numbers.push(String(number));
    }
    if (entries.length < pageSize) return { kind: 'read', numbers, complete: true };
  }
  return { kind: 'read', numbers, complete: false };
}
