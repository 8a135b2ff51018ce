// The filters of the document list endpoints (searchColumn, searchString, searchOperator and
// filterDate). The API leaves the comparison rules open; the sandbox compares like a SQL column with
// a case-insensitive collation: numbers as numbers, everything else as lower-cased text, and a
// document without a value in the column never matches (not even `ne`, as with SQL NULL).
import type { DocumentKind } from '../core/wire';
import { isCalendarDate } from '../core/documents/calendarDate';
import { scalarFields } from '../core/documents/schema';

export type ListFilter = (document: Record<string, unknown>) => boolean;

export type FilterParse = { ok: true; filter: ListFilter | undefined } | { ok: false; message: string };

/** Searched when searchString comes without searchColumn: the document number. */
const DEFAULT_SEARCH_COLUMN = 'seq_number';
const READ_ONLY_COLUMNS = ['id', 'created', 'updated'];

const OPERATORS = {
  '=': (order: number) => order === 0,
  lt: (order: number) => order < 0,
  lte: (order: number) => order <= 0,
  gt: (order: number) => order > 0,
  gte: (order: number) => order >= 0,
  ne: (order: number) => order !== 0,
} as const;
type Operator = keyof typeof OPERATORS;

export function searchableColumns(kind: DocumentKind): string[] {
  return [...READ_ONLY_COLUMNS, ...scalarFields(kind)];
}


/** The order of a document's value against the searched text; undefined when there is no value. */
function order(value: unknown, wanted: string): number | undefined {
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  const number = Number(wanted);
  if (typeof value === 'number' && wanted.trim() !== '' && Number.isFinite(number)) return Math.sign(value - number);
  const text = (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).toLowerCase();
  const search = wanted.toLowerCase();
  return text < search ? -1 : text > search ? 1 : 0;
}

function single(query: URLSearchParams, name: string): { ok: true; value: string | undefined } | { ok: false; message: string } {
  const values = query.getAll(name);
  if (values.length > 1) return { ok: false, message: `Query parameter '${name}' must be given once` };
  return { ok: true, value: values[0] };
}

function describe(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

function searchFilter(kind: DocumentKind, column: string | undefined, text: string | undefined, operator: string | undefined): FilterParse {
  if (text === undefined) {
    if (column !== undefined) return { ok: false, message: "Query parameter 'searchColumn' needs 'searchString'" };
    if (operator !== undefined) return { ok: false, message: "Query parameter 'searchOperator' needs 'searchString'" };
    return { ok: true, filter: undefined };
  }
  const searched = column ?? DEFAULT_SEARCH_COLUMN;
  const columns = searchableColumns(kind);
  if (!columns.includes(searched)) {
    return { ok: false, message: `Unknown searchColumn '${describe(searched)}'; the ${kind} can be searched by ${columns.join(', ')}` };
  }
  if (operator !== undefined && (operator === '=' || !Object.hasOwn(OPERATORS, operator))) {
    return { ok: false, message: `Invalid searchOperator '${describe(operator)}': use lt, lte, gt, gte or ne (or leave it out for equals)` };
  }
  const matches = OPERATORS[(operator ?? '=') as Operator];
  return {
    ok: true,
    filter: (document) => {
      const found = order(document[searched], text);
      return found !== undefined && matches(found);
    },
  };
}

function dateFilter(range: string | undefined): FilterParse {
  if (range === undefined) return { ok: true, filter: undefined };
  const [from, to = from, ...rest] = range.split(':');
  if (rest.length > 0 || from === undefined || !isCalendarDate(from) || !isCalendarDate(to)) {
    return { ok: false, message: `Invalid filterDate '${describe(range)}': use YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD` };
  }
  if (from > to) return { ok: false, message: `Invalid filterDate '${describe(range)}': the range ends before it starts` };
  return {
    ok: true,
    filter: (document) => typeof document.date === 'string' && isCalendarDate(document.date) && document.date >= from && document.date <= to,
  };
}

/** The filter a list request asks for; undefined when it asks for none. */
export function parseListFilter(kind: DocumentKind, query: URLSearchParams): FilterParse {
  const parameters: Record<string, string | undefined> = {};
  for (const name of ['searchColumn', 'searchString', 'searchOperator', 'filterDate']) {
    const parsed = single(query, name);
    if (!parsed.ok) return parsed;
    parameters[name] = parsed.value;
  }
  const search = searchFilter(kind, parameters.searchColumn, parameters.searchString, parameters.searchOperator);
  if (!search.ok) return search;
  const dates = dateFilter(parameters.filterDate);
  if (!dates.ok) return dates;
  const filters = [search.filter, dates.filter].filter((filter): filter is ListFilter => filter !== undefined);
  if (filters.length === 0) return { ok: true, filter: undefined };
  return { ok: true, filter: (document) => filters.every((filter) => filter(document)) };
}
