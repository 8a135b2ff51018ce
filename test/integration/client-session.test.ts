// Sign-in state against the sandbox: what is stored, when, and how an expired session is renewed.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import { DEFAULT_MAX_RENEWALS, GestixSession, parseSignIn, SIGN_IN_KEY } from '../../src/core/session/session';
import { startSandbox } from '../../src/sandbox';
import { storeApiToken } from '../unit/api-support';
import { assertNoSecretsLogged, startRig, type Rig } from './client-support';

let rig: Rig;

beforeEach(async () => {
  rig = await startRig();
});

afterEach(async () => {
  assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password]);
  await rig.close();
});

function heloCount(): number {
  return rig.sandbox.control.requests().filter((request) => request.path === '/helo').length;
}

const statusCall = () => (token: string) => rig.client.status(token);

describe('signing in and out', () => {
  it('a good API token signs in and is stored', async () => {
    const changes: boolean[] = [];
    rig.session.onDidChangeSignedIn((signedIn) => changes.push(signedIn));
    const result = await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    assert.ok(result.ok);
    assert.equal(rig.session.signedIn, true);
    assert.equal(rig.session.signInMethod, 'apiToken');
    assert.deepEqual(parseSignIn(await rig.secretStore.get(SIGN_IN_KEY)), {
      method: 'apiToken',
      apiToken: rig.sandbox.apiToken,
      origin: `${rig.sandbox.origin}/api/${rig.sandbox.account}`,
    });
    assert.deepEqual(changes, [true]);
  });

  it('a wrong API token stores nothing and keeps the session signed out', async () => {
    const changes: boolean[] = [];
    rig.session.onDidChangeSignedIn((signedIn) => changes.push(signedIn));
    const result = await rig.session.signInWithApiToken('wrong-token-value');
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.failure.kind === 'http' && result.failure.status === 403);
    assert.equal(rig.session.signedIn, false);
    assert.equal(rig.secretStore.values.size, 0);
    assert.deepEqual(changes, []);
    assertNoSecretsLogged(rig.logger, ['wrong-token-value']);
  });

  it('user name and password sign in and are stored for re-authentication', async () => {
    const result = await rig.session.signInWithPassword(rig.sandbox.username, rig.sandbox.password);
    assert.ok(result.ok);
    assert.equal(rig.session.signInMethod, 'credentials');
    assert.deepEqual(parseSignIn(await rig.secretStore.get(SIGN_IN_KEY)), {
      method: 'credentials',
      username: rig.sandbox.username,
      password: rig.sandbox.password,
      origin: `${rig.sandbox.origin}/api/${rig.sandbox.account}`,
    });
    assert.deepEqual([...rig.secretStore.values.keys()], [SIGN_IN_KEY]);
  });

  it('a wrong password stores nothing', async () => {
    const result = await rig.session.signInWithPassword(rig.sandbox.username, 'wrong-password-value');
    assert.equal(result.ok, false);
    assert.equal(rig.secretStore.values.size, 0);
    assertNoSecretsLogged(rig.logger, ['wrong-password-value']);
  });

  it('sign out deletes everything it stored and notifies', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    const changes: boolean[] = [];
    rig.session.onDidChangeSignedIn((signedIn) => changes.push(signedIn));
    await rig.session.signOut();
    assert.equal(rig.session.signedIn, false);
    assert.equal(rig.secretStore.values.size, 0);
    assert.deepEqual(changes, [false]);
    assert.deepEqual(await rig.session.withSession(statusCall()), { kind: 'notSignedIn' });
  });
});

describe('other windows and reloads', () => {
  it('after a reload the stored API token is exchanged silently at first use', async () => {
    await storeApiToken(rig.secretStore, rig.client, rig.sandbox.apiToken);
    const reloaded = new GestixSession(rig.client, rig.secretStore);
    await reloaded.reloadFromSecrets();
    assert.equal(reloaded.signedIn, true);
    assert.equal(reloaded.hasSessionToken, false);
    const outcome = await reloaded.withSession(statusCall());
    assert.equal(outcome.kind, 'answered');
    if (outcome.kind === 'answered') assert.ok(outcome.result.ok);
    assert.equal(heloCount(), 1);
  });

  it('follows a sign-in and a sign-out made in another window', async () => {
    const other = new GestixSession(rig.client, rig.secretStore);
    await rig.session.reloadFromSecrets();
    const changes: boolean[] = [];
    rig.session.onDidChangeSignedIn((signedIn) => changes.push(signedIn));

    assert.ok((await other.signInWithApiToken(rig.sandbox.apiToken)).ok);
    await rig.session.reloadFromSecrets();
    assert.equal(rig.session.signedIn, true);

    await other.signOut();
    await rig.session.reloadFromSecrets();
    assert.equal(rig.session.signedIn, false);
    assert.deepEqual(changes, [true, false]);
  });

  it('its own write, echoed back by the store as a change, keeps the fresh session', async () => {
    const echoes: Promise<void>[] = [];
    const echoing = Object.assign(Object.create(rig.secretStore) as typeof rig.secretStore, {
      store: async (key: string, value: string) => {
        await rig.secretStore.store(key, value);
        echoes.push(session.reloadFromSecrets());
      },
    });
    const session = new GestixSession(rig.client, echoing);
    // As the status bar does: a sign-in is news, and news is checked at once.
    const checks: Promise<unknown>[] = [];
    session.onDidChangeSignedIn(() => checks.push(session.withSession(statusCall())));
    assert.ok((await session.signInWithApiToken(rig.sandbox.apiToken)).ok);
    await Promise.all(echoes);
    await Promise.all(checks);
    assert.equal(echoes.length, 1);
    assert.equal(checks.length, 1, 'one piece of news');
    assert.equal(session.hasSessionToken, true);
    assert.equal(heloCount(), 1, 'the secret was exchanged once');
  });

  it('reloading unchanged secrets keeps the session token', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    await rig.session.reloadFromSecrets();
    assert.equal(rig.session.hasSessionToken, true);
  });

  it('a stored API token that is no longer valid: sign-in failed, rejected', async () => {
    await storeApiToken(rig.secretStore, rig.client, 'revoked-token-value');
    const outcome = await rig.session.withSession(statusCall());
    assert.equal(outcome.kind, 'signInFailed');
    if (outcome.kind === 'signInFailed') assert.equal(outcome.reason, 'rejected');
  });
});

describe('the stored secret and its server', () => {
  it('is not sent to another server the settings switch to; signing in there asks for that server\'s secret', async () => {
    const other = await startSandbox();
    const otherClient = new GestixClient({ serverUrl: other.origin, account: other.account, apiVersion: 'v4.0.0', timeoutMs: 5_000 }, { env: {} });
    try {
      assert.ok((await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok);
      rig.session.useClient(otherClient);
      assert.equal(rig.session.signedIn, false);
      assert.deepEqual(await rig.session.withSession((token) => otherClient.status(token)), { kind: 'notSignedIn' });
      assert.deepEqual(other.control.requests(), [], 'the other server saw nothing, least of all the API token');

      const reloaded = new GestixSession(otherClient, rig.secretStore);
      await reloaded.reloadFromSecrets();
      assert.equal(reloaded.signedIn, false, 'a reload in the other window does not send it either');
      assert.deepEqual(other.control.requests(), []);

      assert.ok((await rig.session.signInWithApiToken(other.apiToken)).ok);
      assert.equal(rig.session.storedOrigin, `${other.origin}/api/${other.account}`);
      rig.session.useClient(rig.client);
      assert.equal(rig.session.signedIn, false, 'one stored secret: the first server now needs its own again');
      assert.equal(heloCount(), 1, 'the first server saw only the first sign-in');
    } finally {
      await otherClient.close();
      await other.close();
    }
  });
});

describe('withSession', () => {
  it('renews an expired session once and repeats the call', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    rig.sandbox.control.expireSessions();
    const tokens: string[] = [];
    const outcome = await rig.session.withSession((token) => {
      tokens.push(token);
      return rig.client.status(token);
    });
    assert.equal(outcome.kind, 'answered');
    if (outcome.kind === 'answered') {
      assert.ok(outcome.result.ok);
      assert.equal(outcome.reauthenticated, true);
    }
    assert.equal(tokens.length, 2);
    assert.notEqual(tokens[0], tokens[1]);
    assert.equal(heloCount(), 2);
    assertNoSecretsLogged(rig.logger, tokens);
  });

  it('renews with stored user name and password too', async () => {
    await rig.session.signInWithPassword(rig.sandbox.username, rig.sandbox.password);
    rig.sandbox.control.expireSessions();
    const outcome = await rig.session.withSession(statusCall());
    assert.ok(outcome.kind === 'answered' && outcome.result.ok && outcome.reauthenticated);
    assert.equal(rig.sandbox.control.requests().filter((request) => request.path === '/auth').length, 2);
  });

  it('concurrent callers hitting an expired session share one renewal', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    rig.sandbox.control.expireSessions();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => rig.session.withSession(statusCall())));
    for (const outcome of outcomes) assert.ok(outcome.kind === 'answered' && outcome.result.ok);
    assert.equal(heloCount(), 2, 'one sign-in, one shared renewal');
  });

  it('tells its listeners once per renewal, with the sign-in unchanged', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    let renewals = 0;
    const signedInChanges: boolean[] = [];
    rig.session.onDidRenewSessionToken(() => {
      renewals += 1;
    });
    rig.session.onDidChangeSignedIn((signedIn) => signedInChanges.push(signedIn));
    await rig.session.withSession(statusCall());
    assert.equal(renewals, 0, 'a session still valid is not renewed');
    rig.sandbox.control.expireSessions();
    await Promise.all(Array.from({ length: 3 }, () => rig.session.withSession(statusCall())));
    assert.equal(renewals, 1);
    assert.deepEqual(signedInChanges, []);
  });

  it('fresh sessions refused twice in a row: signs in again with a growing pause, then answers', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    rig.sandbox.control.expireSessions();
    rig.sandbox.control.setModes({ refuseFreshSessions: 2 });
    const sleepsBefore = rig.clock.sleeps.length;
    const outcome = await rig.session.withSession(statusCall());
    assert.ok(outcome.kind === 'answered' && outcome.result.ok && outcome.reauthenticated, JSON.stringify(outcome));
    assert.equal(heloCount(), 4, 'the first sign-in, then one per refusal');
    assert.deepEqual(rig.clock.sleeps.slice(sleepsBefore), [250, 500]);
  });

  it('a session refused after every renewal: still forbidden after a bounded number of sign-ins', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    rig.sandbox.control.injectFault({ fault: 'expireSession', path: '/status', count: 100 });
    const outcome = await rig.session.withSession(statusCall());
    assert.equal(outcome.kind, 'signInFailed');
    if (outcome.kind === 'signInFailed') assert.equal(outcome.reason, 'stillForbidden');
    assert.equal(rig.sandbox.control.requests().filter((request) => request.path === '/status').length, 1 + DEFAULT_MAX_RENEWALS);
  });

  it('does not renew when asked not to (a status poll reports expiry instead)', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    rig.sandbox.control.expireSessions();
    const outcome = await rig.session.withSession(statusCall(), { reauthenticate: false });
    assert.ok(outcome.kind === 'answered' && !outcome.result.ok && outcome.result.failure.kind === 'http' && outcome.result.failure.status === 403);
    assert.equal(heloCount(), 1);
  });

  it('a renewal that cannot reach the server: sign-in failed, unreachable', async () => {
    await rig.session.signInWithApiToken(rig.sandbox.apiToken);
    rig.sandbox.control.expireSessions();
    rig.sandbox.control.injectFault({ fault: 'html502', path: '/helo' });
    const outcome = await rig.session.withSession(statusCall());
    assert.equal(outcome.kind, 'signInFailed');
    if (outcome.kind === 'signInFailed') assert.equal(outcome.reason, 'unreachable');
  });
});
