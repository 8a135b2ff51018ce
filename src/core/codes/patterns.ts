// The patterns that find codes in a line of text. They are shared by the hover recogniser (JavaScript
// RegExp) and the TextMate injection grammar (Oniguruma), so they keep to the syntax both engines
// read the same way: fixed-length lookbehind, numbered groups only, no inline flags, and bounded
// repetition everywhere, so no input can make them backtrack for long.
import { GESTIX_ERROR_CODES, STANDARD_REASONS } from './catalogue';

export type PatternKind = 'gestixCode' | 'subcode' | 'httpStatus' | 'requestId';

/** What a capture group holds: the code itself, a JSON/log key, quoted request text, or a reason phrase. */
export type CaptureRole = 'token' | 'key' | 'string' | 'reason';

export interface CodePattern {
  name: string;
  kind: PatternKind;
  /** Regular expression source; `{STATUS}` stands for a three-digit HTTP status. */
  source: string;
  captures: Readonly<Record<number, CaptureRole>>;
  /** Bare numbers found by this pattern are subcodes (Format 1 `"subcode"` values). */
  subcodeContext?: boolean;
}

const STATUS_PLACEHOLDER = '{STATUS}';
export const ANY_STATUS = '[1-5][0-9]{2}';

type Part = string | { role: CaptureRole; source: string };

function build(name: string, kind: PatternKind, parts: Part[], subcodeContext = false): CodePattern {
  let source = '';
  let group = 0;
  const captures: Record<number, CaptureRole> = {};
  for (const part of parts) {
    if (typeof part === 'string') {
      source += part;
    } else {
      group += 1;
      captures[group] = part.role;
      source += `(${part.source})`;
    }
  }
  const pattern: CodePattern = { name, kind, source, captures };
  if (subcodeContext) pattern.subcodeContext = true;
  return pattern;
}

const token = (source: string): Part => ({ role: 'token', source });
const NO_WORD_BEFORE = '(?<![A-Za-z0-9_])';
const NO_WORD_AFTER = '(?![A-Za-z0-9_])';

/** A token alone, or wrapped in matching quotes (log grammars colour quoted text as one string). */
function quotable(source: string, after = NO_WORD_AFTER): Part[] {
  return ['(?:"', token(source), `"|'`, token(source), `'|`, token(source), `${after})`];
}

const GESTIX_CODE = `(?:${GESTIX_ERROR_CODES.join('|')})`;
const SUBCODE = '[Ss][Mm][Aa][RrPp]-[0-9]{4,5}';
const SUBCODE_VALUE = '(?:[A-Za-z]{4}-)?[0-9]{1,6}';
const METHOD = '(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)';
const REQUEST_ID = '[A-Za-z0-9](?:[A-Za-z0-9_-]{0,126}[A-Za-z0-9])?';
const STATUS_KEY = '"?(?:[Ss]tatus(?:[ _]?[Cc]ode)?|STATUS(?:_CODE)?|[Hh]ttp_?[Ss]tatus(?:_?[Cc]ode)?|HTTP_STATUS(?:_CODE)?)"?';
const REASONS = [...new Set(Object.values(STANDARD_REASONS).flatMap((reason) => [reason, reason.toUpperCase()]))]
  .concat(['Client Error', 'Server Error'])
  .sort((a, b) => b.length - a.length)
  .join('|');

export const CODE_PATTERNS: readonly CodePattern[] = [
  build('subcode-json', 'subcode', [
    NO_WORD_BEFORE,
    { role: 'key', source: '"[Ss]ub_?[Cc]ode"' },
    '[ \\t]{0,3}:[ \\t]{0,3}(?:"',
    token(SUBCODE_VALUE),
    '"|',
    token(SUBCODE_VALUE),
    `${NO_WORD_AFTER})`,
  ], true),
  build('subcode', 'subcode', [NO_WORD_BEFORE, ...quotable(SUBCODE)]),
  build('gestix-code', 'gestixCode', [NO_WORD_BEFORE, ...quotable(GESTIX_CODE)]),
  build('request-id-key', 'requestId', [
    NO_WORD_BEFORE,
    { role: 'key', source: '"?(?:[Rr]equest[_-]?[Ii][Dd]|REQUEST_ID)"?' },
    '[ \\t]{0,3}[:=][ \\t]{0,3}(?!null\\b|undefined\\b|None\\b|none\\b)',
    ...quotable(REQUEST_ID),
  ]),
  build('request-id', 'requestId', ['(?<![A-Za-z0-9_-])', ...quotable(`req-${REQUEST_ID}`)]),
  build('status-request-line', 'httpStatus', [
    { role: 'string', source: `"${METHOD} [^"]{0,2048}"` },
    '[ \\t]{1,3}',
    token(STATUS_PLACEHOLDER),
    '(?![0-9])',
  ]),
  build('status-protocol', 'httpStatus', ['\\bHTTP(?:/[0-9](?:\\.[0-9])?)?[ \\t:=]{1,3}', token(STATUS_PLACEHOLDER), '(?![0-9])']),
  build('status-key', 'httpStatus', [
    NO_WORD_BEFORE,
    { role: 'key', source: STATUS_KEY },
    '[ \\t]{0,3}(?:==|[:=])?[ \\t]{0,3}(?:"',
    token(STATUS_PLACEHOLDER),
    '"|',
    token(STATUS_PLACEHOLDER),
    '(?![0-9]))',
  ]),
  build('status-arrow', 'httpStatus', [
    `\\b${METHOD}[ \\t]{1,4}[^ \\t]{1,2048}[ \\t]{1,4}(?:->|=>)[ \\t]{0,4}`,
    token(STATUS_PLACEHOLDER),
    '(?![0-9])',
  ]),
  build('status-reason', 'httpStatus', [
    '(?<![A-Za-z0-9_.:/-])',
    token(STATUS_PLACEHOLDER),
    '[ \\t]{1,2}',
    { role: 'reason', source: REASONS },
    '(?![A-Za-z])',
  ]),
];

export function withStatus(source: string, status: string): string {
  return source.split(STATUS_PLACEHOLDER).join(status);
}
