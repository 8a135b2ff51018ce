// The client against small loopback servers that answer the way a real network sometimes does:
// refusing, resetting, hanging, sending HTML or half a body.
import assert from 'node:assert/strict';
import https from 'node:https';
import { once } from 'node:events';
import type net from 'node:net';
import { after, describe, it } from 'node:test';
import { GestixClient, type ClientSettings } from '../../src/core/http/client';
import type { Failure, NetworkFailure, Result } from '../../src/core/http/result';
import { CollectingLogger, SELF_SIGNED, json, readBody, startHttpServer, startTcpServer, unusedPort } from './api-support';

const servers: Array<{ close(): Promise<void> }> = [];
const clients: GestixClient[] = [];
after(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

function clientFor(origin: string, overrides: Partial<ClientSettings> = {}, logger?: CollectingLogger): GestixClient {
  const client = new GestixClient(
    { serverUrl: origin, account: '03101176', apiVersion: 'v4.0.0', timeoutMs: 5_000, ...overrides },
    { ...(logger ? { logger } : {}), env: {}, userAgent: 'gestix-vscode-test' },
  );
  clients.push(client);
  return client;
}

function failureOf<T>(result: Result<T>): Failure {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return (result as { failure: Failure }).failure;
}

function networkFailureOf<T>(result: Result<T>): NetworkFailure {
  const failure = failureOf(result);
  assert.equal(failure.kind, 'network', `expected a network failure, got ${JSON.stringify(failure)}`);
  return failure;
}

describe('requests the client sends', () => {
  it('sends the bearer token, JSON content type, Accept, a user agent and the nonce', async () => {
    const seen: Array<{ method?: string | undefined; url?: string | undefined; headers: Record<string, unknown>; body: string }> = [];
    const server = await startHttpServer(async (request, response) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: await readBody(request) });
      json(response, 201, { id: 1002, documentSeries: 'FT', documentNumber: 'FT2025/1002', url: 'https://x/invoices?id=1002&print=1' });
    });
    servers.push(server);
    const client = clientFor(server.origin);
    const result = await client.createDocument('session-abc', 'invoices', '{"a":1}', 1_700_000_000_001);
    assert.deepEqual(result, {
      ok: true,
      status: 201,
      value: { id: 1002, documentSeries: 'FT', documentNumber: 'FT2025/1002', url: 'https://x/invoices?id=1002&print=1' },
    });
    const request = seen[0];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/03101176/v4.0.0/invoices?nonce=1700000000001');
    assert.equal(request.headers.authorization, 'Bearer session-abc');
    assert.match(String(request.headers['content-type']), /^application\/json/);
    assert.equal(request.headers.accept, 'application/json');
    assert.equal(request.headers['user-agent'], 'gestix-vscode-test');
    assert.equal(request.body, '{"a":1}');
  });

  it('sends /auth credentials in the query string and never logs them', async () => {
    const urls: string[] = [];
    const server = await startHttpServer((request, response) => {
      urls.push(request.url ?? '');
      json(response, 200, { 'xa-token': 'session-from-auth-123' });
    });
    servers.push(server);
    const logger = new CollectingLogger();
    const client = clientFor(server.origin, {}, logger);
    const result = await client.auth('maria', 'pa ss&word', undefined);
    assert.deepEqual(result, { ok: true, status: 200, value: { sessionToken: 'session-from-auth-123' } });
    const url = new URL(urls[0] ?? '', server.origin);
    assert.equal(url.pathname, '/api/03101176/v4.0.0/auth');
    assert.equal(url.searchParams.get('username'), 'maria');
    assert.equal(url.searchParams.get('password'), 'pa ss&word');
    assert.ok(logger.lines.length > 0);
    for (const line of logger.lines) {
      assert.doesNotMatch(line, /pa ss|pa%20ss|pa\+ss|maria|session-from-auth-123/);
    }
  });

  it('lists with skip and limit, fetches one by id and fetches the PDF', async () => {
    const urls: string[] = [];
    const server = await startHttpServer((request, response) => {
      urls.push(request.url ?? '');
      const url = new URL(request.url ?? '', 'http://x');
      if (url.searchParams.get('print') === '1') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.end('%PDF-1.4\n%%EOF\n');
      } else if (url.searchParams.has('id')) {
        json(response, 200, [{ id: 7 }]);
      } else {
        json(response, 200, [{ id: 7 }, { id: 8 }]);
      }
    });
    servers.push(server);
    const client = clientFor(server.origin);
    const list = await client.listDocuments('s', 'orders', { skip: 10, limit: 2 });
    assert.deepEqual(list, { ok: true, status: 200, value: [{ id: 7 }, { id: 8 }] });
    const one = await client.getDocument('s', 'orders', 7);
    assert.deepEqual(one, { ok: true, status: 200, value: [{ id: 7 }] });
    const pdf = await client.getDocumentPdf('s', 'orders', 7);
    assert.ok(pdf.ok);
    if (pdf.ok) assert.equal(Buffer.from(pdf.value).subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(urls, [
      '/api/03101176/v4.0.0/orders?skip=10&limit=2',
      '/api/03101176/v4.0.0/orders?id=7',
      '/api/03101176/v4.0.0/orders?id=7&print=1',
    ]);
  });
});

describe('non-2xx answers', () => {
  it('become HttpFailures with the recognised shape and Retry-After', async () => {
    const server = await startHttpServer((request, response) => {
      if (request.url?.includes('/status')) {
        json(response, 503, { code: 'DB_TIMEOUT', message: 'Database timeout', timestamp: '2025-01-10T09:00:00Z', request_id: 'req-9' }, { 'retry-after': '2' });
      } else if (request.url?.includes('/invoices')) {
        json(response, 408, { status: '408', errors: [{ subcode: 'SMAR-0202', message: 'GTD timed out' }], message: 'x', success: false });
      } else if (request.url?.includes('/orders')) {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html><body>Bad Gateway</body></html>');
      } else {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"timestamp":"1700000000000","status":"404","error":"Not Found","message":"no route" "path":"/x"}');
      }
    });
    servers.push(server);
    const logger = new CollectingLogger();
    const client = clientFor(server.origin, {}, logger);

    const dbTimeout = failureOf(await client.status('s'));
    assert.equal(dbTimeout.kind, 'http');
    if (dbTimeout.kind === 'http') {
      assert.equal(dbTimeout.status, 503);
      assert.equal(dbTimeout.shape.kind, 'apiError');
      assert.equal(dbTimeout.retryAfterSeconds, 2);
      assert.equal(dbTimeout.path, '/status');
    }
    assert.ok(logger.lines.some((line) => line.includes('GET /status → 503') && line.includes('request_id=req-9')));

    const tax = failureOf(await client.createDocument('s', 'invoices', '{}', 5));
    assert.ok(tax.kind === 'http' && tax.status === 408 && tax.shape.kind === 'sovosFormat1');

    const html = failureOf(await client.listDocuments('s', 'orders'));
    assert.ok(html.kind === 'http' && html.status === 502 && html.shape.kind === 'notJson');

    const unknown = failureOf(await client.getDocument('s', 'receipts', 1));
    assert.ok(unknown.kind === 'http' && unknown.status === 404 && unknown.shape.kind === 'sovosFormat2');
  });

  it('keeps at most the size cap of a huge error body and says so', async () => {
    const server = await startHttpServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end('x'.repeat(3 * 1024 * 1024));
    });
    servers.push(server);
    const failure = failureOf(await clientFor(server.origin).status('s'));
    assert.ok(failure.kind === 'http');
    if (failure.kind === 'http') {
      assert.equal(failure.bodyTruncated, true);
      assert.equal(failure.body.length, 2 * 1024 * 1024);
    }
  });

  it('does not follow redirects (a token must not be carried elsewhere)', async () => {
    const server = await startHttpServer((_request, response) => {
      response.writeHead(302, { location: 'http://198.51.100.1/steal' });
      response.end();
    });
    servers.push(server);
    const failure = failureOf(await clientFor(server.origin).status('s'));
    assert.ok(failure.kind === 'http' && failure.status === 302);
  });
});

describe('2xx answers the API does not document', () => {
  const bodies: Array<[string, string, string | undefined, RegExp]> = [
    ['an HTML page', '<html>captive portal</html>', 'text/html', /HTML page/],
    ['truncated JSON', '{"xa-token":"abc', 'application/json', /not valid JSON/],
    ['an empty body', '', 'application/json', /empty body/],
    ['JSON without xa-token', '{"token":"abc"}', 'application/json', /xa-token/],
    ['an xa-token that is not a string', '{"xa-token":12}', 'application/json', /xa-token/],
  ];
  for (const [name, body, contentType, message] of bodies) {
    it(`treats ${name} from /helo as unexpected`, async () => {
      const server = await startHttpServer((_request, response) => {
        response.writeHead(200, contentType ? { 'content-type': contentType } : {});
        response.end(body);
      });
      servers.push(server);
      const failure = failureOf(await clientFor(server.origin).helo('t'));
      assert.equal(failure.kind, 'unexpected');
      if (failure.kind === 'unexpected') {
        assert.equal(failure.status, 200);
        assert.equal(failure.body, body);
        assert.match(failure.message, message);
      }
    });
  }

  it('treats a created document without an integer id as unexpected', async () => {
    const server = await startHttpServer((_request, response) => json(response, 201, { id: '1002', documentNumber: 'FT/1' }));
    servers.push(server);
    const failure = failureOf(await clientFor(server.origin).createDocument('s', 'invoices', '{}', 1));
    assert.ok(failure.kind === 'unexpected' && /integer document "id"/.test(failure.message));
  });

  it('treats a status without the documented fields, a non-list list and a non-PDF as unexpected', async () => {
    const server = await startHttpServer((request, response) => {
      if (request.url?.includes('print=1')) json(response, 200, { not: 'a pdf' });
      else if (request.url?.includes('/status')) json(response, 200, { status: 'ready' });
      else json(response, 200, { items: [] });
    });
    servers.push(server);
    const client = clientFor(server.origin);
    assert.equal(failureOf(await client.status('s')).kind, 'unexpected');
    assert.equal(failureOf(await client.listDocuments('s', 'invoices')).kind, 'unexpected');
    assert.equal(failureOf(await client.getDocumentPdf('s', 'invoices', 1)).kind, 'unexpected');
  });
});

describe('network failures', () => {
  it('connection refused: nothing reached the server', async () => {
    const port = await unusedPort();
    const failure = networkFailureOf(await clientFor(`http://127.0.0.1:${port}`).status('s'));
    assert.equal(failure.reason, 'refused');
    assert.equal(failure.mayHaveReachedServer, false);
    assert.match(failure.message, new RegExp(`127\\.0\\.0\\.1:${port}.*refused`));
  });

  it('connection dropped after the request was written: it may have reached the server', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.destroy()));
    servers.push(server);
    const failure = networkFailureOf(await clientFor(server.origin).createDocument('s', 'invoices', '{}', 1));
    assert.equal(failure.reason, 'reset');
    assert.equal(failure.mayHaveReachedServer, true);
    assert.match(failure.message, /dropped/);
  });

  it('connection reset (RST) mid-answer: it may have reached the server', async () => {
    const server = await startTcpServer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"id":');
        setTimeout(() => socket.resetAndDestroy(), 20);
      }),
    );
    servers.push(server);
    const failure = networkFailureOf(await clientFor(server.origin).createDocument('s', 'invoices', '{}', 1));
    assert.equal(failure.reason, 'reset');
    assert.equal(failure.mayHaveReachedServer, true);
  });

  it('a server that never answers: timeout after the configured time', async () => {
    const server = await startTcpServer((socket) => socket.on('data', () => undefined));
    servers.push(server);
    const failure = networkFailureOf(await clientFor(server.origin, { timeoutMs: 300 }).createDocument('s', 'invoices', '{}', 1));
    assert.equal(failure.reason, 'timeout');
    assert.equal(failure.mayHaveReachedServer, true);
    assert.match(failure.message, /0\.3 s/);
  });

  it('a body that stops arriving: timeout', async () => {
    const server = await startTcpServer((socket) =>
      socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{"status":')),
    );
    servers.push(server);
    const failure = networkFailureOf(await clientFor(server.origin, { timeoutMs: 300 }).status('s'));
    assert.equal(failure.reason, 'timeout');
  });

  it('cancellation through an AbortSignal while waiting for the answer', async () => {
    const controller = new AbortController();
    const server = await startTcpServer((socket) => socket.once('data', () => controller.abort()));
    servers.push(server);
    const failure = networkFailureOf(await clientFor(server.origin).createDocument('s', 'invoices', '{}', 1, controller.signal));
    assert.equal(failure.reason, 'aborted');
    assert.equal(failure.mayHaveReachedServer, true);
    assert.equal(failure.message, 'The request was cancelled.');
  });

  it('an already cancelled signal sends nothing', async () => {
    let connections = 0;
    const server = await startTcpServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    servers.push(server);
    const failure = networkFailureOf(await clientFor(server.origin).helo('t', AbortSignal.abort()));
    assert.equal(failure.reason, 'aborted');
    assert.equal(failure.mayHaveReachedServer, false);
    assert.equal(connections, 0);
  });

  it('DNS failure names the host', async () => {
    const failure = networkFailureOf(await clientFor('https://gestix-host.invalid').helo('t'));
    assert.ok(['dns', 'timeout'].includes(failure.reason), failure.reason);
    assert.equal(failure.mayHaveReachedServer, false);
    assert.match(failure.message, /gestix-host\.invalid/);
  });

  it('TLS: a server that does not speak TLS', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    servers.push(server);
    const failure = networkFailureOf(await clientFor(`https://127.0.0.1:${server.port}`).helo('t'));
    assert.equal(failure.reason, 'tls');
    assert.equal(failure.mayHaveReachedServer, false);
    assert.match(failure.message, /secure connection to 127\.0\.0\.1/);
  });

  it('TLS: a self-signed certificate is refused, never accepted', async () => {
    let requests = 0;
    const server = https.createServer(SELF_SIGNED, (_request, response) => {
      requests += 1;
      response.end('{"xa-token":"x"}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const port = (server.address() as net.AddressInfo).port;
    const failure = networkFailureOf(await clientFor(`https://localhost:${port}`).helo('t'));
    assert.equal(failure.reason, 'tls');
    assert.equal(failure.mayHaveReachedServer, false);
    assert.match(failure.message, /certificate/);
    assert.equal(requests, 0);
  });
});

describe('logging', () => {
  it('logs one redacted line per request with method, path, status and duration', async () => {
    const server = await startHttpServer((request, response) => {
      if (request.url?.includes('/helo')) json(response, 200, { 'xa-token': 'session-token-xyz' });
      else json(response, 400, { code: 'INVALID_ARGUMENT', message: "Field 'currency' is required", timestamp: 't', request_id: 'req-42' });
    });
    servers.push(server);
    const logger = new CollectingLogger();
    const client = clientFor(server.origin, {}, logger);
    await client.helo('api-token-secret-1');
    await client.createDocument('session-token-xyz', 'invoices', '{}', 77);
    assert.equal(logger.lines.length, 2);
    assert.match(logger.lines[0] ?? '', /^info GET \/helo → 200 in \d+ ms$/);
    assert.match(logger.lines[1] ?? '', /^warn POST \/invoices nonce=77 → 400 in \d+ ms request_id=req-42$/);
    for (const line of logger.lines) {
      assert.ok(!line.includes('api-token-secret-1') && !line.includes('session-token-xyz'));
    }
  });
});
