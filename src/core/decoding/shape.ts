// Recognises which of the known shapes an error response body has. Tolerant by design: the body is
// untrusted, so anything unexpected becomes `otherJson` or `notJson`, never an exception.
import { capped } from '../text/sanitize';
import type { ApiErrorBody, SovosFormat1, SovosFormat2, SovosSubError } from '../wire';
import { jsonNesting } from './jsonDepth';

export type ResponseShape =
  | { kind: 'apiError'; error: ApiErrorBody }
  | { kind: 'sovosFormat1'; body: SovosFormat1 }
  | { kind: 'sovosFormat2'; body: SovosFormat2 }
  | { kind: 'otherJson'; value: unknown }
  | { kind: 'notJson'; text: string }
  | { kind: 'empty' };

export type ResponseShapeKind = ResponseShape['kind'];

type JsonObject = Record<string, unknown>;

/**
 * Codes, subcodes, statuses and timestamps are short words; request ids a little longer. A body may
 * say anything, so these are capped where the body is read, before anything looks them up or shows
 * them. Messages and paths are capped where they are shown (see decode.ts).
 */
export const CODE_LIMIT = 100;
export const REQUEST_ID_LIMIT = 200;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, limit = Infinity): string | undefined {
  if (typeof value === 'string') return capped(value, limit);
  if (typeof value === 'number' && Number.isFinite(value)) return capped(String(value), limit);
  return undefined;
}

function asApiError(value: JsonObject): ApiErrorBody | undefined {
  const code = text(value.code, CODE_LIMIT);
  const message = text(value.message);
  if (code === undefined || message === undefined || Object.hasOwn(value, 'errors')) return undefined;
  const error: ApiErrorBody = { code, message, timestamp: text(value.timestamp, CODE_LIMIT) ?? '' };
  const path = text(value.path);
  const requestId = text(value.request_id, REQUEST_ID_LIMIT);
  if (path !== undefined) error.path = path;
  if (requestId !== undefined) error.request_id = requestId;
  return error;
}

/** One entry of `/status`'s `errors` list, read like an apiError body. */
export function apiErrorFrom(value: unknown): ApiErrorBody | undefined {
  return isObject(value) ? asApiError(value) : undefined;
}

function asFormat1(value: JsonObject): SovosFormat1 | undefined {
  if (!Array.isArray(value.errors)) return undefined;
  const errors: SovosSubError[] = [];
  for (const entry of value.errors) {
    if (!isObject(entry)) continue;
    const subcode = text(entry.subcode, CODE_LIMIT);
    if (subcode === undefined) continue;
    errors.push({ subcode, message: text(entry.message) ?? '' });
  }
  if (errors.length === 0 && value.success !== false) return undefined;
  return {
    status: text(value.status, CODE_LIMIT) ?? '',
    errors,
    message: text(value.message) ?? '',
    success: false,
  };
}

function asFormat2(value: JsonObject): SovosFormat2 | undefined {
  const error = text(value.error, CODE_LIMIT);
  const status = text(value.status, CODE_LIMIT);
  if (error === undefined || status === undefined) return undefined;
  return {
    timestamp: text(value.timestamp, CODE_LIMIT) ?? '',
    status,
    error,
    message: text(value.message) ?? '',
    path: text(value.path) ?? '',
  };
}

/** Sovos publishes Format 2 without the comma before `"path"`; accept that exact slip. */
function repairMissingComma(body: string): string {
  return body.replace(/"\s*"path"\s*:/, '", "path":');
}

/** Far deeper than any error body; JSON.parse spends about 60 ms per megabyte of `[[[[…` nesting. */
const MAX_BODY_DEPTH = 100;

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    try {
      return { ok: true, value: JSON.parse(repairMissingComma(body)) };
    } catch {
      return { ok: false };
    }
  }
}

export function recogniseShape(body: string): ResponseShape {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { kind: 'empty' };
  const nesting = jsonNesting(trimmed, MAX_BODY_DEPTH);
  // Not an error object anyone writes, whether it parses or not; parsing it would only cost time.
  if (nesting.tooDeepAt !== -1) return nesting.balanced ? { kind: 'otherJson', value: undefined } : { kind: 'notJson', text: body };
  const parsed = parseJson(trimmed);
  if (!parsed.ok) return { kind: 'notJson', text: body };
  const value = parsed.value;
  if (isObject(value)) {
    const format1 = asFormat1(value);
    if (format1) return { kind: 'sovosFormat1', body: format1 };
    const apiError = asApiError(value);
    if (apiError) return { kind: 'apiError', error: apiError };
    const format2 = asFormat2(value);
    if (format2) return { kind: 'sovosFormat2', body: format2 };
  }
  return { kind: 'otherJson', value };
}
