// Everything one running sandbox knows.
import { DocumentStore } from './documents';
import { FaultQueue } from './faults';
import { parseModes, type SandboxModes } from './modes';
import { SessionStore } from './sessions';
import type { RecordedRequest } from './types';

/** Recorded requests kept for inspection; older ones are dropped. */
export const RECORDED_REQUESTS_KEPT = 10_000;

export const COMPANY_NAME = 'Sandbox Lda';

export interface SandboxConfig {
  account: string;
  apiToken: string;
  username: string;
  password: string;
  currentApiVersion: string;
  sessionTtlSeconds: number;
  /** Required in the x-sandbox-secret header of every control request. */
  controlSecret: string;
  maxStoredDocuments: number;
}

export class SandboxState {
  readonly sessions: SessionStore;
  readonly documents: DocumentStore;
  readonly faults = new FaultQueue();
  private recorded: RecordedRequest[] = [];
  /** Set once the server listens. */
  origin = '';
  modes: SandboxModes;

  constructor(
    readonly config: SandboxConfig,
    private readonly startModes: SandboxModes,
    private readonly onRequest?: (request: RecordedRequest) => void,
  ) {
    this.sessions = new SessionStore(config.sessionTtlSeconds * 1000);
    this.documents = new DocumentStore(config.account, config.maxStoredDocuments);
    this.modes = { ...startModes };
  }

  /** Validates and merges `changes`; throws a RangeError naming the first bad value. */
  changeModes(changes: unknown): SandboxModes {
    const parsed = parseModes(changes);
    if (!parsed.ok) throw new RangeError(parsed.message);
    this.modes = { ...this.modes, ...parsed.modes };
    return { ...this.modes };
  }

  record(request: RecordedRequest): void {
    this.recorded.push(request);
    // Trimmed in blocks, so that a busy sandbox does not move the whole record on every request.
    if (this.recorded.length >= 2 * RECORDED_REQUESTS_KEPT) this.recorded.splice(0, this.recorded.length - RECORDED_REQUESTS_KEPT);
    try {
      this.onRequest?.(request);
    } catch {
      // an observer's mistake must not break the server
    }
  }

  requests(): RecordedRequest[] {
    return this.recorded.slice(-RECORDED_REQUESTS_KEPT).map((request) => ({ ...request }));
  }

  /** Back to the state the sandbox started in, modes included. */
  reset(): void {
    this.modes = { ...this.startModes };
    this.sessions.clear();
    this.documents.clear();
    this.faults.clear();
    this.recorded = [];
  }
}
