// A connection: one Gestix server and account, signed in to on its own. The person keeps several
// (companies, production and test servers) in the user setting `gestix.connections`; the settings of
// version 0.2 (`gestix.serverUrl` + `gestix.account`) still describe one, and this window's local
// sandbox is always one. Each has its own stored secret, nonce sequence and session.
import { accountBase } from '../http/url';
import { SIGN_IN_KEY } from '../session/session';
import { NONCE_STORE_KEY } from '../session/nonce';

export type SignInMethod = 'apiToken' | 'credentials';

/** Where a connection is written down: which decides where its secret and nonces are kept. */
export type ConnectionSource = 'connections' | 'settings' | 'sandbox';

export interface Connection {
  name: string;
  serverUrl: string;
  account: string;
  apiVersion: string;
  signInMethod: SignInMethod;
  source: ConnectionSource;
}

export const LOCAL_SANDBOX_CONNECTION = 'Local sandbox';
export const DEFAULT_API_VERSION = 'v4.0.0';
export const CONNECTION_NAME_LIMIT = 60;
const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const API_VERSION_PATTERN = /^v\d{1,3}(\.\d{1,3}){0,2}$/;

/** Connection names are told apart without regard to case, as a person reads them: what a name is known by. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** Why a connection's field cannot be used; undefined when it can. */
export type FieldProblem = { field: 'name' | 'serverUrl' | 'account' | 'apiVersion'; reason: string } | undefined;

export function nameProblem(name: string, taken: readonly string[] = []): FieldProblem {
  const trimmed = name.trim();
  if (!trimmed) return { field: 'name', reason: 'empty' };
  if (trimmed.length > CONNECTION_NAME_LIMIT) return { field: 'name', reason: 'tooLong' };
  // Control and format (bidi, zero-width) characters and codicon or link syntax have no place in a name shown in the status bar.
  if (/[\p{Cc}\p{Cf}$[\]`]/u.test(trimmed)) return { field: 'name', reason: 'characters' };
  if (sameName(trimmed, LOCAL_SANDBOX_CONNECTION) || taken.some((other) => sameName(other.trim(), trimmed))) return { field: 'name', reason: 'taken' };
  return undefined;
}

export function serverUrlProblem(serverUrl: string): FieldProblem {
  const base = accountBase(serverUrl.trim(), 'account');
  return base.ok ? undefined : { field: 'serverUrl', reason: 'invalid' };
}

export function accountProblem(account: string): FieldProblem {
  return ACCOUNT_PATTERN.test(account.trim()) ? undefined : { field: 'account', reason: 'invalid' };
}

export function apiVersionProblem(apiVersion: string): FieldProblem {
  return API_VERSION_PATTERN.test(apiVersion.trim()) ? undefined : { field: 'apiVersion', reason: 'invalid' };
}

export function normalServerUrl(serverUrl: string): string {
  let end = serverUrl.length;
  while (end > 0 && serverUrl[end - 1] === '/') end -= 1;
  return serverUrl.slice(0, end).trim();
}

/** The form `gestix.connections` holds: what a person may write by hand. */
export interface StoredConnection {
  name: string;
  serverUrl: string;
  account: string;
  apiVersion?: string;
  signInMethod?: SignInMethod;
}

export function toStored(connection: Connection): StoredConnection {
  const { name, serverUrl, account, apiVersion, signInMethod } = connection;
  return { name, serverUrl, account, ...(apiVersion === DEFAULT_API_VERSION ? {} : { apiVersion }), ...(signInMethod === 'apiToken' ? {} : { signInMethod }) };
}

/**
 * The entries of `gestix.connections` that can be used; every other entry is named with the reason,
 * for the log. A later entry with a name already taken is skipped: names are what workspaces choose by.
 */
export function parseConnections(value: unknown): { connections: Connection[]; skipped: string[] } {
  const connections: Connection[] = [];
  const skipped: string[] = [];
  if (!Array.isArray(value)) return { connections, skipped: value === undefined || value === null ? [] : ['gestix.connections is not a list'] };
  value.forEach((entry: unknown, index) => {
    const connection = connectionOf(entry, connections.map((known) => known.name));
    if (typeof connection === 'string') skipped.push(`entry ${index + 1}: ${connection}`);
    else connections.push(connection);
  });
  return { connections, skipped };
}

function connectionOf(entry: unknown, taken: readonly string[]): Connection | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const fields = entry as Record<string, unknown>;
  const text = (key: string): string => {
    const value = fields[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  const name = text('name');
  const serverUrl = normalServerUrl(text('serverUrl'));
  const account = text('account');
  const apiVersion = text('apiVersion') || DEFAULT_API_VERSION;
  const method = fields.signInMethod ?? 'apiToken';
  const problem = nameProblem(name, taken) ?? serverUrlProblem(serverUrl) ?? accountProblem(account) ?? apiVersionProblem(apiVersion);
  if (problem) return `${problem.field} is ${problem.reason}`;
  if (method !== 'apiToken' && method !== 'credentials') return 'signInMethod is neither apiToken nor credentials';
  return { name, serverUrl, account, apiVersion, signInMethod: method, source: 'connections' };
}

/**
 * What the settings of version 0.2 describe, as a connection named after its account. Their secret
 * stays where that version kept it, so an existing sign-in keeps working; they are listed when no
 * connection is written down yet, or when the person set them.
 */
export function connectionFromSettings(settings: { serverUrl: string; account: string; apiVersion: string; signInMethod: SignInMethod | undefined }): Connection {
  return {
    name: settings.account || 'Gestix',
    serverUrl: normalServerUrl(settings.serverUrl),
    account: settings.account,
    apiVersion: settings.apiVersion || DEFAULT_API_VERSION,
    signInMethod: settings.signInMethod ?? 'apiToken',
    source: 'settings',
  };
}

export function localSandboxConnection(origin: string | undefined, account: string): Connection {
  return { name: LOCAL_SANDBOX_CONNECTION, serverUrl: origin ?? '', account, apiVersion: DEFAULT_API_VERSION, signInMethod: 'apiToken', source: 'sandbox' };
}

/** Names are compared without case, so the keys they give are too: a name spelled anew keeps its secret. */
function keyName(connection: Pick<Connection, 'name'>): string {
  return nameKey(connection.name);
}

/** Where a connection's secret is kept in SecretStorage. */
export function signInKeyOf(connection: Pick<Connection, 'name' | 'source'>): string {
  return connection.source === 'settings' ? SIGN_IN_KEY : `${SIGN_IN_KEY}:${keyName(connection)}`;
}

/** Where a connection's nonce ceiling is kept. */
export function nonceKeyOf(connection: Pick<Connection, 'name' | 'source'>): string {
  return connection.source === 'settings' ? NONCE_STORE_KEY : `${NONCE_STORE_KEY}:${keyName(connection)}`;
}

/**
 * Every connection the window offers: the written-down ones, the settings' one (unless nothing was
 * written down and the settings were never set, or another connection has its name: a name must
 * choose one connection), and the sandbox.
 */
export function listConnections(input: { stored: readonly Connection[]; fromSettings: Connection; settingsWereSet: boolean; sandbox: Connection }): Connection[] {
  const includeSettings =
    (input.stored.length === 0 || input.settingsWereSet) && ![...input.stored, input.sandbox].some((other) => sameName(other.name, input.fromSettings.name));
  return [...(includeSettings ? [input.fromSettings] : []), ...input.stored, input.sandbox];
}

export interface ConnectionChoices {
  /** Chosen in this window with Switch Connection (not written to any setting). */
  window?: string | undefined;
  /** `gestix.connection`: the workspace's value only when the workspace is trusted. */
  setting?: string | undefined;
  /** Chosen last in any window. */
  last?: string | undefined;
}

/** The connection in use: the first choice that names one that exists, else the first listed. */
export function chooseConnection(connections: readonly Connection[], choices: ConnectionChoices): Connection {
  for (const wanted of [choices.window, choices.setting, choices.last]) {
    const found = wanted?.trim() && connections.find((connection) => sameName(connection.name, wanted.trim()));
    if (found) return found;
  }
  return connections[0];
}

/** The origin a secret for this connection is bound to (as GestixClient.secretOrigin). */
export function secretOriginOf(connection: Pick<Connection, 'serverUrl' | 'account'>): string | undefined {
  const base = accountBase(connection.serverUrl, connection.account);
  return base.ok ? base.url.href : undefined;
}
