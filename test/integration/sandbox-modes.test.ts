// Sandbox modes over real HTTP: each reading of the API the sandbox can follow, set through the
// control endpoint as a test in another process would.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Client } from 'undici';
import { PIPELINED_REQUEST } from '../../src/core/http/pipeline';
import { DEFAULT_MODES, startSandbox, type RunningSandbox } from '../../src/sandbox';
import { assertApiError, SandboxCaller, validDocument, type Answer } from './sandbox-support';

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

/** Sends `count` invoices pipelined on one connection, with increasing nonces; answers in sending order. */
async function pipelined(count: number, sessionToken: string): Promise<Array<{ status: number; body: any }>> {
  const client = new Client(sandbox.origin, { pipelining: count });
  try {
    const path = new URL(sandbox.apiBase).pathname;
    const sends = Array.from({ length: count }, () =>
      client
        .request({
          ...PIPELINED_REQUEST,
          method: 'POST',
          path: `${path}/invoices?nonce=${caller.nonce()}`,
          headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(validDocument()),
        })
        .then(async (response) => ({ status: response.statusCode, body: await response.body.json() })),
    );
    return await Promise.all(sends);
  } finally {
    await client.close();
  }
}

function auth(query: Record<string, string | number>): Promise<Answer> {
  return caller.call('POST', '/auth', { query: { username: sandbox.username, password: sandbox.password, ...query } });
}

describe('sandbox modes: the control endpoint', () => {
  it('GET /__sandbox/modes shows the defaults: the sandbox as it always behaved', async () => {
    assert.deepEqual(await caller.modes(), {
      numbering: 'client',
      authNonce: 'optional',
      pipelining: 'ordered',
      conflictBody: 'apiError',
      refuseFreshSessions: 0,
      latencyMs: 0,
      processingMs: 0,
    });
    assert.deepEqual(sandbox.control.modes(), DEFAULT_MODES);
  });

  it('PUT merges a partial object and answers the modes in force; reset puts back the modes of the start', async () => {
    assert.deepEqual(await caller.setModes({ numbering: 'server', latencyMs: 5 }), { ...DEFAULT_MODES, numbering: 'server', latencyMs: 5 });
    assert.deepEqual(await caller.setModes({ conflictBody: 'empty' }), { ...DEFAULT_MODES, numbering: 'server', latencyMs: 5, conflictBody: 'empty' });
    assert.deepEqual(sandbox.control.modes(), await caller.modes());
    await caller.call('POST', '/__sandbox/reset');
    assert.deepEqual(await caller.modes(), DEFAULT_MODES);

    const started = await startSandbox({ modes: { authNonce: 'required' } });
    try {
      started.control.setModes({ pipelining: 'unordered' });
      started.control.reset();
      assert.deepEqual(started.control.modes(), { ...DEFAULT_MODES, authNonce: 'required' });
    } finally {
      await started.close();
    }
  });

  it('refuses bad values with 400 and a sentence naming the mode, and changes nothing', async () => {
    const bad: Array<[string, RegExp]> = [
      ['{"numbering":"maybe"}', /'numbering' must be one of: client, server/],
      ['{"authNonce":true}', /'authNonce' must be one of: required, optional/],
      ['{"pipelining":"ORDERED"}', /'pipelining' must be one of/],
      ['{"conflictBody":"html"}', /'conflictBody' must be one of: apiError, sovos, empty/],
      ['{"refuseFreshSessions":-1}', /'refuseFreshSessions' must be an integer from 0/],
      ['{"latencyMs":1.5}', /'latencyMs' must be an integer from 0 to 60000/],
      ['{"processingMs":"2"}', /'processingMs' must be an integer/],
      ['{"latencyMs":60001}', /'latencyMs' must be an integer from 0 to 60000/],
      ['{"speed":"fast"}', /Unknown mode 'speed'; modes are: numbering, authNonce/],
      ['{"__proto__":{"numbering":"server"}}', /Unknown mode '__proto__'/],
      ['["numbering"]', /must be a JSON object/],
      ['{"numbering":', /must be modes as JSON/],
    ];
    for (const [body, message] of bad) {
      const answer = await caller.call('PUT', '/__sandbox/modes', { body });
      assert.equal(answer.status, 400, body);
      assert.match(answer.json().error, message, body);
    }
    assert.deepEqual(await caller.modes(), DEFAULT_MODES);
    assert.equal((await caller.call('POST', '/__sandbox/modes', { body: '{}' })).status, 405);
    assert.throws(() => sandbox.control.setModes({ numbering: 'sometimes' as 'client' }), /'numbering' must be one of/);
    await assert.rejects(startSandbox({ modes: { processingMs: -2 } }), /'processingMs' must be an integer/);
  });
});

describe('sandbox modes: numbering', () => {
  it('client (default): the given seq_number is kept, and a repeat is 409 DUPLICATE_ENTRY', async () => {
    const document = validDocument('invoices', { seq_number: 'FT2025/77' });
    const created = await caller.post('invoices', token, document);
    assert.equal(created.json().documentNumber, 'FT2025/77');
    assertApiError(await caller.post('invoices', token, document), 409, 'DUPLICATE_ENTRY');
  });

  it('server: the given seq_number is ignored, each series is numbered in order, and a repeat is stored again', async () => {
    await caller.setModes({ numbering: 'server' });
    const document = validDocument('invoices', { seq_number: 'FT2025/77', date: '2025-03-04' });
    const first = await caller.post('invoices', token, document);
    const second = await caller.post('invoices', token, document);
    const otherSeries = await caller.post('invoices', token, validDocument('invoices', { document_set: 'FS', seq_number: 'FT2025/77', date: '2025-03-04' }));
    const otherKind = await caller.post('orders', token, validDocument('orders', { seq_number: 'FT2025/77', date: '2025-03-04' }));
    assert.deepEqual(
      [first, second, otherSeries, otherKind].map((answer) => [answer.status, answer.json().documentSeries, answer.json().documentNumber]),
      [
        [201, 'FT', 'FT2025/1'],
        [201, 'FT', 'FT2025/2'],
        [201, 'FS', 'FS2025/1'],
        [201, 'FT', 'FT2025/1'],
      ],
    );
    const stored = sandbox.control.documents('invoices');
    assert.deepEqual(stored.map((entry) => entry.document.seq_number), ['FT2025/1', 'FT2025/2', 'FS2025/1']);
    const listed = await caller.call('GET', '/invoices', { token, query: { searchColumn: 'seq_number', searchString: 'FT2025/2' } });
    assert.deepEqual(listed.json().map((entry: { id: number }) => entry.id), [first.json().id + 1], 'the list finds a document by the number the server gave it');
  });
});

describe('sandbox modes: authNonce', () => {
  it('optional (default): POST /auth is answered with or without a nonce', async () => {
    assert.equal((await auth({})).status, 200);
    assert.equal((await auth({ nonce: caller.nonce() })).status, 200);
  });

  it('required: POST /auth without a nonce, or with a malformed one, is 400; with one it signs in and the session continues from it', async () => {
    await caller.setModes({ authNonce: 'required' });
    assertApiError(await auth({}), 400, 'INVALID_ARGUMENT', /'nonce' is required/);
    assertApiError(await auth({ nonce: 'soon' }), 400, 'INVALID_ARGUMENT', /positive integer/);
    const nonce = caller.nonce();
    const signedIn = await auth({ nonce });
    assert.equal(signedIn.status, 200, signedIn.text);
    const session = signedIn.json()['xa-token'];
    assertApiError(await caller.call('POST', '/invoices', { token: session, body: JSON.stringify(validDocument()), query: { nonce } }), 400, 'INVALID_ARGUMENT', /not greater than the last nonce/);
    assert.equal((await caller.post('invoices', session, validDocument())).status, 201);
    assert.equal((await caller.call('GET', '/helo', { token: sandbox.apiToken })).status, 200, 'GET /helo still needs none');
  });
});

describe('sandbox modes: pipelining', () => {
  it('ordered (default): 40 pipelined writes on one connection are all accepted in nonce order', async () => {
    const answers = await pipelined(40, token);
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([201]));
    const stored = sandbox.control.documents('invoices');
    assert.equal(stored.length, 40);
    assert.deepEqual(stored.map((entry) => entry.nonce), [...stored.map((entry) => entry.nonce)].sort());
  });

  it('unordered: pipelined writes are handled out of order, so later nonces overtake earlier ones and those are refused', async () => {
    await caller.setModes({ pipelining: 'unordered' });
    const answers = await pipelined(40, token);
    const refused = answers.filter((answer) => answer.status === 400);
    assert.ok(refused.length > 0, `some nonces arrived out of order: ${answers.map((answer) => answer.status).join(' ')}`);
    for (const answer of refused) assert.match(answer.body.message, /not greater than the last nonce/);
    const created = answers.filter((answer) => answer.status === 201);
    assert.equal(created.length + refused.length, 40);
    assert.equal(sandbox.control.documents('invoices').length, created.length);
  });
});

describe('sandbox modes: conflictBody', () => {
  async function repeat(): Promise<Answer> {
    const document = validDocument();
    assert.equal((await caller.post('invoices', token, document)).status, 201);
    return caller.post('invoices', token, document);
  }

  it('apiError (default): 409 with a DUPLICATE_ENTRY apiError', async () => {
    assertApiError(await repeat(), 409, 'DUPLICATE_ENTRY', /already exists/);
  });

  it('sovos: 409 with a Sovos Format 2 body', async () => {
    await caller.setModes({ conflictBody: 'sovos' });
    const answer = await repeat();
    assert.equal(answer.status, 409);
    const body = answer.json();
    assert.deepEqual([body.status, body.error, body.path], ['409', 'Conflict', new URL(`${sandbox.apiBase}/invoices`).pathname]);
    assert.match(body.message, /already exists/);
    assert.match(body.timestamp, /^\d{13}$/);
    assert.equal(body.code, undefined);
  });

  it('empty: 409 with no body at all', async () => {
    await caller.setModes({ conflictBody: 'empty' });
    const answer = await repeat();
    assert.equal(answer.status, 409);
    assert.equal(answer.bytes.length, 0);
    assert.equal(answer.headers['content-type'], undefined);
    assert.equal(sandbox.control.documents('invoices').length, 1);
  });
});

describe('sandbox modes: refuseFreshSessions', () => {
  it('the next N requests with a session never used before get 403; signing in again twice gets through', async () => {
    await caller.setModes({ refuseFreshSessions: 2 });
    const first = await caller.helo();
    assertApiError(await caller.post('invoices', first, validDocument()), 403, 'AUTH_FAILED');
    const second = await caller.helo();
    assertApiError(await caller.post('invoices', second, validDocument()), 403, 'AUTH_FAILED');
    assert.equal((await caller.modes()).refuseFreshSessions, 0, 'the count goes down with each refusal');
    const third = await caller.helo();
    assert.equal((await caller.post('invoices', third, validDocument())).status, 201);
    assert.equal((await caller.call('GET', '/status', { token: first })).status, 200, 'a refused session is valid once the refusals are used up');
    assert.equal(sandbox.control.documents('invoices').length, 1);
  });

  it('a session already used is never refused, and a refusal does not use up the nonce', async () => {
    assert.equal((await caller.call('GET', '/status', { token })).status, 200);
    await caller.setModes({ refuseFreshSessions: 1 });
    assert.equal((await caller.post('invoices', token, validDocument())).status, 201, 'a session in use');
    const fresh = await caller.helo();
    const nonce = caller.nonce();
    const body = JSON.stringify(validDocument());
    assert.equal((await caller.call('POST', '/invoices', { token: fresh, body, query: { nonce } })).status, 403);
    assert.equal((await caller.call('POST', '/invoices', { token: fresh, body, query: { nonce } })).status, 201);
  });
});

describe('sandbox modes: latencyMs and processingMs', () => {
  it('latencyMs is added to each round trip, and pipelined requests wait for it side by side', async () => {
    await caller.setModes({ latencyMs: 150 });
    let started = performance.now();
    assert.equal((await caller.call('GET', '/status', { token })).status, 200);
    assert.ok(performance.now() - started >= 145, 'one round trip takes the latency');
    started = performance.now();
    await caller.modes();
    assert.ok(performance.now() - started < 145, 'the control endpoint is local: no latency');
    started = performance.now();
    const answers = await pipelined(10, token);
    const elapsed = performance.now() - started;
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([201]));
    assert.ok(elapsed >= 145 && elapsed < 10 * 150, `10 pipelined requests overlap their latency: ${elapsed.toFixed(0)} ms`);
  });

  it('processingMs is a cost per document, paid one document at a time even across connections; reads do not pay it', async () => {
    await caller.setModes({ processingMs: 40 });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => caller.helo()));
    let started = performance.now();
    const answers = await Promise.all(tokens.map((session) => caller.post('invoices', session, validDocument())));
    const elapsed = performance.now() - started;
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([201]));
    assert.ok(elapsed >= 10 * 40 - 5, `10 documents took at least 10 × 40 ms: ${elapsed.toFixed(0)} ms`);
    started = performance.now();
    await Promise.all(tokens.map((session) => caller.call('GET', '/status', { token: session })));
    assert.ok(performance.now() - started < 10 * 40, 'status checks do not wait for processing');
  });
});
