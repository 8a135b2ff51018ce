// Session health against the sandbox, with the real client and session. Checks are run by hand
// (polling disabled), so no test depends on timing.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { systemClock } from '../../src/core/host/clock';
import { StatusMonitor } from '../../src/core/status/statusMonitor';
import type { SandboxOptions } from '../../src/sandbox';
import { assertNoSecretsLogged, invoice, startRig, type Rig } from './client-support';

const TEST_LIMIT = { timeout: 20_000 };

let rig: Rig | undefined;
let monitor: StatusMonitor | undefined;

afterEach(async () => {
  monitor?.dispose();
  monitor = undefined;
  if (rig) {
    assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password]);
    await rig.close();
  }
  rig = undefined;
});

async function signedInMonitor(sandbox: SandboxOptions = {}): Promise<{ rig: Rig; monitor: StatusMonitor }> {
  rig = await startRig({ sandbox });
  const signedIn = await rig.session.signInWithApiToken(rig.sandbox.apiToken);
  assert.ok(signedIn.ok);
  monitor = new StatusMonitor(rig.session, { clock: systemClock, pollingEnabled: false });
  return { rig, monitor };
}

function requestsTo(current: Rig, path: string): number {
  return current.sandbox.control.requests().filter((request) => request.path === path).length;
}

describe('session health against the sandbox', () => {
  it('healthy, then expired after a forced expiry, then healthy again after renewing', TEST_LIMIT, async () => {
    const { rig: current, monitor: watched } = await signedInMonitor();
    const healthy = await watched.checkNow();
    assert.equal(healthy.kind, 'healthy');
    assert.match(healthy.status?.status ?? '', /^ready - login: /);
    assert.ok(!Number.isNaN(Date.parse(healthy.status?.server_time ?? '')));
    assert.equal(healthy.calledVersion, 'v4.0.0');
    assert.equal(healthy.currentVersion, 'v4.0.0');
    assert.equal(healthy.recentErrors.length, 0);

    current.sandbox.control.expireSessions();
    const expired = await watched.checkNow();
    assert.equal(expired.kind, 'expired');
    const failure = expired.lastFailure;
    assert.ok(failure?.kind === 'http' && failure.status === 403);
    assert.ok(failure.shape.kind === 'apiError' && failure.shape.error.code === 'AUTH_FAILED');
    assert.equal(requestsTo(current, '/helo'), 1, 'the health check does not sign in again by itself');
    assert.equal(expired.status?.status, healthy.status?.status, 'the last answer is kept for the tooltip');

    current.session.forgetSessionToken();
    const renewed = await watched.checkNow();
    assert.equal(renewed.kind, 'healthy');
    assert.equal(requestsTo(current, '/helo'), 2);
  });

  it('a rejected invoice shows up as a recent error', TEST_LIMIT, async () => {
    const { rig: current, monitor: watched } = await signedInMonitor();
    assert.equal((await watched.checkNow()).kind, 'healthy');

    const withoutCurrency = invoice();
    delete withoutCurrency.currency;
    const rejected = await current.session.withSession((token) =>
      current.client.createDocument(token, 'invoices', JSON.stringify(withoutCurrency), Date.now()),
    );
    assert.ok(rejected.kind === 'answered' && !rejected.result.ok);
    assert.ok(rejected.result.failure.kind === 'http' && rejected.result.failure.status === 400);

    const health = await watched.checkNow();
    assert.equal(health.kind, 'recentErrors');
    assert.equal(health.recentErrors.length, 1);
    assert.equal(health.recentErrors[0]?.code, 'INVALID_ARGUMENT');
    assert.match(health.recentErrors[0]?.message ?? '', /currency/);
    assert.equal(current.sandbox.control.documents('invoices').length, 0);
  });

  it('a server running a newer API version of the same major is reported as drift that is a compatible update', TEST_LIMIT, async () => {
    const { monitor: watched } = await signedInMonitor({ currentApiVersion: 'v4.0.1' });
    const health = await watched.checkNow();
    assert.equal(health.kind, 'versionDrift');
    assert.equal(health.calledVersion, 'v4.0.0');
    assert.equal(health.currentVersion, 'v4.0.1');
    assert.equal(health.versionChange, 'compatibleUpdate');
  });

  it('a server running another major API version is reported as drift to another version', TEST_LIMIT, async () => {
    const { monitor: watched } = await signedInMonitor({ currentApiVersion: 'v5.0.0' });
    const health = await watched.checkNow();
    assert.equal(health.kind, 'versionDrift');
    assert.equal(health.versionChange, 'otherVersion');
  });

  it('DB_TIMEOUT on /status is unreachable, with the Retry-After the server sent', TEST_LIMIT, async () => {
    const { rig: current, monitor: watched } = await signedInMonitor();
    current.sandbox.control.injectFault({ fault: 'dbTimeout', path: '/status' });
    const health = await watched.checkNow();
    assert.equal(health.kind, 'unreachable');
    assert.equal(health.consecutiveFailures, 1);
    const failure = health.lastFailure;
    assert.ok(failure?.kind === 'http' && failure.status === 503);
    assert.equal(failure.retryAfterSeconds, 1);
    const next = await watched.checkNow();
    assert.equal(next.kind, 'recentErrors', 'the fault was for one request only, and the server lists it');
    assert.deepEqual(next.recentErrors.map((error) => error.code), ['DB_TIMEOUT']);
  });

  it('unreachable once the server is gone', TEST_LIMIT, async () => {
    const { rig: current, monitor: watched } = await signedInMonitor();
    assert.equal((await watched.checkNow()).kind, 'healthy');
    await current.sandbox.close();
    const health = await watched.checkNow();
    assert.equal(health.kind, 'unreachable');
    assert.equal(health.lastFailure?.kind, 'network');
    assert.equal(health.status?.versions.current_api_version, 'v4.0.0', 'the last answer is kept');
  });
});
