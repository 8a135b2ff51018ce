// Every line the core logs passes through `redact`. Tokens and credentials show up in several
// syntaxes (headers, JSON bodies, query strings), and a secret can also appear verbatim where no
// pattern would catch it, so both patterns and the list of secrets the core has handled are applied.
import type { Logger } from './ports';

export const REDACTED = '[redacted]';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/("xa-token"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`],
  [/\b(xa-token\s*[=:]\s*)(?!")[^\s"',;&]+/gi, `$1${REDACTED}`],
  [/([?&;\s]|^)(password|username|apiToken|api_token|token)=[^&\s"']*/gi, `$1$2=${REDACTED}`],
  // Credentials in a URL, e.g. a proxy's: http://user:password@proxy.corp:3128
  [/:\/\/[^\s/@]+@/g, `://${REDACTED}@`],
];

const spellingsCache = new Map<string, string[]>();
const SPELLINGS_CACHE_LIMIT = 256;

/** A word every pattern above needs: most log lines have none, and skip the four replacements. */
const MAY_MATCH_A_PATTERN = /bearer|basic|token|password|username|:\/\/[^\s/@]*@/i;

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
export const MIN_VERBATIM_SECRET_LENGTH = 4;

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

/** A Logger that redacts every line before handing it on. */
export function redactingLogger(target: Logger, secrets: Iterable<string>): Logger {
  const scrub = (message: string) => redact(message, secrets);
  return {
    trace: (message) => target.trace(scrub(message)),
    debug: (message) => target.debug(scrub(message)),
    info: (message) => target.info(scrub(message)),
    warn: (message) => target.warn(scrub(message)),
    error: (message) => target.error(scrub(message)),
  };
}
