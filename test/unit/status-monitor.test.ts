// The session-health state machine, driven by a manual clock, with the real session and client
// talking to a scripted Gestix server on loopback.
import assert from 'node:assert/strict';
import type http from 'node:http';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import type { Clock } from '../../src/core/host/ports';
import { GestixSession } from '../../src/core/session/session';
import {
  backoffDelayMs,
  clampPollSeconds,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  StatusMonitor,
  versionChangeOf,
  type SessionHealth,
  type StatusMonitorOptions,
} from '../../src/core/status/statusMonitor';
import type { StatusResponse } from '../../src/core/wire';
import { json, MemorySecretStore, startHttpServer, type LocalServer } from './api-support';

const ACCOUNT = '03101176';
const API_TOKEN = 'api-token-for-monitor-tests';
const SECOND = 1000;
const TEST_LIMIT = { timeout: 15_000 };

/** Sleeps wait until the test moves time past their end. */
class ManualClock implements Clock {
  time = 1_700_000_000_000;
  private timers: { due: number; resolve: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { due: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((candidate) => candidate !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Ends the earliest sleep due by `target`, moving time to its end; false when there is none. */
  fireNext(target: number): boolean {
    const next = this.timers.filter((timer) => timer.due <= target).sort((a, b) => a.due - b.due)[0];
    if (!next) return false;
    this.timers = this.timers.filter((timer) => timer !== next);
    this.time = Math.max(this.time, next.due);
    next.resolve();
    return true;
  }
}

interface ScriptedReply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** The answer waits for this. */
  gate?: Promise<void>;
}

function statusBody(overrides: Partial<StatusResponse> = {}): StatusResponse {
  return {
    status: 'ready - login: demo, company: Exemplo Lda',
    server_time: '2025-01-10T10:00:00.000Z',
    versions: { called_api_version: 'v4.0.0', current_api_version: 'v4.0.0' },
    errors: [],
    ...overrides,
  };
}

const dbTimeout: ScriptedReply = {
  status: 503,
  body: { code: 'DB_TIMEOUT', message: 'Database timeout', timestamp: '2025-01-10T10:00:00Z', path: '/status', request_id: 'req-1' },
};

const expiredReply: ScriptedReply = {
  status: 403,
  body: { code: 'AUTH_FAILED', message: 'Access denied: the session token has expired', timestamp: '2025-01-10T10:00:00Z', path: '/status' },
};

/** A Gestix server whose /status answers come from a queue (healthy when the queue is empty). */
class ScriptedGestix {
  readonly statusReplies: ScriptedReply[] = [];
  statusRequests = 0;
  heloRequests = 0;
  heloStatus = 200;
  private requestWaiters: { count: number; resolve: () => void }[] = [];

  constructor(readonly local: LocalServer) {}

  static async start(): Promise<ScriptedGestix> {
    let scripted: ScriptedGestix | undefined;
    const local = await startHttpServer((request, response) => void scripted!.handle(request, response));
    scripted = new ScriptedGestix(local);
    return scripted;
  }

  /** Resolves once `count` /status requests have arrived. */
  statusRequestsReach(count: number): Promise<void> {
    if (this.statusRequests >= count) return Promise.resolve();
    return new Promise((resolve) => this.requestWaiters.push({ count, resolve }));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://x').pathname.replace(`/api/${ACCOUNT}/v4.0.0`, '');
    if (path === '/helo') {
      this.heloRequests += 1;
      if (this.heloStatus !== 200) return json(response, this.heloStatus, { code: 'AUTH_FAILED', message: 'Access denied', timestamp: '2025-01-10T10:00:00Z' });
      return json(response, 200, { 'xa-token': `session-${this.heloRequests}` });
    }
    if (path !== '/status') return json(response, 404, { status: 404, error: 'Not Found', message: 'no route', path, timestamp: '0' });
    this.statusRequests += 1;
    for (const waiter of this.requestWaiters.filter((candidate) => candidate.count <= this.statusRequests)) waiter.resolve();
    const reply = this.statusReplies.shift() ?? { status: 200, body: statusBody() };
    await reply.gate;
    if (reply.text !== undefined) {
      response.writeHead(reply.status, { 'content-type': 'text/html', ...reply.headers });
      response.end(reply.text);
      return;
    }
    json(response, reply.status, reply.body, reply.headers);
  }
}

let server: ScriptedGestix;
let client: GestixClient;
let session: GestixSession;
let clock: ManualClock;
let monitor: StatusMonitor | undefined;

beforeEach(async () => {
  server = await ScriptedGestix.start();
  client = new GestixClient({ serverUrl: server.local.origin, account: ACCOUNT, apiVersion: 'v4.0.0', timeoutMs: 5_000 }, { env: {} });
  session = new GestixSession(client, new MemorySecretStore());
  clock = new ManualClock();
  const signedIn = await session.signInWithApiToken(API_TOKEN);
  assert.ok(signedIn.ok);
});

afterEach(async () => {
  monitor?.dispose();
  monitor = undefined;
  await client.close();
  await server.local.close();
});

/** Resolves when no check is in flight (after letting a just-fired timer start one). */
async function idle(watched: StatusMonitor): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (!watched.current.checking) return;
  await new Promise<void>((resolve) => {
    const subscription = watched.onDidChange((health) => {
      if (health.checking) return;
      subscription.dispose();
      resolve();
    });
  });
}

/** Moves time forward by `ms`, letting every poll that falls due run to its end. */
async function advance(watched: StatusMonitor, ms: number): Promise<void> {
  const target = clock.time + ms;
  while (clock.fireNext(target)) await idle(watched);
  clock.time = target;
}

async function startMonitor(options: Partial<StatusMonitorOptions> = {}): Promise<StatusMonitor> {
  monitor = new StatusMonitor(session, { clock, ...options });
  await idle(monitor);
  return monitor;
}

function delayUntilNextCheck(health: SessionHealth): number | undefined {
  return health.nextCheckAt === undefined || health.lastCheckAt === undefined ? undefined : health.nextCheckAt - health.lastCheckAt;
}

describe('versionChangeOf', () => {
  it('a newer minor or patch of the same major is a compatible update; anything else is another version', () => {
    const cases: Array<[string, string, ReturnType<typeof versionChangeOf>]> = [
      ['v4.0.0', 'v4.0.0', undefined],
      ['v4.0.0', 'v4.0.1', 'compatibleUpdate'],
      ['v4.0.0', 'v4.1.0', 'compatibleUpdate'],
      ['v4.2.9', 'v4.10.0', 'compatibleUpdate'],
      ['v4.0.9', 'v4.0.10', 'compatibleUpdate'],
      ['v4.0.0', 'v5.0.0', 'otherVersion'],
      ['v4.0.0', 'v3.9.9', 'otherVersion'],
      ['v4.0.1', 'v4.0.0', 'otherVersion'],
      ['v4.1.0', 'v4.0.9', 'otherVersion'],
      ['v4.0.0', '4.0.1', 'compatibleUpdate'],
      ['v4.0.0', 'v4.0', 'otherVersion'],
      ['v4.0.0', 'v4.0.1-beta', 'otherVersion'],
      ['v4.0.0', 'v4.0.1 [Update](command:x)', 'otherVersion'],
      ['v4.0.0', `v4.0.${'9'.repeat(100_000)}`, 'otherVersion'],
      ['', 'v4.0.1', 'otherVersion'],
    ];
    for (const [called, current, expected] of cases) assert.equal(versionChangeOf(called, current), expected, `${called} -> ${current.slice(0, 40)}`);
  });
});

describe('polling while focused', () => {
  it('checks at once when started signed in and focused, then every interval', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollSeconds: 60 });
    assert.equal(server.statusRequests, 1);
    const health = watched.current;
    assert.equal(health.kind, 'healthy');
    assert.equal(health.checking, false);
    assert.equal(health.status?.status, 'ready - login: demo, company: Exemplo Lda');
    assert.equal(health.calledVersion, 'v4.0.0');
    assert.equal(health.currentVersion, 'v4.0.0');
    assert.equal(health.lastCheckAt, clock.time);
    assert.equal(typeof health.latencyMs, 'number');
    assert.equal(delayUntilNextCheck(health), 60 * SECOND);

    await advance(watched, 59 * SECOND);
    assert.equal(server.statusRequests, 1, 'nothing before the interval');
    await advance(watched, 1 * SECOND);
    assert.equal(server.statusRequests, 2);
    await advance(watched, 120 * SECOND);
    assert.equal(server.statusRequests, 4);
    assert.equal(server.heloRequests, 1, 'the session from sign-in is reused');
  });

  it('sends nothing while the window is not focused and checks at once when focus returns', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollSeconds: 60 });
    assert.equal(server.statusRequests, 1);
    watched.setFocused(false);
    assert.equal(watched.current.nextCheckAt, undefined);
    assert.equal(clock.pendingTimers, 0);
    await advance(watched, 30 * 60 * SECOND);
    assert.equal(server.statusRequests, 1, 'no polling while unfocused');

    watched.setFocused(true);
    await idle(watched);
    assert.equal(server.statusRequests, 2, 'focus regained: checked at once');
    assert.equal(watched.current.lastCheckAt, clock.time);
    assert.equal(delayUntilNextCheck(watched.current), 60 * SECOND);
  });

  it('does not start with a check while unfocused; the first focus checks', TEST_LIMIT, async () => {
    const watched = await startMonitor({ focused: false });
    assert.equal(watched.current.kind, 'checking');
    await advance(watched, 10 * 60 * SECOND);
    assert.equal(server.statusRequests, 0);
    watched.setFocused(true);
    await idle(watched);
    assert.equal(server.statusRequests, 1);
    assert.equal(watched.current.kind, 'healthy');
  });

  it('a focus change right after a check keeps the normal schedule', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollSeconds: 60 });
    const firstCheck = clock.time;
    await advance(watched, 5 * SECOND);
    watched.setFocused(false);
    await advance(watched, 5 * SECOND);
    watched.setFocused(true);
    await idle(watched);
    assert.equal(server.statusRequests, 1, 'a check 10 s old is fresh enough');
    assert.equal(watched.current.nextCheckAt, firstCheck + 60 * SECOND);
    await advance(watched, 50 * SECOND);
    assert.equal(server.statusRequests, 2);
  });

  it('the poll interval follows the setting and is never below 15 s', TEST_LIMIT, async () => {
    assert.equal(clampPollSeconds(undefined), 60);
    assert.equal(clampPollSeconds(Number.NaN), 60);
    assert.equal(clampPollSeconds(5), 15);
    assert.equal(clampPollSeconds(90), 90);
    assert.equal(clampPollSeconds(1_000_000_000), 3600, 'a hostile value cannot overflow the timer to 1 ms');
    assert.equal(clampPollSeconds(Number.POSITIVE_INFINITY), 60);
    assert.equal(clampPollSeconds('30'), 60, 'only numbers are read');
    const watched = await startMonitor({ pollSeconds: 1 });
    assert.equal(watched.pollSeconds, 15);
    assert.equal(delayUntilNextCheck(watched.current), 15 * SECOND);
    watched.setPollSeconds(120);
    assert.equal(delayUntilNextCheck(watched.current), 120 * SECOND);
    await advance(watched, 119 * SECOND);
    assert.equal(server.statusRequests, 1);
    await advance(watched, 1 * SECOND);
    assert.equal(server.statusRequests, 2);
  });

  it('with polling disabled only a manual check sends a request', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollingEnabled: false });
    await advance(watched, 10 * 60 * SECOND);
    assert.equal(server.statusRequests, 0);
    const health = await watched.checkNow();
    assert.equal(health.kind, 'healthy');
    assert.equal(server.statusRequests, 1);
    assert.equal(clock.pendingTimers, 0, 'no poll is scheduled');
    watched.setPollingEnabled(true);
    assert.equal(delayUntilNextCheck(watched.current), 60 * SECOND, 'enabling resumes the schedule from the last check');
  });
});

describe('backoff on failures', () => {
  it('doubles the delay after each failure up to the cap, and resets after an answer', TEST_LIMIT, async () => {
    server.statusReplies.push(dbTimeout, { status: 502, text: '<html><title>Bad Gateway</title></html>' }, dbTimeout, dbTimeout, dbTimeout, dbTimeout, dbTimeout);
    const watched = await startMonitor({ pollSeconds: 60 });
    const delays: Array<number | undefined> = [delayUntilNextCheck(watched.current)];
    for (let failure = 2; failure <= 7; failure += 1) {
      await advance(watched, watched.current.nextCheckAt! - clock.time);
      assert.equal(server.statusRequests, failure);
      assert.equal(watched.current.kind, 'unreachable');
      assert.equal(watched.current.consecutiveFailures, failure);
      delays.push(delayUntilNextCheck(watched.current));
    }
    assert.deepEqual(delays, [60, 120, 240, 480, 600, 600, 600].map((seconds) => seconds * SECOND));
    assert.equal(MAX_BACKOFF_MS, 600 * SECOND);
    const failure = watched.current.lastFailure;
    assert.ok(failure?.kind === 'http' && failure.status === 503);

    await advance(watched, 600 * SECOND);
    assert.equal(watched.current.kind, 'healthy');
    assert.equal(watched.current.consecutiveFailures, 0);
    assert.equal(watched.current.lastFailure, undefined);
    assert.equal(delayUntilNextCheck(watched.current), 60 * SECOND);
  });

  it('keeps the last answer while unreachable', TEST_LIMIT, async () => {
    const watched = await startMonitor();
    const answeredAt = watched.current.lastAnswerAt;
    server.statusReplies.push(dbTimeout);
    await advance(watched, 60 * SECOND);
    assert.equal(watched.current.kind, 'unreachable');
    assert.equal(watched.current.status?.status, 'ready - login: demo, company: Exemplo Lda');
    assert.equal(watched.current.lastAnswerAt, answeredAt);
    assert.equal(watched.current.lastCheckAt, clock.time);
  });

  it('a network failure is unreachable and backs off', TEST_LIMIT, async () => {
    const watched = await startMonitor();
    await server.local.close();
    await advance(watched, 60 * SECOND);
    assert.equal(watched.current.kind, 'unreachable');
    assert.equal(watched.current.lastFailure?.kind, 'network');
    assert.equal(delayUntilNextCheck(watched.current), 60 * SECOND);
    await advance(watched, 60 * SECOND);
    assert.equal(delayUntilNextCheck(watched.current), 120 * SECOND);
  });

  it('honours Retry-After, also when focus returns', TEST_LIMIT, async () => {
    server.statusReplies.push({ ...dbTimeout, headers: { 'retry-after': '300' } });
    const watched = await startMonitor({ pollSeconds: 60 });
    assert.equal(watched.current.kind, 'unreachable');
    assert.equal(delayUntilNextCheck(watched.current), 300 * SECOND);

    await advance(watched, 100 * SECOND);
    watched.setFocused(false);
    await advance(watched, 20 * SECOND);
    watched.setFocused(true);
    await idle(watched);
    assert.equal(server.statusRequests, 1, 'focus does not cut Retry-After short');
    await advance(watched, 179 * SECOND);
    assert.equal(server.statusRequests, 1);
    await advance(watched, 1 * SECOND);
    assert.equal(server.statusRequests, 2);
    assert.equal(watched.current.kind, 'healthy');
  });

  it('computes delays from failures, interval and Retry-After', () => {
    assert.equal(backoffDelayMs(1, 60 * SECOND), 60 * SECOND);
    assert.equal(backoffDelayMs(3, 60 * SECOND), 240 * SECOND);
    assert.equal(backoffDelayMs(50, 60 * SECOND), MAX_BACKOFF_MS);
    assert.equal(backoffDelayMs(50, 30 * 60 * SECOND), 30 * 60 * SECOND, 'never polls faster than the interval');
    assert.equal(backoffDelayMs(1, 60 * SECOND, 1), 60 * SECOND, 'a short Retry-After does not shorten the delay');
    assert.equal(backoffDelayMs(1, 60 * SECOND, 900), 900 * SECOND);
    assert.equal(backoffDelayMs(1, 60 * SECOND, 10 ** 9), MAX_RETRY_AFTER_MS);
    assert.equal(backoffDelayMs(1, 60 * SECOND, Number.POSITIVE_INFINITY), MAX_RETRY_AFTER_MS);
    assert.equal(backoffDelayMs(1, 60 * SECOND, Number.NaN), 60 * SECOND);
    assert.equal(backoffDelayMs(Number.MAX_SAFE_INTEGER, clampPollSeconds(10 ** 9) * SECOND), 3600 * SECOND, 'the backoff of the longest interval stays a valid timer');
  });
});

describe('one request at a time', () => {
  it('a manual check during a poll joins it', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollSeconds: 60 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.statusReplies.push({ status: 200, body: statusBody({ status: 'ready - slow' }), gate });
    clock.fireNext(clock.time + 60 * SECOND);
    await server.statusRequestsReach(2);
    assert.equal(watched.current.checking, true);

    const first = watched.checkNow();
    const second = watched.checkNow();
    assert.equal(first, second);
    release();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.status?.status, 'ready - slow');
    assert.equal(b, a);
    assert.equal(server.statusRequests, 2, 'one request for the poll and both manual checks');
    assert.equal(clock.pendingTimers, 1, 'exactly one poll scheduled afterwards');
  });

  it('concurrent manual checks send one request', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollingEnabled: false });
    const results = await Promise.all([watched.checkNow(), watched.checkNow(), watched.checkNow()]);
    assert.equal(server.statusRequests, 1);
    assert.ok(results.every((health) => health.kind === 'healthy'));
  });
});

describe('stopping', () => {
  it('stops on sign-out and starts again on sign-in', TEST_LIMIT, async () => {
    const watched = await startMonitor();
    const kinds: string[] = [];
    watched.onDidChange((health) => kinds.push(health.kind));
    await session.signOut();
    assert.equal(watched.current.kind, 'notSignedIn');
    assert.equal(watched.current.status, undefined, 'nothing of the old session is kept');
    assert.equal(clock.pendingTimers, 0);
    await advance(watched, 60 * 60 * SECOND);
    assert.equal(server.statusRequests, 1);
    assert.ok(kinds.includes('notSignedIn'));

    const signedIn = await session.signInWithApiToken(API_TOKEN);
    assert.ok(signedIn.ok);
    await idle(watched);
    assert.equal(server.statusRequests, 2, 'checked at once after signing in');
    assert.equal(watched.current.kind, 'healthy');
  });

  it('drops the answer of a check that was in flight at sign-out', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollingEnabled: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.statusReplies.push({ status: 200, body: statusBody(), gate });
    const pending = watched.checkNow();
    await server.statusRequestsReach(1);
    await session.signOut();
    release();
    const health = await pending;
    assert.equal(health.kind, 'notSignedIn');
    assert.equal(watched.current.kind, 'notSignedIn');
  });

  it('dispose cancels the schedule; nothing is sent or reported afterwards', TEST_LIMIT, async () => {
    const watched = await startMonitor();
    let changes = 0;
    watched.onDidChange(() => {
      changes += 1;
    });
    watched.dispose();
    assert.equal(clock.pendingTimers, 0);
    const countAtDispose = changes;
    await advance(watched, 60 * 60 * SECOND);
    watched.setFocused(false);
    watched.setFocused(true);
    await watched.checkNow();
    assert.equal(server.statusRequests, 1);
    assert.equal(changes, countAtDispose);
  });

  it('a manual check when nobody is signed in sends nothing', TEST_LIMIT, async () => {
    await session.signOut();
    const watched = await startMonitor();
    assert.equal(watched.current.kind, 'notSignedIn');
    const health = await watched.checkNow();
    assert.equal(health.kind, 'notSignedIn');
    assert.equal(server.statusRequests, 0);
  });
});

describe('what an answer means', () => {
  it('403 marks the session expired without signing in again, and polling goes on at the normal pace', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollSeconds: 60 });
    server.statusReplies.push(expiredReply, expiredReply);
    await advance(watched, 60 * SECOND);
    assert.equal(watched.current.kind, 'expired');
    assert.equal(server.heloRequests, 1, 'no transparent re-authentication');
    assert.equal(watched.current.consecutiveFailures, 0, 'an expired session is not a server failure');
    assert.equal(delayUntilNextCheck(watched.current), 60 * SECOND);
    const failure = watched.current.lastFailure;
    assert.ok(failure?.kind === 'http' && failure.status === 403);

    await advance(watched, 60 * SECOND);
    assert.equal(watched.current.kind, 'expired');
    assert.equal(server.heloRequests, 1);

    // Renewing (what "Sign In Again" does with the stored token) turns it healthy.
    session.forgetSessionToken();
    const renewed = await watched.checkNow();
    assert.equal(renewed.kind, 'healthy');
    assert.equal(server.heloRequests, 2);
  });

  it('signed in without an account setting is not configured: nothing is sent and nothing backs off', TEST_LIMIT, async () => {
    const unconfigured = new GestixClient({ serverUrl: server.local.origin, account: '', apiVersion: 'v4.0.0', timeoutMs: 5_000 }, { env: {} });
    session.useClient(unconfigured);
    session.forgetSessionToken();
    const watched = await startMonitor({ pollSeconds: 60 });
    const health = await watched.checkNow();
    assert.equal(health.kind, 'notConfigured');
    assert.equal(health.consecutiveFailures, 0);
    assert.ok(health.lastFailure?.kind === 'network' && health.lastFailure.reason === 'settings');
    assert.match(health.lastFailure.message, /gestix\.account/);
    assert.equal(server.statusRequests + server.heloRequests, 1, 'only the sign-in before the change reached the server');

    session.useClient(client);
    assert.equal((await watched.checkNow()).kind, 'healthy');
    await unconfigured.close();
  });

  it('a refused stored token is expired with the reason', TEST_LIMIT, async () => {
    server.heloStatus = 403;
    session.forgetSessionToken();
    const watched = await startMonitor();
    assert.equal(watched.current.kind, 'expired');
    assert.equal(watched.current.signInFailure, 'rejected');
    assert.equal(server.statusRequests, 0);
  });

  it('a newer current API version of the same major is version drift, marked a compatible update', TEST_LIMIT, async () => {
    server.statusReplies.push({ status: 200, body: statusBody({ versions: { called_api_version: 'v4.0.0', current_api_version: 'v4.0.1' } }) });
    const watched = await startMonitor();
    assert.equal(watched.current.kind, 'versionDrift');
    assert.equal(watched.current.calledVersion, 'v4.0.0');
    assert.equal(watched.current.currentVersion, 'v4.0.1');
    assert.equal(watched.current.versionChange, 'compatibleUpdate');
  });

  it('another major version is version drift marked as another version, and stays so while later checks fail', TEST_LIMIT, async () => {
    server.statusReplies.push({ status: 200, body: statusBody({ versions: { called_api_version: 'v4.0.0', current_api_version: 'v5.0.0' } }) });
    const watched = await startMonitor();
    assert.equal(watched.current.kind, 'versionDrift');
    assert.equal(watched.current.versionChange, 'otherVersion');
    server.statusReplies.push({ status: 502, text: '<html><title>Bad Gateway</title></html>' });
    await watched.checkNow();
    assert.equal(watched.current.kind, 'unreachable');
    assert.equal(watched.current.versionChange, 'otherVersion', 'what the last answer said is kept');
  });

  it('the same version is no drift', TEST_LIMIT, async () => {
    server.statusReplies.push({ status: 200, body: statusBody({ versions: { called_api_version: 'v4.0.0', current_api_version: 'v4.0.0' } }) });
    const watched = await startMonitor();
    assert.equal(watched.current.kind, 'healthy');
    assert.equal(watched.current.versionChange, undefined);
  });

  it('errors listed by the server are counted; malformed entries are left out', TEST_LIMIT, async () => {
    const errors = [
      { code: 'INVALID_ARGUMENT', message: 'Missing required field: currency', timestamp: '2025-01-10T10:00:00Z', path: '/invoices' },
      { code: 'DUPLICATE_ENTRY', message: 'Duplicate seq_number', timestamp: '2025-01-10T10:01:00Z' },
      { code: 42, message: null },
      'not an error',
    ];
    server.statusReplies.push({
      status: 200,
      body: { ...statusBody({ versions: { called_api_version: 'v4.0.0', current_api_version: 'v4.0.1' } }), errors },
    });
    const watched = await startMonitor();
    assert.equal(watched.current.kind, 'recentErrors', 'errors outrank version drift');
    assert.deepEqual(
      watched.current.recentErrors.map((error) => error.code),
      ['INVALID_ARGUMENT', 'DUPLICATE_ENTRY'],
    );
    assert.equal(watched.current.currentVersion, 'v4.0.1', 'the drift is still reported');
  });

  it('listeners see checking, then the answer', TEST_LIMIT, async () => {
    const watched = await startMonitor({ pollingEnabled: false });
    const seen: Array<[string, boolean]> = [];
    watched.onDidChange((health) => seen.push([health.kind, health.checking]));
    await watched.checkNow();
    assert.deepEqual(seen[0], ['checking', true]);
    assert.deepEqual(seen.at(-1), ['healthy', false]);
  });
});
