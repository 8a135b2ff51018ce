// Where requests go, and whether a token may travel there.

export type ApiBase = { ok: true; url: URL } | { ok: false; message: string };

/** `{serverUrl}/api/{account}/{apiVersion}`, validated, without a trailing slash. */
export function apiBase(serverUrl: string, account: string, apiVersion: string): ApiBase {
  const accountUrl = accountBase(serverUrl, account);
  if (!accountUrl.ok) return accountUrl;
  if (!apiVersion.trim()) return { ok: false, message: 'No API version is set (setting gestix.apiVersion).' };
  const url = accountUrl.url;
  url.pathname = `${url.pathname}/${encodeURIComponent(apiVersion.trim())}`;
  return { ok: true, url };
}

/**
 * `{serverUrl}/api/{account}`: where a stored secret belongs. The API version is left out, since a
 * secret stays valid when the account moves to a newer API.
 */
export function accountBase(serverUrl: string, account: string): ApiBase {
  let server: URL;
  try {
    server = new URL(serverUrl.trim());
  } catch {
    return { ok: false, message: `The server URL "${serverUrl}" is not a valid URL.` };
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') {
    return { ok: false, message: `The server URL must start with https:// (got ${server.protocol}//).` };
  }
  if (server.username || server.password) {
    return { ok: false, message: 'The server URL must not contain a user name or password.' };
  }
  if (server.search || server.hash) {
    return { ok: false, message: 'The server URL must not contain a query string or fragment.' };
  }
  if (!account.trim()) return { ok: false, message: 'No Gestix account is set (setting gestix.account).' };
  const prefix = server.pathname.replace(/\/+$/, '');
  const url = new URL(server.origin);
  url.pathname = `${prefix}/api/${encodeURIComponent(account.trim())}`;
  return { ok: true, url };
}

/** The request target for `path` (e.g. '/invoices') below the API base, with the given query parameters. */
export function endpointPath(base: URL, path: string, query: Record<string, string | number | undefined> = {}): string {
  let search = '';
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return `${base.pathname}${path}${search}`;
}

/**
 * Exactly `127.0.0.1`, `::1` and `localhost`: names that cannot point off the machine. Not the rest of
 * 127/8 nor `*.localhost`, which resolvers and proxies do not all treat as local.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}

/** A token may only be sent encrypted, or to this machine. */
export function mayCarryToken(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** host:port with the scheme's default port filled in, for messages. */
export function hostAndPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

/**
 * The host (with its port when not the scheme's default) a request to `serverUrl` goes to, as
 * prompts name it; undefined when the URL is unusable.
 */
export function destinationHost(serverUrl: string): string | undefined {
  try {
    const url = new URL(serverUrl.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** Plain http to this machine: a token may go there, but anyone on the machine may be listening. */
export function isUnencryptedLoopback(serverUrl: string): boolean {
  try {
    const url = new URL(serverUrl.trim());
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}
