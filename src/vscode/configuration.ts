import vscode = require('vscode');
import { homedir } from 'node:os';
import { join } from 'node:path';
import { clampSetting, REQUEST_TIMEOUT_SECONDS } from '../core/host/settingRanges';

export interface ConnectionSettings {
  serverUrl: string;
  account: string;
  apiVersion: string;
  timeoutMs: number;
  proxy: { url?: string; strictSSL?: boolean; noProxy?: string[]; authorization?: string };
  tls: { caCertificates: string[]; clientCertificate?: string };
}

export function readConnectionSettings(): ConnectionSettings {
  const gestix = vscode.workspace.getConfiguration('gestix');
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim();
  const proxyAuthorization = http.get<string | null>('proxyAuthorization')?.trim();
  return {
    serverUrl: (gestix.get<string>('serverUrl') ?? 'https://gestix.pt:443').trim().replace(/\/+$/, ''),
    account: (gestix.get<string>('account') ?? '').trim(),
    apiVersion: (gestix.get<string>('apiVersion') ?? 'v4.0.0').trim(),
    timeoutMs: clampSetting(REQUEST_TIMEOUT_SECONDS, restrictedSetting('gestix', 'requestTimeoutSeconds')) * 1000,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
      noProxy: http.get<string[]>('noProxy') ?? [],
      ...(proxyAuthorization ? { authorization: proxyAuthorization } : {}),
    },
    tls: readTlsSettings(),
  };
}

/**
 * A setting the manifest lists under `restrictedConfigurations`: in Restricted Mode a workspace's own
 * value is ignored, so a repository cannot choose how often or how long the extension talks to the
 * server with the user's credentials, or which files it reads on hover. VS Code drops those values
 * too; reading only the user's value here keeps that true for every host. When trust is granted,
 * VS Code reports the restricted settings as changed, and readers read again.
 */
export function restrictedSetting(section: string, key: string): unknown {
  const configuration = vscode.workspace.getConfiguration(section);
  if (vscode.workspace.isTrusted) return configuration.get<unknown>(key);
  const inspected = configuration.inspect<unknown>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** A path as people write it in settings: trimmed, with a leading `~/` meaning the home folder. */
function settingPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const path = value.trim();
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** gestix.tls.*: file paths; empty entries are dropped. */
function readTlsSettings(): ConnectionSettings['tls'] {
  const tls = vscode.workspace.getConfiguration('gestix.tls');
  const caCertificates = (tls.get<unknown[]>('caCertificates') ?? []).map(settingPath).filter((file): file is string => file !== undefined);
  const clientCertificate = settingPath(tls.get<string>('clientCertificate'));
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
  return ['gestix.serverUrl', 'gestix.account', 'gestix.apiVersion', 'gestix.requestTimeoutSeconds', 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy', 'http.proxyAuthorization', 'gestix.tls'].some(
    (section) => event.affectsConfiguration(section),
  );
}

export async function rememberAccount(account: string): Promise<void> {
  const gestix = vscode.workspace.getConfiguration('gestix');
  if (gestix.get<string>('account') !== account) {
    await gestix.update('account', account, vscode.ConfigurationTarget.Global);
  }
}
