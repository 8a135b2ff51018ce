// Session tokens issued by /helo and /auth: a fixed lifetime from issue, the highest nonce seen
// on the session, and the recent apiErrors that /status reports.
import { randomBytes } from 'node:crypto';
import type { ApiErrorBody } from '../core/wire';

export const RECENT_ERRORS_KEPT = 20;
/**
 * Expired tokens are remembered (to say "expired" rather than "unknown") until this many exist;
 * beyond it the oldest live ones go too, so memory stays bounded.
 */
export const MAX_SESSIONS = 10_000;

export interface Session {
  token: string;
  login: string;
  expiresAt: number;
  expired: boolean;
  lastNonce: bigint | undefined;
  recentErrors: ApiErrorBody[];
  /** Whether a request made with it has been accepted yet; until then it counts as just issued. */
  used: boolean;
}

export type SessionLookup =
  | { kind: 'valid'; session: Session }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** 39 random bytes give 52 base64url characters, like the tokens in the API documentation. */
function newToken(): string {
  return randomBytes(39).toString('base64url');
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(login: string, firstNonce?: bigint): Session {
    this.forgetOldTokens();
    const session: Session = {
      token: newToken(),
      login,
      expiresAt: this.now() + this.ttlMs,
      expired: false,
      lastNonce: firstNonce,
      recentErrors: [],
      used: false,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  lookup(token: string | undefined): SessionLookup {
    const session = token === undefined ? undefined : this.sessions.get(token);
    if (!session) return { kind: 'unknown' };
    if (session.expired || this.now() >= session.expiresAt) {
      session.expired = true;
      return { kind: 'expired' };
    }
    return { kind: 'valid', session };
  }

  expire(token: string | undefined): void {
    const session = token === undefined ? undefined : this.sessions.get(token);
    if (session) session.expired = true;
  }

  /** Every token still remembered, valid or expired. */
  tokens(): string[] {
    return [...this.sessions.keys()];
  }

  expireAll(): void {
    for (const session of this.sessions.values()) session.expired = true;
  }

  clear(): void {
    this.sessions.clear();
  }

  rememberError(session: Session, error: ApiErrorBody): void {
    session.recentErrors.push(error);
    if (session.recentErrors.length > RECENT_ERRORS_KEPT) {
      session.recentErrors.splice(0, session.recentErrors.length - RECENT_ERRORS_KEPT);
    }
  }

  private forgetOldTokens(): void {
    if (this.sessions.size < MAX_SESSIONS) return;
    for (const [token, session] of this.sessions) {
      if (session.expired || this.now() >= session.expiresAt) this.sessions.delete(token);
    }
    // Still full of live sessions: drop the oldest so memory stays bounded.
    for (const token of this.sessions.keys()) {
      if (this.sessions.size < MAX_SESSIONS) break;
      this.sessions.delete(token);
    }
  }
}

const INT64_MAX = 9_223_372_036_854_775_807n;

export type NonceCheck = { ok: true; nonce: bigint | undefined } | { ok: false; message: string };

function describe(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

/**
 * Checks the `nonce` query values of a request against the session. A nonce that passes is
 * consumed at once, whatever happens to the request afterwards.
 */
export function checkNonce(values: string[], required: boolean, session: Session | undefined): NonceCheck {
  if (values.length === 0) {
    return required ? { ok: false, message: "Query parameter 'nonce' is required" } : { ok: true, nonce: undefined };
  }
  if (values.length > 1) return { ok: false, message: "Query parameter 'nonce' must be given once" };
  const raw = values[0] ?? '';
  if (!/^\d{1,19}$/.test(raw)) {
    return { ok: false, message: `Invalid nonce '${describe(raw)}': it must be a positive integer` };
  }
  const nonce = BigInt(raw);
  if (nonce <= 0n || nonce > INT64_MAX) {
    return { ok: false, message: `Invalid nonce ${raw}: it must be a positive 64-bit integer` };
  }
  if (session) {
    if (session.lastNonce !== undefined && nonce <= session.lastNonce) {
      return {
        ok: false,
        message: `Nonce ${raw} is not greater than the last nonce of this session (${session.lastNonce})`,
      };
    }
    session.lastNonce = nonce;
  }
  return { ok: true, nonce };
}
