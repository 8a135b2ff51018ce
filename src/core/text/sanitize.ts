// Text from a server, a file or a log is hostile. VS Code turns `[label](command:ID?ARGS)` in
// notification and progress text into a link that runs ID on click (there is no escape syntax), and
// renders `$(name)` as an icon in the status bar and quick picks; control and bidi characters can
// forge lines or reorder what a person reads. `plainText` is the one way such text reaches a
// notification, a progress title or message, a status-bar text or tooltip, a quick pick, an input
// box, the clipboard or a log line. Every step is a single linear pass over a bounded slice.

/** Enough for a sentence of server text in a notification; the whole text belongs in the error panel. */
export const PLAIN_TEXT_LIMIT = 300;

/**
 * A failure sentence of the extension's own (a network or TLS failure and what fixes it, with at
 * most a capped fragment of server text): long enough to keep the setting it names at its end.
 */
export const FAILURE_TEXT_LIMIT = 700;

/** Characters read for each one kept: room for removed characters and collapsed whitespace, not for a 2 MB body. */
const READ_FACTOR = 4;

/**
 * Format characters (bidi embeddings, overrides and isolates, zero-width characters, the BOM, soft
 * hyphens) and control characters other than whitespace, which is flattened instead.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/gu;
/** Line breaks of every kind (\n, \r, U+0085, U+2028, U+2029), tabs and runs of spaces. */
const WHITESPACE = /[\s\u0085]+/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` cut to at most `limit` characters (an ellipsis marks the cut), never inside a surrogate pair. */
export function capped(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const end = Math.max(0, limit - 1);
  const cut = isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
  return `${text.slice(0, cut)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * One line of inert text: no link syntax (`[` and `]` become `(` and `)`), no `$(icon)` syntax, no
 * control, bidi or zero-width characters, no line breaks, at most `limit` characters.
 */
export function plainText(text: string | undefined, limit = PLAIN_TEXT_LIMIT): string {
  if (!text) return '';
  const line = text
    .slice(0, limit * READ_FACTOR + 16)
    .replace(INVISIBLE, '')
    .replace(WHITESPACE, ' ')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    // A zero-width space keeps `$(name)` from rendering as an icon; INVISIBLE removes it again.
    .replace(/\$\(/g, '$\u200B(')
    .trim();
  // The cap may fall between a guard and its `(`: a guard guarding nothing goes too.
  return capped(line, limit).replace(/\u200B(?!\()/g, '');
}
