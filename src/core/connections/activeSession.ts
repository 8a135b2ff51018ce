// The session of the connection in use, for whoever follows the window rather than one send: the
// status item, the sign-in commands, the walkthrough. Each connection keeps its own GestixSession;
// this one forwards to whichever is in use and tells listeners when that changes. A send takes its
// connection's own session once, at its start, so a switch during a send does not redirect it.
import type { GestixClient } from '../http/client';
import type { Result } from '../http/result';
import { Emitter, type Disposable, type Event } from '../host/events';
import type { GestixSession, SessionCallOutcome, StoredSignIn } from '../session/session';

export class ActiveSession implements Disposable {
  private readonly changes = new Emitter<boolean>();
  private subscription: Disposable | undefined;
  /** Fires when the session in use signs in or out, and when another connection's session takes its place. */
  readonly onDidChangeSignedIn: Event<boolean> = this.changes.event;

  constructor(private current: GestixSession) {
    this.follow(current);
  }

  /** Another connection is in use now. */
  use(session: GestixSession): void {
    if (session === this.current) return;
    this.subscription?.dispose();
    this.current = session;
    this.follow(session);
    this.changes.fire(session.signedIn);
  }

  private follow(session: GestixSession): void {
    this.subscription = session.onDidChangeSignedIn((signedIn) => this.changes.fire(signedIn));
  }

  get session(): GestixSession {
    return this.current;
  }

  get signedIn(): boolean {
    return this.current.signedIn;
  }

  get client(): GestixClient {
    return this.current.client;
  }

  get storedOrigin(): string | undefined {
    return this.current.storedOrigin;
  }

  get signInMethod(): StoredSignIn['method'] | undefined {
    return this.current.signInMethod;
  }

  noteStatusAnswered(at: number): void {
    this.current.noteStatusAnswered(at);
  }

  forgetSessionToken(): void {
    this.current.forgetSessionToken();
  }

  ensureLoaded(): Promise<void> {
    return this.current.ensureLoaded();
  }

  reloadFromSecrets(): Promise<void> {
    return this.current.reloadFromSecrets();
  }

  signInWithApiToken(apiToken: string, signal?: AbortSignal): Promise<Result<void>> {
    return this.current.signInWithApiToken(apiToken, signal);
  }

  signInWithPassword(username: string, password: string, signal?: AbortSignal): Promise<Result<void>> {
    return this.current.signInWithPassword(username, password, signal);
  }

  signOut(): Promise<void> {
    return this.current.signOut();
  }

  withSession<T>(call: (sessionToken: string) => Promise<Result<T>>, options?: { signal?: AbortSignal; reauthenticate?: boolean }): Promise<SessionCallOutcome<T>> {
    return this.current.withSession(call, options);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changes.dispose();
  }
}
