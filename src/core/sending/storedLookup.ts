// Finding the document an earlier attempt may have stored, before anything is sent again.
//
// Why look instead of resending: the API marks document_set, seq_number and date *required* and
// *read-only*, and read-only means "ignored in request bodies". A server that numbers documents
// itself never answers 409 for a repeat, so a resend after a lost answer would create a second
// invoice. Looking first is safe whichever way the server behaves.
//
// How: the document list, narrowed by the document's date (filterDate) and a search — by number
// when the server keeps the numbers it is given, by total otherwise. Entries are matched again here,
// because a server may ignore a filter, and a rejected filter falls back to reading the list page by
// page. An entry is this document when:
// - its content matches: series, customer, date, currency, totals and lines. A field the list leaves
//   out does not rule an entry out: a wrong "not there" would create a second document, a wrong
//   "several" only asks a person to look;
// - and, when the server keeps given numbers, its series and number are ours (before that is known,
//   they pick the one among identical documents);
// - it was created on or after the day before the first attempt (when the list says);
// - and no other send of this window has already reported it as its own.
import type { ListOptions } from '../http/client';
import type { Failure } from '../http/result';
import { capped } from '../text/sanitize';
import type { GestixSession } from '../session/session';
import { DOCUMENT_NUMBER_LIMIT, type DocumentCreated, type DocumentKind } from '../wire';

/** Whether the server keeps the seq_number it is given, learnt from the first success. */
export type Numbering = 'unknown' | 'client' | 'server';

export interface DocumentIdentity {
  documentSet: string;
  seqNumber: string;
}

export type Lookup =
  | { kind: 'found'; document: DocumentCreated }
  | { kind: 'several'; candidates: DocumentCreated[] }
  | { kind: 'missing' }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'signInRefused'; failure: Failure }
  | { kind: 'notSignedIn' };

const PAGE_SIZE = 1000;
const MAX_PAGES = 20;
const DAY_MS = 86_400_000;
const HEADER_FIELDS = ['document_set', 'date', 'currency', 'total_amount', 'net_amount', 'vat', 'discount', 'discount_amount'];
const PARTY_FIELDS = ['name', 'vat_id'];
const LINE_FIELDS = ['item_code', 'description', 'qty', 'unit_price', 'discount', 'line_discount', 'vat'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The document as sent, parsed once and only when a lookup needs it. */
export class SentDocument {
  private parsed: Record<string, unknown> | null | undefined;

  constructor(readonly jsonText: string) {}

  get record(): Record<string, unknown> | undefined {
    if (this.parsed === undefined) {
      try {
        const value: unknown = JSON.parse(this.jsonText);
        this.parsed = isRecord(value) ? value : null;
      } catch {
        this.parsed = null;
      }
    }
    return this.parsed ?? undefined;
  }

  get identity(): DocumentIdentity | undefined {
    const record = this.record;
    const documentSet = scalarText(record?.document_set);
    const seqNumber = scalarText(record?.seq_number);
    return documentSet !== undefined && seqNumber !== undefined ? { documentSet, seqNumber } : undefined;
  }

  /** Whether the server kept the number it was given: the answer's number appears in what was sent. */
  keptNumber(created: DocumentCreated): boolean | undefined {
    if (created.documentNumber === undefined) return undefined;
    return this.jsonText.includes(JSON.stringify(created.documentNumber));
  }
}

function sameScalar(sent: unknown, listed: unknown): boolean {
  if (typeof sent === 'number' && typeof listed === 'number') return Math.abs(sent - listed) < 1e-9;
  if (typeof sent === 'number' || typeof listed === 'number') return Number(sent) === Number(listed) && String(listed).trim() !== '';
  return String(sent).trim() === String(listed).trim();
}

/** Every field both sides have agrees; fields the listed side leaves out are not held against it. */
function sameFields(sent: Record<string, unknown>, listed: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.every((field) => {
    const ours = sent[field];
    const theirs = listed[field];
    if (ours === undefined || ours === null || typeof ours === 'object') return true;
    if (theirs === undefined || theirs === null) return true;
    return sameScalar(ours, theirs);
  });
}

function sameContent(sent: Record<string, unknown>, listed: Record<string, unknown>): boolean {
  if (!sameFields(sent, listed, HEADER_FIELDS)) return false;
  for (const party of ['customer', 'supplier']) {
    const ours = sent[party];
    const theirs = listed[party];
    if (isRecord(ours) && isRecord(theirs) && !sameFields(ours, theirs, PARTY_FIELDS)) return false;
  }
  const ourLines = sent.items;
  const theirLines = listed.items;
  if (Array.isArray(ourLines) && Array.isArray(theirLines)) {
    if (ourLines.length !== theirLines.length) return false;
    return ourLines.every((line, index) => {
      const theirs: unknown = theirLines[index];
      return !isRecord(line) || !isRecord(theirs) || sameFields(line, theirs, LINE_FIELDS);
    });
  }
  return true;
}

function sameIdentity(identity: DocumentIdentity, listed: Record<string, unknown>): boolean {
  return scalarText(listed.document_set) === identity.documentSet && scalarText(listed.seq_number) === identity.seqNumber;
}

/** A listed document, as the `documentCreated` the lost answer would have carried. */
function listedAsCreated(entry: Record<string, unknown>, kind: DocumentKind, baseUrl: string | undefined): DocumentCreated | undefined {
  if (!Number.isSafeInteger(entry.id)) return undefined;
  const id = entry.id as number;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const document: DocumentCreated = { id };
  const series = text(entry.documentSeries) ?? text(entry.document_set);
  const number = text(entry.documentNumber) ?? text(entry.seq_number);
  const url = text(entry.url) ?? (baseUrl ? `${baseUrl}/${kind}?id=${id}&print=1` : undefined);
  if (series !== undefined) document.documentSeries = capped(series, DOCUMENT_NUMBER_LIMIT);
  if (number !== undefined) document.documentNumber = capped(number, DOCUMENT_NUMBER_LIMIT);
  if (url !== undefined) document.url = url;
  return document;
}

export interface LookupRequest {
  kind: DocumentKind;
  sent: SentDocument;
  numbering: Numbering;
  /** When the first attempt was written, by the sender's clock. */
  firstAttemptAt: number;
  /** Ids other sends of this window reported as theirs. */
  claimed: ReadonlySet<number>;
  signal: AbortSignal | undefined;
}

/** The narrowest documented query for the document, then the plain list in case a server refuses it. */
function queries(record: Record<string, unknown>, numbering: Numbering, identity: DocumentIdentity | undefined): ListOptions[] {
  const narrowed: ListOptions = { limit: PAGE_SIZE };
  if (typeof record.date === 'string' && DATE.test(record.date)) narrowed.filterDate = record.date;
  const total = scalarText(record.total_amount);
  if (numbering === 'client' && identity) {
    narrowed.searchColumn = 'seq_number';
    narrowed.searchString = identity.seqNumber;
  } else if (total !== undefined) {
    narrowed.searchColumn = 'total_amount';
    narrowed.searchString = total;
  }
  return [narrowed, { limit: PAGE_SIZE }];
}

function refusedQuery(failure: Failure): boolean {
  return failure.kind === 'http' && failure.status === 400;
}

/** Whether a listed entry is the document sent: see the conditions at the top of this file. */
function oursFilter(record: Record<string, unknown>, identity: DocumentIdentity | undefined, request: LookupRequest): (entry: Record<string, unknown>) => boolean {
  const { numbering, claimed } = request;
  const since = new Date(request.firstAttemptAt - DAY_MS).toISOString().slice(0, 10);
  return (entry) => {
    if (!Number.isSafeInteger(entry.id) || claimed.has(entry.id as number)) return false;
    if (typeof entry.created === 'string' && DATE.test(entry.created.slice(0, 10)) && entry.created.slice(0, 10) < since) return false;
    if (numbering === 'client' && (!identity || !sameIdentity(identity, entry))) return false;
    return sameContent(record, entry);
  };
}

/** What reading one query's pages gave: the documents that are ours, a query the server refused, or the look-up's end. */
type PagesRead = { kind: 'read'; ours: DocumentCreated[] } | { kind: 'queryRefused'; failure: Failure } | { kind: 'ended'; lookup: Lookup };

function ended(lookup: Lookup): PagesRead {
  return { kind: 'ended', lookup };
}

async function readPages(session: GestixSession, request: LookupRequest, query: ListOptions, isOurs: (entry: Record<string, unknown>) => boolean): Promise<PagesRead> {
  const { kind, signal } = request;
  const client = session.client;
  const ours = new Map<number, DocumentCreated>();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const options = page === 0 ? query : { ...query, skip: page * PAGE_SIZE };
    const outcome = await session.withSession((token) => client.listDocuments(token, kind, options, signal), signal ? { signal } : {});
    if (outcome.kind === 'notSignedIn') return ended({ kind: 'notSignedIn' });
    if (outcome.kind === 'signInFailed') {
      return ended(outcome.reason === 'rejected' ? { kind: 'signInRefused', failure: outcome.failure } : { kind: 'failed', failure: outcome.failure });
    }
    if (!outcome.result.ok) {
      const failure = outcome.result.failure;
      return page === 0 && refusedQuery(failure) ? { kind: 'queryRefused', failure } : ended({ kind: 'failed', failure });
    }
    const entries = outcome.result.value;
    for (const entry of entries) {
      if (!isRecord(entry) || !isOurs(entry)) continue;
      const created = listedAsCreated(entry, kind, client.baseUrl);
      if (created) ours.set(created.id, created);
    }
    if (entries.length < PAGE_SIZE) break;
  }
  return { kind: 'read', ours: [...ours.values()] };
}

function lookupOf(ours: DocumentCreated[], numbering: Numbering, identity: DocumentIdentity | undefined): Lookup {
  let found = ours;
  // Before the numbering is known, among twins the one that carries our number is ours.
  if (found.length > 1 && numbering === 'unknown' && identity) {
    const numbered = found.filter((document) => document.documentSeries === identity.documentSet && document.documentNumber === identity.seqNumber);
    if (numbered.length === 1) found = numbered;
  }
  if (found.length === 1) return { kind: 'found', document: found[0] };
  if (found.length > 1) return { kind: 'several', candidates: found };
  return { kind: 'missing' };
}

export async function lookUpStored(session: GestixSession, request: LookupRequest): Promise<Lookup> {
  const record = request.sent.record;
  if (!record) return { kind: 'missing' };
  const identity = request.sent.identity;
  const isOurs = oursFilter(record, identity, request);
  let refusal: Failure | undefined;
  for (const query of queries(record, request.numbering, identity)) {
    const read = await readPages(session, request, query, isOurs);
    if (read.kind === 'queryRefused') {
      refusal = read.failure;
      continue;
    }
    return read.kind === 'ended' ? read.lookup : lookupOf(read.ours, request.numbering, identity);
  }
  // Not even the plain list could be read: nothing is known, so nothing may be sent again.
  return refusal ? { kind: 'failed', failure: refusal } : { kind: 'missing' };
}
