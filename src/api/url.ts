// Where requests go, and whether a token may travel there.

export type ApiBase = { ok: true; url: URL } | { ok: false; message: string };

/** `{serverUrl}/api/{account}/{apiVersion}`, validated, without a trailing slash. */
export function apiBase(serverUrl: string, account: string, apiVersion: string): ApiBase {
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
  if (!apiVersion.trim()) return { ok: false, message: 'No API version is set (setting gestix.apiVersion).' };
  const prefix = server.pathname.replace(/\/+$/, '');
  const url = new URL(server.origin);
  url.pathname = `${prefix}/api/${encodeURIComponent(account.trim())}/${encodeURIComponent(apiVersion.trim())}`;
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

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const mapped = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host;
  const octets = mapped.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
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
