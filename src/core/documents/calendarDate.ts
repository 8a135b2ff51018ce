// A day as the API writes it, `YYYY-MM-DD`, and only a day that exists (no 2026-02-30).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC midnight that starts `text`'s day, in epoch milliseconds; undefined when it is not a real day. */
export function utcMidnightOf(text: string): number | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.getTime() : undefined;
}

export function isCalendarDate(text: string): boolean {
  return utcMidnightOf(text) !== undefined;
}
