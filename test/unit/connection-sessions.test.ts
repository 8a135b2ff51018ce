// Each connection's session keeps its own secret in the one SecretStore, and the session the window
// follows (ActiveSession) is whichever connection is in use. No server is needed: the clients point
// at hosts that do not exist, and nothing here may send anything.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ActiveSession } from '../../src/core/connections/activeSession';
import { connectionFromSettings, DEFAULT_API_VERSION, nonceKeyOf, signInKeyOf, type Connection } from '../../src/core/connections/connection';
import { GestixClient } from '../../src/core/http/client';
import { succeeded } from '../../src/core/http/result';
import { PersistentNonceSource } from '../../src/core/session/nonce';
import { GestixSession, LEGACY_API_TOKEN_KEY, LEGACY_CREDENTIALS_KEY, parseSignIn, serializeSignIn, SIGN_IN_KEY } from '../../src/core/session/session';
import { MemorySecretStore, MemoryValueStore } from './api-support';

const EMPRESA_A: Connection = {
  name: 'Empresa A',
  serverUrl: 'https://gestix.invalid',
  account: 'empresa-a',
  apiVersion: DEFAULT_API_VERSION,
  signInMethod: 'apiToken',
  source: 'connections',
};
const EMPRESA_B: Connection = { ...EMPRESA_A, name: 'Empresa B', serverUrl: 'https://test.gestix.invalid', account: 'empresa-b', signInMethod: 'credentials' };
const FROM_SETTINGS = connectionFromSettings({ serverUrl: 'https://gestix.invalid', account: '03101176', apiVersion: DEFAULT_API_VERSION, signInMethod: undefined });

const clients: GestixClient[] = [];
const sessions: ActiveSession[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

function clientOf(connection: Pick<Connection, 'serverUrl' | 'account' | 'apiVersion'>): GestixClient {
  const client = new GestixClient({ serverUrl: connection.serverUrl, account: connection.account, apiVersion: connection.apiVersion, timeoutMs: 1_000 }, { env: {} });
  clients.push(client);
  return client;
}

/** A connection's session as the window makes it: its own client and its own SecretStore entry. */
function sessionOf(connection: Connection, store: MemorySecretStore): GestixSession {
  return new GestixSession(clientOf(connection), store, { signInKey: signInKeyOf(connection) });
}

function activeSession(current: GestixSession): ActiveSession {
  const active = new ActiveSession(current);
  sessions.push(active);
  return active;
}

/** A secret stored earlier for the connection, where its session looks for it. */
async function storeSecretOf(store: MemorySecretStore, connection: Connection, secret: string): Promise<void> {
  const origin = clientOf(connection).secretOrigin!;
  const signIn =
    connection.signInMethod === 'credentials'
      ? { method: 'credentials' as const, username: `user-of-${connection.account}`, password: secret, origin }
      : { method: 'apiToken' as const, apiToken: secret, origin };
  await store.store(signInKeyOf(connection), serializeSignIn(signIn));
}

async function signedInPair(): Promise<{ store: MemorySecretStore; a: GestixSession; b: GestixSession }> {
  const store = new MemorySecretStore();
  await storeSecretOf(store, EMPRESA_A, 'token-of-a');
  await storeSecretOf(store, EMPRESA_B, 'password-of-b');
  const a = sessionOf(EMPRESA_A, store);
  const b = sessionOf(EMPRESA_B, store);
  await a.ensureLoaded();
  await b.ensureLoaded();
  return { store, a, b };
}

describe('two connections on one SecretStore', () => {
  it('each reads its own secret, for its own server and account', async () => {
    const { a, b } = await signedInPair();
    assert.equal(a.signedIn, true);
    assert.equal(b.signedIn, true);
    assert.equal(a.signInMethod, 'apiToken');
    assert.equal(b.signInMethod, 'credentials');
    assert.equal(a.storedOrigin, 'https://gestix.invalid/api/empresa-a');
    assert.equal(b.storedOrigin, 'https://test.gestix.invalid/api/empresa-b');
  });

  it('a connection without a secret of its own is signed out, whatever the others hold', async () => {
    const store = new MemorySecretStore();
    await storeSecretOf(store, EMPRESA_A, 'token-of-a');
    const b = sessionOf(EMPRESA_B, store);
    assert.deepEqual(await b.withSession(async () => assert.fail('nothing is sent without a secret')), { kind: 'notSignedIn' });
    assert.equal(b.signedIn, false);
  });

  it('signing out of one deletes only its own entry; the other stays signed in, also after a reload', async () => {
    const { store, a, b } = await signedInPair();
    const changesOfB: boolean[] = [];
    b.onDidChangeSignedIn((signedIn) => changesOfB.push(signedIn));
    await a.signOut();
    assert.equal(a.signedIn, false);
    assert.deepEqual([...store.values.keys()], [signInKeyOf(EMPRESA_B)]);
    assert.equal(b.signedIn, true);
    await b.reloadFromSecrets();
    assert.equal(b.signedIn, true);
    assert.equal(parseSignIn(await store.get(signInKeyOf(EMPRESA_B)))?.method, 'credentials');
    assert.deepEqual(changesOfB, []);
  });

  it('another window signing out of one is news for that one only', async () => {
    const { store, a, b } = await signedInPair();
    const changes: string[] = [];
    a.onDidChangeSignedIn((signedIn) => changes.push(`a ${signedIn}`));
    b.onDidChangeSignedIn((signedIn) => changes.push(`b ${signedIn}`));
    await store.delete(signInKeyOf(EMPRESA_B));
    await a.reloadFromSecrets();
    await b.reloadFromSecrets();
    assert.deepEqual(changes, ['b false']);
    assert.equal(a.signedIn, true);
  });

  it('a secret copied under another connection’s key is not sent to that connection’s server', async () => {
    const store = new MemorySecretStore();
    await storeSecretOf(store, EMPRESA_A, 'token-of-a');
    await store.store(signInKeyOf(EMPRESA_B), (await store.get(signInKeyOf(EMPRESA_A)))!);
    const b = sessionOf(EMPRESA_B, store);
    await b.ensureLoaded();
    assert.equal(b.signedIn, false);
    assert.equal(await b.sessionTokenNow(), undefined);
  });
});

/** A store whose first read answers what it held when asked, but only once `answerFirstRead` is called. */
class SlowFirstRead extends MemorySecretStore {
  private answer: () => void = () => undefined;
  private readonly answered = new Promise<void>((resolve) => {
    this.answer = resolve;
  });
  private firstReadAsked = false;

  override async get(key: string): Promise<string | undefined> {
    if (this.firstReadAsked) return super.get(key);
    this.firstReadAsked = true;
    const held = this.values.get(key);
    await this.answered;
    return held;
  }

  answerFirstRead(): void {
    this.answer();
  }
}

describe('the sign-in Add Connection checked, kept for the connection it saved', () => {
  it('survives the connection’s first read of the store, begun before it was kept and answered after', async () => {
    const store = new SlowFirstRead();
    const session = sessionOf(EMPRESA_A, store);
    const firstRead = session.ensureLoaded();
    await session.adoptSignIn({ method: 'apiToken', apiToken: 'token-of-a', origin: session.client.secretOrigin! }, 'session-of-the-check');
    store.answerFirstRead();
    await firstRead;
    assert.equal(session.signedIn, true);
    const outcome = await session.withSession(async (sessionToken) => succeeded(sessionToken, 200));
    assert.deepEqual(outcome.kind === 'answered' && outcome.result.ok && outcome.result.value, 'session-of-the-check', 'no sign-in again');
  });
});

describe('the settings of version 0.2 as a connection (migration)', () => {
  it('their stored sign-in keeps working: their connection reads the entry 0.2 wrote', async () => {
    const store = new MemorySecretStore();
    const origin = clientOf(FROM_SETTINGS).secretOrigin!;
    await store.store(SIGN_IN_KEY, serializeSignIn({ method: 'apiToken', apiToken: 'token-of-0.2', origin }));
    const session = sessionOf(FROM_SETTINGS, store);
    await session.ensureLoaded();
    assert.equal(session.signedIn, true);
    assert.equal(session.storedOrigin, 'https://gestix.invalid/api/03101176');
  });

  it('a secret stored by 0.1.0 is taken over by the settings’ connection only', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_API_TOKEN_KEY, 'token-of-0.1');
    await store.store(LEGACY_CREDENTIALS_KEY, JSON.stringify({ username: 'demo', password: 'password-of-0.1' }));
    const named = sessionOf(EMPRESA_A, store);
    await named.reloadFromSecrets();
    assert.equal(named.signedIn, false, 'a named connection does not take a secret that says nothing of its server');
    assert.deepEqual([...store.values.keys()].sort(), [LEGACY_API_TOKEN_KEY, LEGACY_CREDENTIALS_KEY].sort(), 'and leaves it for the settings’ connection');

    const fromSettings = sessionOf(FROM_SETTINGS, store);
    await fromSettings.reloadFromSecrets();
    assert.equal(fromSettings.signedIn, true);
    assert.deepEqual(parseSignIn(await store.get(SIGN_IN_KEY)), { method: 'apiToken', apiToken: 'token-of-0.1', origin: 'https://gestix.invalid/api/03101176' });
    assert.deepEqual([...store.values.keys()], [SIGN_IN_KEY]);
  });

  it('signing out of a named connection leaves the entries of 0.1.0 and 0.2 alone', async () => {
    const store = new MemorySecretStore();
    await store.store(LEGACY_API_TOKEN_KEY, 'token-of-0.1');
    await store.store(SIGN_IN_KEY, serializeSignIn({ method: 'apiToken', apiToken: 'token-of-0.2', origin: clientOf(FROM_SETTINGS).secretOrigin! }));
    await storeSecretOf(store, EMPRESA_A, 'token-of-a');
    await sessionOf(EMPRESA_A, store).signOut();
    assert.deepEqual([...store.values.keys()].sort(), [LEGACY_API_TOKEN_KEY, SIGN_IN_KEY].sort());
  });
});

describe('each connection’s nonces', () => {
  it('are a sequence of their own, kept under their own key', async () => {
    const values = new MemoryValueStore();
    const clock = () => 1_000;
    const ofA = new PersistentNonceSource(values, clock, nonceKeyOf(EMPRESA_A));
    const ofB = new PersistentNonceSource(values, clock, nonceKeyOf(EMPRESA_B));
    const ofSettings = new PersistentNonceSource(values, clock, nonceKeyOf(FROM_SETTINGS));
    assert.deepEqual([await ofA.next(), await ofA.next(), await ofB.next(), await ofSettings.next()], [1_000, 1_001, 1_000, 1_000]);
    assert.deepEqual([...values.values.keys()].sort(), ['gestix.lastNonce', 'gestix.lastNonce:empresa a', 'gestix.lastNonce:empresa b']);
  });
});

describe('the session the window follows', () => {
  it('forwards to the session of the connection in use', async () => {
    const { a, b } = await signedInPair();
    const active = activeSession(a);
    assert.equal(active.session, a);
    assert.equal(active.signedIn, true);
    assert.equal(active.client, a.client);
    assert.equal(active.storedOrigin, a.storedOrigin);
    assert.equal(active.signInMethod, 'apiToken');
    active.use(b);
    assert.equal(active.session, b);
    assert.equal(active.client, b.client);
    assert.equal(active.storedOrigin, 'https://test.gestix.invalid/api/empresa-b');
    assert.equal(active.signInMethod, 'credentials');
  });

  it('tells listeners when another connection takes the place, with that one’s sign-in, and not when the same one is used again', async () => {
    const store = new MemorySecretStore();
    await storeSecretOf(store, EMPRESA_A, 'token-of-a');
    const a = sessionOf(EMPRESA_A, store);
    const b = sessionOf(EMPRESA_B, store);
    await a.ensureLoaded();
    await b.ensureLoaded();
    const active = activeSession(a);
    const changes: boolean[] = [];
    active.onDidChangeSignedIn((signedIn) => changes.push(signedIn));
    active.use(b);
    active.use(b);
    active.use(a);
    assert.deepEqual(changes, [false, true]);
  });

  it('passes on sign-in changes of the session in use only', async () => {
    const { a, b } = await signedInPair();
    const active = activeSession(a);
    const changes: boolean[] = [];
    active.onDidChangeSignedIn((signedIn) => changes.push(signedIn));
    active.use(b);
    await a.signOut();
    assert.deepEqual(changes, [true], 'the connection no longer in use signed out: no news for the window');
    await b.signOut();
    assert.deepEqual(changes, [true, false]);
  });

  it('signs out of the connection in use only', async () => {
    const { store, a, b } = await signedInPair();
    const active = activeSession(a);
    active.use(b);
    await active.signOut();
    assert.equal(b.signedIn, false);
    assert.equal(a.signedIn, true);
    assert.deepEqual([...store.values.keys()], [signInKeyOf(EMPRESA_A)]);
    assert.deepEqual(await active.withSession(async () => assert.fail('b is signed out')), { kind: 'notSignedIn' });
  });

  it('is quiet once disposed', async () => {
    const { a } = await signedInPair();
    const active = activeSession(a);
    const changes: boolean[] = [];
    active.onDidChangeSignedIn((signedIn) => changes.push(signedIn));
    active.dispose();
    await a.signOut();
    assert.deepEqual(changes, []);
  });
});
