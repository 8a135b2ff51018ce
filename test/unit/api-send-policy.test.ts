// Which failures of a write are retried, and which of them may have stored the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Failure, HttpFailure, NetworkReason } from '../../src/core/http/result';
import { judgeFailure } from '../../src/core/sending/retryPolicy';
import { documentIdentity } from '../../src/core/sending/send';
import { recogniseShape } from '../../src/core/decoding/shape';

function http(status: number, body: string, overrides: Partial<HttpFailure> = {}): HttpFailure {
  return {
    kind: 'http',
    method: 'POST',
    path: '/invoices',
    status,
    contentType: 'application/json',
    body,
    bodyTruncated: false,
    shape: recogniseShape(body),
    retryAfterSeconds: undefined,
    ...overrides,
  };
}

function network(reason: NetworkReason, mayHaveReachedServer: boolean): Failure {
  return { kind: 'network', method: 'POST', path: '/invoices', reason, message: 'm', mayHaveReachedServer };
}

const apiError = (code: string) => JSON.stringify({ code, message: 'x', timestamp: 't' });
const format1 = (subcode: string, status: number) => JSON.stringify({ status: String(status), errors: [{ subcode, message: 'x' }], message: 'x', success: false });

describe('judgeFailure', () => {
  it('retries answers the server gave deliberately, knowing nothing was stored', () => {
    assert.deepEqual(judgeFailure(http(503, apiError('DB_TIMEOUT'))), { action: 'retry', mayHaveBeenStored: false });
    assert.deepEqual(judgeFailure(http(408, format1('SMAR-0202', 408))), { action: 'retry', mayHaveBeenStored: false });
    assert.deepEqual(judgeFailure(http(408, format1('SMAP-0202', 408))), { action: 'retry', mayHaveBeenStored: false });
    assert.deepEqual(judgeFailure(http(429, '')), { action: 'retry', mayHaveBeenStored: false });
  });

  it('retries answers no server logic produced, assuming the document may be stored', () => {
    assert.deepEqual(judgeFailure(http(502, '<html>Bad Gateway</html>', { contentType: 'text/html' })), { action: 'retry', mayHaveBeenStored: true });
    assert.deepEqual(judgeFailure(http(504, '')), { action: 'retry', mayHaveBeenStored: true });
    assert.deepEqual(judgeFailure(http(500, '{"code":"X","mess', { bodyTruncated: true })), { action: 'retry', mayHaveBeenStored: true });
    assert.deepEqual(
      judgeFailure({ kind: 'unexpected', method: 'POST', path: '/invoices', status: 201, contentType: undefined, body: '', bodyTruncated: false, message: 'empty' }),
      { action: 'retry', mayHaveBeenStored: true },
    );
  });

  it('follows the network failure on whether the request may have arrived', () => {
    assert.deepEqual(judgeFailure(network('refused', false)), { action: 'retry', mayHaveBeenStored: false });
    assert.deepEqual(judgeFailure(network('reset', true)), { action: 'retry', mayHaveBeenStored: true });
    assert.deepEqual(judgeFailure(network('timeout', true)), { action: 'retry', mayHaveBeenStored: true });
  });

  it('stops on problems time cannot fix, and on cancellation', () => {
    for (const reason of ['aborted', 'insecure', 'tls', 'settings'] as const) {
      assert.deepEqual(judgeFailure(network(reason, false)), { action: 'stop' }, reason);
    }
  });

  it('never retries 400s or other definite answers', () => {
    assert.deepEqual(judgeFailure(http(400, apiError('INVALID_ARGUMENT'))), { action: 'reject' });
    assert.deepEqual(judgeFailure(http(400, format1('SMAR-1010', 400))), { action: 'reject' });
    assert.deepEqual(judgeFailure(http(404, '{"timestamp":"1","status":"404","error":"Not Found","message":"m","path":"/x"}')), { action: 'reject' });
    assert.deepEqual(judgeFailure(http(500, apiError('INTERNAL'))), { action: 'reject' });
  });

  it('recognises the duplicate answer, whatever its code', () => {
    assert.deepEqual(judgeFailure(http(409, apiError('DUPLICATE_ENTRY'))), { action: 'conflict' });
    assert.deepEqual(judgeFailure(http(409, apiError('SOMETHING_ELSE'))), { action: 'conflict' });
  });
});

describe('documentIdentity', () => {
  it('reads document_set and seq_number', () => {
    assert.deepEqual(documentIdentity('{"document_set":"FT","seq_number":"FT2025/1"}'), { documentSet: 'FT', seqNumber: 'FT2025/1' });
    assert.deepEqual(documentIdentity('{"document_set":"FT","seq_number":7}'), { documentSet: 'FT', seqNumber: '7' });
  });

  it('is undefined for anything else', () => {
    for (const text of ['', '[]', 'null', '{"document_set":"FT"}', '{"document_set":{},"seq_number":"1"}', '{oops']) {
      assert.equal(documentIdentity(text), undefined, text);
    }
  });
});
