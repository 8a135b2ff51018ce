// The status check before a write.
//
// Why check first: the API advises checking GET /status before writes; a stale session is then
// renewed without spending a document attempt. A check younger than `maxAgeMs` is trusted.
import { untilAborted } from '../host/clock';
import type { Clock } from '../host/ports';
import type { Failure } from '../http/result';
import type { GestixSession } from '../session/session';

export type SessionCheck =
  | { kind: 'fine' }
  | { kind: 'notSignedIn' }
  | { kind: 'reauthFailed'; failure: Failure }
  | { kind: 'cancelled' }
  | { kind: 'unreachable'; failure: Failure };

export class SessionChecker {
  private inFlight: Promise<SessionCheck> | undefined;

  constructor(
    private readonly session: GestixSession,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  /** Checks the session unless a recent check answered; `onChecking` is told when it does. */
  async checkIfStale(onChecking: () => void, signal: AbortSignal | undefined): Promise<SessionCheck> {
    const now = this.clock.now();
    const answeredAt = this.session.statusAnsweredAt;
    if (answeredAt !== undefined && now - answeredAt < this.maxAgeMs) return { kind: 'fine' };
    onChecking();
    // Sends that start together share one check, which is therefore not tied to one caller's signal.
    this.inFlight ??= this.check().finally(() => {
      this.inFlight = undefined;
    });
    return untilAborted(this.inFlight, signal, (): SessionCheck => ({ kind: 'cancelled' }));
  }

  private async check(): Promise<SessionCheck> {
    const outcome = await this.session.withSession((token) => this.session.client.status(token));
    if (outcome.kind === 'notSignedIn') return { kind: 'notSignedIn' };
    if (outcome.kind === 'signInFailed' && outcome.reason === 'rejected') return { kind: 'reauthFailed', failure: outcome.failure };
    const failure = outcome.kind === 'signInFailed' ? outcome.failure : outcome.result.ok ? undefined : outcome.result.failure;
    if (failure === undefined) {
      this.session.noteStatusAnswered(this.clock.now());
      return { kind: 'fine' };
    }
    if (failure.kind === 'network') return failure.reason === 'aborted' ? { kind: 'cancelled' } : { kind: 'unreachable', failure };
    // Any other answer from /status says nothing certain about the write; let the write decide.
    return { kind: 'fine' };
  }
}
