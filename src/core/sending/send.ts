// Sending a document, and when to send it again.
//
// A send is rounds: look first when an earlier attempt may have been stored (storedRecovery.ts),
// else check the session when due (sessionCheck.ts) and write once (documentWrite.ts); a failure is
// judged (retryPolicy.ts) and, when worth it, the round is repeated after a backoff.
//
// A 409 of any shape (any code, a Sovos body, no body) after an attempt that may have been stored
// means "look it up", never "failed"; a 409 when every earlier attempt was clearly refused is a
// genuine duplicate.
//
// What a document whose attempt may have been stored ends as: *created* (found) or *not confirmed*
// (several matches, the search failed, the sign-in was refused, retries ran out) — never *failed* or
// *not sent*, which would invite a second copy.
//
// A nonce refused as out of order means the server handles pipelined requests out of order (a load
// balancer): that write is sent again and, from then on, one write at a time.
import { systemClock } from '../host/clock';
import { describeFailure } from '../http/describe';
import type { NonceSource } from '../session/nonce';
import { silentLogger, type Clock, type Logger } from '../host/ports';
import { KnownSecrets, redactingLogger } from '../text/redact';
import type { Failure, HttpFailure, UnexpectedResponseFailure } from '../http/result';
import type { GestixSession, SessionCallOutcome, StoredSignIn } from '../session/session';
import { DocumentWriter } from './documentWrite';
import { judgeAttempt, retryDelay, type Backoff, type JudgedFailure } from './retryPolicy';
import { SessionChecker, type SessionCheck } from './sessionCheck';
import { SentDocument, type DocumentIdentity, type Lookup, type Numbering } from './storedLookup';
import { StoredDocumentRecovery } from './storedRecovery';
import type { DocumentCreated, DocumentKind } from '../wire';
import { WriteTurns } from './writeTurns';

/** Which stored secret the server refused. */
export type RefusedSignIn = StoredSignIn['method'];

export type SendOutcome =
  | {
      kind: 'created';
      /** Undefined only when the server's answer named no document (it never is after a lost answer). */
      document: DocumentCreated | undefined;
      attempts: number;
      /** An earlier attempt's answer was lost; the document list showed it had been stored. */
      recoveredAfterUncertainAttempt: boolean;
      identity: DocumentIdentity | undefined;
    }
  | {
      /** An attempt may have been stored, and it could not be settled whether it was. */
      kind: 'notConfirmed';
      attempts: number;
      /** Documents on the server that match it (more than one, or none when it could not be looked up). */
      candidates: DocumentCreated[];
      lastFailure: Failure | undefined;
      /** Set when the server refused the stored secret before the question could be settled. */
      refusedSignIn: RefusedSignIn | undefined;
    }
  | { kind: 'rejected'; failure: HttpFailure | UnexpectedResponseFailure; attempts: number }
  | { kind: 'notSignedIn'; attempts: number }
  | { kind: 'reauthFailed'; failure: Failure; attempts: number; refused: RefusedSignIn }
  /** Nothing was stored: every attempt was refused clearly or never reached the server. */
  | { kind: 'gaveUp'; lastFailure: Failure; attempts: number }
  | { kind: 'cancelled'; attempts: number; mayHaveBeenCreated: boolean };

export type SendProgress =
  | { stage: 'checkingSession' }
  | { stage: 'sending'; attempt: number }
  | { stage: 'waitingToRetry'; attempt: number; delayMs: number; because: string }
  | { stage: 'lookingUpStoredDocument' };

/** Where a document came from: a file, named for whoever keeps a record of sends. */
export interface SendSource {
  /** The file's address (a Uri's string form). */
  uri: string;
  /** A short name to show, e.g. the file's name. */
  label: string;
}

/** What `SenderOptions.onOutcome` hears when a send ends. */
export interface SendEnded {
  kind: DocumentKind;
  source: SendSource | undefined;
  outcome: SendOutcome;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Not read by the send; handed to `onOutcome` with its outcome. */
  source?: SendSource;
  onProgress?: (progress: SendProgress) => void;
  /**
   * Write on the client's pipelining connection without waiting for the answers of earlier writes
   * (for batches). Either way every attempt gets a higher nonce than the one before it on the wire.
   */
  pipelined?: boolean;
}

export interface SenderOptions {
  clock?: Clock;
  logger?: Logger;
  secrets?: KnownSecrets;
  /** Retries after the first attempt for transient failures. */
  maxRetries?: number;
  baseDelayMs?: number;
  /** The longest wait between attempts, a server's Retry-After included. */
  maxDelayMs?: number;
  statusMaxAgeMs?: number;
  /** In [0, 1); replaceable so tests are deterministic. */
  random?: () => number;
  /** Hears every send's outcome (single sends, batches, retries alike): the one place sends are recorded. */
  onOutcome?: (ended: SendEnded) => void;
}

/** How one attempt ended: with the send's outcome, or with a failure to judge. */
type Attempt = { kind: 'done'; outcome: SendOutcome } | { kind: 'failed'; failure: Failure; wrote: boolean };

/** How a round ended: with the send's outcome, or with a failure another round may overcome. */
type RoundEnd = { kind: 'finished'; outcome: SendOutcome } | { kind: 'unsettled'; failure: Failure };

/** What a look-up means: the send's outcome, a failed look (try again later), or not there. */
type Settled = { kind: 'settled'; outcome: SendOutcome } | { kind: 'lookFailed'; failure: Failure } | { kind: 'notThere' };

interface SendState {
  attempts: number;
  /** Some attempt may have been stored. */
  mayHaveBeenStored: boolean;
  /** The last write's outcome is unknown: look before writing again. */
  lookFirst: boolean;
  /** A 409 after a possibly stored attempt: the document exists, so "not there" is not an answer. */
  conflict: HttpFailure | undefined;
  firstAttemptAt: number | undefined;
  /** The session token of the last write: a lost attempt is fenced off on its own session. */
  lastWriteToken: string | undefined;
}

/** One document's send: what every round reads, and what the rounds have learnt so far. */
interface SendRun {
  kind: DocumentKind;
  jsonText: string;
  /** Off the happy path only: a created document is named by the server's answer. */
  sent: SentDocument;
  pipelined: boolean;
  signal: AbortSignal | undefined;
  progress: (step: SendProgress) => void;
  state: SendState;
}

export function documentIdentity(jsonText: string): DocumentIdentity | undefined {
  return new SentDocument(jsonText).identity;
}

function identityInAnswer(created: DocumentCreated): DocumentIdentity | undefined {
  return created.documentSeries !== undefined && created.documentNumber !== undefined
    ? { documentSet: created.documentSeries, seqNumber: created.documentNumber }
    : undefined;
}

function labelOf(kind: DocumentKind, identity: DocumentIdentity | undefined): string {
  return identity ? `${kind} ${identity.documentSet} ${identity.seqNumber}` : kind;
}

function listOf(documents: DocumentCreated[]): string {
  return documents.map((document) => `${document.documentNumber ?? '?'} (id ${document.id})`).join(', ');
}

function finished(outcome: SendOutcome): RoundEnd {
  return { kind: 'finished', outcome };
}

function unsettled(failure: Failure): RoundEnd {
  return { kind: 'unsettled', failure };
}

function progressReporter(options: SendOptions): (step: SendProgress) => void {
  return (step) => {
    try {
      options.onProgress?.(step);
    } catch {
      // progress reporting must never change the outcome of a send
    }
  };
}

export class DocumentSender {
  private readonly turns = new WriteTurns();
  private readonly writer: DocumentWriter;
  private readonly recovery: StoredDocumentRecovery;
  private readonly sessionChecker: SessionChecker;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxRetries: number;
  private readonly backoff: Backoff;
  private readonly onOutcome: ((ended: SendEnded) => void) | undefined;

  constructor(
    private readonly session: GestixSession,
    nonces: NonceSource,
    options: SenderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = redactingLogger(options.logger ?? silentLogger, options.secrets ?? new KnownSecrets());
    this.maxRetries = options.maxRetries ?? 3;
    this.backoff = { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000, random: options.random ?? Math.random };
    this.onOutcome = options.onOutcome;
    this.writer = new DocumentWriter(session, nonces, this.turns);
    this.recovery = new StoredDocumentRecovery(session, nonces, this.turns, this.clock, this.logger);
    this.sessionChecker = new SessionChecker(session, this.clock, options.statusMaxAgeMs ?? 60_000);
  }

  /** What the first success showed about the server's numbering (for diagnostics and tests). */
  get serverNumbering(): Numbering {
    return this.recovery.serverNumbering;
  }

  /** Whether writes are still pipelined (false once the server refused a nonce as out of order). */
  get pipelining(): boolean {
    return this.turns.pipelining;
  }

  async send(kind: DocumentKind, jsonText: string, options: SendOptions = {}): Promise<SendOutcome> {
    const outcome = await this.sendInRounds(kind, jsonText, options);
    try {
      this.onOutcome?.({ kind, source: options.source, outcome });
    } catch (error) {
      // a record that cannot be kept must never change the outcome of a send
      this.logger.warn(`A send's outcome could not be recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
    return outcome;
  }

  private async sendInRounds(kind: DocumentKind, jsonText: string, options: SendOptions): Promise<SendOutcome> {
    const run: SendRun = {
      kind,
      jsonText,
      sent: new SentDocument(jsonText),
      pipelined: options.pipelined === true,
      signal: options.signal,
      progress: progressReporter(options),
      state: { attempts: 0, mayHaveBeenStored: false, lookFirst: false, conflict: undefined, firstAttemptAt: undefined, lastWriteToken: undefined },
    };
    for (let round = 0; ; round += 1) {
      const end = await this.round(run);
      if (end.kind === 'finished') return end.outcome;
      if (round >= this.maxRetries) return this.afterLastRound(run, end.failure);
      await this.waitToRetry(run, round + 1, end.failure);
    }
  }

  /** Looks first when the last write's fate is unknown; writes when nothing was stored. */
  private async round(run: SendRun): Promise<RoundEnd> {
    if (run.signal?.aborted) return finished(this.cancelled(run));
    if (run.state.lookFirst) {
      const look = await this.lookBeforeResend(run);
      if (look) return look;
    }
    return this.writeRound(run);
  }

  /** Undefined when the document is not there: then it is written again in this round. */
  private async lookBeforeResend(run: SendRun): Promise<RoundEnd | undefined> {
    const look = this.settle(run, await this.lookUp(run));
    if (run.signal?.aborted) return finished(this.cancelled(run));
    switch (look.kind) {
      case 'settled':
        return finished(look.outcome);
      case 'lookFailed':
        return unsettled(look.failure);
      case 'notThere':
        run.state.lookFirst = false;
        return undefined;
    }
  }

  private async writeRound(run: SendRun): Promise<RoundEnd> {
    const attempt = await this.attempt(run);
    if (attempt.kind === 'done') return finished(this.afterDone(run, attempt.outcome));
    return this.afterFailure(run, judgeAttempt(attempt.failure, attempt.wrote), attempt.wrote);
  }

  private afterDone(run: SendRun, outcome: SendOutcome): SendOutcome {
    const { kind, sent, state } = run;
    if (outcome.kind === 'created') {
      this.recovery.noteCreated(sent, outcome.document);
      this.logger.info(`Created ${labelOf(kind, outcome.identity)} after ${state.attempts} attempt(s)`);
    }
    if (outcome.kind === 'reauthFailed' && state.mayHaveBeenStored) return this.notConfirmed(run, outcome.failure, [], outcome.refused);
    if (outcome.kind === 'notSignedIn' && state.mayHaveBeenStored) return this.notConfirmed(run, undefined);
    return outcome;
  }

  private afterFailure(run: SendRun, judged: JudgedFailure, wrote: boolean): RoundEnd {
    const { state } = run;
    switch (judged.action) {
      case 'conflict':
        if (!state.mayHaveBeenStored) return finished({ kind: 'rejected', failure: judged.failure, attempts: state.attempts });
        this.logger.info(`${labelOf(run.kind, run.sent.identity)}: ${judged.failure.status} on a resend after an uncertain attempt; looking it up`);
        state.conflict = judged.failure;
        state.lookFirst = true;
        return unsettled(judged.failure);
      case 'reject':
        return finished({ kind: 'rejected', failure: judged.failure, attempts: state.attempts });
      case 'stop':
        return finished(this.stopped(run, judged.failure, wrote));
      case 'nonceOutOfOrder':
        this.fallBackToOneWriteAtATime(judged.failure);
        return unsettled(judged.failure);
      case 'retry':
        if (judged.mayHaveBeenStored) {
          state.mayHaveBeenStored = true;
          state.lookFirst = true;
        }
        return unsettled(judged.failure);
    }
  }

  /** A failure no retry can overcome. */
  private stopped(run: SendRun, failure: Failure, wrote: boolean): SendOutcome {
    const { state } = run;
    if (wrote && failure.kind === 'network' && failure.mayHaveReachedServer) state.mayHaveBeenStored = true;
    if (failure.kind === 'network' && failure.reason === 'aborted') return this.cancelled(run);
    return state.mayHaveBeenStored ? this.notConfirmed(run, failure) : { kind: 'gaveUp', lastFailure: failure, attempts: state.attempts };
  }

  private async waitToRetry(run: SendRun, retry: number, failure: Failure): Promise<void> {
    const delayMs = retryDelay(retry, failure, this.backoff);
    const because = describeFailure(failure);
    this.logger.info(`Retrying ${labelOf(run.kind, run.sent.identity)} in ${delayMs} ms: ${because}`);
    run.progress({ stage: 'waitingToRetry', attempt: run.state.attempts, delayMs, because });
    await this.clock.sleep(delayMs, run.signal);
  }

  private async afterLastRound(run: SendRun, lastFailure: Failure): Promise<SendOutcome> {
    if (run.signal?.aborted) return this.cancelled(run);
    if (run.state.lookFirst) {
      // Out of retries, and what the last attempt did is still unknown: one last look. Behind the
      // fence, "not there" is final: that attempt can no longer be stored.
      const look = this.settle(run, await this.lookUp(run));
      if (look.kind === 'settled') return look.outcome;
      if (look.kind === 'lookFailed') return this.notConfirmed(run, look.failure);
    }
    this.logger.warn(`Gave up sending ${labelOf(run.kind, run.sent.identity)} after ${run.state.attempts} attempt(s)`);
    return { kind: 'gaveUp', lastFailure, attempts: run.state.attempts };
  }

  private cancelled(run: SendRun): SendOutcome {
    return { kind: 'cancelled', attempts: run.state.attempts, mayHaveBeenCreated: run.state.mayHaveBeenStored };
  }

  private notConfirmed(run: SendRun, lastFailure: Failure | undefined, candidates: DocumentCreated[] = [], refusedSignIn?: RefusedSignIn): SendOutcome {
    const why = candidates.length > 1 ? `${candidates.length} documents match it: ${listOf(candidates)}` : lastFailure ? `checking failed: ${describeFailure(lastFailure)}` : 'it could not be checked';
    this.logger.warn(`${labelOf(run.kind, run.sent.identity)} not confirmed: an earlier attempt may have been stored, and ${why}`);
    return { kind: 'notConfirmed', attempts: run.state.attempts, candidates, lastFailure, refusedSignIn };
  }

  private settle(run: SendRun, lookup: Lookup): Settled {
    const settled = (outcome: SendOutcome): Settled => ({ kind: 'settled', outcome });
    const { state } = run;
    switch (lookup.kind) {
      case 'found':
        return settled(this.recovered(run, lookup.document));
      case 'several':
        return settled(this.notConfirmed(run, state.conflict, lookup.candidates));
      case 'missing':
        // A 409 said the document exists; not finding it settles nothing.
        return state.conflict ? settled(this.notConfirmed(run, state.conflict)) : { kind: 'notThere' };
      case 'notSignedIn':
        return settled(this.notConfirmed(run, undefined));
      case 'signInRefused':
        return settled(this.notConfirmed(run, lookup.failure, [], this.refusedSignIn()));
      case 'failed':
        return { kind: 'lookFailed', failure: lookup.failure };
    }
  }

  private recovered(run: SendRun, document: DocumentCreated): SendOutcome {
    this.recovery.claim(document.id);
    const identity = identityInAnswer(document) ?? run.sent.identity;
    this.logger.info(`${labelOf(run.kind, identity)}: an earlier attempt had been stored (id ${document.id}); nothing was sent again`);
    return { kind: 'created', document, attempts: run.state.attempts, recoveredAfterUncertainAttempt: true, identity };
  }

  private lookUp(run: SendRun): Promise<Lookup> {
    run.progress({ stage: 'lookingUpStoredDocument' });
    const { kind, sent, signal, state } = run;
    return this.recovery.lookUp({ kind, sent, signal, firstAttemptAt: state.firstAttemptAt, lastWriteToken: state.lastWriteToken });
  }

  private fallBackToOneWriteAtATime(failure: Failure): void {
    if (!this.turns.pipelining) return;
    this.turns.oneAtATime();
    this.logger.warn(
      `The server refused a nonce as out of order (${describeFailure(failure)}): it handles pipelined requests out of order, e.g. behind a load balancer. From now on this window sends one write at a time.`,
    );
  }

  private refusedSignIn(): RefusedSignIn {
    return this.session.signInMethod ?? 'apiToken';
  }

  /** One attempt: the session check when due, then one write (repeated inside on a 403). */
  private async attempt(run: SendRun): Promise<Attempt> {
    const { state } = run;
    const check = await this.sessionChecker.checkIfStale(() => run.progress({ stage: 'checkingSession' }), run.signal);
    if (check.kind !== 'fine') return this.unchecked(run, check);
    run.progress({ stage: 'sending', attempt: state.attempts + 1 });
    const { session, wrote } = await this.writer.write({
      kind: run.kind,
      jsonText: run.jsonText,
      pipelined: run.pipelined,
      signal: run.signal,
      onWrite: (token) => {
        state.attempts += 1;
        state.firstAttemptAt ??= this.clock.now();
        state.lastWriteToken = token;
      },
    });
    return this.afterWrite(run, session, wrote);
  }

  /** The session check stopped the attempt before the write. */
  private unchecked(run: SendRun, check: Exclude<SessionCheck, { kind: 'fine' }>): Attempt {
    switch (check.kind) {
      case 'notSignedIn':
        return { kind: 'done', outcome: { kind: 'notSignedIn', attempts: run.state.attempts } };
      case 'reauthFailed':
        return this.signInRefused(run, check.failure);
      case 'cancelled':
        return { kind: 'done', outcome: this.cancelled(run) };
      case 'unreachable':
        return { kind: 'failed', failure: check.failure, wrote: false };
    }
  }

  private afterWrite(run: SendRun, outcome: SessionCallOutcome<DocumentCreated>, wrote: boolean): Attempt {
    if (outcome.kind === 'notSignedIn') return { kind: 'done', outcome: { kind: 'notSignedIn', attempts: run.state.attempts } };
    if (outcome.kind === 'signInFailed') {
      if (outcome.reason === 'rejected') return this.signInRefused(run, outcome.failure);
      // The server could not be asked, or kept refusing fresh sessions: the writes that needed a
      // session were refused (403) and stored nothing.
      return { kind: 'failed', failure: outcome.failure, wrote: false };
    }
    if (!outcome.result.ok) return { kind: 'failed', failure: outcome.result.failure, wrote };
    const document = outcome.result.value;
    return {
      kind: 'done',
      outcome: { kind: 'created', document, attempts: run.state.attempts, recoveredAfterUncertainAttempt: false, identity: identityInAnswer(document) ?? run.sent.identity },
    };
  }

  private signInRefused(run: SendRun, failure: Failure): Attempt {
    return { kind: 'done', outcome: { kind: 'reauthFailed', failure, attempts: run.state.attempts, refused: this.refusedSignIn() } };
  }
}
