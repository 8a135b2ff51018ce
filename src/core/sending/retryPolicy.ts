// When a failed attempt is sent again, and after how long.
//
// Why retry at all: the API documents DB_TIMEOUT as "retry after a short delay", and a tax-engine
// timeout (Sovos 0202) or a dropped connection is usually gone a moment later. Retrying by hand
// would mean the user re-sends while unsure whether the first attempt went through.
//
// Whether an attempt may have been stored: an answer that no server logic produced (an HTML gateway
// page, an empty or cut-off body) or none at all after the request was written leaves it open, and
// then the document is looked up before anything is sent again (see storedRecovery.ts). DB_TIMEOUT
// and the tax-engine timeout are clear answers: the server says it did not process the request (the
// tax engine runs before anything is stored). A 409 of any shape means the document exists.
//
// Why some failures are never retried: 400s and other definite answers would fail identically, and
// TLS or "refusing to send a token over http" problems need the user, not time. Retries are few
// with exponential backoff and jitter, and a server's Retry-After is honoured (up to the maximum
// delay, so a progress notification never hangs for minutes), so an overloaded server is not hammered.
import type { Failure, HttpFailure, NetworkFailure, UnexpectedResponseFailure } from '../http/result';

/** What one attempt's failure means for the next step. */
export type Verdict =
  | { action: 'retry'; mayHaveBeenStored: boolean }
  | { action: 'conflict' }
  | { action: 'nonceOutOfOrder' }
  | { action: 'reject' }
  | { action: 'stop' };

type RetryOrStop = Extract<Verdict, { action: 'retry' | 'stop' }>;

/** A verdict with the failure it is about: a conflict or a rejection is always an HTTP answer. */
export type JudgedFailure =
  | { action: 'conflict' | 'reject'; failure: HttpFailure }
  | { action: 'retry'; mayHaveBeenStored: boolean; failure: Failure }
  | { action: 'nonceOutOfOrder' | 'stop'; failure: Failure };

export interface Backoff {
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); replaceable so tests are deterministic. */
  random: () => number;
}

function hasApiErrorCode(failure: HttpFailure, code: string): boolean {
  return failure.shape.kind === 'apiError' && failure.shape.error.code.toUpperCase() === code;
}

function isTaxEngineTimeout(failure: HttpFailure): boolean {
  return failure.shape.kind === 'sovosFormat1' && failure.shape.body.errors.some((error) => /^SMA[RP]-0*202$/i.test(error.subcode.trim()));
}

/** Whether the server's own logic produced this answer (as opposed to a gateway, or a cut-off reply). */
function isStructuredAnswer(failure: HttpFailure): boolean {
  return !failure.bodyTruncated && (failure.shape.kind === 'apiError' || failure.shape.kind === 'sovosFormat1');
}

/**
 * The status of a refused nonce is not documented; the answer names the nonce. The body is read as
 * text, since it may arrive cut off; a 400 is never stored, so sending it again is safe either way.
 */
function isNonceRefusal(failure: HttpFailure): boolean {
  return failure.status === 400 && /\bnonce\b/i.test(failure.body);
}

function judgeHttpAnswer(failure: HttpFailure): Verdict {
  if (hasApiErrorCode(failure, 'DB_TIMEOUT')) return { action: 'retry', mayHaveBeenStored: false };
  if (isTaxEngineTimeout(failure)) return { action: 'retry', mayHaveBeenStored: false };
  // Whatever its body (DUPLICATE_ENTRY, another code, Sovos, nothing): the document exists.
  if (failure.status === 409) return { action: 'conflict' };
  if (isNonceRefusal(failure)) return { action: 'nonceOutOfOrder' };
  // A 400 whose reason was lost on the way (a refused nonce, perhaps): refused, so nothing stored.
  if (failure.status === 400 && !isStructuredAnswer(failure)) return { action: 'retry', mayHaveBeenStored: false };
  if (failure.status === 429) return { action: 'retry', mayHaveBeenStored: false };
  if ((failure.status >= 500 || failure.status === 408) && !isStructuredAnswer(failure)) return { action: 'retry', mayHaveBeenStored: true };
  return { action: 'reject' };
}

/** No answer, or a 2xx whose body is unusable. */
function judgeLostAnswer(failure: NetworkFailure | UnexpectedResponseFailure): RetryOrStop {
  if (failure.kind === 'unexpected') {
    // A 2xx whose body is unusable: the server most likely stored the document.
    return { action: 'retry', mayHaveBeenStored: true };
  }
  if (['aborted', 'insecure', 'tls', 'settings'].includes(failure.reason)) return { action: 'stop' };
  return { action: 'retry', mayHaveBeenStored: failure.mayHaveReachedServer };
}

export function judgeFailure(failure: Failure): Verdict {
  return failure.kind === 'http' ? judgeHttpAnswer(failure) : judgeLostAnswer(failure);
}

/** A failure of the session check or of signing in: the document was not sent in that round. */
function judgeFailureBeforeWriting(failure: Failure): RetryOrStop {
  return judgeFailure(failure).action === 'stop' ? { action: 'stop' } : { action: 'retry', mayHaveBeenStored: false };
}

/** Judges a round's failure; `wrote` tells whether the document was written in that round. */
export function judgeAttempt(failure: Failure, wrote: boolean): JudgedFailure {
  if (!wrote) return { ...judgeFailureBeforeWriting(failure), failure };
  if (failure.kind === 'http') return { ...judgeHttpAnswer(failure), failure };
  return { ...judgeLostAnswer(failure), failure };
}

/** Exponential backoff with jitter before retry number `retry` (from 1); a server's Retry-After sets the minimum. */
export function retryDelay(retry: number, failure: Failure | undefined, backoff: Backoff): number {
  const exponential = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.round(exponential * (0.5 + backoff.random()));
  const retryAfter = failure?.kind === 'http' && failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
  return Math.min(backoff.maxDelayMs, Math.max(jittered, retryAfter));
}
