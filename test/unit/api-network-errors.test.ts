// The order of the network-error rules: when an error carries several signs, the most telling wins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyNetworkError, type NetworkErrorContext } from '../../src/core/http/networkErrors';

const direct: NetworkErrorContext = { server: 'gestix.pt:443', timeoutMs: 30_000, deadlineExpired: false, cancelled: false };
const proxied: NetworkErrorContext = { ...direct, proxy: 'http://proxy:3128' };

function withCodes(message: string, ...codes: string[]): Error {
  const [first, ...rest] = codes;
  const error = Object.assign(new Error(message), first === undefined ? {} : { code: first });
  return rest.length === 0 ? error : Object.assign(error, { cause: withCodes('cause', ...rest) });
}

describe('classifyNetworkError', () => {
  it('puts the caller cancelling before everything', () => {
    assert.deepEqual(classifyNetworkError(withCodes('x', 'ECONNREFUSED'), { ...direct, cancelled: true }), { reason: 'aborted', message: 'The request was cancelled.', mayHaveReachedServer: true });
  });

  it('puts a proxy answer before the socket error it caused', () => {
    const classified = classifyNetworkError(withCodes('Proxy response (502) !== 200 when HTTP Tunneling', 'ECONNRESET'), proxied);
    assert.equal(classified.reason, 'proxy');
    assert.match(classified.message, /answered HTTP 502/);
    assert.equal(classifyNetworkError(withCodes('Proxy response (502)', 'ECONNRESET'), direct).reason, 'reset', 'no proxy, no proxy answer');
  });

  it('reads codes from causes, and a refused connection before a certificate problem', () => {
    assert.equal(classifyNetworkError(withCodes('x', 'UND_ERR_SOCKET', 'ECONNREFUSED'), direct).reason, 'refused');
    assert.equal(classifyNetworkError(withCodes('x', 'CERT_HAS_EXPIRED', 'ECONNRESET'), direct).reason, 'tls');
  });

  it('tells a connect timeout from an unreachable network, and both from a slow answer', () => {
    assert.deepEqual(classifyNetworkError(withCodes('x', 'EHOSTUNREACH', 'ETIMEDOUT'), direct), { reason: 'timeout', message: 'Could not connect to gestix.pt:443 within 30 s.', mayHaveReachedServer: false });
    assert.deepEqual(classifyNetworkError(withCodes('x', 'ENETUNREACH'), proxied), {
      reason: 'refused',
      message: 'Could not reach the proxy http://proxy:3128: the network is unreachable.',
      mayHaveReachedServer: false,
    });
    const slow = classifyNetworkError(withCodes('x', 'ECONNRESET'), { ...direct, deadlineExpired: true, timeoutMs: 1_250 });
    assert.deepEqual(slow, { reason: 'timeout', message: 'No complete answer from gestix.pt:443 within 1.3 s. The request may still have been processed.', mayHaveReachedServer: true });
  });

  it('ends with the first code and the message of anything else', () => {
    assert.deepEqual(classifyNetworkError(withCodes('odd', 'EWHATEVER'), direct), { reason: 'other', message: 'The request to gestix.pt:443 failed (EWHATEVER): odd', mayHaveReachedServer: true });
    assert.equal(classifyNetworkError('plain', direct).message, 'The request to gestix.pt:443 failed: plain');
  });

  it('finds no certificate problem in a code named like an Object member', () => {
    assert.equal(classifyNetworkError(withCodes('x', 'constructor'), direct).reason, 'other');
  });
});
