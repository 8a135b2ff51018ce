// Which proxy, if any, carries the traffic to the Gestix server. VS Code's own settings win over
// the environment, as they do for VS Code itself. Loopback traffic (the local sandbox) never goes
// through a proxy: a corporate proxy cannot reach this machine's 127.0.0.1.
import type { ProxyCredentials } from '../host/ports';
import { isLoopbackHost } from './url';

export interface ProxySettings {
  /** VS Code `http.proxy`. */
  url?: string;
  /** VS Code `http.proxyStrictSSL`; only ever relaxes verification of the proxy itself. */
  strictSSL?: boolean;
  /** VS Code `http.noProxy`. */
  noProxy?: string[];
  /** VS Code `http.proxyAuthorization`: a whole `Proxy-Authorization` value, e.g. `Basic …`. */
  authorization?: string;
}

export type ProxyRoute =
  | { kind: 'direct' }
  | { kind: 'proxy'; uri: string; strictSSL: boolean; source: 'settings' | 'environment' };

type Environment = Record<string, string | undefined>;

function envValue(env: Environment, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() || undefined;
}

function noProxyEntries(settings: ProxySettings | undefined, env: Environment): string[] {
  const fromEnv = (envValue(env, 'NO_PROXY') ?? '').split(/[,\s]+/);
  return [...(settings?.noProxy ?? []), ...fromEnv].map((entry) => entry.trim().toLowerCase()).filter(Boolean);
}

/** Matches `*`, `host`, `.domain`, `*.domain` and `host:port` entries, as curl and VS Code do. */
export function bypassesProxy(target: URL, entries: readonly string[]): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return entries.some((raw) => {
    if (raw === '*') return true;
    const bareIpv6 = !raw.startsWith('[') && raw.split(':').length > 2;
    const match = bareIpv6 ? null : /^\[?(.*?)\]?(?::(\d+))?$/.exec(raw);
    const entryHost = (match?.[1] ?? raw).replace(/^\*?\./, '');
    const entryPort = match?.[2];
    if (entryPort !== undefined && entryPort !== port) return false;
    return host === entryHost || host.endsWith(`.${entryHost}`);
  });
}

export function chooseProxy(target: URL, settings: ProxySettings | undefined, env: Environment = process.env): ProxyRoute {
  if (isLoopbackHost(target.hostname)) return { kind: 'direct' };
  if (bypassesProxy(target, noProxyEntries(settings, env))) return { kind: 'direct' };
  const strictSSL = settings?.strictSSL ?? true;
  const configured = settings?.url?.trim();
  if (configured) return { kind: 'proxy', uri: configured, strictSSL, source: 'settings' };
  const fromEnv =
    target.protocol === 'https:'
      ? (envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY'))
      : envValue(env, 'HTTP_PROXY');
  return fromEnv ? { kind: 'proxy', uri: fromEnv, strictSSL, source: 'environment' } : { kind: 'direct' };
}

/** The proxy's address without any user name or password, for messages and logs. */
export function describeProxy(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured proxy';
  }
}

/** The user name and password written into a proxy URL (`http://user:pass@proxy:3128`), decoded. */
export function proxyUrlCredentials(uri: string): ProxyCredentials | undefined {
  try {
    const url = new URL(uri);
    if (!url.username && !url.password) return undefined;
    return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  } catch {
    return undefined;
  }
}

/** The `Proxy-Authorization` value for Basic credentials. */
export function basicProxyAuthorization(credentials: ProxyCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}
