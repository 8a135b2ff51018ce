// Every line logged, from every layer, passes through one redacting logger. Tokens and credentials
// show up in several syntaxes (headers, JSON bodies, query strings, URL-encoded headers), and a
// secret can also appear verbatim where no pattern would catch it, so both patterns and the list of
// secrets the window has handled are applied. Every pattern is linear in the text it reads.
import type { Logger } from '../host/ports';
import { plainText } from './sanitize';

/** Without brackets, so that the sanitiser of log lines leaves it as it is. */
export const REDACTED = '(redacted)';

/** Names under which a credential travels: headers, JSON keys and query parameters. */
const CREDENTIAL_NAMES = 'xa-token|xa_token|access_token|refresh_token|x-api-key|api_key|apikey|apiToken|api_token|token|password';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // URL-encoded, as in a query string or a form body: `Bearer%20…`, `Bearer+…`.
  [/\b(Bearer|Basic)(%20|\+)[^\s"',;&]+/gi, `$1$2${REDACTED}`],
  [new RegExp(`("(?:${CREDENTIAL_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  [/\b((?:xa-token|xa_token|x-api-key)\s*[=:]\s*)(?!")[^\s"',;&]+/gi, `$1${REDACTED}`],
  [new RegExp(`([?&;\\s]|^)(username|${CREDENTIAL_NAMES})=[^&\\s"']*`, 'gi'), `$1$2=${REDACTED}`],
  // Credentials in a URL, e.g. a proxy's: http://user:password@proxy.corp:3128
  [/:\/\/[^\s/@]+@/g, `://${REDACTED}@`],
];

const spellingsCache = new Map<string, string[]>();
const SPELLINGS_CACHE_LIMIT = 256;

/** A word every pattern above needs: most log lines have none, and skip the replacements. */
const MAY_MATCH_A_PATTERN = /bearer|basic|token|password|username|api.?key|:\/\/[^\s/@]*@/i;

/** Variants under which a secret may appear in a URL or a JSON string; worked out once per secret. */
function spellings(secret: string): string[] {
  let cached = spellingsCache.get(secret);
  if (!cached) {
    if (spellingsCache.size >= SPELLINGS_CACHE_LIMIT) spellingsCache.clear();
    cached = computeSpellings(secret);
    spellingsCache.set(secret, cached);
  }
  return cached;
}

function computeSpellings(secret: string): string[] {
  const variants = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  try {
    variants.add(new URLSearchParams({ s: secret }).toString().slice(2));
  } catch {
    // a lone surrogate cannot be form-encoded; the other spellings still apply
  }
  return [...variants].filter((variant) => variant.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Shorter secrets are not replaced verbatim: replacing every "t" or "ab" would make log lines
 * unreadable, and secrets that short offer no protection anyway. The patterns still apply.
 */
const MIN_VERBATIM_SECRET_LENGTH = 4;

export function redact(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < MIN_VERBATIM_SECRET_LENGTH) continue;
    for (const spelling of spellings(secret)) if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
  }
  if (!MAY_MATCH_A_PATTERN.test(result)) return result;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * The secrets this window has handled, so that log lines can be scrubbed of them even where no
 * pattern applies. Bounded: old session tokens are dropped once many newer ones exist.
 */
export class KnownSecrets implements Iterable<string> {
  private readonly secrets = new Set<string>();

  constructor(private readonly limit = 64) {}

  remember(...secrets: Array<string | undefined>): void {
    for (const secret of secrets) {
      if (!secret) continue;
      this.secrets.delete(secret);
      this.secrets.add(secret);
    }
    while (this.secrets.size > this.limit) {
      const oldest = this.secrets.values().next().value;
      if (oldest === undefined) break;
      this.secrets.delete(oldest);
    }
  }

  [Symbol.iterator](): Iterator<string> {
    return this.secrets.values();
  }
}

/** Long enough for a request line with a server's message; a whole body never belongs in the log. */
export const LOG_LINE_LIMIT = 2_000;

/**
 * Marks a redacting logger with the secrets it applies, so that wrapping it again adds nothing. A
 * registered symbol, because the activation bundle and the features bundle each have a copy of this
 * module.
 */
const REDACTS_WITH = Symbol.for('gestix.redactingLogger.secrets');

/**
 * A Logger that redacts every line, then makes it one plain line (see `plainText`), before handing
 * it on: a server's text can neither leak a secret nor forge a log line. Redaction comes first, so
 * that a secret is never cut in half by the length cap or changed by the sanitiser before it is
 * looked for.
 */
export function redactingLogger(target: Logger, secrets: Iterable<string>): Logger {
  if ((target as { [REDACTS_WITH]?: unknown })[REDACTS_WITH] === secrets) return target;
  const scrub = (message: string) => plainText(redact(message, secrets), LOG_LINE_LIMIT);
  return {
    trace: (message) => target.trace(scrub(message)),
    debug: (message) => target.debug(scrub(message)),
    info: (message) => target.info(scrub(message)),
    warn: (message) => target.warn(scrub(message)),
    error: (message) => target.error(scrub(message)),
    [REDACTS_WITH]: secrets,
  } as Logger;
}
