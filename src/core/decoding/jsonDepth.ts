// How deeply a JSON text nests, found without parsing it: JSON.parse is slow on deep nesting, and
// recursive parsers overflow the stack on it.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export interface Nesting {
  /** Offset of the bracket (outside strings) that opens level `limit + 1`; -1 when there is none. */
  tooDeepAt: number;
  /** Every bracket is closed and every string ends: the text may be JSON. */
  balanced: boolean;
}

/** Whether the quote at `index` is escaped: an odd run of backslashes before it. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let at = index - 1; at >= 0 && text.charCodeAt(at) === BACKSLASH; at -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}

/**
 * One pass: strings are skipped with indexOf, and each backslash run is counted once, by the quote
 * that ends it.
 */
export function jsonNesting(text: string, limit: number): Nesting {
  let depth = 0;
  let tooDeepAt = -1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      let end = text.indexOf('"', index + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return { tooDeepAt, balanced: false };
      index = end;
    } else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
      depth += 1;
      if (depth > limit && tooDeepAt === -1) tooDeepAt = index;
    } else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return { tooDeepAt, balanced: depth === 0 };
}
