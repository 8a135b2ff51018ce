// Copy as cURL: the request a document would be sent as, as a POSIX shell command. Nothing secret goes
// in: the session token is a shell variable the reader fills, the nonce a shell expression, and the
// URL loses any user name and password. Proxies are left out (their credentials are secrets, and
// curl reads its own proxy settings), and so is the user agent (curl names itself).
//
// Everything from the file or the settings is single-quoted, the one shell quoting inside which no
// character is special, so a body holding quotes, `$(…)`, backticks or newlines stays text. Only
// the two placeholders are outside single quotes.
import type { DocumentKind } from '../wire';

/** The shell variable that stands for the session token. */
export const TOKEN_VARIABLE = 'GESTIX_TOKEN';

/**
 * The nonce: the server wants one above the session's last, and nonces follow the millisecond
 * clock. `%N` is GNU-only (macOS's date prints "N"), so the seconds are followed by 999: above every
 * nonce given up to the end of that second, on any POSIX system.
 */
export const NONCE_EXPRESSION = '$(date +%s)999';

export interface CurlRequest {
  /** The API base, e.g. `https://gestix.pt/api/03101176/v4.0.0`. */
  apiBase: string;
  kind: DocumentKind;
  /** The body exactly as the file holds it. */
  jsonText: string;
}

export type CurlText = { ok: true; text: string } | { ok: false; reason: 'nulCharacter' | 'invalidBase' };

/** `text` as one shell word that means exactly `text`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function withoutCredentials(apiBase: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return undefined;
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

export function curlText(request: CurlRequest): CurlText {
  // A shell argument cannot hold a NUL character, so no command could send that body.
  if (request.jsonText.includes('\0')) return { ok: false, reason: 'nulCharacter' };
  const base = withoutCredentials(request.apiBase);
  if (base === undefined) return { ok: false, reason: 'invalidBase' };
  const url = `${shellQuote(`${base}/${encodeURIComponent(request.kind)}?nonce=`)}"${NONCE_EXPRESSION}"`;
  const lines = [
    `curl --request POST ${url}`,
    `--header ${shellQuote('accept: application/json')}`,
    `--header "authorization: Bearer $${TOKEN_VARIABLE}"`,
    `--header ${shellQuote('content-type: application/json; charset=utf-8')}`,
    // --data-raw, not --data-binary: a body starting with @ would make curl read a file instead.
    `--data-raw ${shellQuote(request.jsonText)}`,
  ];
  return { ok: true, text: lines.join(' \\\n  ') };
}
