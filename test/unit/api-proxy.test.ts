import assert from 'node:assert/strict';
import type net from 'node:net';
import { describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import { bypassesProxy, chooseProxy, describeProxy } from '../../src/core/http/proxy';
import { CollectingLogger, startHttpServer, unusedPort } from './api-support';

const target = new URL('https://gestix.pt/api/03101176/v4.0.0');

describe('chooseProxy', () => {
  it('goes direct without any proxy configuration', () => {
    assert.deepEqual(chooseProxy(target, undefined, {}), { kind: 'direct' });
    assert.deepEqual(chooseProxy(target, { strictSSL: true, noProxy: [] }, {}), { kind: 'direct' });
  });

  it('prefers VS Code http.proxy over the environment', () => {
    const route = chooseProxy(target, { url: 'http://proxy.corp:3128', strictSSL: false }, { HTTPS_PROXY: 'http://env:1' });
    assert.deepEqual(route, { kind: 'proxy', uri: 'http://proxy.corp:3128', strictSSL: false, source: 'settings' });
  });

  it('uses HTTPS_PROXY (either case) for https targets and falls back to HTTP_PROXY', () => {
    assert.deepEqual(chooseProxy(target, undefined, { https_proxy: 'http://lower:1' }), {
      kind: 'proxy',
      uri: 'http://lower:1',
      strictSSL: true,
      source: 'environment',
    });
    assert.equal(chooseProxy(target, undefined, { HTTP_PROXY: 'http://plain:2' }).kind, 'proxy');
    assert.equal(chooseProxy(new URL('http://gestix.pt/x'), undefined, { HTTPS_PROXY: 'http://s:3' }).kind, 'direct');
  });

  it('honours http.noProxy and NO_PROXY', () => {
    assert.equal(chooseProxy(target, { url: 'http://p:1', noProxy: ['gestix.pt'] }, {}).kind, 'direct');
    assert.equal(chooseProxy(target, { url: 'http://p:1' }, { NO_PROXY: 'example.com, .gestix.pt' }).kind, 'direct');
    assert.equal(chooseProxy(target, undefined, { HTTPS_PROXY: 'http://p:1', no_proxy: '*' }).kind, 'direct');
    assert.equal(chooseProxy(target, undefined, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.pt' }).kind, 'proxy');
  });

  it('never proxies loopback traffic', () => {
    assert.deepEqual(chooseProxy(new URL('http://127.0.0.1:8787/api'), { url: 'http://p:1' }, { HTTP_PROXY: 'http://p:2' }), { kind: 'direct' });
    assert.deepEqual(chooseProxy(new URL('https://localhost:8787/api'), { url: 'http://p:1' }, {}), { kind: 'direct' });
  });
});

describe('bypassesProxy', () => {
  it('matches hosts, subdomains, wildcards and ports', () => {
    assert.equal(bypassesProxy(target, ['gestix.pt']), true);
    assert.equal(bypassesProxy(new URL('https://api.gestix.pt'), ['gestix.pt']), true);
    assert.equal(bypassesProxy(new URL('https://api.gestix.pt'), ['*.gestix.pt']), true);
    assert.equal(bypassesProxy(new URL('https://notgestix.pt'), ['gestix.pt']), false);
    assert.equal(bypassesProxy(target, ['gestix.pt:443']), true);
    assert.equal(bypassesProxy(target, ['gestix.pt:8443']), false);
    assert.equal(bypassesProxy(new URL('https://[2001:db8::1]/'), ['2001:db8::1']), true);
  });
});

describe('describeProxy', () => {
  it('never shows proxy credentials', () => {
    assert.equal(describeProxy('http://user:pa55@proxy.corp:3128'), 'http://proxy.corp:3128');
    assert.equal(describeProxy('::::'), 'the configured proxy');
  });
});

describe('GestixClient through a proxy', () => {
  it('tunnels https traffic through the configured proxy and reports the proxy refusing', async () => {
    const connects: string[] = [];
    const authorizations: Array<string | undefined> = [];
    const proxy = await startHttpServer((_request, response) => response.end());
    proxy.server.on('connect', (request, socket: net.Socket) => {
      connects.push(request.url ?? '');
      authorizations.push(request.headers['proxy-authorization']);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    const logger = new CollectingLogger();
    const client = new GestixClient(
      {
        serverUrl: 'https://gestix.example.com',
        account: '1',
        apiVersion: 'v4.0.0',
        timeoutMs: 5_000,
        proxy: { url: `http://alice:s3cret@127.0.0.1:${proxy.port}`, strictSSL: true, noProxy: [] },
      },
      { logger, env: {} },
    );
    try {
      assert.equal(client.route?.kind, 'proxy');
      const result = await client.helo('api-token-value');
      assert.equal(result.ok, false);
      if (!result.ok && result.failure.kind === 'network') {
        assert.equal(result.failure.reason, 'proxy');
        assert.equal(result.failure.mayHaveReachedServer, false);
        assert.match(result.failure.message, /proxy/);
        assert.doesNotMatch(result.failure.message, /s3cret/);
      } else {
        assert.fail(`expected a network failure, got ${JSON.stringify(result)}`);
      }
      assert.deepEqual(connects, ['gestix.example.com:443']);
      assert.equal(authorizations[0], `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
      assert.ok(logger.lines.every((line) => !line.includes('api-token-value') && !line.includes('s3cret')));
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  it('reports a proxy that cannot be reached as a proxy problem', async () => {
    const port = await unusedPort();
    const client = new GestixClient(
      { serverUrl: 'https://gestix.example.com', account: '1', apiVersion: 'v4.0.0', timeoutMs: 5_000 },
      { env: { HTTPS_PROXY: `http://127.0.0.1:${port}` } },
    );
    try {
      const result = await client.status('session-token');
      assert.equal(result.ok, false);
      if (!result.ok && result.failure.kind === 'network') {
        assert.equal(result.failure.reason, 'proxy');
        assert.equal(result.failure.mayHaveReachedServer, false);
        assert.match(result.failure.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      } else {
        assert.fail('expected a network failure');
      }
    } finally {
      await client.close();
    }
  });

  it('reports an unusable proxy URL without throwing', async () => {
    const client = new GestixClient(
      { serverUrl: 'https://gestix.example.com', account: '1', apiVersion: 'v4.0.0', timeoutMs: 5_000, proxy: { url: 'not a proxy' } },
      { env: {} },
    );
    const result = await client.helo('x');
    assert.ok(!result.ok && result.failure.kind === 'network', `a network failure: ${JSON.stringify(result)}`);
    assert.equal(result.failure.reason, 'settings');
    await client.close();
  });
});
