// A 409 is the server's duplicate answer even when its body was lost or cut on the way: after an
// uncertain attempt it proves that attempt stored the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpFailure } from '../../src/api/result';
import { judgeFailure } from '../../src/api/send';
import { recogniseShape } from '../../src/codes/shape';

function conflict(body: string, bodyTruncated = false): HttpFailure {
  return {
    kind: 'http',
    method: 'POST',
    path: '/invoices',
    status: 409,
    contentType: 'application/json',
    body,
    bodyTruncated,
    shape: recogniseShape(body),
    retryAfterSeconds: undefined,
  };
}

describe('judgeFailure: 409 whose body did not arrive intact', () => {
  it('an empty or cut-off 409 is still a duplicate', () => {
    assert.deepEqual(judgeFailure(conflict('')), { action: 'duplicate' });
    assert.deepEqual(judgeFailure(conflict('{"code":"DUPLICATE_EN', true)), { action: 'duplicate' });
    assert.deepEqual(judgeFailure(conflict('{"code":"DUPLICATE_EN')), { action: 'duplicate' });
  });

  it('a well-formed 409 with another code is a definite answer, not a duplicate', () => {
    const body = JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'conflicting state', timestamp: '2025-01-10T00:00:00Z' });
    assert.deepEqual(judgeFailure(conflict(body)), { action: 'reject' });
  });
});
