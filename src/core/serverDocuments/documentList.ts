// The documents of one kind the server holds, a page at a time (`skip`/`limit`), narrowed by a date
// range (`filterDate`) and a search (`searchColumn`/`searchString`/`searchOperator`). Lists are bare
// JSON arrays with no total, so a page shorter than asked for is the last one.
import { isCalendarDate } from '../documents/calendarDate';
import type { ListOptions } from '../http/client';
import { plainText } from '../text/sanitize';

export const PAGE_SIZE = 100;

export interface DateRange {
  from: string;
  to: string;
}

/** `eq` is the API's default (no searchOperator); the others are its operators. */
export const SEARCH_OPERATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export interface DocumentSearch {
  column: string;
  operator: SearchOperator;
  text: string;
}

export interface DocumentFilter {
  dates?: DateRange;
  search?: DocumentSearch;
}

export type DateRangeProblem = 'format' | 'notADate' | 'endsBeforeStart';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A column name as the API's examples spell them: `seq_number`, `document_set`, `customer.name`. */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
export const SEARCH_TEXT_LIMIT = 200;


/** `2026-01-15` (that day) or `2026-01-01:2026-01-31` (both days included), as filterDate takes them. */
export function parseDateRange(text: string): { ok: true; range: DateRange } | { ok: false; problem: DateRangeProblem } {
  const parts = text.trim().split(':').map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => !DATE.test(part))) return { ok: false, problem: 'format' };
  const [from = '', to = from] = parts;
  if (!isCalendarDate(from) || !isCalendarDate(to)) return { ok: false, problem: 'notADate' };
  if (from > to) return { ok: false, problem: 'endsBeforeStart' };
  return { ok: true, range: { from, to } };
}

/** The filterDate value of `range`. */
export function dateRangeText(range: DateRange): string {
  return range.from === range.to ? range.from : `${range.from}:${range.to}`;
}

export function isSearchColumn(text: string): boolean {
  return COLUMN.test(text);
}

export function isFiltered(filter: DocumentFilter): boolean {
  return filter.dates !== undefined || filter.search !== undefined;
}

/** The query of the page that starts `skip` documents in. */
export function pageRequest(filter: DocumentFilter, skip: number): ListOptions {
  const options: ListOptions = { skip, limit: PAGE_SIZE };
  if (filter.dates) options.filterDate = dateRangeText(filter.dates);
  if (filter.search) {
    options.searchColumn = filter.search.column;
    options.searchString = filter.search.text;
    if (filter.search.operator !== 'eq') options.searchOperator = filter.search.operator;
  }
  return options;
}

/** What a row shows of a document: all from the server, so untrusted and to be sanitised where shown. */
export interface DocumentSummary {
  id: number;
  /** `seq_number`; undefined when the document has none. */
  number: string | undefined;
  date: string | undefined;
  /** The customer's or supplier's name. */
  party: string | undefined;
  /** `total_amount` and `currency`, e.g. `307.5 EUR`. */
  total: string | undefined;
}

function field(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function nameOf(party: unknown): string | undefined {
  return typeof party === 'object' && party !== null && !Array.isArray(party) ? field((party as Record<string, unknown>).name) : undefined;
}

/** The row of one listed document; undefined for anything without a usable id (it could not be opened). */
export function summaryOf(listed: unknown): DocumentSummary | undefined {
  if (typeof listed !== 'object' || listed === null || Array.isArray(listed)) return undefined;
  const document = listed as Record<string, unknown>;
  const { id } = document;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return undefined;
  const amount = field(document.total_amount);
  const currency = field(document.currency);
  return {
    id,
    number: field(document.seq_number),
    date: field(document.date),
    party: nameOf(document.customer) ?? nameOf(document.supplier),
    total: amount === undefined ? undefined : currency === undefined ? amount : `${amount} ${currency}`,
  };
}

/** A row's description: date · customer or supplier · total, each made plain text. */
export function summaryDescription(summary: DocumentSummary): string {
  return [summary.date, summary.party, summary.total]
    .map((part) => plainText(part, 80))
    .filter((part) => part !== '')
    .join(' · ');
}

/** The query that finds the server's copies of a document numbered `number` (normally one). */
export function serverCopyQuery(number: string): ListOptions {
  return pageRequest({ search: { column: 'seq_number', operator: 'eq', text: number } }, 0);
}

/** The seq_number of a local document's JSON text; undefined when it has none or is not JSON. */
export function documentNumberOf(jsonText: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(jsonText);
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const number = (document as Record<string, unknown>).seq_number;
  return typeof number === 'string' && number.trim() !== '' ? number : undefined;
}

/** The pages of one kind received so far. */
export class DocumentListing {
  readonly documents: DocumentSummary[] = [];
  private received = 0;
  private readonly ids = new Set<number>();
  private complete = false;

  /** Whether the last page was shorter than a full one: there is nothing more to load. */
  get finished(): boolean {
    return this.complete;
  }

  /** The query of the next page. */
  nextPage(filter: DocumentFilter): ListOptions {
    return pageRequest(filter, this.received);
  }

  /** Adds a page the server answered; a document listed twice (the list moved between pages) is shown once. */
  addPage(page: readonly unknown[]): void {
    this.received += page.length;
    this.complete = page.length < PAGE_SIZE;
    for (const listed of page) {
      const summary = summaryOf(listed);
      if (!summary || this.ids.has(summary.id)) continue;
      this.ids.add(summary.id);
      this.documents.push(summary);
    }
  }
}
