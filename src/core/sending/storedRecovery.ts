// Look before resending: whether an earlier attempt of a document was stored, asked of the server
// before anything is sent again.
//
// Why duplicates cannot happen: an attempt may have been stored although its answer never arrived
// — the connection dropped after the request was written, or an answer came back that no server
// logic produced (an HTML gateway page, an empty or cut-off body). Before anything is sent again,
// the server's document list is searched for it (see storedLookup.ts): found means created, with
// the number the server gave it; several matches means *not confirmed*, naming them; only "not
// there" leads to a resend. This needs no 409 from the server, which matters because the API marks
// the document number read-only: a server that numbers documents itself would take a resend as a
// new invoice. Whether the server keeps the numbers it is given is learnt from the first success.
//
// Two sends of one window never claim one document: every document a send reports as its own is
// remembered, and a search skips it.
import type { Clock, Logger } from '../host/ports';
import type { Failure } from '../http/result';
import type { NonceSource } from '../session/nonce';
import type { GestixSession } from '../session/session';
import type { DocumentCreated, DocumentKind } from '../wire';
import { lookUpStored, type Lookup, type Numbering, type SentDocument } from './storedLookup';
import type { WriteTurns } from './writeTurns';

/** Ids remembered as reported by some send, so that no two sends claim one document. */
const CLAIMS_KEPT = 100_000;

export interface StoredSearch {
  kind: DocumentKind;
  sent: SentDocument;
  /** When the first attempt was written; undefined means now. */
  firstAttemptAt: number | undefined;
  /** The session token of the last write: a lost attempt is fenced off on its own session. */
  lastWriteToken: string | undefined;
  signal: AbortSignal | undefined;
}

export class StoredDocumentRecovery {
  private numbering: Numbering = 'unknown';
  private readonly claimed = new Set<number>();

  constructor(
    private readonly session: GestixSession,
    private readonly nonces: NonceSource,
    private readonly turns: WriteTurns,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** What the first success showed about the server's numbering. */
  get serverNumbering(): Numbering {
    return this.numbering;
  }

  /** Keeps any other send from claiming the document. */
  claim(id: number): void {
    if (this.claimed.size >= CLAIMS_KEPT) {
      const [oldest] = this.claimed;
      if (oldest !== undefined) this.claimed.delete(oldest);
    }
    this.claimed.add(id);
  }

  /** Learns the server's numbering from a success, and claims the document. */
  noteCreated(sent: SentDocument, document: DocumentCreated | undefined): void {
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

  /**
   * Searches the server for the document. It runs alone: every earlier write has been answered (a
   * document stored by a concurrent send is claimed before it is seen), and no later one starts.
   */
  lookUp(search: StoredSearch): Promise<Lookup> {
    return this.turns.alone(async (): Promise<Lookup> => {
      const fence = await this.fence(search.lastWriteToken, search.signal);
      if (fence !== undefined) return { kind: 'failed', failure: fence };
      return lookUpStored(this.session, {
        kind: search.kind,
        sent: search.sent,
        numbering: this.numbering,
        firstAttemptAt: search.firstAttemptAt ?? this.clock.now(),
        claimed: this.claimed,
        signal: search.signal,
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
}
