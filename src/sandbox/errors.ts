// Builders for the three error bodies the sandbox answers with: Gestix apiError, Sovos Simple
// Connect Format 1 (the tax engine) and Format 2 (framework-style, e.g. unknown routes).
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { ApiErrorBody, SovosFormat1, SovosFormat2, SovosSubError } from '../core/wire';

export type ApiErrorCode = 'INVALID_ARGUMENT' | 'AUTH_FAILED' | 'DB_TIMEOUT' | 'DUPLICATE_ENTRY';

function newRequestId(): string {
  return `req-${randomBytes(8).toString('hex')}`;
}

export function apiError(code: ApiErrorCode, message: string, path: string): ApiErrorBody {
  return { code, message, timestamp: new Date().toISOString(), path, request_id: newRequestId() };
}

export function sovosFormat1(status: number, message: string, errors: SovosSubError[]): SovosFormat1 {
  return { status: String(status), errors, message, success: false };
}

export function sovosFormat2(status: number, message: string, path: string): SovosFormat2 {
  return {
    timestamp: String(Date.now()),
    status: String(status),
    error: STATUS_CODES[status] ?? 'Error',
    message,
    path,
  };
}
