// Pipelined writes of GestixClient: several requests on one connection, in call order, and never a
// request (with its nonce) written a second time after the connection dropped.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import { json, readBody, startHttpServer, type LocalServer } from '../unit/api-support';

let server: (LocalServer & { server: import('node:http').Server }) | undefined;
let client: GestixClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

function connect(origin: string): GestixClient {
  return new GestixClient({ serverUrl: origin, account: '03101176', apiVersion: 'v4.0.0', timeoutMs: 5_000 }, { env: {}, pipelining: 8 });
}

describe('GestixClient pipelined writes', () => {
  it('puts several writes on one connection before the first answer, and answers them in order', async () => {
    const seen: Array<{ nonce: string | null; port: number | undefined }> = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server = await startHttpServer(async (request, response) => {
      await readBody(request);
      const position = seen.push({ nonce: new URL(request.url ?? '/', 'http://x').searchParams.get('nonce'), port: request.socket.remotePort });
      if (position === 1) await released;
      json(response, 201, { id: position });
    });
    client = connect(server.origin);
    const writes = [1, 2, 3, 4, 5].map((nonce) => client!.createDocument('token', 'invoices', '{}', nonce, undefined, { pipelined: true }));
    while (seen.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    // All five arrived while the first was still unanswered: pipelined, on one connection, in order.
    assert.deepEqual(seen.map((entry) => entry.nonce), ['1', '2', '3', '4', '5']);
    assert.equal(new Set(seen.map((entry) => entry.port)).size, 1);
    release();
    const results = await Promise.all(writes);
    assert.deepEqual(results.map((result) => (result.ok ? result.value.id : undefined)), [1, 2, 3, 4, 5]);
  });

  it('a write cancelled while it waits for its turn ends at once and is never written', async () => {
    const received: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server = await startHttpServer(async (request, response) => {
      await readBody(request);
      received.push(new URL(request.url ?? '/', 'http://x').searchParams.get('nonce') ?? '');
      await released;
      json(response, 201, { id: received.length });
    });
    // One write at a time on the connection: the second waits in the client's queue.
    client = new GestixClient({ serverUrl: server.origin, account: '03101176', apiVersion: 'v4.0.0', timeoutMs: 5_000 }, { env: {}, pipelining: 1 });
    const first = client.createDocument('token', 'invoices', '{}', 1, undefined, { pipelined: true });
    const controller = new AbortController();
    const second = client.createDocument('token', 'invoices', '{}', 2, controller.signal, { pipelined: true });
    while (received.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const cancelled = await second;
    assert.ok(!cancelled.ok && cancelled.failure.kind === 'network' && cancelled.failure.reason === 'aborted', JSON.stringify(cancelled));
    release();
    assert.ok((await first).ok);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(received, ['1'], 'the cancelled write never reached the server');
  });

  it('a dropped connection fails every unanswered write; none is written again with its nonce', async () => {
    const received: string[] = [];
    server = await startHttpServer(async (request) => {
      await readBody(request);
      received.push(new URL(request.url ?? '/', 'http://x').searchParams.get('nonce') ?? '');
      // The first request waits until the others are on the wire, then its connection drops.
      if (received.length === 1) setTimeout(() => request.socket.destroy(), 100);
    });
    client = connect(server.origin);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((nonce) => client!.createDocument('token', 'invoices', '{}', nonce, undefined, { pipelined: true })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual([...received].sort(), ['1', '2', '3', '4', '5', '6'], 'each nonce reached the server exactly once');
    for (const result of results) {
      assert.ok(!result.ok && result.failure.kind === 'network', JSON.stringify(result));
      if (!result.ok && result.failure.kind === 'network') {
        assert.equal(result.failure.reason, 'reset');
        assert.equal(result.failure.mayHaveReachedServer, true, 'the sender must treat it as possibly stored');
      }
    }
  });

  it('ordinary calls keep using their own keep-alive pool', async () => {
    const ports = new Set<number | undefined>();
    server = await startHttpServer(async (request, response) => {
      await readBody(request);
      ports.add(request.socket.remotePort);
      json(response, 201, { id: 1 });
    });
    client = connect(server.origin);
    assert.ok((await client.createDocument('token', 'invoices', '{}', 1, undefined, { pipelined: true })).ok);
    assert.ok((await client.createDocument('token', 'invoices', '{}', 2)).ok);
    assert.equal(ports.size, 2, 'pipelined and ordinary writes travel on different connections');
  });
});
