// Timestamps arrive as ISO 8601 text (Gestix apiError, log lines), epoch milliseconds as text or number
// (Sovos Format 2) or in the nginx access-log form. Parsing keeps the original text for display.

export interface Timestamp {
  /** Exactly as given. */
  text: string;
  /** Milliseconds since the epoch, when the text could be read. */
  epochMs?: number;
  /** UTC ISO form of `epochMs`. */
  utc?: string;
  /** False when the text carries no zone and was read as local time. */
  hasZone?: boolean;
}

const ISO =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?)?[ ]?(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/;
const NGINX = /^([0-9]{2})\/([A-Z][a-z]{2})\/([0-9]{4}):([0-9]{2}):([0-9]{2}):([0-9]{2})(?: ([+-][0-9]{4}))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Years 2000 to 2200: a guard against numbers that only look like epoch values.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function withEpoch(text: string, epochMs: number, hasZone: boolean): Timestamp {
  if (!Number.isFinite(epochMs)) return { text };
  return { text, epochMs, utc: new Date(epochMs).toISOString(), hasZone };
}

function fromEpochDigits(text: string, digits: string): Timestamp | undefined {
  const value = Number(digits);
  if (digits.length >= 12 && digits.length <= 14 && value >= EARLIEST && value < LATEST) return withEpoch(text, value, true);
  if (digits.length >= 9 && digits.length <= 11 && value * 1000 >= EARLIEST && value * 1000 < LATEST) {
    return withEpoch(text, value * 1000, true);
  }
  return undefined;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function fromParts(
  text: string,
  [year, month, day, hour, minute, second, fraction]: number[],
  zone: string | undefined,
): Timestamp {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return { text };
  const ms = fraction ?? 0;
  if (zone === undefined) {
    const local = new Date(year, month - 1, day, hour, minute, second, ms).getTime();
    return withEpoch(text, local, false);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes(zone) * 60_000;
  return withEpoch(text, utc, true);
}

export function parseTimestamp(value: unknown): Timestamp | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return fromEpochDigits(String(value), String(Math.trunc(Math.abs(value)))) ?? { text: String(value) };
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > 64) return text === '' ? undefined : { text: text.slice(0, 64) };
  if (/^[0-9]+$/.test(text)) return fromEpochDigits(text, text) ?? { text };
  const iso = ISO.exec(text);
  if (iso) {
    const fraction = iso[7] ? Number(iso[7].slice(0, 3).padEnd(3, '0')) : 0;
    const parts = [1, 2, 3, 4, 5, 6].map((index) => Number(iso[index] ?? 0));
    return fromParts(text, [...parts, fraction], iso[8]);
  }
  const nginx = NGINX.exec(text);
  if (nginx) {
    const month = MONTHS.indexOf(nginx[2]) + 1;
    if (month === 0) return { text };
    const parts = [Number(nginx[3]), month, Number(nginx[1]), Number(nginx[4]), Number(nginx[5]), Number(nginx[6]), 0];
    return fromParts(text, parts, nginx[7] ?? undefined);
  }
  return { text };
}
