import vscode = require('vscode');

export interface ConnectionSettings {
  serverUrl: string;
  account: string;
  apiVersion: string;
  timeoutMs: number;
  proxy: { url?: string; strictSSL?: boolean; noProxy?: string[] };
  tls: { caCertificates: string[]; clientCertificate?: string };
}

export function readConnectionSettings(): ConnectionSettings {
  const gestix = vscode.workspace.getConfiguration('gestix');
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim();
  return {
    serverUrl: (gestix.get<string>('serverUrl') ?? 'https://gestix.pt:443').trim().replace(/\/+$/, ''),
    account: (gestix.get<string>('account') ?? '').trim(),
    apiVersion: (gestix.get<string>('apiVersion') ?? 'v4.0.0').trim(),
    timeoutMs: Math.max(1, gestix.get<number>('requestTimeoutSeconds') ?? 30) * 1000,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
      noProxy: http.get<string[]>('noProxy') ?? [],
    },
    tls: readTlsSettings(),
  };
}

/** gestix.tls.*: files only, so the paths are trimmed and empty entries dropped. */
function readTlsSettings(): ConnectionSettings['tls'] {
  const tls = vscode.workspace.getConfiguration('gestix.tls');
  const caCertificates = (tls.get<string[]>('caCertificates') ?? []).filter((file) => typeof file === 'string' && file.trim()).map((file) => file.trim());
  const clientCertificate = tls.get<string>('clientCertificate')?.trim();
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
  return ['gestix.serverUrl', 'gestix.account', 'gestix.apiVersion', 'gestix.requestTimeoutSeconds', 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy', 'gestix.tls'].some(
    (section) => event.affectsConfiguration(section),
  );
}

export async function rememberAccount(account: string): Promise<void> {
  const gestix = vscode.workspace.getConfiguration('gestix');
  if (gestix.get<string>('account') !== account) {
    await gestix.update('account', account, vscode.ConfigurationTarget.Global);
  }
}
