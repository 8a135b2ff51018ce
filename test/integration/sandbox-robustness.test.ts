// The sandbox under concurrent clients and hostile or malformed input: it answers, keeps its
// state consistent and never crashes.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, MAX_BODY_BYTES, type RunningSandbox } from '../../src/sandbox';
import { assertApiError, SandboxCaller, validDocument } from './sandbox-support';

let sandbox: RunningSandbox;
let caller: SandboxCaller;

before(async () => {
  sandbox = await startSandbox({ apiToken: 'robust-token' });
  caller = new SandboxCaller(sandbox);
});
after(async () => {
  await caller.close();
  await sandbox.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Opens a raw connection, writes `data` and collects every response until the server closes or `expected` arrived. */
function rawExchange(data: string | Buffer, expected = 1): Promise<{ responses: RawResponse[]; closed: boolean }> {
  const { port } = new URL(sandbox.origin);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      resolve({ responses, closed });
    };
    const guard = setTimeout(() => {
      done = true;
      socket.destroy();
      reject(new Error(`no complete answer; got ${responses.length} responses`));
    }, 10_000);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) break;
        const head = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of head.slice(1)) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (buffer.length < end + 4 + length) break;
        responses.push({ status: Number(head[0]?.split(' ')[1]), headers, body: buffer.subarray(end + 4, end + 4 + length) });
        buffer = buffer.subarray(end + 4 + length);
      }
      if (responses.length >= expected) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(data);
  });
}

async function assertAlive(): Promise<void> {
  const answer = await caller.call('GET', '/helo', { token: 'robust-token' });
  assert.equal(answer.status, 200);
}

describe('sandbox: concurrency', () => {
  it('200 parallel POSTs on 200 sessions all succeed and the store holds exactly 200', async () => {
    sandbox.control.reset();
    const sessions = await Promise.all(Array.from({ length: 200 }, () => caller.helo()));
    const answers = await Promise.all(
      sessions.map((session, index) =>
        caller.post('invoices', session, validDocument('invoices', { seq_number: `P/${index}` })),
      ),
    );
    assert.deepEqual(
      answers.map((answer) => answer.status),
      Array(200).fill(201),
    );
    const ids = answers.map((answer) => answer.json().id).sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: 200 }, (_, index) => 1001 + index));
    assert.equal(sandbox.control.documents('invoices').length, 200);
  });

  it('parallel POSTs of the same document store it once; the rest get 409', async () => {
    sandbox.control.reset();
    const document = validDocument();
    const sessions = await Promise.all(Array.from({ length: 30 }, () => caller.helo()));
    const statuses = (await Promise.all(sessions.map((session) => caller.post('invoices', session, document)))).map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1);
    assert.equal(statuses.filter((status) => status === 409).length, 29);
    assert.equal(sandbox.control.documents().length, 1);
  });
});

describe('sandbox: connections', () => {
  it('serves many requests on one keep-alive connection', async () => {
    const requests = Array.from({ length: 30 }, () => `GET /api/03101176/v4.0.0/helo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer robust-token\r\n\r\n`);
    const { responses, closed } = await rawExchange(requests.join(''), 30);
    assert.equal(closed, false);
    assert.equal(responses.length, 30);
    assert.ok(responses.every((response) => response.status === 200));
    assert.equal(new Set(responses.map((response) => response.body.toString())).size, 30, 'each answer is its own session');
  });

  it('answers pipelined requests in order, including POSTs with bodies', async () => {
    const body = '{not json';
    const requests = Array.from({ length: 10 }, (_, index) =>
      index % 2 === 0
        ? `GET /api/03101176/v4.0.0/missing-${index} HTTP/1.1\r\nHost: x\r\n\r\n`
        : `POST /api/03101176/v4.0.0/nope-${index} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const { responses } = await rawExchange(requests.join(''), 10);
    assert.deepEqual(
      responses.map((response) => JSON.parse(response.body.toString()).path),
      Array.from({ length: 10 }, (_, index) => `/api/03101176/v4.0.0/${index % 2 === 0 ? 'missing' : 'nope'}-${index}`),
    );
  });
});

describe('sandbox: malformed requests', () => {
  const garbage = [
    'GET /%%%zz HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/%ZZ/v4.0.0/helo HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET //// HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET //api/03101176/v4.0.0/helo HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/03101176/v4.0.0/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET http://elsewhere.example/api/03101176/v4.0.0/nothing HTTP/1.1\r\nHost: x\r\n\r\n',
    'BREW /api/03101176/v4.0.0/invoices HTTP/1.1\r\nHost: x\r\n\r\n',
    'HELLO THERE\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'GET /\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n',
    `GET /api/03101176/v4.0.0/${'a/'.repeat(4000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  ];
  for (const [index, request] of garbage.entries()) {
    it(`survives garbage request #${index + 1} and answers with an HTTP error`, async () => {
      const { responses, closed } = await rawExchange(Buffer.from(request, 'latin1'));
      assert.ok(responses.length === 1 || closed, 'answered or closed');
      if (responses[0]) assert.ok(responses[0].status >= 400 && responses[0].status < 600, String(responses[0].status));
      await assertAlive();
    });
  }

  it('answers a huge header block with 431 and lives on', async () => {
    const { responses } = await rawExchange(`GET /api/03101176/v4.0.0/helo HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
    assert.equal(responses[0]?.status, 431);
    await assertAlive();
  });

  it('survives a client that disconnects in the middle of a body', async () => {
    const token = await caller.helo();
    const before = sandbox.control.documents().length;
    const { port } = new URL(sandbox.origin);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /api/03101176/v4.0.0/invoices?nonce=${caller.nonce()} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: 1000\r\n\r\n{"document_set":`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await assertAlive();
    assert.equal(sandbox.control.documents().length, before);
  });

  it('rejects a body over 10 MB with 413 apiError and keeps the connection usable', async () => {
    const token = await caller.helo();
    const big = JSON.stringify({ ...validDocument(), notes_comments: 'x'.repeat(MAX_BODY_BYTES) });
    const answer = await caller.post('invoices', token, big);
    assertApiError(answer, 413, 'INVALID_ARGUMENT', /10 MB/);
    await assertAlive();
  });

  it('answers unicode documents and a byte-order mark', async () => {
    const token = await caller.helo();
    const document = validDocument('invoices', {
      seq_number: 'FT/ü😀',
      notes_comments: 'naïve — 日本語 \u0000 \u202e',
      customer: { name: 'Ñandú Ltda 😀' },
      items: [{ description: 'Serviço ✓', qty: 1, unit_price: 1 }],
    });
    const created = await caller.post('invoices', token, `\uFEFF${JSON.stringify(document)}`);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json().documentNumber, 'FT/ü😀');
    const fetched = await caller.call('GET', '/invoices', { token, query: { id: created.json().id } });
    assert.equal(fetched.json().customer.name, 'Ñandú Ltda 😀');
    const pdf = await caller.call('GET', '/invoices', { token, query: { id: created.json().id, print: 1 } });
    assert.ok(pdf.bytes.toString('latin1').endsWith('%%EOF'));
  });

  it('answers invalid UTF-8, deeply nested JSON and odd values without crashing', async () => {
    const token = await caller.helo();
    const invalidUtf8 = Buffer.concat([Buffer.from('{"document_set":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}')]);
    assert.equal((await caller.post('invoices', token, invalidUtf8.toString('latin1'))).status, 400);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assertApiError(await caller.post('invoices', token, deep), 400, 'INVALID_ARGUMENT');
    const nested = `{"items":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    assert.equal((await caller.post('invoices', token, nested)).status, 400);
    const odd = validDocument('invoices', { total_amount: 1e308, items: [{ description: 'x', qty: 1e308, unit_price: 0 }] });
    assert.equal((await caller.post('invoices', token, JSON.stringify(odd))).status, 201);
    const proto = await caller.post('invoices', token, '{"__proto__":{"document_set":"FT"},"constructor":{"prototype":{"x":1}}}');
    assertApiError(proto, 400, 'INVALID_ARGUMENT', /'document_set' is required/);
    assert.equal(({} as Record<string, unknown>).x, undefined);
    await assertAlive();
  });

  it('answers query strings with repeated, empty or odd parameters', async () => {
    const token = await caller.helo();
    const duplicated = await caller.call('POST', `/invoices?nonce=${caller.nonce()}&nonce=${caller.nonce()}`, { token, body: JSON.stringify(validDocument()) });
    assertApiError(duplicated, 400, 'INVALID_ARGUMENT', /nonce/);
    assertApiError(await caller.call('GET', '/invoices?limit=&skip=', { token }), 400, 'INVALID_ARGUMENT');
    assertApiError(await caller.call('GET', '/invoices?limit=%F0%9F%98%80', { token }), 400, 'INVALID_ARGUMENT', /'limit'/);
    assert.equal((await caller.call('GET', '/invoices?x=%zz&&&=', { token })).status, 200);
  });
});
