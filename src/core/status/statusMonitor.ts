// Session health: polls GET /status while someone is looking (signed in, window focused, polling
// enabled) and turns each answer into one `SessionHealth` value for the status bar.
//
// Scheduling rules:
// - After an answer the next poll is due one interval later.
// - After a failure (network, 5xx, unreadable answer, sign-in exchange that could not be made) the
//   delay doubles from the interval up to MAX_BACKOFF_MS, and is never shorter than Retry-After.
// - When focus returns, the check runs at once if the last one finished at least
//   MIN_POLL_SECONDS ago and no backoff is pending; otherwise the normal schedule resumes. Switching
//   windows rapidly therefore costs at most one request per MIN_POLL_SECONDS.
// - One request at a time: a manual check while one is in flight gets that one's result.
// - /status is called without transparent re-authentication, so an expired session shows as expired
//   instead of being silently renewed by the health check itself. Polling continues at the normal
//   interval while expired, so a session renewed elsewhere (e.g. by a send) turns healthy again.
import type { Failure, Result } from '../http/result';
import { Emitter, type Disposable, type Event } from '../host/events';
import type { Clock } from '../host/ports';
import type { SessionCallOutcome, SignInFailureReason } from '../session/session';
import { clampSetting, POLL_SECONDS } from '../host/settingRanges';
import type { ApiErrorBody, StatusResponse } from '../wire';

const MIN_POLL_SECONDS = POLL_SECONDS.min;
export const MAX_BACKOFF_MS = 10 * 60_000;
/** A Retry-After beyond this is treated as this, so a hostile header cannot silence the monitor. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
const MAX_KEPT_ERRORS = 100;

export type HealthKind =
  /** Nothing is stored to sign in with. */
  | 'notSignedIn'
  /** Signed in, no answer yet. */
  | 'checking'
  | 'healthy'
  /** The server listed apiErrors it returned to this session. */
  | 'recentErrors'
  /** The server runs another API version than the one called; `versionChange` says how far. */
  | 'versionDrift'
  /** 403: the session token is no longer accepted, or the stored secret was refused. */
  | 'expired'
  /** No usable answer: network failure, 5xx, an unreadable body. */
  | 'unreachable'
  /** Signed in, but the settings do not say where to connect (no account, or an invalid URL). */
  | 'notConfigured';

export interface SessionHealth {
  kind: HealthKind;
  /** A request is in flight; `kind` still describes the last answer. */
  checking: boolean;
  /** The last /status answer of this sign-in, kept while later checks fail. */
  status?: StatusResponse;
  /** Well-formed entries of `status.errors`, oldest first. */
  recentErrors: ApiErrorBody[];
  calledVersion?: string;
  currentVersion?: string;
  /** Set when the two versions differ. */
  versionChange?: VersionChange;
  /** Clock time when the last check finished, and when the last one got an answer. */
  lastCheckAt?: number;
  lastAnswerAt?: number;
  /** Duration of the last /status request that got an answer. */
  latencyMs?: number;
  /** Why the last check got no status: kept only while the state is expired, unreachable or notConfigured. */
  lastFailure?: Failure;
  /** Set when signing in with the stored secret failed during the check. */
  signInFailure?: SignInFailureReason;
  consecutiveFailures: number;
  /** Clock time of the next scheduled poll, when one is scheduled. */
  nextCheckAt?: number;
}

/**
 * 'compatibleUpdate': the server's current version is newer with the same major version, as in the
 * API documentation's own /status example (called v4.0.0, current v4.0.1): news, not a problem.
 * 'otherVersion': another major version, an older one, or one that is not vMAJOR.MINOR.PATCH.
 */
export type VersionChange = 'compatibleUpdate' | 'otherVersion';

const VERSION = /^v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})$/;

/** How `current` differs from `called`; undefined when they are the same. */
export function versionChangeOf(called: string, current: string): VersionChange | undefined {
  if (called === current) return undefined;
  const [calledParts, currentParts] = [VERSION.exec(called), VERSION.exec(current)].map((match) => match?.slice(1, 4).map(Number));
  if (!calledParts || !currentParts || calledParts[0] !== currentParts[0]) return 'otherVersion';
  const newer = currentParts[1] > calledParts[1] || (currentParts[1] === calledParts[1] && currentParts[2] > calledParts[2]);
  return newer ? 'compatibleUpdate' : 'otherVersion';
}

/** What the monitor needs of GestixSession. */
export interface MonitoredSession {
  readonly signedIn: boolean;
  readonly client: { status(sessionToken: string, signal?: AbortSignal): Promise<Result<StatusResponse>> };
  readonly onDidChangeSignedIn: Event<boolean>;
  noteStatusAnswered(at: number): void;
  withSession<T>(
    call: (sessionToken: string) => Promise<Result<T>>,
    options?: { signal?: AbortSignal; reauthenticate?: boolean },
  ): Promise<SessionCallOutcome<T>>;
}

export interface StatusMonitorOptions {
  clock: Clock;
  pollSeconds?: unknown;
  focused?: boolean;
  /** False keeps the monitor passive: only `checkNow` sends requests. */
  pollingEnabled?: boolean;
}

export function clampPollSeconds(seconds: unknown): number {
  return clampSetting(POLL_SECONDS, seconds);
}

/** Delay before the next poll after `failures` failures in a row (1 = the first). */
export function backoffDelayMs(failures: number, intervalMs: number, retryAfterSeconds?: number): number {
  const cap = Math.max(MAX_BACKOFF_MS, intervalMs);
  const exponential = Math.min(cap, intervalMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  // `> 0` is false for NaN; Math.min turns Infinity into the cap.
  const retryAfter = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : 0;
  return Math.max(exponential, retryAfter);
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.code === 'string' && typeof entry.message === 'string';
}

function wellFormedErrors(errors: unknown): ApiErrorBody[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter(isApiErrorBody).slice(-MAX_KEPT_ERRORS);
}

function isForbidden(failure: Failure): boolean {
  return failure.kind === 'http' && (failure.status === 403 || failure.status === 401);
}

function retryAfterOf(failure: Failure | undefined): number | undefined {
  return failure?.kind === 'http' ? failure.retryAfterSeconds : undefined;
}

function kindOfAnswer(status: StatusResponse, errors: ApiErrorBody[]): HealthKind {
  if (errors.length > 0) return 'recentErrors';
  if (status.versions.called_api_version !== status.versions.current_api_version) return 'versionDrift';
  return 'healthy';
}

function initialHealth(signedIn: boolean): SessionHealth {
  return { kind: signedIn ? 'checking' : 'notSignedIn', checking: false, recentErrors: [], consecutiveFailures: 0 };
}

export class StatusMonitor implements Disposable {
  private health: SessionHealth;
  private focused: boolean;
  private pollingEnabled: boolean;
  private intervalMs: number;
  /** Set after a failure: polls (including the one on focus return) wait until then. */
  private notBefore: number | undefined;
  private inFlight: Promise<SessionHealth> | undefined;
  private inFlightAbort: AbortController | undefined;
  private timer: AbortController | undefined;
  /** Bumped on sign-out, restart and dispose, so a late answer for an older state is dropped. */
  private epoch = 0;
  private disposed = false;
  // A failing listener must not stop the others or the polling.
  private readonly changes = new Emitter<SessionHealth>();
  readonly onDidChange: Event<SessionHealth> = this.changes.event;
  private readonly clock: Clock;
  private readonly signInSubscription: Disposable;

  constructor(
    private readonly session: MonitoredSession,
    options: StatusMonitorOptions,
  ) {
    this.clock = options.clock;
    this.focused = options.focused ?? true;
    this.pollingEnabled = options.pollingEnabled ?? true;
    this.intervalMs = clampPollSeconds(options.pollSeconds) * 1000;
    this.health = initialHealth(session.signedIn);
    this.signInSubscription = session.onDidChangeSignedIn((signedIn) => this.signedInChanged(signedIn));
    this.resume();
  }

  get current(): SessionHealth {
    return this.health;
  }

  get pollSeconds(): number {
    return this.intervalMs / 1000;
  }

  setFocused(focused: boolean): void {
    if (this.focused === focused) return;
    this.focused = focused;
    if (focused) this.resume();
    else this.cancelTimer();
  }

  setPollingEnabled(enabled: boolean): void {
    if (this.pollingEnabled === enabled) return;
    this.pollingEnabled = enabled;
    if (enabled) this.resume();
    else this.cancelTimer();
  }

  setPollSeconds(seconds: unknown): void {
    const intervalMs = clampPollSeconds(seconds) * 1000;
    if (intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    if (!this.inFlight && this.health.lastCheckAt !== undefined && this.notBefore === undefined) {
      this.withTimer(this.health, this.health.lastCheckAt + intervalMs);
    }
  }

  /**
   * Checks now, or joins the check in flight. Runs even when polling is paused or backing off:
   * the person asked for it.
   */
  checkNow(): Promise<SessionHealth> {
    if (this.disposed) return Promise.resolve(this.health);
    return this.inFlight ?? this.startCheck();
  }

  /** Forgets what is known (e.g. the server or account changed) and checks again when polling. */
  restart(): void {
    if (this.disposed) return;
    this.epoch += 1;
    this.abortInFlight();
    this.cancelTimer();
    this.notBefore = undefined;
    this.update(initialHealth(this.session.signedIn));
    this.resume();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.epoch += 1;
    this.abortInFlight();
    this.cancelTimer();
    this.signInSubscription.dispose();
    this.changes.dispose();
  }

  private get polling(): boolean {
    return !this.disposed && this.focused && this.pollingEnabled && this.session.signedIn;
  }

  private signedInChanged(signedIn: boolean): void {
    if (this.disposed) return;
    if (!signedIn) {
      this.epoch += 1;
      this.abortInFlight();
      this.cancelTimer();
      this.notBefore = undefined;
      this.update(initialHealth(false));
      return;
    }
    this.notBefore = undefined;
    this.update({ ...initialHealth(true), checking: this.inFlight !== undefined });
    this.resume();
  }

  /** Polling may have become possible: check now if due, else keep the schedule. */
  private resume(): void {
    if (!this.polling || this.inFlight) return;
    const now = this.clock.now();
    const lastCheckAt = this.health.lastCheckAt;
    const earliest = this.notBefore ?? (lastCheckAt === undefined ? now : lastCheckAt + MIN_POLL_SECONDS * 1000);
    if (earliest <= now) {
      void this.startCheck();
      return;
    }
    this.withTimer(this.health, this.notBefore ?? (lastCheckAt ?? now) + this.intervalMs);
  }

  /** Publishes `health` with the next poll armed for `dueAt` (when polling), replacing any timer. */
  private withTimer(health: SessionHealth, dueAt: number): void {
    this.timer?.abort();
    this.timer = undefined;
    const { nextCheckAt: _previous, ...rest } = health;
    if (!this.polling) {
      this.update(rest);
      return;
    }
    const timer = new AbortController();
    this.timer = timer;
    this.update({ ...rest, nextCheckAt: dueAt });
    void this.clock.sleep(Math.max(0, dueAt - this.clock.now()), timer.signal).then(() => {
      if (timer.signal.aborted || this.timer !== timer) return;
      this.timer = undefined;
      if (this.polling && !this.inFlight) void this.startCheck();
    });
  }

  private cancelTimer(): void {
    this.timer?.abort();
    this.timer = undefined;
    if (this.health.nextCheckAt !== undefined) {
      const { nextCheckAt: _dropped, ...rest } = this.health;
      this.update(rest);
    }
  }

  private abortInFlight(): void {
    this.inFlightAbort?.abort();
    this.inFlightAbort = undefined;
    this.inFlight = undefined;
  }

  private startCheck(): Promise<SessionHealth> {
    this.timer?.abort();
    this.timer = undefined;
    const epoch = this.epoch;
    const abort = new AbortController();
    this.inFlightAbort = abort;
    const { nextCheckAt: _dropped, ...rest } = this.health;
    this.update({ ...rest, checking: true });
    const check: Promise<SessionHealth> = this.runCheck(abort.signal).then(
      (next) => this.settle(epoch, check, next),
      // runCheck does not throw by contract; a defect must not leave the monitor stuck in flight.
      (error: unknown) =>
        this.settle(epoch, check, {
          ...this.health,
          kind: 'unreachable',
          checking: false,
          lastFailure: { kind: 'network', method: 'GET', path: '/status', reason: 'other', message: error instanceof Error ? error.message : String(error), mayHaveReachedServer: false },
          lastCheckAt: this.clock.now(),
          consecutiveFailures: this.health.consecutiveFailures + 1,
        }),
    );
    this.inFlight = check;
    return check;
  }

  private settle(epoch: number, check: Promise<SessionHealth>, next: SessionHealth): SessionHealth {
    if (epoch !== this.epoch || this.disposed) return this.health;
    if (this.inFlight === check) {
      this.inFlight = undefined;
      this.inFlightAbort = undefined;
    }
    if (next.kind === 'notSignedIn') {
      this.notBefore = undefined;
      this.update(next);
      return this.health;
    }
    const now = this.clock.now();
    const failed = next.consecutiveFailures > 0;
    this.notBefore = failed ? now + backoffDelayMs(next.consecutiveFailures, this.intervalMs, retryAfterOf(next.lastFailure)) : undefined;
    this.withTimer(next, this.notBefore ?? now + this.intervalMs);
    return this.health;
  }

  private async runCheck(signal: AbortSignal): Promise<SessionHealth> {
    let latencyMs: number | undefined;
    const outcome = await this.session.withSession(
      async (sessionToken) => {
        const started = this.clock.now();
        const result = await this.session.client.status(sessionToken, signal);
        latencyMs = this.clock.now() - started;
        return result;
      },
      { signal, reauthenticate: false },
    );
    const now = this.clock.now();
    const previous = this.health;
    const kept = {
      checking: false,
      recentErrors: previous.recentErrors,
      ...(previous.status ? { status: previous.status } : {}),
      ...(previous.calledVersion !== undefined ? { calledVersion: previous.calledVersion } : {}),
      ...(previous.currentVersion !== undefined ? { currentVersion: previous.currentVersion } : {}),
      ...(previous.versionChange !== undefined ? { versionChange: previous.versionChange } : {}),
      ...(previous.lastAnswerAt !== undefined ? { lastAnswerAt: previous.lastAnswerAt } : {}),
      ...(previous.latencyMs !== undefined ? { latencyMs: previous.latencyMs } : {}),
      lastCheckAt: now,
    };

    if (outcome.kind === 'notSignedIn') return initialHealth(false);
    const failure = outcome.kind === 'signInFailed' ? outcome.failure : outcome.result.ok ? undefined : outcome.result.failure;
    // Nothing was sent, and repeating cannot help until the settings change (which starts a check).
    if (failure?.kind === 'network' && failure.reason === 'settings') return { ...kept, kind: 'notConfigured', lastFailure: failure, consecutiveFailures: 0 };
    if (outcome.kind === 'signInFailed') {
      const expired = outcome.reason !== 'unreachable';
      return {
        ...kept,
        kind: expired ? 'expired' : 'unreachable',
        lastFailure: outcome.failure,
        signInFailure: outcome.reason,
        consecutiveFailures: expired ? 0 : previous.consecutiveFailures + 1,
      };
    }
    const result = outcome.result;
    if (!result.ok) {
      const expired = isForbidden(result.failure);
      return {
        ...kept,
        kind: expired ? 'expired' : 'unreachable',
        lastFailure: result.failure,
        consecutiveFailures: expired ? 0 : previous.consecutiveFailures + 1,
      };
    }
    this.session.noteStatusAnswered(now);
    const status = result.value;
    const recentErrors = wellFormedErrors(status.errors);
    const versionChange = versionChangeOf(status.versions.called_api_version, status.versions.current_api_version);
    return {
      kind: kindOfAnswer(status, recentErrors),
      checking: false,
      status,
      recentErrors,
      calledVersion: status.versions.called_api_version,
      currentVersion: status.versions.current_api_version,
      ...(versionChange ? { versionChange } : {}),
      lastCheckAt: now,
      lastAnswerAt: now,
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      consecutiveFailures: 0,
    };
  }

  private update(next: SessionHealth): void {
    this.health = next;
    this.changes.fire(next);
  }
}
