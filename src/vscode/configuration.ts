// The connection as the settings describe it: the Gestix server and account, and VS Code's proxy
// settings, which Gestix follows.
import vscode = require('vscode');
import { homedir } from 'node:os';
import { join } from 'node:path';
import { clampSetting, REQUEST_TIMEOUT_SECONDS } from '../core/host/settingRanges';
import { connectionFromSettings, parseConnections, type Connection, type StoredConnection } from '../core/connections/connection';
import { readSetting, userSettingValue, writeUserSetting } from './settings';

/** What a client is made with: a connection's server and account, and the window's network settings. */
export interface ConnectionSettings {
  serverUrl: string;
  account: string;
  apiVersion: string;
  timeoutMs: number;
  proxy: { url?: string; strictSSL?: boolean; noProxy?: string[]; authorization?: string };
  tls: { caCertificates: string[]; clientCertificate?: string };
}

export type NetworkSettings = Omit<ConnectionSettings, 'serverUrl' | 'account' | 'apiVersion'>;

export function connectionSettingsOf(connection: Connection, network: NetworkSettings): ConnectionSettings {
  return { serverUrl: connection.serverUrl, account: connection.account, apiVersion: connection.apiVersion, ...network };
}

/** The connection the settings of version 0.2 describe (gestix.serverUrl, gestix.account, gestix.apiVersion). */
export function readSettingsConnection(): Connection {
  return connectionFromSettings({
    serverUrl: readSetting('gestix.serverUrl'),
    account: readSetting('gestix.account').trim(),
    apiVersion: readSetting('gestix.apiVersion').trim(),
    signInMethod: undefined,
  });
}

/** Whether the person (or a workspace) set the server or account settings of version 0.2. */
export function settingsConnectionWasSet(): boolean {
  const configuration = vscode.workspace.getConfiguration();
  return (['gestix.serverUrl', 'gestix.account'] as const).some((key) => {
    const inspected = configuration.inspect(key);
    return inspected?.globalValue !== undefined || inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  });
}

/** gestix.connections: the user's own list (an application setting, which no workspace can set). */
export function readStoredConnections(): { connections: Connection[]; skipped: string[] } {
  return parseConnections(userSettingValue('gestix.connections'));
}

export async function writeStoredConnections(connections: readonly StoredConnection[]): Promise<void> {
  await writeUserSetting('gestix.connections', connections.length > 0 ? [...connections] : undefined);
}

export function readNetworkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim();
  const proxyAuthorization = http.get<string | null>('proxyAuthorization')?.trim();
  return {
    timeoutMs: clampSetting(REQUEST_TIMEOUT_SECONDS, readSetting('gestix.requestTimeoutSeconds')) * 1000,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
      noProxy: http.get<string[]>('noProxy') ?? [],
      ...(proxyAuthorization ? { authorization: proxyAuthorization } : {}),
    },
    tls: readTlsSettings(),
  };
}

/** A path as people write it in settings: trimmed, with a leading `~/` meaning the home folder. */
function settingPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const path = value.trim();
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** gestix.tls.*: file paths; empty entries are dropped. */
function readTlsSettings(): ConnectionSettings['tls'] {
  const caCertificates = readSetting('gestix.tls.caCertificates').map(settingPath).filter((file): file is string => file !== undefined);
  const clientCertificate = settingPath(readSetting('gestix.tls.clientCertificate'));
  return { caCertificates, ...(clientCertificate ? { clientCertificate } : {}) };
}

/**
 * Whether VS Code resolves proxies itself (a PAC script or the system's settings: http.proxySupport
 * other than "off"), which an extension with its own HTTP stack cannot do.
 */
export function vscodeResolvesProxies(): boolean {
  return (vscode.workspace.getConfiguration('http').get<string>('proxySupport') ?? 'override') !== 'off';
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['gestix.connections', 'gestix.connection', 'gestix.serverUrl', 'gestix.account', 'gestix.apiVersion', 'gestix.requestTimeoutSeconds', 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy', 'http.proxyAuthorization', 'gestix.tls'].some(
    (section) => event.affectsConfiguration(section),
  );
}

export async function rememberAccount(account: string): Promise<void> {
  if (readSetting('gestix.account') !== account) await writeUserSetting('gestix.account', account);
}
