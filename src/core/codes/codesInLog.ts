// Every Gestix code, Sovos subcode and HTTP status in a whole log, grouped by code with a count and
// the first and last line it is on. The log recogniser (logCodes.ts) finds them; this walks the text
// once, a line or a slice of a long line at a time, so time is linear in the text's length and
// memory is bounded whatever the log holds.
import { PRODUCT_NAMES, type CatalogueEntry } from './catalogue';
import { findErrorCodesInLine, isGestixLine, type CodeMatchOfCode } from './logCodes';

export type LoggedCodeKind = CodeMatchOfCode['kind'];

export interface LoggedCode {
  kind: LoggedCodeKind;
  /** Canonical spelling (`DB_TIMEOUT`, `SMAR-0202`, `409`). */
  code: string;
  entry: CatalogueEntry;
  /** The name of the entry's product (Gestix, Sovos, HTTP). */
  productName: string;
  count: number;
  /** Zero-based line numbers. */
  firstLine: number;
  lastLine: number;
}

export interface CodesInLog {
  /** Gestix codes first, then Sovos subcodes, then HTTP statuses; within a kind, the most frequent first. */
  codes: LoggedCode[];
  /** Occurrences of codes not listed because MAX_DISTINCT_CODES different ones were already. */
  unlisted: number;
}

export interface CodesInLogOptions {
  /** As for hovers (CodeAtOptions): where HTTP statuses count. */
  genericCodes?: 'anyLine' | 'gestixLines';
}

/** More different codes than anyone reads in a list; it also bounds the memory of a hostile log. */
export const MAX_DISTINCT_CODES = 1_000;
/** A longer line is read in slices of this length, each with the context the patterns look at. */
const SLICE = 65_536;
// The longest stretch a pattern reads before its code (a quoted request line) and after it.
const CONTEXT_BEFORE = 2_200;
const CONTEXT_AFTER = 256;

const KIND_ORDER: Readonly<Record<LoggedCodeKind, number>> = { gestixCode: 0, subcode: 1, httpStatus: 2 };

class Tally {
  private readonly byKey = new Map<string, LoggedCode>();
  unlisted = 0;

  add(match: CodeMatchOfCode, line: number): void {
    const code = match.lookup.normalized;
    const key = `${match.kind}:${code}`;
    const known = this.byKey.get(key);
    if (known) {
      known.count += 1;
      known.lastLine = line;
    } else if (this.byKey.size < MAX_DISTINCT_CODES) {
      this.byKey.set(key, { kind: match.kind, code, entry: match.entry, productName: PRODUCT_NAMES[match.entry.product], count: 1, firstLine: line, lastLine: line });
    } else {
      this.unlisted += 1;
    }
  }

  result(): CodesInLog {
    const codes = [...this.byKey.values()].sort(
      (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.count - a.count || a.firstLine - b.firstLine,
    );
    return { codes, unlisted: this.unlisted };
  }
}

/** The codes of one line, a slice at a time when it is long; each code counted once, in the slice its start falls in. */
function codesOfLine(line: string, options: CodesInLogOptions): CodeMatchOfCode[] {
  const gestixOnly = options.genericCodes === 'gestixLines';
  if (line.length <= SLICE) {
    const codes = findErrorCodesInLine(line);
    return gestixOnly && codes.some((code) => code.kind === 'httpStatus') && !isGestixLine(line)
      ? codes.filter((code) => code.kind !== 'httpStatus')
      : codes;
  }
  const found: CodeMatchOfCode[] = [];
  for (let start = 0; start < line.length; start += SLICE) {
    const from = Math.max(0, start - CONTEXT_BEFORE);
    const to = Math.min(line.length, start + SLICE + CONTEXT_AFTER);
    const window = line.slice(from, to);
    const genericCount = !gestixOnly || isGestixLine(window);
    for (const match of findErrorCodesInLine(window)) {
      const at = match.start + from;
      // A match touching a cut edge may be cut short; the neighbouring slice sees it whole.
      const cut = (match.start === 0 && from > 0) || (match.end === window.length && to < line.length);
      if (at < start || at >= start + SLICE || cut) continue;
      if (match.kind === 'httpStatus' && !genericCount) continue;
      found.push(match);
    }
  }
  return found;
}

/** Groups the codes of `text`, a log of lines ending in `\n` or `\r\n`. */
export function codesInLog(text: string, options: CodesInLogOptions = {}): CodesInLog {
  const tally = new Tally();
  if (typeof text !== 'string') return tally.result();
  let lineNumber = 0;
  for (let start = 0; start <= text.length; lineNumber += 1) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (line !== '') for (const match of codesOfLine(line, options)) tally.add(match, lineNumber);
    if (newline === -1) break;
    start = newline + 1;
  }
  return tally.result();
}
