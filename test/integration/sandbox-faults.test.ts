// Every fault the sandbox can inject, seen from a client over real HTTP.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { assertApiError, assertFormat1, SandboxCaller, validDocument } from './sandbox-support';

let sandbox: RunningSandbox;
let caller: SandboxCaller;
let token: string;

before(async () => {
  sandbox = await startSandbox();
  caller = new SandboxCaller(sandbox);
});
beforeEach(async () => {
  sandbox.control.reset();
  token = await caller.helo();
});
after(async () => {
  await caller.close();
  await sandbox.close();
});

async function socketError(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof Error, 'the request should fail at the socket');
  assert.match(`${(error as NodeJS.ErrnoException).code} ${error.message}`, /UND_ERR_SOCKET|ECONNRESET|other side closed|socket/i);
  return error;
}

describe('sandbox faults', () => {
  it('delay: answers normally, after requests that came later', async () => {
    sandbox.control.injectFault({ fault: 'delay', delayMs: 300, path: '/invoices' });
    const order: string[] = [];
    const delayed = caller.post('invoices', token, validDocument()).then((answer) => {
      order.push('delayed');
      return answer;
    });
    const quick = caller.call('GET', '/status', { token }).then((answer) => {
      order.push('quick');
      return answer;
    });
    const [slow, fast] = await Promise.all([delayed, quick]);
    assert.equal(slow.status, 201);
    assert.equal(fast.status, 200);
    assert.deepEqual(order, ['quick', 'delayed']);
    assert.equal(sandbox.control.documents('invoices').length, 1);
  });

  it('dropBeforeStore: the client sees a socket error and nothing is stored', async () => {
    sandbox.control.injectFault({ fault: 'dropBeforeStore', method: 'POST', path: '/invoices' });
    const nonce = caller.nonce();
    const document = validDocument();
    await socketError(caller.call('POST', '/invoices', { token, body: JSON.stringify(document), query: { nonce } }));
    assert.deepEqual(sandbox.control.documents(), []);
    const recorded = sandbox.control.requests().at(-1);
    assert.deepEqual([recorded?.path, recorded?.status, recorded?.fault], ['/invoices', undefined, 'dropBeforeStore']);
    // Nothing was processed, so even the same nonce is still unused.
    assert.equal((await caller.call('POST', '/invoices', { token, body: JSON.stringify(document), query: { nonce } })).status, 201);
  });

  it('dropAfterStore: the client sees a socket error but exactly one document is stored', async () => {
    sandbox.control.injectFault({ fault: 'dropAfterStore', path: '/invoices' });
    const nonce = caller.nonce();
    const document = validDocument();
    const body = JSON.stringify(document);
    await socketError(caller.call('POST', '/invoices', { token, body, query: { nonce } }));
    assert.equal(sandbox.control.documents('invoices').length, 1);
    assert.equal(sandbox.control.documents('invoices')[0]?.document.seq_number, document.seq_number);
    // The nonce was consumed, and a blind retry is a duplicate.
    assertApiError(await caller.call('POST', '/invoices', { token, body, query: { nonce } }), 400, 'INVALID_ARGUMENT', /not greater/);
    assertApiError(await caller.post('invoices', token, document), 409, 'DUPLICATE_ENTRY');
    assert.equal(sandbox.control.documents('invoices').length, 1);
  });

  it('dbTimeout: 503 apiError DB_TIMEOUT with Retry-After: 1, nothing stored, listed in /status', async () => {
    sandbox.control.injectFault({ fault: 'dbTimeout' });
    const answer = await caller.post('orders', token, validDocument('orders'));
    assertApiError(answer, 503, 'DB_TIMEOUT');
    assert.equal(answer.headers['retry-after'], '1');
    assert.deepEqual(sandbox.control.documents(), []);
    const errors = (await caller.call('GET', '/status', { token })).json().errors;
    assert.deepEqual(errors, [answer.json()]);
  });

  it('taxTimeout: 408 Format 1 with SMAR-0202 for sales and SMAP-0202 for purchases', async () => {
    sandbox.control.injectFault({ fault: 'taxTimeout', count: 3 });
    assertFormat1(await caller.post('invoices', token, validDocument('invoices')), 408, 'SMAR-0202');
    assertFormat1(await caller.post('purchases', token, validDocument('purchases')), 408, 'SMAP-0202');
    assertFormat1(await caller.post('purchase_orders', token, validDocument('purchase_orders')), 408, 'SMAP-0202');
    assert.deepEqual(sandbox.control.documents(), []);
    assert.equal((await caller.post('purchases', token, validDocument('purchases'))).status, 201, 'count is honoured');
  });

  it('html502: a 502 text/html page', async () => {
    sandbox.control.injectFault({ fault: 'html502', path: '/status' });
    const answer = await caller.call('GET', '/status', { token });
    assert.equal(answer.status, 502);
    assert.match(String(answer.headers['content-type']), /^text\/html/);
    assert.match(answer.text, /<html>[\s\S]*502 Bad Gateway/);
  });

  it('emptyBody: normal processing, empty body', async () => {
    sandbox.control.injectFault({ fault: 'emptyBody', method: 'POST' });
    const answer = await caller.post('receipts', token, validDocument('receipts'));
    assert.equal(answer.status, 201);
    assert.equal(answer.bytes.length, 0);
    assert.equal(sandbox.control.documents('receipts').length, 1);
  });

  it('truncatedJson: normal processing, the JSON cut in half', async () => {
    sandbox.control.injectFault({ fault: 'truncatedJson', path: '/transfer_orders' });
    const answer = await caller.post('transfer_orders', token, validDocument('transfer_orders'));
    assert.equal(answer.status, 201);
    assert.ok(answer.text.startsWith('{"id":1001'), answer.text);
    assert.throws(() => JSON.parse(answer.text), SyntaxError);
    assert.equal(sandbox.control.documents('transfer_orders').length, 1);
  });

  it('expireSession: the request gets a 403 and its token stays invalid; other sessions live on', async () => {
    const other = await caller.helo();
    sandbox.control.injectFault({ fault: 'expireSession', path: '/status' });
    assertApiError(await caller.call('GET', '/status', { token }), 403, 'AUTH_FAILED', /expired/);
    assertApiError(await caller.post('invoices', token, validDocument()), 403, 'AUTH_FAILED');
    assert.equal((await caller.call('GET', '/status', { token: other })).status, 200);
  });

  it('applies to the next N matching requests only, by method and path prefix', async () => {
    sandbox.control.injectFault({ fault: 'html502', count: 2, method: 'GET', path: '/inv' });
    assert.equal((await caller.post('invoices', token, validDocument())).status, 201, 'method does not match');
    assert.equal((await caller.call('GET', '/status', { token })).status, 200, 'path does not match');
    assert.equal((await caller.call('GET', '/invoices', { token })).status, 502);
    assert.equal((await caller.call('GET', '/invoices', { token })).status, 502);
    assert.equal((await caller.call('GET', '/invoices', { token })).status, 200);
    assert.deepEqual(sandbox.control.faults(), []);
  });

  it('takes the oldest matching fault first, one per request', async () => {
    sandbox.control.injectFault({ fault: 'dbTimeout' });
    sandbox.control.injectFault({ fault: 'html502' });
    assert.equal((await caller.call('GET', '/status', { token })).status, 503);
    assert.equal((await caller.call('GET', '/status', { token })).status, 502);
    assert.equal((await caller.call('GET', '/status', { token })).status, 200);
  });

  it('clearFaults() forgets queued faults', async () => {
    sandbox.control.injectFault({ fault: 'dbTimeout', count: 5 });
    sandbox.control.clearFaults();
    assert.equal((await caller.call('GET', '/status', { token })).status, 200);
  });

  it('faults injected over HTTP behave the same', async () => {
    const queued = await caller.call('POST', '/__sandbox/faults', { body: JSON.stringify({ fault: 'dropAfterStore', path: '/orders' }) });
    assert.equal(queued.status, 201);
    await socketError(caller.post('orders', token, validDocument('orders')));
    assert.equal(sandbox.control.documents('orders').length, 1);
  });

  it('close() does not wait for a pending delay', async () => {
    const local = await startSandbox();
    const localCaller = new SandboxCaller(local);
    const session = await localCaller.helo();
    local.control.injectFault({ fault: 'delay', delayMs: 600_000 });
    const pending = localCaller.call('GET', '/status', { token: session }).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the request has arrived and taken the fault.
    while (local.control.faults().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await local.close();
    assert.equal(await pending, 'failed');
    await localCaller.close();
  });
});
