// What a `gestix:` document reads as: the server's copy of one document, pretty-printed, and kept a
// short while so that VS Code's stat-then-read (and a reopened tab) costs one request, not two.
import type { SessionCallOutcome } from '../session/session';
import type { Failure } from '../http/result';
import { nameKey } from '../connections/connection';
import type { ServerDocumentReference } from './serverDocumentPath';

export type ServerDocumentRead =
  | { kind: 'document'; text: string; fetchedAt: number }
  | { kind: 'notFound' }
  | { kind: 'notSignedIn' }
  | { kind: 'failed'; failure: Failure };

/** Long enough for VS Code's stat, read and a diff's second look; short enough that Refresh is rarely needed. */
export const CACHE_TTL_MS = 30_000;
/** Documents kept; the oldest goes first. */
export const CACHE_CAPACITY = 64;

/**
 * The text of a document as the server answered `GET /<kind>?id=N`: two-space JSON with the
 * server's own key order (so that it diffs well against the file it was sent from) and a final
 * newline. The API leaves open whether the answer is the document or a list of one; an empty list
 * means there is no such document.
 */
export function serverDocumentText(answer: unknown): string | undefined {
  if (Array.isArray(answer) && answer.length !== 1) return undefined;
  const document: unknown = Array.isArray(answer) ? answer[0] : answer;
  if (typeof document !== 'object' || document === null) return undefined;
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** What a session call for one document came to. */
export function serverDocumentRead(outcome: SessionCallOutcome<unknown>, now: number): ServerDocumentRead {
  switch (outcome.kind) {
    case 'notSignedIn':
      return { kind: 'notSignedIn' };
    case 'signInFailed':
      return { kind: 'failed', failure: outcome.failure };
    case 'answered': {
      const { result } = outcome;
      if (!result.ok) return result.failure.kind === 'http' && result.failure.status === 404 ? { kind: 'notFound' } : { kind: 'failed', failure: result.failure };
      const text = serverDocumentText(result.value);
      return text === undefined ? { kind: 'notFound' } : { kind: 'document', text, fetchedAt: now };
    }
  }
}

type Cached = Extract<ServerDocumentRead, { kind: 'document' }>;

function keyOf(reference: ServerDocumentReference): string {
  return JSON.stringify([nameKey(reference.connection), reference.kind, reference.id]);
}

/** Reads documents through `fetch`, keeping each one CACHE_TTL_MS; simultaneous reads of one document share a request. */
export class ServerDocumentCache {
  private readonly documents = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<ServerDocumentRead>>();

  constructor(
    private readonly fetch: (reference: ServerDocumentReference) => Promise<ServerDocumentRead>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The document, if it was read less than CACHE_TTL_MS ago. */
  cached(reference: ServerDocumentReference): Cached | undefined {
    const key = keyOf(reference);
    const found = this.documents.get(key);
    if (found && this.now() - found.fetchedAt < CACHE_TTL_MS) return found;
    this.documents.delete(key);
    return undefined;
  }

  read(reference: ServerDocumentReference): Promise<ServerDocumentRead> {
    const cached = this.cached(reference);
    if (cached) return Promise.resolve(cached);
    const key = keyOf(reference);
    let reading = this.pending.get(key);
    if (!reading) {
      reading = this.fetch(reference)
        .then((read) => {
          if (read.kind === 'document') this.keep(key, read);
          return read;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, reading);
    }
    return reading;
  }

  /** Forgets every document, e.g. when the view is refreshed or the connection signs out. */
  clear(): void {
    this.documents.clear();
  }

  private keep(key: string, read: Cached): void {
    this.documents.delete(key);
    this.documents.set(key, read);
    if (this.documents.size > CACHE_CAPACITY) {
      const oldest = this.documents.keys().next().value;
      if (oldest !== undefined) this.documents.delete(oldest);
    }
  }
}
