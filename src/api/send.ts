// Sending a document, and when to send it again.
//
// Why retry at all: the API documents DB_TIMEOUT as "retry after a short delay", and a tax-engine
// timeout (Sovos 0202) or a dropped connection is usually gone a moment later. Retrying by hand
// would mean the user re-sends while unsure whether the first attempt went through.
//
// Why duplicates cannot happen: the server refuses a second document with the same document_set +
// seq_number (409 DUPLICATE_ENTRY). So a resend is always the *same* document, never a changed one,
// and whenever an earlier attempt may have been stored — the connection dropped after the request
// was written, or an answer came back that no server logic produced (an HTML gateway page, an empty
// or cut-off body) — a 409 on the resend is the server telling us that our own earlier attempt
// succeeded. We then look the stored document up and report it as created. A 409 on the first
// attempt, or after attempts the server answered clearly, is a genuine duplicate and is reported.
// DB_TIMEOUT and the tax-engine timeout are such clear answers: the server says it did not process
// the request (the tax engine runs before anything is stored), so they do not make a later 409 ours.
//
// Why a new nonce every attempt: the server consumes a nonce once it passes the check, even when
// the request then fails, so re-using one would be refused before the document is even looked at.
// For the same reason the writes of one window take turns (see WriteTurns).
//
// Why some failures are never retried: 400s and other definite answers would fail identically, and
// TLS or "refusing to send a token over http" problems need the user, not time. Retries are few
// (three) with exponential backoff and jitter, and a server's Retry-After is honoured (up to 30 s,
// so a progress notification never hangs for minutes), so an overloaded server is not hammered.
//
// Why a status check first: the API advises checking GET /status before writes; a stale session is
// then renewed without spending a document attempt. A check younger than a minute is trusted.
import type { GestixClient } from './client';
import { systemClock, untilAborted } from './clock';
import { describeFailure } from './describe';
import type { NonceSource } from './nonce';
import { silentLogger, type Clock, type Logger } from './ports';
import { KnownSecrets, redactingLogger } from './redact';
import { failed, type Failure, type HttpFailure, type NetworkFailure, type UnexpectedResponseFailure } from './result';
import { capped } from './sanitize';
import type { GestixSession } from './session';
import { DOCUMENT_NUMBER_LIMIT, type DocumentCreated, type DocumentKind } from './types';

export interface DocumentIdentity {
  documentSet: string;
  seqNumber: string;
}

export type SendOutcome =
  | {
      kind: 'created';
      /** Undefined only when the document exists but could not be fetched after a lost answer. */
      document: DocumentCreated | undefined;
      attempts: number;
      /** An earlier attempt's answer was lost; the server's 409 on a resend showed it was stored. */
      recoveredAfterUncertainAttempt: boolean;
      identity: DocumentIdentity | undefined;
      lookupFailure?: Failure;
    }
  | { kind: 'rejected'; failure: HttpFailure | UnexpectedResponseFailure; attempts: number }
  | { kind: 'notSignedIn'; attempts: number }
  | { kind: 'reauthFailed'; failure: Failure; attempts: number }
  | { kind: 'gaveUp'; lastFailure: Failure; attempts: number; mayHaveBeenCreated: boolean }
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
  | { action: 'duplicate' }
  | { action: 'reject' }
  | { action: 'stop' };

type Round = { kind: 'done'; outcome: SendOutcome } | { kind: 'failed'; failure: Failure; wrote: boolean };

type SessionCheck =
  | { kind: 'fine' }
  | { kind: 'notSignedIn' }
  | { kind: 'reauthFailed'; failure: Failure }
  | { kind: 'cancelled' }
  | { kind: 'unreachable'; failure: Failure };

const LOOKUP_PAGE_SIZE = 1000;
const LOOKUP_MAX_PAGES = 20;

export function documentIdentity(jsonText: string): DocumentIdentity | undefined {
  try {
    const value: unknown = JSON.parse(jsonText);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    const text = (field: unknown) => (typeof field === 'string' || typeof field === 'number' ? String(field) : undefined);
    const documentSet = text(record.document_set);
    const seqNumber = text(record.seq_number);
    return documentSet !== undefined && seqNumber !== undefined ? { documentSet, seqNumber } : undefined;
  } catch {
    return undefined;
  }
}

function identityInAnswer(created: DocumentCreated): DocumentIdentity | undefined {
  return created.documentSeries !== undefined && created.documentNumber !== undefined
    ? { documentSet: created.documentSeries, seqNumber: created.documentNumber }
    : undefined;
}

function labelOf(kind: DocumentKind, identity: DocumentIdentity | undefined): string {
  return identity ? `${kind} ${identity.documentSet} ${identity.seqNumber}` : kind;
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
      // 409 means DUPLICATE_ENTRY in this API; it still does when the body was lost on the way.
      if (failure.status === 409 && (hasApiErrorCode(failure, 'DUPLICATE_ENTRY') || !isStructuredAnswer(failure))) return { action: 'duplicate' };
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

/**
 * The server wants each nonce of a session above the last one it *received*. Two writes in flight
 * on different connections could arrive in the other order, and the later-numbered one would make
 * the other fail. So writes take turns, and each takes its nonce when its turn comes:
 * - an ordinary write's turn lasts until its answer, and starts only once every pipelined write
 *   before it has been answered (it travels on another connection and could overtake them);
 * - a pipelined write's turn ends once it is on the pipelining connection, which keeps the order.
 */
class WriteTurns {
  private previous: Promise<unknown> = Promise.resolve();
  private readonly unanswered = new Set<Promise<unknown>>();

  /** `write` must have handed its request to the client when the promise it returns settles. */
  take<T>(pipelined: boolean, write: () => Promise<{ answer: Promise<T> }>): Promise<T> {
    const ready = pipelined ? this.previous : Promise.allSettled([this.previous, ...this.unanswered]);
    const written = ready.then(write);
    const answer = written.then((sent) => sent.answer);
    const ignore = () => undefined;
    this.previous = (pipelined ? written : answer).then(ignore, ignore);
    if (pipelined) {
      const settled = answer.then(ignore, ignore);
      this.unanswered.add(settled);
      void settled.then(() => this.unanswered.delete(settled));
    }
    return answer;
  }
}

export class DocumentSender {
  private sessionCheck: Promise<SessionCheck> | undefined;
  private readonly turns = new WriteTurns();
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
    let parsed: { identity: DocumentIdentity | undefined } | undefined;
    const identity = () => (parsed ??= { identity: documentIdentity(jsonText) }).identity;
    const state = { attempts: 0, mayHaveBeenStored: false };
    const cancelled = (): SendOutcome => ({ kind: 'cancelled', attempts: state.attempts, mayHaveBeenCreated: state.mayHaveBeenStored });
    let lastFailure: Failure | undefined;

    for (let round = 0; round <= this.maxRetries; round += 1) {
      if (signal?.aborted) return cancelled();
      const step = await this.attempt(kind, jsonText, identity, state, progress, signal, options.pipelined === true);
      if (step.kind === 'done') {
        if (step.outcome.kind === 'created') this.logger.info(`Created ${labelOf(kind, step.outcome.identity)} after ${state.attempts} attempt(s)`);
        return step.outcome;
      }
      const failure = step.failure;
      lastFailure = failure;
      const verdict = step.wrote ? judgeFailure(failure) : judgeFailureBeforeWriting(failure);
      switch (verdict.action) {
        case 'duplicate':
          if (state.mayHaveBeenStored) return this.recover(kind, identity(), state.attempts, progress, signal);
          return { kind: 'rejected', failure: failure as HttpFailure, attempts: state.attempts };
        case 'reject':
          return { kind: 'rejected', failure: failure as HttpFailure | UnexpectedResponseFailure, attempts: state.attempts };
        case 'stop':
          if (step.wrote && failure.kind === 'network' && failure.mayHaveReachedServer) state.mayHaveBeenStored = true;
          if (failure.kind === 'network' && failure.reason === 'aborted') return cancelled();
          return { kind: 'gaveUp', lastFailure: failure, attempts: state.attempts, mayHaveBeenCreated: state.mayHaveBeenStored };
        case 'retry':
          state.mayHaveBeenStored ||= verdict.mayHaveBeenStored;
      }
      if (round === this.maxRetries) break;
      const delayMs = this.retryDelay(round + 1, failure);
      this.logger.info(`Retrying ${labelOf(kind, identity())} in ${delayMs} ms: ${describeFailure(failure)}`);
      progress({ stage: 'waitingToRetry', attempt: state.attempts, delayMs, because: describeFailure(failure) });
      await this.clock.sleep(delayMs, signal);
    }

    if (signal?.aborted) return cancelled();
    this.logger.warn(`Gave up sending ${labelOf(kind, identity())} after ${state.attempts} attempt(s)`);
    return { kind: 'gaveUp', lastFailure: lastFailure as Failure, attempts: state.attempts, mayHaveBeenCreated: state.mayHaveBeenStored };
  }

  /** One round: the session check when due, then one write (repeated once inside on a 403). */
  private async attempt(
    kind: DocumentKind,
    jsonText: string,
    identity: () => DocumentIdentity | undefined,
    state: { attempts: number; mayHaveBeenStored: boolean },
    progress: (step: SendProgress) => void,
    signal: AbortSignal | undefined,
    pipelined: boolean,
  ): Promise<Round> {
    const cancelled: Round = { kind: 'done', outcome: { kind: 'cancelled', attempts: state.attempts, mayHaveBeenCreated: state.mayHaveBeenStored } };
    const check = await this.checkSessionIfStale(progress, signal);
    if (check.kind === 'notSignedIn') return { kind: 'done', outcome: { kind: 'notSignedIn', attempts: state.attempts } };
    if (check.kind === 'reauthFailed') return { kind: 'done', outcome: { kind: 'reauthFailed', failure: check.failure, attempts: state.attempts } };
    if (check.kind === 'cancelled') return cancelled;
    if (check.kind === 'unreachable') return { kind: 'failed', failure: check.failure, wrote: false };

    progress({ stage: 'sending', attempt: state.attempts + 1 });
    let wrote = false;
    const outcome = await this.session.withSession(
      (token) =>
        this.turns.take(pipelined, async () => {
          if (signal?.aborted) return { answer: Promise.resolve(failed<DocumentCreated>(notSent('POST', `/${kind}`))) };
          state.attempts += 1;
          wrote = true;
          const nonce = await this.nonces.next();
          return { answer: this.session.client.createDocument(token, kind, jsonText, nonce, signal, { pipelined }) };
        }),
      signal ? { signal } : {},
    );
    if (outcome.kind === 'notSignedIn') return { kind: 'done', outcome: { kind: 'notSignedIn', attempts: state.attempts } };
    if (outcome.kind === 'signInFailed') {
      if (outcome.reason !== 'unreachable') {
        return { kind: 'done', outcome: { kind: 'reauthFailed', failure: outcome.failure, attempts: state.attempts } };
      }
      // The renewal failed, so the write that needed it was refused (403) and stored nothing.
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
          identity: identityInAnswer(outcome.result.value) ?? identity(),
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
    if (outcome.kind === 'signInFailed' && outcome.reason !== 'unreachable') return { kind: 'reauthFailed', failure: outcome.failure };
    if (failure === undefined) {
      this.session.noteStatusAnswered(this.clock.now());
      return { kind: 'fine' };
    }
    if (failure.kind === 'network') return failure.reason === 'aborted' ? { kind: 'cancelled' } : { kind: 'unreachable', failure };
    // Any other answer from /status says nothing certain about the write; let the write decide.
    return { kind: 'fine' };
  }

  /** The earlier attempt was stored: find that document so its number can be reported. */
  private async recover(
    kind: DocumentKind,
    identity: DocumentIdentity | undefined,
    attempts: number,
    progress: (step: SendProgress) => void,
    signal: AbortSignal | undefined,
  ): Promise<SendOutcome> {
    const base = { kind: 'created' as const, attempts, recoveredAfterUncertainAttempt: true, identity };
    const label = labelOf(kind, identity);
    this.logger.info(`${label}: duplicate on resend after an uncertain attempt, so the earlier attempt was stored`);
    if (!identity) return { ...base, document: undefined };
    progress({ stage: 'lookingUpStoredDocument' });
    const found = await this.findStored(kind, identity, signal);
    if (found.kind === 'found') return { ...base, document: found.document };
    this.logger.warn(`${label}: stored, but it could not be looked up${found.kind === 'failed' ? `: ${describeFailure(found.failure)}` : ''}`);
    return { ...base, document: undefined, ...(found.kind === 'failed' ? { lookupFailure: found.failure } : {}) };
  }

  private async findStored(
    kind: DocumentKind,
    identity: DocumentIdentity,
    signal: AbortSignal | undefined,
  ): Promise<{ kind: 'found'; document: DocumentCreated } | { kind: 'missing' } | { kind: 'failed'; failure: Failure }> {
    const client = this.session.client;
    const page = async (options: Parameters<GestixClient['listDocuments']>[2]) => {
      const outcome = await this.session.withSession((token) => client.listDocuments(token, kind, options, signal), signal ? { signal } : {});
      if (outcome.kind === 'notSignedIn') return undefined;
      if (outcome.kind === 'signInFailed') return outcome.failure;
      return outcome.result.ok ? outcome.result.value : outcome.result.failure;
    };
    const match = (entries: unknown[]) => entries.map((entry) => asCreated(entry, identity, kind, client.baseUrl)).find((document) => document !== undefined);

    // The documented search narrows the list; the entries are still matched here, in case a server ignores it.
    const searched = await page({ searchColumn: 'seq_number', searchString: identity.seqNumber, limit: LOOKUP_PAGE_SIZE });
    if (searched === undefined) return { kind: 'missing' };
    if (!Array.isArray(searched)) return { kind: 'failed', failure: searched };
    const direct = match(searched);
    if (direct) return { kind: 'found', document: direct };
    // A full page without the document means the server ignored the search: read on, page by page.
    if (searched.length < LOOKUP_PAGE_SIZE) return { kind: 'missing' };

    for (let index = 1; index < LOOKUP_MAX_PAGES; index += 1) {
      const entries = await page({ skip: index * LOOKUP_PAGE_SIZE, limit: LOOKUP_PAGE_SIZE });
      if (entries === undefined) return { kind: 'missing' };
      if (!Array.isArray(entries)) return { kind: 'failed', failure: entries };
      const document = match(entries);
      if (document) return { kind: 'found', document };
      if (entries.length < LOOKUP_PAGE_SIZE) break;
    }
    return { kind: 'missing' };
  }
}

/** A listed document, as the `documentCreated` the lost answer would have carried. */
function asCreated(entry: unknown, identity: DocumentIdentity, kind: DocumentKind, baseUrl: string | undefined): DocumentCreated | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const record = entry as Record<string, unknown>;
  if (String(record.document_set) !== identity.documentSet || String(record.seq_number) !== identity.seqNumber) return undefined;
  if (!Number.isSafeInteger(record.id)) return undefined;
  const id = record.id as number;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const document: DocumentCreated = { id };
  const series = text(record.documentSeries) ?? text(record.document_set);
  const number = text(record.documentNumber) ?? text(record.seq_number);
  const url = text(record.url) ?? (baseUrl ? `${baseUrl}/${kind}?id=${id}&print=1` : undefined);
  if (series !== undefined) document.documentSeries = capped(series, DOCUMENT_NUMBER_LIMIT);
  if (number !== undefined) document.documentNumber = capped(number, DOCUMENT_NUMBER_LIMIT);
  if (url !== undefined) document.url = url;
  return document;
}
