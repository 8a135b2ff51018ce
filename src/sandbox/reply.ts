// Handlers compute a Reply value instead of writing to the response, so that faults can alter or
// withhold an answer after the server has done its normal work.
import type { ApiErrorBody } from '../core/wire';

export interface Reply {
  status: number;
  /** Empty for an answer without a body type. */
  contentType: string;
  body: Buffer;
  headers?: Record<string, string>;
  /** Set when the body is a Gestix apiError, so it can be remembered for the session's /status. */
  apiError?: ApiErrorBody;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  const reply: Reply = { status, contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(value), 'utf8') };
  if (headers) reply.headers = headers;
  return reply;
}

export function apiErrorReply(status: number, error: ApiErrorBody, headers?: Record<string, string>): Reply {
  return { ...jsonReply(status, error, headers), apiError: error };
}

export function rawReply(status: number, contentType: string, body: Buffer | string): Reply {
  return { status, contentType, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}
