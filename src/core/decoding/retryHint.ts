// Whether sending the same request again could succeed, and after how long.
import type { DecodedEntry, HttpStatusInfo } from './decodedView';
import type { FieldReference } from './field';

export function isRetryable(status: HttpStatusInfo | undefined, entries: DecodedEntry[], field: FieldReference | undefined): boolean {
  // A refused nonce only needs a new one; the request itself was fine.
  if (field?.where === 'query' && entries.every((entry) => entry.code === 'INVALID_ARGUMENT')) return true;
  if (entries.length > 0) return entries.every((entry) => entry.entry.retryable);
  return status?.entry.retryable ?? false;
}

/** A Retry-After worth showing: a finite number of seconds, not negative. */
export function usableRetryAfter(seconds: unknown): number | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
