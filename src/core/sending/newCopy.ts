// Send as New Copy: the document with the next free number of its series and today's date, so a test
// document can be sent again without editing it. The file is never changed; the copy is new text.
//
// A number is a prefix and a run of digits: up to its last "/" and what follows ("FT2026/0041"), or,
// without a "/", up to its last digits ("A-17"). The next free one is one above the highest of: the
// server's numbers with the same prefix, the file's own number and the numbers this window has
// already given copies (so a copy whose answer was lost is never numbered again). When what follows
// the last "/" is not digits (the sample's "FT2026/K3J9X2A7"), the series starts at 0001 — counting
// on from its trailing digits would soon outgrow the 15 characters. The digits keep the file's width
// ("0041" → "0042").
import { createHash } from 'node:crypto';
import { utcMidnightOf } from '../documents/calendarDate';

/** Gestix's limit for seq_number (the schema's). */
export const SEQ_NUMBER_LIMIT = 15;
const DEFAULT_DIGITS = 4;

/** The fields that make a copy a new document; everything else is copied as it is. */
const NUMBER_FIELD = 'seq_number';
const DATE_FIELD = 'date';
/** Moved with the date, so the payment term stays what the file says. */
const DUE_DATE_FIELD = 'due_date';

export interface NewCopy {
  /** The body to send (JSON, indented like a file). */
  jsonText: string;
  documentSet: string;
  seqNumber: string;
  date: string;
  /**
   * The same for every copy of one document, whatever their numbers and dates; different when
   * anything else differs. The log names it, so the copies of one file can be told apart from
   * copies of another.
   */
  fingerprint: string;
}

export type NewCopyResult =
  | { ok: true; copy: NewCopy }
  | { ok: false; reason: 'notAnObject' | 'noSeries' | 'noNumber' | 'tooLong'; detail?: string };

export interface NumberSeries {
  prefix: string;
  /** The file's digits as a number, when it has any. */
  own: bigint | undefined;
  width: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Where the file's number belongs: its prefix, its own value and how many digits it is written with. */
export function numberSeries(seqNumber: string): NumberSeries {
  const slash = seqNumber.lastIndexOf('/');
  const match = slash >= 0 ? /^(.*\/)(\d*)$/.exec(seqNumber) : /^(.*?)(\d*)$/.exec(seqNumber);
  const digits = match?.[2] ?? '';
  if (match && digits !== '') return { prefix: match[1] ?? '', own: BigInt(digits), width: digits.length };
  return { prefix: slash >= 0 ? seqNumber.slice(0, slash + 1) : seqNumber, own: undefined, width: DEFAULT_DIGITS };
}

/** The value of `number` in `series`, or undefined when it is not one of that series' numbers. */
function valueIn(series: NumberSeries, number: string): bigint | undefined {
  if (!number.startsWith(series.prefix)) return undefined;
  const digits = number.slice(series.prefix.length);
  return /^\d+$/.test(digits) ? BigInt(digits) : undefined;
}

/** One above the highest of the series' numbers in `taken` and the file's own. */
export function nextFreeNumber(seqNumber: string, taken: Iterable<string>): string {
  const series = numberSeries(seqNumber);
  let highest = series.own ?? 0n;
  for (const number of taken) {
    const value = valueIn(series, number);
    if (value !== undefined && value > highest) highest = value;
  }
  return `${series.prefix}${String(highest + 1n).padStart(series.width, '0')}`;
}

/** `date` moved by the days from `from` to `to`; undefined when any of them is not a calendar date. */
function shiftedDate(date: string, from: string, to: string): string | undefined {
  const [day, start, end] = [date, from, to].map(utcMidnightOf);
  if (day === undefined || start === undefined || end === undefined) return undefined;
  return new Date(day + (end - start)).toISOString().slice(0, 10);
}

/** Keys sorted at every level, so whitespace and key order do not change a fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function copyFingerprint(document: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(document).filter(([key]) => key !== NUMBER_FIELD && key !== DATE_FIELD && key !== DUE_DATE_FIELD));
  return createHash('sha256').update(canonical(rest)).digest('hex').slice(0, 16);
}

/** The document_set of a document, undefined when it has none. */
export function seriesOf(jsonText: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(jsonText);
    return isRecord(parsed) ? scalarText(parsed.document_set) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The copy of `jsonText` numbered one above everything in `taken` and dated `today` (YYYY-MM-DD);
 * a due date moves along by the same number of days.
 */
export function newCopy(jsonText: string, today: string, taken: Iterable<string>): NewCopyResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch {
    return { ok: false, reason: 'notAnObject' };
  }
  if (!isRecord(parsed)) return { ok: false, reason: 'notAnObject' };
  const documentSet = scalarText(parsed.document_set);
  if (documentSet === undefined || documentSet === '') return { ok: false, reason: 'noSeries' };
  const current = scalarText(parsed[NUMBER_FIELD]);
  if (current === undefined || current === '') return { ok: false, reason: 'noNumber' };
  const seqNumber = nextFreeNumber(current, taken);
  if (seqNumber.length > SEQ_NUMBER_LIMIT) return { ok: false, reason: 'tooLong', detail: seqNumber };

  const copy: Record<string, unknown> = { ...parsed, [NUMBER_FIELD]: seqNumber, [DATE_FIELD]: today };
  const oldDate = scalarText(parsed[DATE_FIELD]);
  const dueDate = scalarText(parsed[DUE_DATE_FIELD]);
  if (oldDate !== undefined && dueDate !== undefined) {
    const moved = shiftedDate(dueDate, oldDate, today);
    if (moved !== undefined) copy[DUE_DATE_FIELD] = moved;
  }
  return { ok: true, copy: { jsonText: JSON.stringify(copy, null, 2), documentSet, seqNumber, date: today, fingerprint: copyFingerprint(copy) } };
}

/** Today in the local time zone, as the date field wants it. */
export function localIsoDate(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The numbers this window has given copies, per connection, kind and series. */
export class NumbersGiven {
  private readonly given = new Map<string, string[]>();

  private static key(connection: string, kind: string, documentSet: string): string {
    return JSON.stringify([connection, kind, documentSet]);
  }

  of(connection: string, kind: string, documentSet: string): readonly string[] {
    return this.given.get(NumbersGiven.key(connection, kind, documentSet)) ?? [];
  }

  note(connection: string, kind: string, documentSet: string, seqNumber: string): void {
    const key = NumbersGiven.key(connection, kind, documentSet);
    this.given.set(key, [...(this.given.get(key) ?? []), seqNumber]);
  }
}
