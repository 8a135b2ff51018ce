// Sign-in, sessions, /status, routing and the control endpoint of the sandbox, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as wait } from 'node:timers/promises';
import { CONTROL_SECRET_HEADER, DEFAULT_MODES, startSandbox, type RunningSandbox } from '../../src/sandbox';
import { handleControl } from '../../src/sandbox/control';
import { SandboxState } from '../../src/sandbox/state';
import { assertApiError, SandboxCaller, validDocument } from './sandbox-support';

describe('sandbox: /helo', () => {
  let sandbox: RunningSandbox;
  let caller: SandboxCaller;
  before(async () => {
    sandbox = await startSandbox({ apiToken: 'test-api-token' });
    caller = new SandboxCaller(sandbox);
  });
  after(async () => {
    await caller.close();
    await sandbox.close();
  });

  it('binds 127.0.0.1 and builds the documented API base', () => {
    assert.match(sandbox.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sandbox.apiBase, `${sandbox.origin}/api/03101176/v4.0.0`);
    assert.equal(sandbox.account, '03101176');
    assert.equal(sandbox.apiToken, 'test-api-token');
    assert.equal(sandbox.username, 'demo');
  });

  it('answers 200 with an opaque session token of about 52 characters', async () => {
    const answer = await caller.call('GET', '/helo', { token: 'test-api-token' });
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    const token = answer.json()['xa-token'];
    assert.match(token, /^[A-Za-z0-9_-]{52}$/);
    assert.notEqual(await caller.helo(), token, 'every /helo issues a new token');
  });

  it('answers 400 INVALID_ARGUMENT without an Authorization header', async () => {
    assertApiError(await caller.call('GET', '/helo'), 400, 'INVALID_ARGUMENT', /API token/);
  });

  it('answers 400 for an Authorization header that is not Bearer', async () => {
    const answer = await caller.call('GET', '/helo', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assertApiError(answer, 400, 'INVALID_ARGUMENT');
  });

  it('answers 403 AUTH_FAILED for a wrong API token', async () => {
    assertApiError(await caller.call('GET', '/helo', { token: 'not-the-token' }), 403, 'AUTH_FAILED', /API token/);
  });

  it('accepts an optional nonce and counts it for the new session', async () => {
    const answer = await caller.call('GET', '/helo', { token: 'test-api-token', query: { nonce: 500 } });
    assert.equal(answer.status, 200);
    const token = answer.json()['xa-token'];
    const reused = await caller.call('GET', '/status', { token, query: { nonce: 500 } });
    assertApiError(reused, 400, 'INVALID_ARGUMENT', /500/);
    assert.equal((await caller.call('GET', '/status', { token, query: { nonce: 501 } })).status, 200);
    assertApiError(await caller.call('GET', '/helo', { token: 'test-api-token', query: { nonce: 'x' } }), 400, 'INVALID_ARGUMENT', /nonce/);
  });

  it('answers 405 Format 2 for POST /helo', async () => {
    const answer = await caller.call('POST', '/helo', { token: 'test-api-token' });
    assert.equal(answer.status, 405);
    assert.equal(answer.json().error, 'Method Not Allowed');
  });
});

describe('sandbox: /auth', () => {
  let sandbox: RunningSandbox;
  let caller: SandboxCaller;
  before(async () => {
    sandbox = await startSandbox({ username: 'maria', password: 's3cret' });
    caller = new SandboxCaller(sandbox);
  });
  after(async () => {
    await caller.close();
    await sandbox.close();
  });

  it('answers 200 (not 201) with a session token for the right credentials', async () => {
    const answer = await caller.call('POST', '/auth', { query: { username: 'maria', password: 's3cret' } });
    assert.equal(answer.status, 200);
    const token = answer.json()['xa-token'];
    assert.match(token, /^[A-Za-z0-9_-]{52}$/);
    const status = await caller.call('GET', '/status', { token });
    assert.equal(status.status, 200);
    assert.match(status.json().status, /login: maria/);
  });

  it('answers 403 AUTH_FAILED for a wrong password or username', async () => {
    assertApiError(await caller.call('POST', '/auth', { query: { username: 'maria', password: 'wrong' } }), 403, 'AUTH_FAILED');
    assertApiError(await caller.call('POST', '/auth', { query: { username: 'mario', password: 's3cret' } }), 403, 'AUTH_FAILED');
  });

  it('answers 400 when username or password is missing', async () => {
    assertApiError(await caller.call('POST', '/auth', { query: { username: 'maria' } }), 400, 'INVALID_ARGUMENT', /'password'/);
    assertApiError(await caller.call('POST', '/auth', { query: { password: 's3cret' } }), 400, 'INVALID_ARGUMENT', /'username'/);
    assertApiError(await caller.call('POST', '/auth'), 400, 'INVALID_ARGUMENT');
  });

  it('has a random password when none is given', async () => {
    const other = await startSandbox();
    try {
      assert.ok(other.password.length >= 12);
      assert.notEqual(other.password, sandbox.password);
      assert.ok(other.apiToken.length >= 32);
    } finally {
      await other.close();
    }
  });
});

describe('sandbox: session lifetime', () => {
  let sandbox: RunningSandbox;
  let caller: SandboxCaller;
  before(async () => {
    sandbox = await startSandbox({ sessionTtlSeconds: 1 });
    caller = new SandboxCaller(sandbox);
  });
  after(async () => {
    await caller.close();
    await sandbox.close();
  });

  it('rejects a session token with 403 once its TTL has passed, on every endpoint', async () => {
    const token = await caller.helo();
    assert.equal((await caller.call('GET', '/status', { token })).status, 200);
    await wait(1200);
    assertApiError(await caller.call('GET', '/status', { token }), 403, 'AUTH_FAILED', /expired/);
    assertApiError(await caller.post('invoices', token, validDocument()), 403, 'AUTH_FAILED', /expired/);
    assertApiError(await caller.call('GET', '/orders', { token }), 403, 'AUTH_FAILED', /expired/);
    const fresh = await caller.helo();
    assert.equal((await caller.call('GET', '/status', { token: fresh })).status, 200);
  });

  it('rejects unknown and missing session tokens with 403', async () => {
    assertApiError(await caller.call('GET', '/status', { token: 'made-up' }), 403, 'AUTH_FAILED', /not valid/);
    assertApiError(await caller.call('GET', '/status'), 403, 'AUTH_FAILED', /missing/);
    assertApiError(await caller.call('GET', '/invoices', { token: sandbox.apiToken }), 403, 'AUTH_FAILED');
  });

  it('expireSessions() invalidates every issued token', async () => {
    const first = await caller.helo();
    const second = await caller.helo();
    sandbox.control.expireSessions();
    assertApiError(await caller.call('GET', '/status', { token: first }), 403, 'AUTH_FAILED');
    assertApiError(await caller.call('GET', '/status', { token: second }), 403, 'AUTH_FAILED');
    assert.equal((await caller.call('GET', '/status', { token: await caller.helo() })).status, 200);
  });
});

describe('sandbox: /status', () => {
  let sandbox: RunningSandbox;
  let caller: SandboxCaller;
  before(async () => {
    sandbox = await startSandbox({ currentApiVersion: 'v4.0.1' });
    caller = new SandboxCaller(sandbox);
  });
  after(async () => {
    await caller.close();
    await sandbox.close();
  });

  it('returns the documented statusResponse shape', async () => {
    const token = await caller.helo();
    const answer = await caller.call('GET', '/status', { token });
    assert.equal(answer.status, 200);
    const body = answer.json();
    assert.deepEqual(Object.keys(body).sort(), ['errors', 'server_time', 'status', 'versions']);
    assert.equal(body.status, 'ready - login: demo, company: Sandbox Lda');
    assert.ok(Math.abs(Date.parse(body.server_time) - Date.now()) < 60_000, body.server_time);
    assert.deepEqual(body.errors, []);
  });

  it('reports the called version from the URL and the current one from the options (drift)', async () => {
    const token = await caller.helo();
    const answer = await caller.call('GET', '/status', { token });
    assert.deepEqual(answer.json().versions, { called_api_version: 'v4.0.0', current_api_version: 'v4.0.1' });
    const older = await caller.call('GET', `/api/${sandbox.account}/v3.9.2/status`, { token });
    assert.equal(older.status, 200);
    assert.deepEqual(older.json().versions, { called_api_version: 'v3.9.2', current_api_version: 'v4.0.1' });
  });

  it('lists the apiErrors of this session only, oldest first, at most 20', async () => {
    const token = await caller.helo();
    const other = await caller.helo();
    const bad = await caller.post('invoices', token, { ...validDocument(), currency: undefined });
    const sent = bad.json();
    const status = await caller.call('GET', '/status', { token });
    assert.deepEqual(status.json().errors, [sent]);
    assert.deepEqual((await caller.call('GET', '/status', { token: other })).json().errors, []);

    const requestIds: string[] = [sent.request_id];
    for (let index = 0; index < 24; index++) {
      const answer = await caller.post('invoices', token, '{not json');
      assert.equal(answer.status, 400);
      requestIds.push(answer.json().request_id);
    }
    const errors = (await caller.call('GET', '/status', { token })).json().errors;
    assert.equal(errors.length, 20);
    assert.deepEqual(
      errors.map((error: { request_id: string }) => error.request_id),
      requestIds.slice(-20),
    );
    assert.equal(new Set(requestIds).size, requestIds.length, 'request ids are unique');
  });

  it('keeps 409 DUPLICATE_ENTRY errors too', async () => {
    const token = await caller.helo();
    const document = validDocument();
    assert.equal((await caller.post('invoices', token, document)).status, 201);
    assert.equal((await caller.post('invoices', token, document)).status, 409);
    const errors = (await caller.call('GET', '/status', { token })).json().errors;
    assert.deepEqual(
      errors.map((error: { code: string }) => error.code),
      ['DUPLICATE_ENTRY'],
    );
  });
});

describe('sandbox: routing', () => {
  let sandbox: RunningSandbox;
  let caller: SandboxCaller;
  before(async () => {
    sandbox = await startSandbox({ account: 'ACME01', apiToken: 'tok' });
    caller = new SandboxCaller(sandbox);
  });
  after(async () => {
    await caller.close();
    await sandbox.close();
  });

  function assertFormat2(answer: { status: number; json(): any }, status: number, path: string): void {
    assert.equal(answer.status, status);
    const body = answer.json();
    assert.match(String(body.timestamp), /^\d{13}$/);
    assert.equal(body.status, String(status));
    assert.equal(typeof body.error, 'string');
    assert.equal(typeof body.message, 'string');
    assert.equal(body.path, path);
  }

  it('answers unknown routes with a Sovos Format 2 404', async () => {
    const token = await caller.helo();
    const answer = await caller.call('GET', '/nothing-here', { token });
    assertFormat2(answer, 404, '/api/ACME01/v4.0.0/nothing-here');
    assert.equal(answer.json().error, 'Not Found');
    assertFormat2(await caller.call('GET', '/', { fromOrigin: true }), 404, '/');
    assertFormat2(await caller.call('GET', '/api/ACME01/v4.0.0/'), 404, '/api/ACME01/v4.0.0/');
    assertFormat2(await caller.call('GET', '/api/ACME01/v4.0.0'), 404, '/api/ACME01/v4.0.0');
  });

  it('answers a wrong account with a Format 2 404 naming it, not a 403', async () => {
    const answer = await caller.call('GET', '/api/OTHER/v4.0.0/helo', { token: 'tok' });
    assertFormat2(answer, 404, '/api/OTHER/v4.0.0/helo');
    assert.match(answer.json().message, /OTHER/);
  });

  it('answers a malformed version with a Format 2 404', async () => {
    assertFormat2(await caller.call('GET', '/api/ACME01/v4/helo', { token: 'tok' }), 404, '/api/ACME01/v4/helo');
    assertFormat2(await caller.call('GET', '/api/ACME01/4.0.0/helo', { token: 'tok' }), 404, '/api/ACME01/4.0.0/helo');
  });

  it('accepts any well-formed version and a trailing slash', async () => {
    assert.equal((await caller.call('GET', '/api/ACME01/v5.1.12/helo', { token: 'tok' })).status, 200);
    assert.equal((await caller.call('GET', '/helo/', { token: 'tok' })).status, 200);
  });

  it('answers unsupported methods on document endpoints with 405 and Allow', async () => {
    const token = await caller.helo();
    const answer = await caller.call('DELETE', '/invoices', { token });
    assertFormat2(answer, 405, '/api/ACME01/v4.0.0/invoices');
    assert.equal(answer.headers.allow, 'GET, POST');
  });
});

describe('sandbox: control endpoint over HTTP', () => {
  let sandbox: RunningSandbox;
  let caller: SandboxCaller;
  before(async () => {
    sandbox = await startSandbox();
    caller = new SandboxCaller(sandbox);
  });
  after(async () => {
    await caller.close();
    await sandbox.close();
  });

  it('queues, lists and clears faults', async () => {
    const queued = await caller.call('POST', '/__sandbox/faults', { body: JSON.stringify({ fault: 'dbTimeout', count: 2, path: '/invoices', method: 'post' }) });
    assert.equal(queued.status, 201, queued.text);
    assert.deepEqual(queued.json().queued, { fault: 'dbTimeout', count: 2, path: '/invoices', method: 'POST' });
    assert.deepEqual((await caller.call('GET', '/__sandbox/faults')).json(), [{ fault: 'dbTimeout', count: 2, path: '/invoices', method: 'POST' }]);

    const token = await caller.helo();
    assert.equal((await caller.post('invoices', token, validDocument())).status, 503);
    assert.deepEqual((await caller.call('GET', '/__sandbox/faults')).json(), [{ fault: 'dbTimeout', count: 1, path: '/invoices', method: 'POST' }]);
    const cleared = await caller.call('DELETE', '/__sandbox/faults');
    assert.deepEqual(cleared.json(), { cleared: 1 });
    assert.equal((await caller.post('invoices', token, validDocument())).status, 201);
  });

  it('rejects invalid faults with 400 and a sentence', async () => {
    for (const body of ['{', '[]', '{"fault":"meteor"}', '{"fault":"delay"}', '{"fault":"dbTimeout","count":0}', '{"fault":"delay","delayMs":-1}']) {
      const answer = await caller.call('POST', '/__sandbox/faults', { body });
      assert.equal(answer.status, 400, body);
      assert.equal(typeof answer.json().error, 'string');
    }
    assert.deepEqual((await caller.call('GET', '/__sandbox/faults')).json(), []);
    assert.throws(() => sandbox.control.injectFault({ fault: 'meteor' as 'delay' }), TypeError);
  });

  it('lists stored documents, optionally by kind, and recorded requests', async () => {
    await caller.call('POST', '/__sandbox/reset');
    const token = await caller.helo();
    const invoice = validDocument('invoices');
    const nonce = caller.nonce();
    assert.equal((await caller.call('POST', '/invoices', { token, body: JSON.stringify(invoice), query: { nonce } })).status, 201);
    assert.equal((await caller.post('orders', token, validDocument('orders'))).status, 201);

    const all = (await caller.call('GET', '/__sandbox/documents')).json();
    assert.deepEqual(
      all.map((stored: { id: number; kind: string }) => [stored.id, stored.kind]),
      [
        [1001, 'invoices'],
        [1002, 'orders'],
      ],
    );
    const invoices = (await caller.call('GET', '/__sandbox/documents', { query: { kind: 'invoices' } })).json();
    assert.equal(invoices.length, 1);
    assert.equal(invoices[0].document.seq_number, invoice.seq_number);
    assert.equal(invoices[0].nonce, String(nonce));
    assert.equal(invoices[0].account, sandbox.account);
    assert.equal((await caller.call('GET', '/__sandbox/documents', { query: { kind: 'bananas' } })).status, 400);
    assert.deepEqual(sandbox.control.documents('orders').map((stored) => stored.id), [1002]);

    const requests = (await caller.call('GET', '/__sandbox/requests')).json();
    assert.deepEqual(
      requests.map((entry: { method: string; path: string; status: number }) => [entry.method, entry.path, entry.status]),
      [
        ['GET', '/helo', 200],
        ['POST', '/invoices', 201],
        ['POST', '/orders', 201],
      ],
    );
    assert.equal(requests[1].nonce, String(nonce));
    assert.ok(requests.every((entry: { time: string }) => !Number.isNaN(Date.parse(entry.time))));
  });

  it('never records query strings, so /auth passwords stay out of the log', async () => {
    await caller.call('POST', '/auth', { query: { username: sandbox.username, password: sandbox.password } });
    const recorded = JSON.stringify(sandbox.control.requests());
    assert.ok(!recorded.includes(sandbox.password));
    assert.ok(sandbox.control.requests().some((entry) => entry.path === '/auth' && entry.status === 200));
  });

  it('expires sessions and resets state', async () => {
    const token = await caller.helo();
    assert.deepEqual((await caller.call('POST', '/__sandbox/expire-sessions')).json(), { expired: true });
    assert.equal((await caller.call('GET', '/status', { token })).status, 403);

    const fresh = await caller.helo();
    assert.equal((await caller.post('receipts', fresh, validDocument('receipts'))).status, 201);
    sandbox.control.injectFault({ fault: 'html502' });
    assert.deepEqual((await caller.call('POST', '/__sandbox/reset')).json(), { reset: true });
    assert.deepEqual(sandbox.control.documents(), []);
    assert.deepEqual(sandbox.control.requests(), []);
    assert.deepEqual(sandbox.control.faults(), []);
    assert.equal((await caller.call('GET', '/status', { token: fresh })).status, 403, 'sessions are forgotten');
    const again = await caller.helo();
    const created = await caller.post('receipts', again, validDocument('receipts'));
    assert.equal(created.json().id, 1001, 'ids start again at 1001');
  });

  it('refuses clients that are not on this machine', () => {
    const state = new SandboxState({
      account: 'A', apiToken: 't', username: 'u', password: 'p', currentApiVersion: 'v4.0.0', sessionTtlSeconds: 60, controlSecret: 's', maxStoredDocuments: 10,
    }, DEFAULT_MODES);
    state.origin = 'http://127.0.0.1:1234';
    const headers = { host: '127.0.0.1:1234', [CONTROL_SECRET_HEADER]: 's' };
    const ask = (remoteAddress: string) =>
      handleControl(state, { method: 'POST', path: '/reset', query: new URLSearchParams(), headers, body: Buffer.alloc(0), remoteAddress });
    assert.equal(ask('192.168.1.20').status, 403);
    assert.equal(ask('::ffff:10.0.0.1').status, 403);
    assert.equal(ask('127.0.0.1').status, 200);
    assert.equal(ask('::1').status, 200);
  });

  it('answers unknown control paths and wrong methods with JSON errors', async () => {
    assert.equal((await caller.call('GET', '/__sandbox/nope')).status, 404);
    assert.equal((await caller.call('GET', '/__sandbox/reset')).status, 405);
    assert.equal((await caller.call('POST', '/__sandbox/documents')).status, 405);
  });
});
