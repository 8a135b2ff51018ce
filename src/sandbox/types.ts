// Public shapes of the sandbox: what tests and the CLI configure, inspect and inject.
import type { DocumentKind } from '../core/wire';
import type { SandboxModes } from './modes';

export const FAULT_NAMES = [
  'delay',
  'dropBeforeStore',
  'dropAfterStore',
  'dbTimeout',
  'taxTimeout',
  'html502',
  'emptyBody',
  'truncatedJson',
  'expireSession',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultSpec {
  fault: FaultName;
  /** How many matching requests the fault applies to; default 1. */
  count?: number;
  /** Matches the HTTP method case-insensitively; any method when absent. */
  method?: string;
  /** Matches when the path relative to the API base starts with this, e.g. '/invoices'. */
  path?: string;
  /** For 'delay': how long to wait before answering. */
  delayMs?: number;
}

export interface StoredDocument {
  id: number;
  kind: DocumentKind;
  account: string;
  /** The JSON body as received, with the read-only fields the server assigns. */
  document: Record<string, unknown>;
  /** The nonce of the request that created it. */
  nonce: string;
  createdAt: string;
}

export interface RecordedRequest {
  method: string;
  /** Relative to the API base when the request addressed it; never contains the query string. */
  path: string;
  nonce?: string;
  /** Undefined when the connection was dropped without an answer. */
  status: number | undefined;
  fault?: FaultName;
  time: string;
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. The server always binds 127.0.0.1. */
  port?: number;
  account?: string;
  apiToken?: string;
  username?: string;
  password?: string;
  sessionTtlSeconds?: number;
  /** Reported by /status as current_api_version; set it above the called one to simulate drift. */
  currentApiVersion?: string;
  /** How many documents the sandbox keeps before it refuses to create more (507); at most, and by default, MAX_STORED_DOCUMENTS. */
  maxStoredDocuments?: number;
  /** Readings of the API the sandbox follows; each one left out keeps its default (DEFAULT_MODES). */
  modes?: Partial<SandboxModes>;
  /** Told about every answered or dropped API request (not about control requests). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface SandboxControl {
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  faults(): FaultSpec[];
  documents(kind?: DocumentKind): StoredDocument[];
  /** Stores `count` made-up documents of `kind` at once (see DocumentStore.seed); returns how many fitted. */
  seedDocuments(kind: DocumentKind, count: number): number;
  requests(): RecordedRequest[];
  /** Every session token issued so far becomes invalid (403). */
  expireSessions(): void;
  /** The session tokens issued so far (for tests that prove no token leaks anywhere). */
  sessionTokens(): string[];
  modes(): SandboxModes;
  /** Validates and merges `changes` (a RangeError names a bad value); returns the modes now in force. */
  setModes(changes: Partial<SandboxModes>): SandboxModes;
  /** Forgets documents, sessions, faults and recorded requests, and puts the modes back as started; ids start again at 1001. */
  reset(): void;
}

export interface RunningSandbox {
  /** 'http://127.0.0.1:PORT', the value for gestix.serverUrl. */
  origin: string;
  /** origin + '/api/' + account + '/v4.0.0' */
  apiBase: string;
  /** origin + '/__sandbox' */
  controlUrl: string;
  /** Made at each start; every control request carries it in the x-sandbox-secret header. */
  controlSecret: string;
  account: string;
  apiToken: string;
  username: string;
  password: string;
  currentApiVersion: string;
  control: SandboxControl;
  close(): Promise<void>;
}
