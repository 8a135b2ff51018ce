// A 409 says the document exists whatever its body: any code, a Sovos body, nothing, or cut off on
// the way. After an uncertain attempt it means "look it up", never "failed".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpFailure } from '../../src/core/http/result';
import { judgeFailure } from '../../src/core/sending/retryPolicy';
import { recogniseShape } from '../../src/core/decoding/shape';

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

describe('judgeFailure: a 409 of any shape', () => {
  it('an empty or cut-off 409 is a conflict', () => {
    assert.deepEqual(judgeFailure(conflict('')), { action: 'conflict' });
    assert.deepEqual(judgeFailure(conflict('{"code":"DUPLICATE_EN', true)), { action: 'conflict' });
    assert.deepEqual(judgeFailure(conflict('{"code":"DUPLICATE_EN')), { action: 'conflict' });
  });

  it('a 409 with another apiError code, or a Sovos body, is a conflict too', () => {
    const apiError = JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'conflicting state', timestamp: '2025-01-10T00:00:00Z' });
    assert.deepEqual(judgeFailure(conflict(apiError)), { action: 'conflict' });
    const sovos = JSON.stringify({ timestamp: '1700000000000', status: '409', error: 'Conflict', message: 'Duplicate entry', path: '/api/1/v4.0.0/invoices' });
    assert.deepEqual(judgeFailure(conflict(sovos)), { action: 'conflict' });
  });

  it('a 400 that names the nonce is a nonce refused as out of order, not a rejected document', () => {
    const refused = JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'Nonce 17 is not greater than the last nonce of this session (18)', timestamp: '2025-01-10T00:00:00Z' });
    assert.deepEqual(judgeFailure({ ...conflict(refused), status: 400 }), { action: 'nonceOutOfOrder' });
  });
});
