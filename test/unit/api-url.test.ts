import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import { accountBase, apiBase, destinationHost, endpointPath, hostAndPort, isLoopbackHost, isUnencryptedLoopback, mayCarryToken } from '../../src/core/http/url';
import { readBody, startHttpServer } from './api-support';

function baseOf(serverUrl: string, account = '03101176', version = 'v4.0.0'): string {
  const base = apiBase(serverUrl, account, version);
  assert.ok(base.ok, `expected ${serverUrl} to be accepted`);
  return base.url.href;
}

describe('apiBase', () => {
  it('builds {serverUrl}/api/{account}/{apiVersion}', () => {
    assert.equal(baseOf('https://gestix.pt:443'), 'https://gestix.pt/api/03101176/v4.0.0');
    assert.equal(baseOf('https://gestix.pt:8443/'), 'https://gestix.pt:8443/api/03101176/v4.0.0');
    assert.equal(baseOf('http://127.0.0.1:8787'), 'http://127.0.0.1:8787/api/03101176/v4.0.0');
  });

  it('keeps a path prefix of the server URL and drops trailing slashes', () => {
    assert.equal(baseOf('https://erp.example.com/gestix//'), 'https://erp.example.com/gestix/api/03101176/v4.0.0');
  });

  it('encodes the account and version so they cannot change the path', () => {
    assert.equal(baseOf('https://gestix.pt', '../x?y', 'v4.0.1'), 'https://gestix.pt/api/..%2Fx%3Fy/v4.0.1');
  });

  it('names where a secret belongs: server and account, without the API version', () => {
    const base = accountBase('https://gestix.pt:443/', ' 03101176 ');
    assert.ok(base.ok);
    assert.equal(base.url.href, 'https://gestix.pt/api/03101176');
    assert.equal(accountBase('https://gestix.pt', '').ok, false);
    assert.equal(accountBase('gestix.pt', '1').ok, false);
  });

  it('rejects unusable server URLs and missing settings with a readable message', () => {
    for (const [url, account] of [
      ['gestix.pt', '1'],
      ['ftp://gestix.pt', '1'],
      ['https://user:pw@gestix.pt', '1'],
      ['https://gestix.pt?x=1', '1'],
      ['https://gestix.pt', ' '],
    ] as const) {
      const base = apiBase(url, account, 'v4.0.0');
      assert.equal(base.ok, false, url);
      if (!base.ok) assert.ok(base.message.length > 10);
    }
  });
});

describe('endpointPath', () => {
  it('appends the path and encodes query values', () => {
    const base = new URL('https://gestix.pt/api/03101176/v4.0.0');
    const target = endpointPath(base, '/auth', { username: 'm&a', password: 'p w=?#', skip: undefined });
    const url = new URL(target, base);
    assert.equal(url.pathname, '/api/03101176/v4.0.0/auth');
    assert.equal(url.searchParams.get('username'), 'm&a');
    assert.equal(url.searchParams.get('password'), 'p w=?#');
    assert.equal(url.searchParams.has('skip'), false);
    assert.equal(url.hash, '');
    assert.equal(endpointPath(base, '/status'), '/api/03101176/v4.0.0/status');
    assert.equal(hostAndPort(url), 'gestix.pt:443');
  });
});

describe('loopback and token safety', () => {
  it('trusts exactly 127.0.0.1, ::1 and localhost as loopback', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]', '::1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of [
      'api.localhost',
      'localhost.',
      '127.1.2.3',
      '127.0.0.2',
      '[::ffff:7f00:1]',
      'gestix.pt',
      '10.0.0.1',
      '128.0.0.1',
      '127.0.0.1.nip.io',
      'localhost.evil.com',
      '0.0.0.0',
      '127.0.0.256',
      '[::]',
    ]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('reads a URL host as the WHATWG parser does, so spellings of 127.0.0.1 count as it', () => {
    // The parser turns these into 127.0.0.1 before any connection is made, so they do reach it.
    for (const url of ['http://127.1:8787', 'http://0x7f000001:8787', 'http://[0:0:0:0:0:0:0:1]:8787']) {
      assert.equal(mayCarryToken(new URL(url)), true, url);
    }
    for (const url of ['http://127.0.0.2:8787', 'http://api.localhost:8787', 'http://localhost.:8787', 'http://[::ffff:127.0.0.1]:8787']) {
      assert.equal(mayCarryToken(new URL(url)), false, url);
    }
  });

  it('allows tokens over https anywhere and over http only to loopback', () => {
    assert.equal(mayCarryToken(new URL('https://gestix.pt/api')), true);
    assert.equal(mayCarryToken(new URL('https://127.0.0.5/api')), true);
    assert.equal(mayCarryToken(new URL('http://127.0.0.1:8787/api')), true);
    assert.equal(mayCarryToken(new URL('http://localhost:8787/api')), true);
    assert.equal(mayCarryToken(new URL('http://[::1]:8787/api')), true);
    assert.equal(mayCarryToken(new URL('http://gestix.pt/api')), false);
  });

  it('tells unencrypted loopback servers apart, for the question before a typed secret goes there', () => {
    assert.equal(isUnencryptedLoopback('http://127.0.0.1:8787'), true);
    assert.equal(isUnencryptedLoopback(' http://[::1]:9000/ '), true);
    assert.equal(isUnencryptedLoopback('https://localhost:8787'), false);
    assert.equal(isUnencryptedLoopback('http://gestix.pt'), false);
    assert.equal(isUnencryptedLoopback('not a url'), false);
  });

  it('names the destination host as a prompt shows it', () => {
    assert.equal(destinationHost('https://gestix.pt:443'), 'gestix.pt');
    assert.equal(destinationHost('https://erp.example.com:8443/gestix'), 'erp.example.com:8443');
    assert.equal(destinationHost('http://127.0.0.1:8787'), '127.0.0.1:8787');
    assert.equal(destinationHost('http://[::1]:8787'), '[::1]:8787');
    assert.equal(destinationHost('ftp://gestix.pt'), undefined);
    assert.equal(destinationHost('gestix.pt'), undefined);
  });

  it('refuses to send a token over http to a non-loopback host (other loopback spellings included), and sends nothing', async () => {
    // The environment proxy would receive the request if the client sent it.
    let received = 0;
    const proxy = await startHttpServer((request, response) => {
      received += 1;
      void readBody(request).then(() => response.end());
    });
    for (const serverUrl of ['http://gestix.example.com', 'http://127.0.0.2:8787', 'http://api.localhost:8787']) {
      const client = new GestixClient({ serverUrl, account: '1', apiVersion: 'v4.0.0', timeoutMs: 2_000 }, { env: { HTTP_PROXY: proxy.origin } });
      try {
        for (const result of [
          await client.helo('api-token'),
          await client.auth('demo', 'secret', undefined),
          await client.status('session'),
          await client.createDocument('session', 'invoices', '{}', 1),
        ]) {
          assert.equal(result.ok, false);
          if (!result.ok) {
            assert.equal(result.failure.kind, 'network');
            if (result.failure.kind === 'network') {
              assert.equal(result.failure.reason, 'insecure', serverUrl);
              assert.equal(result.failure.mayHaveReachedServer, false);
              assert.match(result.failure.message, /https/);
            }
          }
        }
      } finally {
        await client.close();
      }
    }
    assert.equal(received, 0);
    await proxy.close();
  });

  it('reports an invalid server URL as a failure instead of throwing', async () => {
    const client = new GestixClient({ serverUrl: 'not a url', account: '1', apiVersion: 'v4.0.0', timeoutMs: 1_000 });
    const result = await client.helo('x');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.failure.kind === 'network');
    if (!result.ok && result.failure.kind === 'network') {
      assert.equal(result.failure.reason, 'settings');
      assert.equal(result.failure.mayHaveReachedServer, false);
      assert.match(result.failure.message, /not a valid URL/);
    }
    assert.equal(client.baseUrl, undefined);
    await client.close();
  });
});
