// A local Gestix-compatible API server for tests and demos: real HTTP on 127.0.0.1, in-memory
// state, and faults that can be injected in-process or through the /__sandbox control endpoint.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DocumentKind } from '../core/wire';
import { CONTROL_PREFIX } from './control';
import { MAX_STORED_DOCUMENTS } from './documents';
import { DEFAULT_MODES, parseModes } from './modes';
import { SandboxServer } from './server';
import { SandboxState } from './state';
import type { FaultSpec, RunningSandbox, SandboxControl, SandboxOptions } from './types';

export type {
  FaultName,
  FaultSpec,
  RecordedRequest,
  RunningSandbox,
  SandboxControl,
  SandboxOptions,
  StoredDocument,
} from './types';
export { FAULT_NAMES } from './types';
export type { SandboxModes } from './modes';
export { DEFAULT_MODES } from './modes';
export { FIRST_DOCUMENT_ID } from './documents';
export { CONTROL_PREFIX, CONTROL_SECRET_HEADER, MAX_CONTROL_BODY_BYTES } from './control';
export { MAX_QUEUED_FAULTS } from './faults';
export { MAX_STORED_DOCUMENTS } from './documents';
export { RECORDED_REQUESTS_KEPT } from './state';
export { MAX_BODY_BYTES } from './server';
export { MAX_SESSIONS, RECENT_ERRORS_KEPT } from './sessions';

export const DEFAULT_ACCOUNT = '03101176';
export const DEFAULT_USERNAME = 'demo';
export const CALLED_API_VERSION = 'v4.0.0';
export const DEFAULT_SESSION_TTL_SECONDS = 900;

function secret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function checkOptions(options: SandboxOptions): void {
  const { port, account, sessionTtlSeconds, currentApiVersion, maxStoredDocuments } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`port must be an integer from 0 to 65535 (got ${port})`);
  }
  if (account !== undefined && !/^[^/?#\s]{1,64}$/.test(account)) {
    throw new RangeError('account must be 1 to 64 characters without /, ?, # or spaces');
  }
  if (sessionTtlSeconds !== undefined && !(Number.isFinite(sessionTtlSeconds) && sessionTtlSeconds > 0)) {
    throw new RangeError(`sessionTtlSeconds must be a positive number (got ${sessionTtlSeconds})`);
  }
  if (currentApiVersion !== undefined && !/^v\d+\.\d+\.\d+$/.test(currentApiVersion)) {
    throw new RangeError(`currentApiVersion must look like v4.0.0 (got ${currentApiVersion})`);
  }
  if (maxStoredDocuments !== undefined && !(Number.isInteger(maxStoredDocuments) && maxStoredDocuments >= 1 && maxStoredDocuments <= MAX_STORED_DOCUMENTS)) {
    throw new RangeError(`maxStoredDocuments must be an integer from 1 to ${MAX_STORED_DOCUMENTS} (got ${maxStoredDocuments})`);
  }
  for (const name of ['apiToken', 'username', 'password'] as const) {
    const value = options[name];
    if (value !== undefined && !/^\S+$/.test(value)) throw new RangeError(`${name} must be non-empty and without spaces`);
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  checkOptions(options);
  const modes = parseModes(options.modes ?? {});
  if (!modes.ok) throw new RangeError(modes.message);
  const state = new SandboxState(
    {
      account: options.account ?? DEFAULT_ACCOUNT,
      apiToken: options.apiToken ?? secret(32),
      username: options.username ?? DEFAULT_USERNAME,
      password: options.password ?? secret(12),
      currentApiVersion: options.currentApiVersion ?? CALLED_API_VERSION,
      sessionTtlSeconds: options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
      controlSecret: secret(24),
      maxStoredDocuments: options.maxStoredDocuments ?? MAX_STORED_DOCUMENTS,
    },
    { ...DEFAULT_MODES, ...modes.modes },
    options.onRequest,
  );
  const sandbox = new SandboxServer(state);
  await new Promise<void>((resolve, reject) => {
    sandbox.server.once('error', reject);
    sandbox.server.listen(options.port ?? 0, '127.0.0.1', () => {
      sandbox.server.off('error', reject);
      resolve();
    });
  });
  const { port } = sandbox.server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;

  const control: SandboxControl = {
    injectFault: (fault: FaultSpec) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.pending(),
    documents: (kind?: DocumentKind) => structuredClone(state.documents.list(kind)),
    seedDocuments: (kind: DocumentKind, count: number) => state.documents.seed(kind, count),
    requests: () => state.requests(),
    expireSessions: () => state.sessions.expireAll(),
    sessionTokens: () => state.sessions.tokens(),
    modes: () => ({ ...state.modes }),
    setModes: (changes) => state.changeModes(changes),
    reset: () => state.reset(),
  };

  let closing: Promise<void> | undefined;
  const { config } = state;
  return {
    origin: state.origin,
    apiBase: `${state.origin}/api/${encodeURIComponent(config.account)}/${CALLED_API_VERSION}`,
    controlUrl: `${state.origin}${CONTROL_PREFIX}`,
    controlSecret: config.controlSecret,
    account: config.account,
    apiToken: config.apiToken,
    username: config.username,
    password: config.password,
    currentApiVersion: config.currentApiVersion,
    control,
    close: () => {
      closing ??= sandbox.close();
      return closing;
    },
  };
}
