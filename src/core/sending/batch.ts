// Sending many documents in one go (a folder of JSON files), as fast as the connection allows.
//
// Each document goes through DocumentSender, so a batch follows exactly the policy of a single send:
// a new, higher nonce for every attempt, transient failures retried, new sign-ins (with backoff) on a
// 403, and a look at the server's list before anything whose answer was lost is sent again. What a
// batch adds:
// - Speed: up to `concurrency` documents are in flight at once, their writes pipelined on one
//   connection (see pipeline.ts). On one connection they arrive in the order their nonces were
//   taken; on parallel connections they would overtake each other and be refused. A server that
//   refuses a nonce as out of order gets one write at a time from then on (see writeTurns.ts).
// - One result per document, in input order, and progress as each one finishes.
// - Only the server refusing the stored secret (API token at /helo, credentials at /auth), or the
//   window not being signed in, ends the batch: every later document would fail the same way, so
//   they are not sent. A refused session, even a fresh one, does not: the sender signs in again.
// - Cancelling stops starting documents at once; the ones in flight get a short grace period to
//   finish (so fewer end up as "may have been created"), then they are cancelled too.
import { setMaxListeners } from 'node:events';
import { systemClock } from '../host/clock';
import { DEFAULT_PIPELINING } from '../http/pipeline';
import type { Clock } from '../host/ports';
import type { DocumentSender, SendOutcome, SendSource } from './send';
import type { DocumentKind } from '../wire';

export interface BatchDocument {
  kind: DocumentKind;
  jsonText: string;
  source?: SendSource;
}

export interface BatchProgress {
  /** Documents with a final outcome so far. */
  done: number;
  total: number;
  created: number;
  /** The document that just finished. */
  index: number;
  outcome: SendOutcome;
}

export interface BatchOptions {
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchSenderOptions {
  /** Documents in flight at once; the client's pipelining depth is the natural value. */
  concurrency?: number;
  /** After a cancellation, how long documents already in flight may take to finish. */
  cancelGraceMs?: number;
  clock?: Clock;
}

const DEFAULT_CANCEL_GRACE_MS = 2_000;

type SignInProblem = { kind: 'notSignedIn' } | Pick<Extract<SendOutcome, { kind: 'reauthFailed' }>, 'kind' | 'failure' | 'refused'>;

/** Whether the outcome shows that no later document can be sent either. */
function signInProblemOf(outcome: SendOutcome): SignInProblem | undefined {
  if (outcome.kind === 'notSignedIn' || outcome.kind === 'reauthFailed') return outcome;
  if (outcome.kind === 'notConfirmed' && outcome.refusedSignIn !== undefined && outcome.lastFailure !== undefined) {
    return { kind: 'reauthFailed', failure: outcome.lastFailure, refused: outcome.refusedSignIn };
  }
  return undefined;
}

function notStarted(reason: SignInProblem | undefined): SendOutcome {
  if (reason?.kind === 'notSignedIn') return { kind: 'notSignedIn', attempts: 0 };
  if (reason?.kind === 'reauthFailed') return { kind: 'reauthFailed', failure: reason.failure, attempts: 0, refused: reason.refused };
  return { kind: 'cancelled', attempts: 0, mayHaveBeenCreated: false };
}

/** One batch's outcomes so far, reported as each document finishes. */
class BatchTally {
  private readonly outcomes: Array<SendOutcome | undefined>;
  private done = 0;
  private created = 0;
  /** Set once an outcome shows that no later document can be sent either. */
  signInProblem: SignInProblem | undefined;

  constructor(
    private readonly total: number,
    private readonly options: BatchOptions,
  ) {
    this.outcomes = new Array<SendOutcome | undefined>(total).fill(undefined);
  }

  report(index: number, outcome: SendOutcome): void {
    this.outcomes[index] = outcome;
    this.done += 1;
    if (outcome.kind === 'created') this.created += 1;
    try {
      this.options.onProgress?.({ done: this.done, total: this.total, created: this.created, index, outcome });
    } catch {
      // a progress listener must never change the outcome of a batch
    }
  }

  /** Reports the documents that never started, and answers every outcome in input order. */
  finish(): SendOutcome[] {
    return this.outcomes.map((outcome, index) => outcome ?? this.reportNotStarted(index));
  }

  private reportNotStarted(index: number): SendOutcome {
    const outcome = notStarted(this.signInProblem);
    this.report(index, outcome);
    return outcome;
  }
}

/** The signal documents in flight are sent with: aborted a grace period after the caller's signal. */
interface GracefulCancellation {
  signal: AbortSignal;
  /** The batch is over: no grace period is waited out any more. */
  release: () => void;
}

export class BatchSender {
  private readonly concurrency: number;
  private readonly cancelGraceMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly sender: DocumentSender,
    options: BatchSenderOptions = {},
  ) {
    const concurrency = options.concurrency;
    this.concurrency = concurrency !== undefined && Number.isSafeInteger(concurrency) && concurrency > 0 ? concurrency : DEFAULT_PIPELINING;
    this.cancelGraceMs = Math.max(0, options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
    this.clock = options.clock ?? systemClock;
  }

  /** Sends every document; resolves with one outcome per document, in input order. */
  async send(documents: readonly BatchDocument[], options: BatchOptions = {}): Promise<SendOutcome[]> {
    const tally = new BatchTally(documents.length, options);
    const cancellation = this.gracefulCancellation(options.signal);
    const stopped = () => options.signal?.aborted === true || tally.signInProblem !== undefined;
    let next = 0;
    const worker = async () => {
      while (next < documents.length && !stopped()) {
        const index = next;
        next += 1;
        const document = documents[index];
        const outcome = await this.sender.send(document.kind, document.jsonText, { signal: cancellation.signal, pipelined: true, ...(document.source ? { source: document.source } : {}) });
        tally.signInProblem ??= signInProblemOf(outcome);
        tally.report(index, outcome);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, documents.length) }, worker));
    } finally {
      cancellation.release();
    }
    return tally.finish();
  }

  private gracefulCancellation(signal: AbortSignal | undefined): GracefulCancellation {
    const inFlight = new AbortController();
    // Every document in flight listens to it (and each of its requests does too).
    setMaxListeners(0, inFlight.signal);
    const finished = new AbortController();
    const cancel = () => {
      void this.clock.sleep(this.cancelGraceMs, finished.signal).then(() => {
        if (!finished.signal.aborted) inFlight.abort();
      });
    };
    if (signal?.aborted) inFlight.abort();
    else signal?.addEventListener('abort', cancel, { once: true });
    return {
      signal: inFlight.signal,
      release: () => {
        finished.abort();
        signal?.removeEventListener('abort', cancel);
      },
    };
  }
}
