// Sending a document, and when to send it again.
//
// Why retry at all: the API documents DB_TIMEOUT as "retry after a short delay", and a tax-engine
// timeout (Sovos 0202) or a dropped connection is usually gone a moment later. Retrying by hand
// would mean the user re-sends while unsure whether the first attempt went through.
//
// Why duplicates cannot happen: an attempt may have been stored although its answer never arrived
// — the connection dropped after the request was written, or an answer came back that no server
// logic produced (an HTML gateway page, an empty or cut-off body). Before anything is sent again,
// the server's document list is searched for it (see storedLookup.ts): found means created, with
// the number the server gave it; several matches means *not confirmed*, naming them; only "not
// there" leads to a resend. This needs no 409 from the server, which matters because the API marks
// the document number read-only: a server that numbers documents itself would take a resend as a
// new invoice. Whether the server keeps the numbers it is given is learnt from the first success.
// A 409 of any shape (any code, a Sovos body, no body) after such an attempt means "look it up",
// never "failed"; a 409 when every earlier attempt was clearly refused is a genuine duplicate.
// DB_TIMEOUT and the tax-engine timeout are clear answers: the server says it did not process the
// request (the tax engine runs before anything is stored).
//
// What a document whose attempt may have been stored ends as: *created* (found) or *not confirmed*
// (several matches, the search failed, the sign-in was refused, retries ran out) — never *failed* or
// *not sent*, which would invite a second copy.
//
// Why a new nonce every attempt: the server consumes a nonce once it passes the check, even when
// the request then fails, so re-using one would be refused before the document is even looked at.
// For the same reason the writes of one window take turns (see writeTurns.ts). A nonce refused as
// out of order means the server handles pipelined requests out of order (a load balancer): that
// write is sent again and, from then on, one write at a time.
//
// Why some failures are never retried: 400s and other definite answers would fail identically, and
// TLS or "refusing to send a token over http" problems need the user, not time. Retries are few
// (three) with exponential backoff and jitter, and a server's Retry-After is honoured (up to 30 s,
// so a progress notification never hangs for minutes), so an overloaded server is not hammered.
//
// Why a status check first: the API advises checking GET /status before writes; a stale session is
// then renewed without spending a document attempt. A check younger than a minute is trusted.
import { systemClock, untilAborted } from '../host/clock';
import { describeFailure } from '../http/describe';
import type { NonceSource } from '../session/nonce';
import { silentLogger, type Clock, type Logger } from '../host/ports';
import { KnownSecrets, redactingLogger } from '../text/redact';
import { failed, type Failure, type HttpFailure, type NetworkFailure, type UnexpectedResponseFailure } from '../http/result';
import type { GestixSession, StoredSignIn } from '../session/session';
import { lookUpStored, SentDocument, type DocumentIdentity, type Lookup, type Numbering } from './storedLookup';
import type { DocumentCreated, DocumentKind } from '../wire';
import { WriteTurns } from './writeTurns';

export type { DocumentIdentity } from './storedLookup';

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

export interface SendOptions {
  signal?: AbortSignal;
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
  maxDelayMs?: number;
  statusMaxAgeMs?: number;
  /** In [0, 1); replaceable so tests are deterministic. */
  random?: () => number;
}

/** What one attempt's failure means for the next step. */
type Verdict =
  | { action: 'retry'; mayHaveBeenStored: boolean }
  | { action: 'conflict' }
  | { action: 'nonceOutOfOrder' }
  | { action: 'reject' }
  | { action: 'stop' };

type Round = { kind: 'done'; outcome: SendOutcome } | { kind: 'failed'; failure: Failure; wrote: boolean };

type SessionCheck =
  | { kind: 'fine' }
  | { kind: 'notSignedIn' }
  | { kind: 'reauthFailed'; failure: Failure }
  | { kind: 'cancelled' }
  | { kind: 'unreachable'; failure: Failure };

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

/** Ids remembered as reported by some send, so that no two sends claim one document. */
const CLAIMS_KEPT = 100_000;

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

function hasApiErrorCode(failure: HttpFailure, code: string): boolean {
  return failure.shape.kind === 'apiError' && failure.shape.error.code.toUpperCase() === code;
}

function isTaxEngineTimeout(failure: HttpFailure): boolean {
  return failure.shape.kind === 'sovosFormat1' && failure.shape.body.errors.some((error) => /^SMA[RP]-0*202$/i.test(error.subcode.trim()));
}

/** Whether the server's own logic produced this answer (as opposed to a gateway, or a cut-off reply). */
function isStructuredAnswer(failure: HttpFailure): boolean {
  return !failure.bodyTruncated && (failure.shape.kind === 'apiError' || failure.shape.kind === 'sovosFormat1');
}

/**
 * The status of a refused nonce is not documented; the answer names the nonce. The body is read as
 * text, since it may arrive cut off; a 400 is never stored, so sending it again is safe either way.
 */
function isNonceRefusal(failure: HttpFailure): boolean {
  return failure.status === 400 && /\bnonce\b/i.test(failure.body);
}

export function judgeFailure(failure: Failure): Verdict {
  switch (failure.kind) {
    case 'network':
      if (['aborted', 'insecure', 'tls', 'settings'].includes(failure.reason)) return { action: 'stop' };
      return { action: 'retry', mayHaveBeenStored: failure.mayHaveReachedServer };
    case 'unexpected':
      // A 2xx whose body is unusable: the server most likely stored the document.
      return { action: 'retry', mayHaveBeenStored: true };
    case 'http':
      if (hasApiErrorCode(failure, 'DB_TIMEOUT')) return { action: 'retry', mayHaveBeenStored: false };
      if (isTaxEngineTimeout(failure)) return { action: 'retry', mayHaveBeenStored: false };
      // Whatever its body (DUPLICATE_ENTRY, another code, Sovos, nothing): the document exists.
      if (failure.status === 409) return { action: 'conflict' };
      if (isNonceRefusal(failure)) return { action: 'nonceOutOfOrder' };
      // A 400 whose reason was lost on the way (a refused nonce, perhaps): refused, so nothing stored.
      if (failure.status === 400 && !isStructuredAnswer(failure)) return { action: 'retry', mayHaveBeenStored: false };
      if (failure.status === 429) return { action: 'retry', mayHaveBeenStored: false };
      if ((failure.status >= 500 || failure.status === 408) && !isStructuredAnswer(failure)) {
        return { action: 'retry', mayHaveBeenStored: true };
      }
      return { action: 'reject' };
  }
}

function notSent(method: string, path: string): NetworkFailure {
  return { kind: 'network', method, path, reason: 'aborted', message: 'The request was cancelled.', mayHaveReachedServer: false };
}

/** A failure of the session check or of signing in: the document was not sent in that round. */
function judgeFailureBeforeWriting(failure: Failure): Verdict {
  const verdict = judgeFailure(failure);
  return verdict.action === 'stop' ? verdict : { action: 'retry', mayHaveBeenStored: false };
}

export class DocumentSender {
  private sessionCheck: Promise<SessionCheck> | undefined;
  private readonly turns = new WriteTurns();
  private numbering: Numbering = 'unknown';
  private readonly claimed = new Set<number>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly statusMaxAgeMs: number;
  private readonly random: () => number;

  constructor(
    private readonly session: GestixSession,
    private readonly nonces: NonceSource,
    options: SenderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = redactingLogger(options.logger ?? silentLogger, options.secrets ?? new KnownSecrets());
    this.maxRetries = options.maxRetries ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.statusMaxAgeMs = options.statusMaxAgeMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** What the first success showed about the server's numbering (for diagnostics and tests). */
  get serverNumbering(): Numbering {
    return this.numbering;
  }

  /** Whether writes are still pipelined (false once the server refused a nonce as out of order). */
  get pipelining(): boolean {
    return this.turns.pipelining;
  }

  async send(kind: DocumentKind, jsonText: string, options: SendOptions = {}): Promise<SendOutcome> {
    const { signal } = options;
    const progress = (step: SendProgress) => {
      try {
        options.onProgress?.(step);
      } catch {
        // progress reporting must never change the outcome of a send
      }
    };
    // Off the happy path only: a created document is named by the server's answer.
    const sent = new SentDocument(jsonText);
    const state: SendState = { attempts: 0, mayHaveBeenStored: false, lookFirst: false, conflict: undefined, firstAttemptAt: undefined, lastWriteToken: undefined };
    const cancelled = (): SendOutcome => ({ kind: 'cancelled', attempts: state.attempts, mayHaveBeenCreated: state.mayHaveBeenStored });
    const notConfirmed = (lastFailure: Failure | undefined, candidates: DocumentCreated[] = [], refusedSignIn?: RefusedSignIn): SendOutcome => {
      this.logger.warn(
        `${labelOf(kind, sent.identity)} not confirmed: an earlier attempt may have been stored, and ${
          candidates.length > 1 ? `${candidates.length} documents match it: ${listOf(candidates)}` : lastFailure ? `checking failed: ${describeFailure(lastFailure)}` : 'it could not be checked'
        }`,
      );
      return { kind: 'notConfirmed', attempts: state.attempts, candidates, lastFailure, refusedSignIn };
    };
    /** What a look-up means: the send's outcome, a failed look (try again later), or not there. */
    const settle = (lookup: Lookup): { kind: 'settled'; outcome: SendOutcome } | { kind: 'lookFailed'; failure: Failure } | { kind: 'notThere' } => {
      const settled = (outcome: SendOutcome) => ({ kind: 'settled' as const, outcome });
      switch (lookup.kind) {
        case 'found':
          return settled(this.recovered(kind, sent, lookup.document, state.attempts));
        case 'several':
          return settled(notConfirmed(state.conflict, lookup.candidates));
        case 'missing':
          // A 409 said the document exists; not finding it settles nothing.
          return state.conflict ? settled(notConfirmed(state.conflict)) : { kind: 'notThere' };
        case 'notSignedIn':
          return settled(notConfirmed(undefined));
        case 'signInRefused':
          return settled(notConfirmed(lookup.failure, [], this.session.signInMethod ?? 'apiToken'));
        case 'failed':
          return { kind: 'lookFailed', failure: lookup.failure };
      }
    };
    let lastFailure: Failure | undefined;

    for (let round = 0; round <= this.maxRetries; round += 1) {
      if (signal?.aborted) return cancelled();
      if (state.lookFirst) {
        const look = settle(await this.lookUp(kind, sent, state, progress, signal));
        if (signal?.aborted) return cancelled();
        if (look.kind === 'settled') return look.outcome;
        if (look.kind === 'notThere') state.lookFirst = false;
        else lastFailure = look.failure;
      }
      if (!state.lookFirst) {
        const step = await this.attempt(kind, jsonText, sent, state, progress, signal, options.pipelined === true);
        if (step.kind === 'done') {
          const outcome = step.outcome;
          if (outcome.kind === 'created') {
            this.noteCreated(sent, outcome.document);
            this.logger.info(`Created ${labelOf(kind, outcome.identity)} after ${state.attempts} attempt(s)`);
          }
          if (outcome.kind === 'reauthFailed' && state.mayHaveBeenStored) return notConfirmed(outcome.failure, [], outcome.refused);
          if (outcome.kind === 'notSignedIn' && state.mayHaveBeenStored) return notConfirmed(undefined);
          return outcome;
        }
        const failure = step.failure;
        lastFailure = failure;
        const verdict = step.wrote ? judgeFailure(failure) : judgeFailureBeforeWriting(failure);
        switch (verdict.action) {
          case 'conflict':
            if (!state.mayHaveBeenStored) return { kind: 'rejected', failure: failure as HttpFailure, attempts: state.attempts };
            this.logger.info(`${labelOf(kind, sent.identity)}: ${(failure as HttpFailure).status} on a resend after an uncertain attempt; looking it up`);
            state.conflict = failure as HttpFailure;
            state.lookFirst = true;
            break;
          case 'reject':
            return { kind: 'rejected', failure: failure as HttpFailure | UnexpectedResponseFailure, attempts: state.attempts };
          case 'stop':
            if (step.wrote && failure.kind === 'network' && failure.mayHaveReachedServer) state.mayHaveBeenStored = true;
            if (failure.kind === 'network' && failure.reason === 'aborted') return cancelled();
            return state.mayHaveBeenStored ? notConfirmed(failure) : { kind: 'gaveUp', lastFailure: failure, attempts: state.attempts };
          case 'nonceOutOfOrder':
            this.fallBackToOneWriteAtATime(failure);
            break;
          case 'retry':
            if (verdict.mayHaveBeenStored) {
              state.mayHaveBeenStored = true;
              state.lookFirst = true;
            }
        }
      }
      if (round === this.maxRetries) break;
      const delayMs = this.retryDelay(round + 1, lastFailure);
      const because = lastFailure ? describeFailure(lastFailure) : 'unknown';
      this.logger.info(`Retrying ${labelOf(kind, sent.identity)} in ${delayMs} ms: ${because}`);
      progress({ stage: 'waitingToRetry', attempt: state.attempts, delayMs, because });
      await this.clock.sleep(delayMs, signal);
    }

    if (signal?.aborted) return cancelled();
    if (state.lookFirst) {
      // Out of retries, and what the last attempt did is still unknown: one last look. Behind the
      // fence, "not there" is final: that attempt can no longer be stored.
      const look = settle(await this.lookUp(kind, sent, state, progress, signal));
      if (look.kind === 'settled') return look.outcome;
      if (look.kind === 'lookFailed') return notConfirmed(look.failure);
    }
    this.logger.warn(`Gave up sending ${labelOf(kind, sent.identity)} after ${state.attempts} attempt(s)`);
    return { kind: 'gaveUp', lastFailure: lastFailure as Failure, attempts: state.attempts };
  }

  private fallBackToOneWriteAtATime(failure: Failure): void {
    if (!this.turns.pipelining) return;
    this.turns.oneAtATime();
    this.logger.warn(
      `The server refused a nonce as out of order (${describeFailure(failure)}): it handles pipelined requests out of order, e.g. behind a load balancer. From now on this window sends one write at a time.`,
    );
  }

  /** Learns the server's numbering from a success, and keeps any other send from claiming the document. */
  private noteCreated(sent: SentDocument, document: DocumentCreated | undefined): void {
    if (!document) return;
    this.claim(document.id);
    if (this.numbering === 'server') return;
    const kept = sent.keptNumber(document);
    if (kept === undefined) return;
    const learnt: Numbering = kept ? 'client' : 'server';
    if (learnt === this.numbering) return;
    this.numbering = learnt;
    this.logger.info(
      learnt === 'client'
        ? 'The server keeps the document numbers it is given (seq_number); a document whose answer was lost is looked up by its series and number.'
        : 'The server numbers documents itself and ignores the given seq_number; a document whose answer was lost is looked up by its content (customer, date, totals, lines).',
    );
  }

  private claim(id: number): void {
    if (this.claimed.size >= CLAIMS_KEPT) this.claimed.delete(this.claimed.values().next().value as number);
    this.claimed.add(id);
  }

  private recovered(kind: DocumentKind, sent: SentDocument, document: DocumentCreated, attempts: number): SendOutcome {
    this.claim(document.id);
    const identity = identityInAnswer(document) ?? sent.identity;
    this.logger.info(`${labelOf(kind, identity)}: an earlier attempt had been stored (id ${document.id}); nothing was sent again`);
    return { kind: 'created', document, attempts, recoveredAfterUncertainAttempt: true, identity };
  }

  /**
   * Searches the server for the document. It runs alone: every earlier write has been answered (a
   * document stored by a concurrent send is claimed before it is seen), and no later one starts.
   */
  private lookUp(kind: DocumentKind, sent: SentDocument, state: SendState, progress: (step: SendProgress) => void, signal: AbortSignal | undefined): Promise<Lookup> {
    progress({ stage: 'lookingUpStoredDocument' });
    return this.turns.alone(async (): Promise<Lookup> => {
      const fence = await this.fence(state.lastWriteToken, signal);
      if (fence !== undefined) return { kind: 'failed', failure: fence };
      return lookUpStored(this.session, {
        kind,
        sent,
        numbering: this.numbering,
        firstAttemptAt: state.firstAttemptAt ?? this.clock.now(),
        claimed: this.claimed,
        signal,
      });
    });
  }

  /**
   * GET /status with the next nonce, on the session of the lost attempt. An attempt the server has
   * not handled yet (a slow node, a request still on its way) carries a lower nonce, so once the
   * fence is answered it can never be stored; without it, it could be stored after the search came
   * back empty, and the resend would make a second document. A session the server refuses (403)
   * fences too: its requests are refused as well. Resolves with the failure when not fenced.
   */
  private async fence(token: string | undefined, signal: AbortSignal | undefined): Promise<Failure | undefined> {
    if (token === undefined) return undefined;
    const answer = await this.session.client.status(token, signal, await this.nonces.next());
    if (answer.ok || (answer.failure.kind === 'http' && (answer.failure.status === 403 || answer.failure.status === 401))) return undefined;
    return answer.failure;
  }

  /** One round: the session check when due, then one write (repeated inside on a 403). */
  private async attempt(
    kind: DocumentKind,
    jsonText: string,
    sent: SentDocument,
    state: SendState,
    progress: (step: SendProgress) => void,
    signal: AbortSignal | undefined,
    pipelined: boolean,
  ): Promise<Round> {
    const cancelled: Round = { kind: 'done', outcome: { kind: 'cancelled', attempts: state.attempts, mayHaveBeenCreated: state.mayHaveBeenStored } };
    const refused = (failure: Failure): Round => ({ kind: 'done', outcome: { kind: 'reauthFailed', failure, attempts: state.attempts, refused: this.session.signInMethod ?? 'apiToken' } });
    const check = await this.checkSessionIfStale(progress, signal);
    if (check.kind === 'notSignedIn') return { kind: 'done', outcome: { kind: 'notSignedIn', attempts: state.attempts } };
    if (check.kind === 'reauthFailed') return refused(check.failure);
    if (check.kind === 'cancelled') return cancelled;
    if (check.kind === 'unreachable') return { kind: 'failed', failure: check.failure, wrote: false };

    progress({ stage: 'sending', attempt: state.attempts + 1 });
    let wrote = false;
    const outcome = await this.session.withSession(
      (token) =>
        this.turns.take(pipelined, async (onPipeline) => {
          if (signal?.aborted) return { answer: Promise.resolve(failed<DocumentCreated>(notSent('POST', `/${kind}`))) };
          state.attempts += 1;
          state.firstAttemptAt ??= this.clock.now();
          state.lastWriteToken = token;
          wrote = true;
          const nonce = await this.nonces.next();
          return { answer: this.session.client.createDocument(token, kind, jsonText, nonce, signal, { pipelined: onPipeline }) };
        }),
      signal ? { signal } : {},
    );
    if (outcome.kind === 'notSignedIn') return { kind: 'done', outcome: { kind: 'notSignedIn', attempts: state.attempts } };
    if (outcome.kind === 'signInFailed') {
      if (outcome.reason === 'rejected') return refused(outcome.failure);
      // The server could not be asked, or kept refusing fresh sessions: the writes that needed a
      // session were refused (403) and stored nothing.
      return { kind: 'failed', failure: outcome.failure, wrote: false };
    }
    if (outcome.result.ok) {
      return {
        kind: 'done',
        outcome: {
          kind: 'created',
          document: outcome.result.value,
          attempts: state.attempts,
          recoveredAfterUncertainAttempt: false,
          identity: identityInAnswer(outcome.result.value) ?? sent.identity,
        },
      };
    }
    return { kind: 'failed', failure: outcome.result.failure, wrote };
  }

  /** Exponential backoff with jitter; a server's Retry-After sets the minimum. */
  private retryDelay(retry: number, failure: Failure | undefined): number {
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (retry - 1));
    const jittered = Math.round(exponential * (0.5 + this.random()));
    const retryAfter = failure?.kind === 'http' && failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
    return Math.min(this.maxDelayMs, Math.max(jittered, retryAfter));
  }

  private async checkSessionIfStale(progress: (step: SendProgress) => void, signal: AbortSignal | undefined): Promise<SessionCheck> {
    const now = this.clock.now();
    const answeredAt = this.session.statusAnsweredAt;
    if (answeredAt !== undefined && now - answeredAt < this.statusMaxAgeMs) return { kind: 'fine' };
    progress({ stage: 'checkingSession' });
    // Sends that start together share one check, which is therefore not tied to one caller's signal.
    this.sessionCheck ??= this.checkSession().finally(() => {
      this.sessionCheck = undefined;
    });
    return untilAborted(this.sessionCheck, signal, (): SessionCheck => ({ kind: 'cancelled' }));
  }

  private async checkSession(): Promise<SessionCheck> {
    const outcome = await this.session.withSession((token) => this.session.client.status(token));
    if (outcome.kind === 'notSignedIn') return { kind: 'notSignedIn' };
    const failure = outcome.kind === 'signInFailed' ? outcome.failure : outcome.result.ok ? undefined : outcome.result.failure;
    if (outcome.kind === 'signInFailed' && outcome.reason === 'rejected') return { kind: 'reauthFailed', failure: outcome.failure };
    if (failure === undefined) {
      this.session.noteStatusAnswered(this.clock.now());
      return { kind: 'fine' };
    }
    if (failure.kind === 'network') return failure.reason === 'aborted' ? { kind: 'cancelled' } : { kind: 'unreachable', failure };
    // Any other answer from /status says nothing certain about the write; let the write decide.
    return { kind: 'fine' };
  }
}
