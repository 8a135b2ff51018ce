import vscode = require('vscode');
import { clampSetting, REQUEST_TIMEOUT_SECONDS } from '../api/settingRanges';

export interface ConnectionSettings {
  serverUrl: string;
  account: string;
  apiVersion: string;
  timeoutMs: number;
  proxy: { url?: string; strictSSL?: boolean; noProxy?: string[] };
}

export function readConnectionSettings(): ConnectionSettings {
  const gestix = vscode.workspace.getConfiguration('gestix');
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim();
  return {
    serverUrl: (gestix.get<string>('serverUrl') ?? 'https://gestix.pt:443').trim().replace(/\/+$/, ''),
    account: (gestix.get<string>('account') ?? '').trim(),
    apiVersion: (gestix.get<string>('apiVersion') ?? 'v4.0.0').trim(),
    timeoutMs: clampSetting(REQUEST_TIMEOUT_SECONDS, restrictedSetting('gestix', 'requestTimeoutSeconds')) * 1000,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
      noProxy: http.get<string[]>('noProxy') ?? [],
    },
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

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['gestix.serverUrl', 'gestix.account', 'gestix.apiVersion', 'gestix.requestTimeoutSeconds', 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy'].some(
    (section) => event.affectsConfiguration(section),
  );
}

export async function rememberAccount(account: string): Promise<void> {
  const gestix = vscode.workspace.getConfiguration('gestix');
  if (gestix.get<string>('account') !== account) {
    await gestix.update('account', account, vscode.ConfigurationTarget.Global);
  }
}
