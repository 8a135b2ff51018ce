// The retry policy as the sender uses it: a round's failure judged with whether it was written, and
// the wait before the next round.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Failure, HttpFailure } from '../../src/core/http/result';
import { recogniseShape } from '../../src/core/decoding/shape';
import { judgeAttempt, retryDelay, type Backoff } from '../../src/core/sending/retryPolicy';

function http(status: number, body = '', retryAfterSeconds?: number): HttpFailure {
  return { kind: 'http', method: 'POST', path: '/invoices', status, contentType: 'application/json', body, bodyTruncated: false, shape: recogniseShape(body), retryAfterSeconds };
}

const reset: Failure = { kind: 'network', method: 'POST', path: '/invoices', reason: 'reset', message: 'm', mayHaveReachedServer: true };
const tls: Failure = { kind: 'network', method: 'GET', path: '/status', reason: 'tls', message: 'm', mayHaveReachedServer: false };
const unexpected: Failure = { kind: 'unexpected', method: 'POST', path: '/invoices', status: 201, contentType: undefined, body: '', bodyTruncated: false, message: 'empty' };

describe('judgeAttempt', () => {
  it('carries the failure it judged, typed as an HTTP answer for a conflict or a rejection', () => {
    const conflict = http(409);
    const judged = judgeAttempt(conflict, true);
    assert.equal(judged.action, 'conflict');
    assert.equal(judged.failure, conflict);
    if (judged.action === 'conflict') assert.equal(judged.failure.status, 409);
    const refused = http(400, JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'x', timestamp: 't' }));
    assert.deepEqual(judgeAttempt(refused, true), { action: 'reject', failure: refused });
  });

  it('judges a written attempt like judgeFailure', () => {
    assert.deepEqual(judgeAttempt(reset, true), { action: 'retry', mayHaveBeenStored: true, failure: reset });
    assert.deepEqual(judgeAttempt(unexpected, true), { action: 'retry', mayHaveBeenStored: true, failure: unexpected });
    assert.deepEqual(judgeAttempt(tls, true), { action: 'stop', failure: tls });
    const outOfOrder = http(400, 'nonce out of order');
    assert.deepEqual(judgeAttempt(outOfOrder, true), { action: 'nonceOutOfOrder', failure: outOfOrder });
  });

  it('never finds a document stored when nothing was written in the round', () => {
    for (const failure of [reset, unexpected, http(409), http(502, '<html>Bad Gateway</html>'), http(400, 'nonce')]) {
      assert.deepEqual(judgeAttempt(failure, false), { action: 'retry', mayHaveBeenStored: false, failure }, failure.kind);
    }
    assert.deepEqual(judgeAttempt(tls, false), { action: 'stop', failure: tls });
  });
});

describe('retryDelay', () => {
  const backoff = (random: number): Backoff => ({ baseDelayMs: 500, maxDelayMs: 30_000, random: () => random });

  it('doubles from the base delay, with jitter between half and one and a half times', () => {
    assert.equal(retryDelay(1, undefined, backoff(0.5)), 500);
    assert.equal(retryDelay(2, undefined, backoff(0.5)), 1_000);
    assert.equal(retryDelay(3, undefined, backoff(0)), 1_000);
    assert.equal(retryDelay(3, undefined, backoff(0.999)), 2_998);
  });

  it('waits at least as long as Retry-After, and never longer than the maximum', () => {
    assert.equal(retryDelay(1, http(429, '', 4), backoff(0.5)), 4_000);
    assert.equal(retryDelay(1, http(429, '', 600), backoff(0.5)), 30_000);
    assert.equal(retryDelay(20, undefined, backoff(0.999)), 30_000);
    assert.equal(retryDelay(1, reset, backoff(0.5)), 500, 'only an HTTP answer carries Retry-After');
  });
});
