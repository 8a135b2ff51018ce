// Sign-in state of one window. The long-lived secret (API token, or user name and password) lives in
// the SecretStore so every window and every restart can use it; the short-lived session token lives
// only in memory, so each window holds its own session and its own nonce sequence, and a session
// token never touches the disk. After a reload the stored secret is exchanged silently on first use.
// The stored secret remembers the server and account it was entered for and is only ever sent there:
// after the settings name another server, this window counts as signed out until the person signs
// in to that one.
import type { GestixClient } from '../http/client';
import { systemClock, untilAborted } from '../host/clock';
import type { NonceSource } from './nonce';
import { Emitter, type Event } from '../host/events';
import { silentLogger, type Clock, type Logger, type SecretStore } from '../host/ports';
import { KnownSecrets, redactingLogger } from '../text/redact';
import { describeFailure } from '../http/describe';
import { failed, succeeded, type Failure, type Result } from '../http/result';

export const SIGN_IN_KEY = 'gestix.signIn';
/** Where version 0.1.0 kept the API token and the credentials, without the server they were for. */
export const LEGACY_API_TOKEN_KEY = 'gestix.apiToken';
export const LEGACY_CREDENTIALS_KEY = 'gestix.credentials';

type Secret = { method: 'apiToken'; apiToken: string } | { method: 'credentials'; username: string; password: string };
/** A secret and where it belongs: the client's `secretOrigin` (`{serverUrl}/api/{account}`) when it was entered. */
export type StoredSignIn = Secret & { origin: string };

export type SignInFailureReason =
  /** The server refused the stored API token or credentials. */
  | 'rejected'
  /** The server could not be asked (network failure, unexpected answer). */
  | 'unreachable'
  /** Fresh sessions were refused too, as many times as a new sign-in is tried. */
  | 'stillForbidden';

export type SessionCallOutcome<T> =
  | { kind: 'answered'; result: Result<T>; reauthenticated: boolean }
  | { kind: 'notSignedIn' }
  | { kind: 'signInFailed'; reason: SignInFailureReason; failure: Failure };

export interface SessionOptions {
  logger?: Logger;
  /** The same registry the client uses, so session log lines are scrubbed of the same secrets. */
  secrets?: KnownSecrets;
  /** The window's nonces: POST /auth carries one too, from the same increasing sequence as writes. */
  nonces?: NonceSource;
  clock?: Clock;
  /** New sign-ins tried, with backoff, while the server refuses sessions it has just issued. */
  maxRenewals?: number;
  renewalBackoffMs?: number;
  /** Where the secret is kept: each connection has its own entry (SIGN_IN_KEY for the settings' connection). */
  signInKey?: string;
}

export const DEFAULT_MAX_RENEWALS = 4;
const DEFAULT_RENEWAL_BACKOFF_MS = 250;

type Exchange = Result<{ sessionToken: string }>;

function isForbidden<T>(result: Result<T>): boolean {
  return !result.ok && result.failure.kind === 'http' && (result.failure.status === 403 || result.failure.status === 401);
}

/** The server refused the secret itself (as opposed to not being reachable). */
export function isRejectedSignIn(failure: Failure): boolean {
  return failure.kind === 'http' && [400, 401, 403].includes(failure.status);
}

function signInFailureReason(failure: Failure): SignInFailureReason {
  return isRejectedSignIn(failure) ? 'rejected' : 'unreachable';
}

function credentialsOf(value: Record<string, unknown> | undefined): { username: string; password: string } | undefined {
  const { username, password } = value ?? {};
  return typeof username === 'string' && typeof password === 'string' ? { username, password } : undefined;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // an unreadable entry counts as no entry
  }
  return undefined;
}

/** The SecretStore entry for a sign-in. */
export function serializeSignIn(signIn: StoredSignIn): string {
  return JSON.stringify(
    signIn.method === 'apiToken'
      ? { method: signIn.method, apiToken: signIn.apiToken, origin: signIn.origin }
      : { method: signIn.method, username: signIn.username, password: signIn.password, origin: signIn.origin },
  );
}

export function parseSignIn(text: string | undefined): StoredSignIn | undefined {
  const value = parseObject(text);
  if (!value || typeof value.origin !== 'string' || !value.origin) return undefined;
  const { origin } = value;
  if (value.method === 'apiToken' && typeof value.apiToken === 'string' && value.apiToken) return { method: 'apiToken', apiToken: value.apiToken, origin };
  const credentials = value.method === 'credentials' ? credentialsOf(value) : undefined;
  return credentials ? { method: 'credentials', ...credentials, origin } : undefined;
}

function sameSignIn(a: StoredSignIn | undefined, b: StoredSignIn | undefined): boolean {
  return (a && serializeSignIn(a)) === (b && serializeSignIn(b));
}

export class GestixSession {
  private stored: StoredSignIn | undefined;
  private loaded = false;
  private sessionToken: string | undefined;
  private lastStatusAnswerAt: number | undefined;
  /** Bumped whenever the stored secret changes, so a late answer for an old secret is ignored. */
  private generation = 0;
  /** Bumped by each sign-in or sign-out made here, so a read of the store begun before it is ignored. */
  private ownWrites = 0;
  private exchangeInFlight: Promise<Exchange> | undefined;
  private readonly signedInChanges = new Emitter<boolean>((error) =>
    this.logger.error(`A sign-in listener failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  /** Fires on every explicit sign-in (also when already signed in) and when the sign-in goes away. */
  readonly onDidChangeSignedIn: Event<boolean> = this.signedInChanges.event;
  private readonly renewals = new Emitter<void>((error) =>
    this.logger.error(`A session renewal listener failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  /** Fires when the stored secret was exchanged for a new session token (after an expiry, say), the sign-in unchanged. */
  readonly onDidRenewSessionToken: Event<void> = this.renewals.event;
  private readonly logger: Logger;
  private readonly secrets: KnownSecrets;
  private readonly nonces: NonceSource | undefined;
  private readonly clock: Clock;
  private readonly maxRenewals: number;
  private readonly renewalBackoffMs: number;
  private readonly signInKey: string;

  constructor(
    private gestix: GestixClient,
    private readonly secretStore: SecretStore,
    options: SessionOptions = {},
  ) {
    this.secrets = options.secrets ?? new KnownSecrets();
    this.logger = redactingLogger(options.logger ?? silentLogger, this.secrets);
    this.nonces = options.nonces;
    this.clock = options.clock ?? systemClock;
    this.maxRenewals = Math.max(1, options.maxRenewals ?? DEFAULT_MAX_RENEWALS);
    this.renewalBackoffMs = Math.max(0, options.renewalBackoffMs ?? DEFAULT_RENEWAL_BACKOFF_MS);
    this.signInKey = options.signInKey ?? SIGN_IN_KEY;
  }

  get client(): GestixClient {
    return this.gestix;
  }

  /**
   * Whether a secret is stored for the server and account the client talks to. Settings that name
   * no usable server count as signed in: nothing can be sent with them, and the status bar says so.
   */
  get signedIn(): boolean {
    return this.stored !== undefined && this.belongsToClient(this.stored, this.gestix);
  }

  get signInMethod(): StoredSignIn['method'] | undefined {
    return this.stored?.method;
  }

  /** Where the stored secret belongs, also when that is not where the settings point now. */
  get storedOrigin(): string | undefined {
    return this.stored?.origin;
  }

  private belongsToClient(stored: StoredSignIn, client: GestixClient): boolean {
    return client.secretOrigin === undefined || stored.origin === client.secretOrigin;
  }

  /** Whether a session token is held right now (false after a reload until first use). */
  get hasSessionToken(): boolean {
    return this.sessionToken !== undefined;
  }

  /**
   * When GET /status last answered for the current session token, by the clock of whoever asked.
   * The status bar's polls and the sender's pre-write checks share it, so a send right after a poll
   * does not ask again.
   */
  get statusAnsweredAt(): number | undefined {
    return this.lastStatusAnswerAt;
  }

  noteStatusAnswered(at: number): void {
    if (this.sessionToken !== undefined) this.lastStatusAnswerAt = at;
  }

  /** Switches to a client for new connection settings; the old session token belongs to the old server. */
  useClient(client: GestixClient): void {
    const wasSignedIn = this.signedIn;
    this.gestix = client;
    this.forgetSessionToken();
    if (wasSignedIn === this.signedIn) return;
    if (!this.signedIn) this.logger.info(`The stored sign-in belongs to ${this.stored?.origin}; it is not sent to ${client.secretOrigin}`);
    this.emit();
  }

  /** Drops the session token; the next call signs in again with the stored secret. */
  forgetSessionToken(): void {
    this.sessionToken = undefined;
    this.lastStatusAnswerAt = undefined;
    this.generation += 1;
  }

  async signInWithApiToken(apiToken: string, signal?: AbortSignal): Promise<Result<void>> {
    this.secrets.remember(apiToken);
    const client = this.gestix;
    const result = await client.helo(apiToken, signal);
    if (!result.ok) {
      this.logger.warn(`Sign-in with API token failed: ${describeFailure(result.failure)}`);
      return failed(result.failure);
    }
    await this.store({ method: 'apiToken', apiToken, origin: originOf(client) }, result.value.sessionToken);
    this.logger.info(`Signed in with API token to ${originOf(client)}`);
    return succeeded(undefined, result.status);
  }

  async signInWithPassword(username: string, password: string, signal?: AbortSignal): Promise<Result<void>> {
    this.secrets.remember(username, password);
    const client = this.gestix;
    const result = await client.auth(username, password, await this.authNonce(), signal);
    if (!result.ok) {
      this.logger.warn(`Sign-in with user name and password failed: ${describeFailure(result.failure)}`);
      return failed(result.failure);
    }
    await this.store({ method: 'credentials', username, password, origin: originOf(client) }, result.value.sessionToken);
    this.logger.info(`Signed in with user name and password to ${originOf(client)}`);
    return succeeded(undefined, result.status);
  }

  /** A sign-in made by another session for this one's connection (checked before the connection was saved), kept as if made here. */
  async adoptSignIn(signIn: StoredSignIn, sessionToken: string): Promise<void> {
    if (signIn.method === 'apiToken') this.secrets.remember(signIn.apiToken);
    else this.secrets.remember(signIn.username, signIn.password);
    await this.store(signIn, sessionToken);
  }

  private async store(signIn: StoredSignIn, sessionToken: string): Promise<void> {
    // In memory first: the store echoes this write back as a change, which must then be no news
    // (otherwise the fresh session token is dropped and the secret exchanged a second time).
    this.adopt(signIn, sessionToken);
    await this.secretStore.store(this.signInKey, serializeSignIn(signIn));
    if (this.signInKey === SIGN_IN_KEY) await this.deleteLegacyEntries();
  }

  private async deleteLegacyEntries(): Promise<void> {
    await this.secretStore.delete(LEGACY_API_TOKEN_KEY);
    await this.secretStore.delete(LEGACY_CREDENTIALS_KEY);
  }

  async signOut(): Promise<void> {
    await this.secretStore.delete(this.signInKey);
    if (this.signInKey === SIGN_IN_KEY) await this.deleteLegacyEntries();
    const wasSignedIn = this.signedIn;
    this.ownWrites += 1;
    this.stored = undefined;
    this.loaded = true;
    this.forgetSessionToken();
    this.logger.info('Signed out');
    if (wasSignedIn) this.emit();
  }

  /** Reads the SecretStore once; later changes arrive through reloadFromSecrets. */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded) await this.reloadFromSecrets();
  }

  /** Re-reads the SecretStore: at start-up and when another window changed it. */
  async reloadFromSecrets(): Promise<void> {
    const writesBefore = this.ownWrites;
    const stored = parseSignIn(await this.secretStore.get(this.signInKey));
    // A sign-in kept here meanwhile (Add Connection's, right as the connection is first read) is
    // newer than what was read: taking the read would drop it and its session token. The write's
    // own change event reads the store again.
    if (this.ownWrites !== writesBefore) return;
    const next = stored ?? (this.signInKey === SIGN_IN_KEY ? await this.migrateLegacyEntry() : undefined);
    if (next?.method === 'apiToken') this.secrets.remember(next.apiToken);
    if (next?.method === 'credentials') this.secrets.remember(next.username, next.password);
    const firstLoad = !this.loaded;
    this.loaded = true;
    if (sameSignIn(this.stored, next)) return;
    const wasSignedIn = this.signedIn;
    this.stored = next;
    this.forgetSessionToken();
    if (!firstLoad) this.logger.info(next ? 'Sign-in changed in another window' : 'Signed out in another window');
    if (wasSignedIn !== this.signedIn) this.emit();
  }

  /**
   * A secret stored by version 0.1.0 does not say which server it was for. It is bound, once, to the
   * server the settings name now when that is reached over https. Over plain http (a local server,
   * perhaps a local sandbox that ended with its window and whose port anyone may now hold) it is
   * deleted instead, and the person is asked to sign in. Without a usable server it waits.
   */
  private async migrateLegacyEntry(): Promise<StoredSignIn | undefined> {
    const apiToken = await this.secretStore.get(LEGACY_API_TOKEN_KEY);
    const credentials = apiToken ? undefined : credentialsOf(parseObject(await this.secretStore.get(LEGACY_CREDENTIALS_KEY)));
    const legacy: Secret | undefined = apiToken ? { method: 'apiToken', apiToken } : credentials ? { method: 'credentials', ...credentials } : undefined;
    const origin = this.gestix.secretOrigin;
    if (!legacy || origin === undefined) return undefined;
    if (!origin.startsWith('https:')) {
      this.logger.info(`A sign-in stored by an earlier version is not sent over plain http to ${origin}; sign in again`);
      await this.deleteLegacyEntries();
      return undefined;
    }
    const migrated: StoredSignIn = { ...legacy, origin };
    await this.secretStore.store(SIGN_IN_KEY, serializeSignIn(migrated));
    await this.deleteLegacyEntries();
    this.logger.info(`A sign-in stored by an earlier version now belongs to ${origin}`);
    return migrated;
  }

  /**
   * Runs `call` with a session token. On 403 the stored secret is exchanged for a new session and
   * the call is repeated; `call` must therefore build a fresh request (new nonce) each time.
   * Concurrent callers that hit an expired session share one sign-in.
   *
   * A server whose nodes replicate sessions may refuse a session it issued moments ago, so a 403 on
   * a fresh session means: sign in again, after a growing pause, up to `maxRenewals` times. Only the
   * server refusing the stored secret itself (at /helo or /auth) is final.
   */
  async withSession<T>(
    call: (sessionToken: string) => Promise<Result<T>>,
    options: { signal?: AbortSignal; reauthenticate?: boolean } = {},
  ): Promise<SessionCallOutcome<T>> {
    await this.ensureLoaded();
    if (!this.signedIn) return { kind: 'notSignedIn' };

    let token = this.sessionToken;
    let fresh = false;
    if (token === undefined) {
      const exchanged = await this.exchangeStoredSecret(undefined, options.signal);
      if (!exchanged.ok) return this.signInFailed(exchanged.failure);
      token = exchanged.value.sessionToken;
      fresh = true;
    }

    let result = await call(token);
    if (!isForbidden(result) || options.reauthenticate === false) return { kind: 'answered', result, reauthenticated: false };
    let freshRefusals = 0;
    for (let renewal = 0; renewal < this.maxRenewals; renewal += 1) {
      if (fresh) {
        await this.clock.sleep(this.renewalBackoffMs * 2 ** freshRefusals, options.signal);
        freshRefusals += 1;
        if (options.signal?.aborted) return { kind: 'signInFailed', reason: 'unreachable', failure: cancelledSignIn() };
      }
      this.logger.info(fresh ? 'A session issued moments ago was refused (403); signing in again' : 'Session token refused (403); signing in again with the stored secret');
      const renewed = await this.exchangeStoredSecret(token, options.signal);
      if (!renewed.ok) return this.signInFailed(renewed.failure);
      token = renewed.value.sessionToken;
      fresh = true;
      result = await call(token);
      if (!isForbidden(result)) return { kind: 'answered', result, reauthenticated: true };
    }
    return { kind: 'signInFailed', reason: 'stillForbidden', failure: (result as { failure: Failure }).failure };
  }

  /** What is stored for this session's connection, with the session token held; undefined when either is missing. */
  get signInWithToken(): { signIn: StoredSignIn; sessionToken: string } | undefined {
    return this.stored && this.sessionToken !== undefined ? { signIn: this.stored, sessionToken: this.sessionToken } : undefined;
  }

  /**
   * The session token held, or one exchanged for the stored secret now: for another extension that
   * was granted the session. Undefined when not signed in or the exchange failed.
   */
  async sessionTokenNow(signal?: AbortSignal): Promise<string | undefined> {
    await this.ensureLoaded();
    if (!this.signedIn) return undefined;
    const exchanged = await this.exchangeStoredSecret(undefined, signal);
    return exchanged.ok ? exchanged.value.sessionToken : undefined;
  }

  private signInFailed<T>(failure: Failure): SessionCallOutcome<T> {
    const reason = signInFailureReason(failure);
    this.logger.warn(`Signing in with the stored ${this.stored?.method === 'credentials' ? 'credentials' : 'API token'} failed (${reason}): ${describeFailure(failure)}`);
    return { kind: 'signInFailed', reason, failure };
  }

  /**
   * A session token that replaces `stale`. When another caller already replaced it, that token is
   * used; when an exchange is under way, it is shared.
   */
  private exchangeStoredSecret(stale: string | undefined, signal: AbortSignal | undefined): Promise<Exchange> {
    if (this.sessionToken !== undefined && this.sessionToken !== stale) {
      return Promise.resolve(succeeded({ sessionToken: this.sessionToken }, 200));
    }
    if (!this.exchangeInFlight) {
      const stored = this.stored;
      const generation = this.generation;
      const client = this.gestix;
      // Not tied to one caller's signal: other callers may be waiting for the same exchange.
      const ask = async (): Promise<Exchange> =>
        !stored || !this.belongsToClient(stored, client)
          ? notSignedInExchange()
          : stored.method === 'credentials'
            ? client.auth(stored.username, stored.password, await this.authNonce())
            : client.helo(stored.apiToken);
      const exchange = ask()
        .then((result) => {
          if (result.ok && generation === this.generation) {
            this.sessionToken = result.value.sessionToken;
            this.renewals.fire();
          }
          return result;
        })
        .finally(() => {
          if (this.exchangeInFlight === exchange) this.exchangeInFlight = undefined;
        });
      this.exchangeInFlight = exchange;
    }
    return untilAborted(this.exchangeInFlight, signal, () => failed(cancelledSignIn()));
  }

  /** POST /auth is a POST: the API wants a nonce on every POST, though /auth's page lists none. */
  private async authNonce(): Promise<number | undefined> {
    return this.nonces ? this.nonces.next() : undefined;
  }

  private adopt(stored: StoredSignIn, sessionToken: string): void {
    this.ownWrites += 1;
    this.stored = stored;
    this.loaded = true;
    this.generation += 1;
    this.sessionToken = sessionToken;
    // An explicit sign-in is news even when already signed in: listeners (the status bar) re-check.
    this.emit();
  }

  private emit(): void {
    this.signedInChanges.fire(this.signedIn);
  }
}

function cancelledSignIn(): Failure {
  return { kind: 'network', method: 'GET', path: '/helo', reason: 'aborted', message: 'The request was cancelled.', mayHaveReachedServer: false };
}

/** The origin a successful exchange was made with (its settings were usable, so there is one). */
function originOf(client: GestixClient): string {
  return client.secretOrigin ?? '';
}

function notSignedInExchange(): Promise<Exchange> {
  return Promise.resolve(
    failed({ kind: 'network', method: 'GET', path: '/helo', reason: 'other', message: 'Not signed in.', mayHaveReachedServer: false }),
  );
}
