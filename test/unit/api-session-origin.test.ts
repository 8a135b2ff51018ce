// The stored secret belongs to the server and account it was entered for. These tests need no
// server: nothing here may send anything (the clients point at hosts that do not exist).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import {
  GestixSession,
  LEGACY_API_TOKEN_KEY,
  LEGACY_CREDENTIALS_KEY,
  parseSignIn,
  serializeSignIn,
  SIGN_IN_KEY,
  type StoredSignIn,
} from '../../src/core/session/session';
import { CollectingLogger, MemorySecretStore } from './api-support';

const clients: GestixClient[] = [];

function clientFor(serverUrl: string, account = '03101176'): GestixClient {
  const client = new GestixClient({ serverUrl, account, apiVersion: 'v4.0.0', timeoutMs: 1_000 }, { env: {} });
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('where a client sends a secret', () => {
  it('is the server and account, whatever the API version or the spelling of the URL', () => {
    assert.equal(clientFor('https://gestix.pt:443/').secretOrigin, 'https://gestix.pt/api/03101176');
    const other = new GestixClient({ serverUrl: 'https://GESTIX.pt', account: '03101176', apiVersion: 'v4.0.1', timeoutMs: 1_000 }, { env: {} });
    clients.push(other);
    assert.equal(other.secretOrigin, 'https://gestix.pt/api/03101176');
    assert.equal(clientFor('http://127.0.0.1:8787', 'acme').secretOrigin, 'http://127.0.0.1:8787/api/acme');
    assert.equal(clientFor('https://gestix.pt', '').secretOrigin, undefined);
    assert.equal(clientFor('not a url').secretOrigin, undefined);
  });
});

describe('the stored sign-in entry', () => {
  it('round-trips both kinds of secret with their origin', () => {
    const entries: StoredSignIn[] = [
      { method: 'apiToken', apiToken: 't', origin: 'https://gestix.pt/api/1' },
      { method: 'credentials', username: 'u', password: 'p"}', origin: 'http://[::1]:8787/api/1' },
    ];
    for (const entry of entries) assert.deepEqual(parseSignIn(serializeSignIn(entry)), entry);
  });

  it('is not a sign-in without an origin, a known method or its secret', () => {
    for (const text of [
      undefined,
      '',
      'a-bare-token',
      '[]',
      '{"method":"apiToken","apiToken":"t"}',
      '{"method":"apiToken","apiToken":"t","origin":""}',
      '{"method":"apiToken","apiToken":"","origin":"https://gestix.pt/api/1"}',
      '{"method":"credentials","username":"u","origin":"https://gestix.pt/api/1"}',
      '{"method":"other","apiToken":"t","origin":"https://gestix.pt/api/1"}',
    ]) {
      assert.equal(parseSignIn(text), undefined, String(text));
    }
  });
});

describe('a stored secret and a change of server', () => {
  it('counts as signed in only for its own server and account, and says so to listeners', async () => {
    const store = new MemorySecretStore();
    const logger = new CollectingLogger();
    const gestix = clientFor('https://gestix.pt');
    await store.store(SIGN_IN_KEY, serializeSignIn({ method: 'apiToken', apiToken: 'real-token', origin: gestix.secretOrigin! }));
    const session = new GestixSession(gestix, store, { logger });
    await session.reloadFromSecrets();
    assert.equal(session.signedIn, true);
    const changes: boolean[] = [];
    session.onDidChangeSignedIn((signedIn) => changes.push(signedIn));

    session.useClient(clientFor('http://127.0.0.1:8787'));
    assert.equal(session.signedIn, false);
    assert.equal(session.storedOrigin, 'https://gestix.pt/api/03101176', 'the secret is kept for its own server');
    assert.deepEqual(await session.withSession(async () => assert.fail('no call without a secret for this server')), { kind: 'notSignedIn' });

    session.useClient(clientFor('https://gestix.pt', 'another-account'));
    assert.equal(session.signedIn, false, 'another account on the same server is another destination');

    session.useClient(clientFor('https://gestix.pt:443'));
    assert.equal(session.signedIn, true, 'back on its own server');
    assert.deepEqual(changes, [false, true]);
    assert.ok(logger.lines.some((line) => /belongs to https:\/\/gestix\.pt\/api\/03101176; it is not sent to http:\/\/127\.0\.0\.1:8787/.test(line)));
    assert.ok(logger.lines.every((line) => !line.includes('real-token')));
  });

  it('settings without a usable server still count as signed in: nothing can be sent with them', async () => {
    const store = new MemorySecretStore();
    const gestix = clientFor('https://gestix.pt');
    await store.store(SIGN_IN_KEY, serializeSignIn({ method: 'apiToken', apiToken: 't', origin: gestix.secretOrigin! }));
    const session = new GestixSession(clientFor('https://gestix.pt', ''), store);
    await session.reloadFromSecrets();
    assert.equal(session.signedIn, true);
  });
});

describe('a secret stored by version 0.1.0 (no origin)', () => {
  it('is bound once to the server the settings name when that is https', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_API_TOKEN_KEY, 'old-token');
    const gestix = clientFor('https://gestix.pt');
    const session = new GestixSession(gestix, store);
    await session.reloadFromSecrets();
    assert.equal(session.signedIn, true);
    assert.deepEqual(parseSignIn(await store.get(SIGN_IN_KEY)), { method: 'apiToken', apiToken: 'old-token', origin: 'https://gestix.pt/api/03101176' });
    assert.deepEqual([...store.values.keys()], [SIGN_IN_KEY], 'the old entries are gone');

    const elsewhere = new GestixSession(clientFor('https://other.example.com'), store);
    await elsewhere.reloadFromSecrets();
    assert.equal(elsewhere.signedIn, false, 'once bound, it does not follow the settings');
  });

  it('credentials are bound the same way', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_CREDENTIALS_KEY, JSON.stringify({ username: 'demo', password: 'old-password' }));
    const session = new GestixSession(clientFor('https://gestix.pt'), store);
    await session.reloadFromSecrets();
    assert.equal(session.signInMethod, 'credentials');
    assert.deepEqual(parseSignIn(await store.get(SIGN_IN_KEY)), {
      method: 'credentials',
      username: 'demo',
      password: 'old-password',
      origin: 'https://gestix.pt/api/03101176',
    });
  });

  it('is deleted, not sent, when the settings name a plain-http server: the person signs in again', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_API_TOKEN_KEY, 'old-token');
    const logger = new CollectingLogger();
    const session = new GestixSession(clientFor('http://127.0.0.1:8787'), store, { logger });
    await session.reloadFromSecrets();
    assert.equal(session.signedIn, false);
    assert.equal(store.values.size, 0);
    assert.ok(logger.lines.some((line) => /earlier version is not sent over plain http/.test(line)));
  });

  it('waits while the settings name no usable server', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_API_TOKEN_KEY, 'old-token');
    const session = new GestixSession(clientFor('https://gestix.pt', ''), store);
    await session.reloadFromSecrets();
    assert.equal(session.signedIn, false);
    assert.equal(await store.get(LEGACY_API_TOKEN_KEY), 'old-token');
  });

  it('signing out removes it too', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_API_TOKEN_KEY, 'old-token');
    const session = new GestixSession(clientFor('https://gestix.pt', ''), store);
    await session.signOut();
    assert.equal(store.values.size, 0);
  });
});
