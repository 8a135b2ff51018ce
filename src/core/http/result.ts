// Every call of the client resolves to a Result: callers never see an untyped exception.
import type { ResponseShape } from '../decoding/shape';

export type NetworkReason =
  | 'refused' // nothing listens on the port
  | 'dns' // the host name does not resolve
  | 'tls' // certificate or handshake problem
  | 'timeout' // no complete answer within the configured time
  | 'reset' // the connection dropped mid-way
  | 'aborted' // the user cancelled
  | 'insecure' // refused locally: a token would travel over plain http to a non-loopback host
  | 'proxy' // the proxy refused or failed
  | 'settings' // refused locally: the connection settings are unusable (server URL, account, proxy URL)
  | 'other';

interface RequestInfo {
  method: string;
  /** Path relative to the API base, without query string (never contains credentials). */
  path: string;
}

/** What every answer that arrived carries. */
interface AnsweredRequest extends RequestInfo {
  status: number;
  contentType: string | undefined;
  /** Raw body as text, capped; `bodyTruncated` says whether the cap was hit. */
  body: string;
  bodyTruncated: boolean;
}

export interface HttpFailure extends AnsweredRequest {
  kind: 'http';
  shape: ResponseShape;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  retryAfterSeconds: number | undefined;
}

export interface NetworkFailure extends RequestInfo {
  kind: 'network';
  reason: NetworkReason;
  /** A sentence a person understands, without secrets. */
  message: string;
  /**
   * False only when the request certainly never reached the server (refused, DNS, TLS, insecure,
   * aborted before sending). When true, a write may have been stored.
   */
  mayHaveReachedServer: boolean;
}

/** A 2xx answer whose body is not what the API documents (e.g. HTML from a proxy, truncated JSON). */
export interface UnexpectedResponseFailure extends AnsweredRequest {
  kind: 'unexpected';
  message: string;
}

export type Failure = HttpFailure | NetworkFailure | UnexpectedResponseFailure;

export type Result<T> = { ok: true; value: T; status: number } | { ok: false; failure: Failure };

export function succeeded<T>(value: T, status: number): Result<T> {
  return { ok: true, value, status };
}

export function failed<T>(failure: Failure): Result<T> {
  return { ok: false, failure };
}
