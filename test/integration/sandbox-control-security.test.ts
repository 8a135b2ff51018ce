// The control endpoint's guards over real HTTP: the per-start secret, the Host the sandbox listens
// on, JSON-only bodies, and the bounds of everything a client can make the sandbox keep.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import {
  CONTROL_SECRET_HEADER,
  MAX_CONTROL_BODY_BYTES,
  MAX_QUEUED_FAULTS,
  MAX_SESSIONS,
  RECORDED_REQUESTS_KEPT,
  startSandbox,
  type RunningSandbox,
} from '../../src/sandbox';
import { SessionStore } from '../../src/sandbox/sessions';
import { SandboxState } from '../../src/sandbox/state';
import { DEFAULT_MODES } from '../../src/sandbox/modes';
import { SandboxCaller, validDocument } from './sandbox-support';

let sandbox: RunningSandbox;
let caller: SandboxCaller;

before(async () => {
  sandbox = await startSandbox();
  caller = new SandboxCaller(sandbox);
});
beforeEach(() => sandbox.control.reset());
after(async () => {
  await caller.close();
  await sandbox.close();
});

/** A control request with exactly the headers given (undici adds Host from the URL unless one is given). */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; error: string }> {
  const response = await request(`${sandbox.controlUrl}${path}`, { method: method as 'GET', headers, body: body ?? null, dispatcher: caller.agent });
  const text = await response.body.text();
  return { status: response.statusCode, error: text ? JSON.parse(text).error : '' };
}

const fault = JSON.stringify({ fault: 'dbTimeout', path: '/invoices' });

describe('sandbox control endpoint: the secret', () => {
  it('is made at each start: 24 random bytes, different for every sandbox', async () => {
    const other = await startSandbox();
    try {
      assert.match(sandbox.controlSecret, /^[A-Za-z0-9_-]{32}$/);
      assert.notEqual(other.controlSecret, sandbox.controlSecret);
    } finally {
      await other.close();
    }
  });

  it('a request without it gets 401 and changes nothing', async () => {
    const answer = await raw('POST', '/faults', { 'content-type': 'application/json' }, fault);
    assert.equal(answer.status, 401);
    assert.match(answer.error, /x-sandbox-secret/);
    assert.equal((await raw('GET', '/documents', {})).status, 401, 'reads too: stored documents are not for any page to see');
    assert.equal((await raw('POST', '/reset', { [CONTROL_SECRET_HEADER]: '' })).status, 401);
    assert.deepEqual(sandbox.control.faults(), []);
  });

  it('a wrong secret, or the secret of another sandbox, gets 403 and changes nothing', async () => {
    const other = await startSandbox();
    try {
      for (const secret of ['guess', other.controlSecret, `${sandbox.controlSecret}x`, sandbox.controlSecret.slice(1)]) {
        const answer = await raw('POST', '/faults', { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: secret }, fault);
        assert.equal(answer.status, 403, secret);
        assert.match(answer.error, /does not hold this sandbox's control secret/);
      }
    } finally {
      await other.close();
    }
    assert.deepEqual(sandbox.control.faults(), []);
    assert.equal((await raw('POST', '/faults', { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: sandbox.controlSecret }, fault)).status, 201);
  });

  it('the API itself needs no control secret', async () => {
    assert.equal((await caller.call('GET', '/helo', { token: sandbox.apiToken })).status, 200);
  });
});

describe('sandbox control endpoint: the Host header', () => {
  it('must name the address and port the sandbox listens on, so a rebound DNS name cannot reach it', async () => {
    const { port } = new URL(sandbox.origin);
    const secret = { [CONTROL_SECRET_HEADER]: sandbox.controlSecret };
    for (const host of ['attacker.example', `attacker.example:${port}`, `localhost:${port}`, `127.0.0.1:${Number(port) + 1}`, '127.0.0.1', `[::1]:${port}`]) {
      const answer = await raw('GET', '/documents', { ...secret, host });
      assert.equal(answer.status, 403, host);
      assert.match(answer.error, new RegExp(`only answers requests addressed to 127\\.0\\.0\\.1:${port}`));
    }
    assert.equal((await raw('GET', '/documents', { ...secret, host: `127.0.0.1:${port}` })).status, 200);
  });
});

describe('sandbox control endpoint: bodies', () => {
  const secret = () => ({ [CONTROL_SECRET_HEADER]: sandbox.controlSecret });

  it('a body must be application/json: anything a page can send without asking first gets 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const answer = await raw('POST', '/faults', { ...secret(), 'content-type': type }, fault);
      assert.equal(answer.status, 415, type);
      assert.match(answer.error, /Content-Type: application\/json/);
    }
    assert.equal((await raw('POST', '/faults', secret(), fault)).status, 415, 'a body without a type');
    assert.equal((await raw('PUT', '/modes', { ...secret(), 'content-type': 'text/plain' }, '{"numbering":"server"}')).status, 415);
    assert.deepEqual(sandbox.control.faults(), []);
    assert.deepEqual(sandbox.control.modes(), DEFAULT_MODES);
    assert.equal((await raw('POST', '/faults', { ...secret(), 'content-type': 'Application/JSON; charset=utf-8' }, fault)).status, 201);
    assert.equal((await raw('POST', '/reset', secret())).status, 200, 'a request without a body needs no type');
  });

  it(`a body over ${MAX_CONTROL_BODY_BYTES / 1024} KB gets 413`, async () => {
    const big = JSON.stringify({ fault: 'dbTimeout', path: '/invoices', padding: 'x'.repeat(MAX_CONTROL_BODY_BYTES) });
    const answer = await raw('POST', '/faults', { ...secret(), 'content-type': 'application/json' }, big);
    assert.equal(answer.status, 413);
    assert.deepEqual(sandbox.control.faults(), []);
  });
});

describe('sandbox control endpoint: bounds', () => {
  it(`the fault queue holds ${MAX_QUEUED_FAULTS} faults; one more gets 507 with what to do`, async () => {
    for (let index = 0; index < MAX_QUEUED_FAULTS; index += 1) sandbox.control.injectFault({ fault: 'delay', delayMs: 1, path: `/none/${index}` });
    const answer = await caller.call('POST', '/__sandbox/faults', { body: fault });
    assert.equal(answer.status, 507);
    assert.match(answer.json().error, /1000 faults are queued.*DELETE \/__sandbox\/faults/);
    assert.throws(() => sandbox.control.injectFault({ fault: 'dbTimeout' }), RangeError);
    assert.equal(sandbox.control.faults().length, MAX_QUEUED_FAULTS);
    assert.equal((await caller.call('DELETE', '/__sandbox/faults')).status, 200);
    assert.equal((await caller.call('POST', '/__sandbox/faults', { body: fault })).status, 201);
  });

  it('a fault path is at most 200 characters', async () => {
    const answer = await caller.call('POST', '/__sandbox/faults', { body: JSON.stringify({ fault: 'dbTimeout', path: `/${'x'.repeat(200)}` }) });
    assert.equal(answer.status, 400);
    assert.match(answer.json().error, /at most 200 characters/);
  });

  it('a full document store refuses to create more with 507 and says how to make room; reads and reset still work', async () => {
    const small = await startSandbox({ maxStoredDocuments: 3 });
    const smallCaller = new SandboxCaller(small);
    try {
      const token = await smallCaller.helo();
      for (let index = 0; index < 3; index += 1) assert.equal((await smallCaller.post('invoices', token, validDocument())).status, 201);
      const refused = await smallCaller.post('orders', token, validDocument('orders'));
      assert.equal(refused.status, 507);
      assert.match(refused.json().message, /holds 3 documents, as many as it keeps; reset it \(POST \/__sandbox\/reset\)/);
      assert.equal(small.control.documents().length, 3);
      assert.equal((await smallCaller.call('GET', '/invoices', { token })).json().length, 3);
      assert.equal((await smallCaller.call('POST', '/__sandbox/reset')).status, 200);
      assert.equal((await smallCaller.post('orders', await smallCaller.helo(), validDocument('orders'))).status, 201);
    } finally {
      await smallCaller.close();
      await small.close();
    }
    await assert.rejects(startSandbox({ maxStoredDocuments: 0 }), /maxStoredDocuments must be an integer from 1 to 100000/);
  });

  it(`sessions: at most ${MAX_SESSIONS} tokens are kept, the oldest go first`, () => {
    const store = new SessionStore(60_000);
    const first = store.create('demo');
    for (let index = 1; index <= MAX_SESSIONS; index += 1) store.create('demo');
    assert.equal(store.tokens().length, MAX_SESSIONS);
    assert.equal(store.lookup(first.token).kind, 'unknown');
  });

  it(`the request record keeps the last ${RECORDED_REQUESTS_KEPT} requests`, () => {
    const state = new SandboxState(
      { account: 'A', apiToken: 't', username: 'u', password: 'p', currentApiVersion: 'v4.0.0', sessionTtlSeconds: 60, controlSecret: 's', maxStoredDocuments: 10 },
      DEFAULT_MODES,
    );
    const total = 3 * RECORDED_REQUESTS_KEPT + 7;
    for (let index = 0; index < total; index += 1) state.record({ method: 'GET', path: `/status/${index}`, status: 200, time: '' });
    const kept = state.requests();
    assert.equal(kept.length, RECORDED_REQUESTS_KEPT);
    assert.equal(kept.at(-1)?.path, `/status/${total - 1}`);
  });
});
