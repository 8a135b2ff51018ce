// Single values read out of a parsed body. The body is untrusted: a value may be of any type, huge,
// or missing, and each reader answers undefined rather than trusting it.
import { capped } from '../text/sanitize';
import { MESSAGE_LIMIT } from './decodedView';

/** A string or number as trimmed text, capped at `MESSAGE_LIMIT`; undefined when empty. */
export function cleanMessage(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : capped(text, MESSAGE_LIMIT);
}

/** An HTTP status (100 to 599), given as a number or as three digits. */
export function validStatus(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[0-9]{3}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= 100 && number <= 599 ? number : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
