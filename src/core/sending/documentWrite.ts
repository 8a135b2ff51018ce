// One write of a document: in its turn, on a live session, with a fresh nonce.
//
// Why a new nonce every attempt: the server consumes a nonce once it passes the check, even when
// the request then fails, so re-using one would be refused before the document is even looked at.
// For the same reason the writes of one window take turns (see writeTurns.ts), and each takes its
// nonce only when its turn comes.
import { failed, type NetworkFailure } from '../http/result';
import type { NonceSource } from '../session/nonce';
import type { GestixSession, SessionCallOutcome } from '../session/session';
import type { DocumentCreated, DocumentKind } from '../wire';
import type { WriteTurns } from './writeTurns';

export interface DocumentWrite {
  kind: DocumentKind;
  jsonText: string;
  /** Write on the client's pipelining connection (see SendOptions.pipelined). */
  pipelined: boolean;
  signal: AbortSignal | undefined;
  /** Called as the request is handed to the client, with the session token it carries (again after a 403). */
  onWrite: (sessionToken: string) => void;
}

export interface WriteOutcome {
  session: SessionCallOutcome<DocumentCreated>;
  /** Whether the document was handed to the client at all (a cancelled turn writes nothing). */
  wrote: boolean;
}

function notSent(method: string, path: string): NetworkFailure {
  return { kind: 'network', method, path, reason: 'aborted', message: 'The request was cancelled.', mayHaveReachedServer: false };
}

export class DocumentWriter {
  constructor(
    private readonly session: GestixSession,
    private readonly nonces: NonceSource,
    private readonly turns: WriteTurns,
  ) {}

  /** Writes the document once; on a 403 the session signs in again and writes it again, in a new turn. */
  async write(write: DocumentWrite): Promise<WriteOutcome> {
    const { kind, jsonText, signal } = write;
    let wrote = false;
    const session = await this.session.withSession(
      (token) =>
        this.turns.take(write.pipelined, async (onPipeline) => {
          if (signal?.aborted) return { answer: Promise.resolve(failed<DocumentCreated>(notSent('POST', `/${kind}`))) };
          write.onWrite(token);
          wrote = true;
          const nonce = await this.nonces.next();
          return { answer: this.session.client.createDocument(token, kind, jsonText, nonce, signal, { pipelined: onPipeline }) };
        }),
      signal ? { signal } : {},
    );
    return { session, wrote };
  }
}
