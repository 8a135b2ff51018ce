// The model of the Gestix view's "Problems from the Server": the errors the server's /status lists
// for the connection in use, and the failures this window showed in the error panel (rejected
// sends, retries run out), newest first and bounded per connection. Each entry keeps what the error
// panel needs to show it again, with Retry for a window failure.
import { sameName } from '../connections/connection';
import { RAW_BODY_LIMIT, type DecodedError } from '../decoding/decodedView';
import type { PanelOrigin } from '../errorPanel/panelModel';
import { Emitter, type Disposable, type Event } from '../host/events';
import type { Failure } from '../http/result';
import { plainText } from '../text/sanitize';
import type { ApiErrorBody } from '../wire';

/** Failures kept per connection: more than anyone reads back, and a bound on the memory bodies take. */
export const MAX_WINDOW_FAILURES = 200;
/** Characters of a label's code and of a description's message. */
export const CODE_LABEL_LIMIT = 80;
export const MESSAGE_DESCRIPTION_LIMIT = 120;

/** Where a failed send came from, as the error panel knows it, with the connection it went to, which Retry uses again. */
export type FailureOrigin = PanelOrigin & { connection: string };

export interface WindowFailure {
  /** Unique in this window, so that a tree item keeps its place and its opened state. */
  id: number;
  /** Clock time when the panel showed it. */
  at: number;
  /** As decoded: a Gestix code, a Sovos subcode or an HTTP status; server text, not yet sanitised. */
  code: string;
  message: string;
  origin: FailureOrigin;
  /** The failure the panel decodes again on a click, its body cut at what the decoder reads. */
  failure: Failure;
}

export type NewWindowFailure = Omit<WindowFailure, 'id'>;

/** What the view lists for a failure the panel showed: its first code (else its HTTP status) and the server's first message (else the headline). */
export function windowFailureOf(decoded: DecodedError, failure: Failure, origin: FailureOrigin, at: number): NewWindowFailure {
  const code = decoded.entries[0]?.code ?? (decoded.status ? String(decoded.status.code) : failure.kind);
  return { at, code, message: decoded.messages[0] ?? decoded.headline, origin, failure };
}

/** A body longer than the decoder reads is kept only as far as it reads. */
function bounded(failure: Failure): Failure {
  if (failure.kind === 'network' || failure.body.length <= RAW_BODY_LIMIT) return failure;
  return { ...failure, body: failure.body.slice(0, RAW_BODY_LIMIT), bodyTruncated: true };
}

/** This window's failures, newest first, at most MAX_WINDOW_FAILURES per connection. */
export class WindowFailures implements Disposable {
  private entries: WindowFailure[] = [];
  private readonly opened = new Set<number>();
  private nextId = 1;
  private readonly changes = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changes.event;

  record(added: NewWindowFailure): WindowFailure {
    const entry: WindowFailure = { ...added, id: this.nextId++, failure: bounded(added.failure) };
    this.entries.unshift(entry);
    const ofConnection = this.entries.filter((candidate) => sameName(candidate.origin.connection, entry.origin.connection));
    if (ofConnection.length > MAX_WINDOW_FAILURES) {
      const dropped = new Set(ofConnection.slice(MAX_WINDOW_FAILURES));
      this.entries = this.entries.filter((candidate) => !dropped.has(candidate));
      for (const gone of dropped) this.opened.delete(gone.id);
    }
    this.changes.fire();
    return entry;
  }

  /** The failures met with `connection`, newest first. */
  of(connection: string): WindowFailure[] {
    return this.entries.filter((entry) => sameName(entry.origin.connection, connection));
  }

  /** How many of `connection`'s failures were not opened from the view yet. */
  unopened(connection: string): number {
    return this.of(connection).filter((entry) => !this.opened.has(entry.id)).length;
  }

  markOpened(id: number): void {
    if (this.opened.has(id) || !this.entries.some((entry) => entry.id === id)) return;
    this.opened.add(id);
    this.changes.fire();
  }

  /** Forgets `connection`'s failures; the other connections keep theirs. */
  clear(connection: string): void {
    const kept = this.entries.filter((entry) => !sameName(entry.origin.connection, connection));
    if (kept.length === this.entries.length) return;
    for (const entry of this.entries) if (!kept.includes(entry)) this.opened.delete(entry.id);
    this.entries = kept;
    this.changes.fire();
  }

  dispose(): void {
    this.changes.dispose();
  }
}

export type ProblemGroup = 'server' | 'window';

export type ProblemNode =
  | { type: 'group'; group: ProblemGroup; count: number }
  | { type: 'serverError'; error: ApiErrorBody; position: number }
  | { type: 'windowFailure'; failure: WindowFailure };

/** What a click shows again in the error panel. */
export type Reopened = { kind: 'apiError'; error: ApiErrorBody } | { kind: 'failure'; failure: Failure; origin: FailureOrigin; id: number };

/** The groups that have something to show: the server's errors first, then this window's. */
export function problemGroups(recentErrors: readonly ApiErrorBody[], failures: readonly WindowFailure[]): ProblemNode[] {
  const groups: ProblemNode[] = [];
  if (recentErrors.length > 0) groups.push({ type: 'group', group: 'server', count: recentErrors.length });
  if (failures.length > 0) groups.push({ type: 'group', group: 'window', count: failures.length });
  return groups;
}

/** The server's errors, newest first: /status lists them oldest first. `position` counts from the oldest, so an item keeps it while newer ones arrive. */
export function serverErrorNodes(recentErrors: readonly ApiErrorBody[]): ProblemNode[] {
  const nodes: ProblemNode[] = [];
  for (let position = recentErrors.length - 1; position >= 0; position -= 1) nodes.push({ type: 'serverError', error: recentErrors[position], position });
  return nodes;
}

export function windowFailureNodes(failures: readonly WindowFailure[]): ProblemNode[] {
  return failures.map((failure) => ({ type: 'windowFailure', failure }));
}

export function reopened(node: ProblemNode): Reopened | undefined {
  if (node.type === 'serverError') return { kind: 'apiError', error: node.error };
  if (node.type === 'windowFailure') return { kind: 'failure', failure: node.failure.failure, origin: node.failure.origin, id: node.failure.id };
  return undefined;
}

/** An item's label and the message part of its description, as inert one-line text. */
export function problemText(node: Extract<ProblemNode, { type: 'serverError' | 'windowFailure' }>): { code: string; message: string } {
  const { code, message } = node.type === 'serverError' ? node.error : node.failure;
  return { code: plainText(code, CODE_LABEL_LIMIT), message: plainText(message, MESSAGE_DESCRIPTION_LIMIT) };
}
