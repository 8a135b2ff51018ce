// JSON syntax problems of a document with their offsets, for diagnostics. Pure: adapters turn the
// offsets into editor ranges.
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { jsonNesting } from '../decoding/jsonDepth';

export interface TextSpan {
  offset: number;
  length: number;
}

export interface SyntaxProblem extends TextSpan {
  message: string;
}

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

const FRIENDLY_PARSE_ERRORS: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Property name expected (in double quotes)',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: 'Closing brace } expected',
  CloseBracketExpected: 'Closing bracket ] expected',
  EndOfFileExpected: 'Nothing may follow the JSON value',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Comments are not allowed in JSON',
  UnexpectedEndOfString: 'String is not closed',
  UnexpectedEndOfNumber: 'Number is not complete',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in string',
};

/** Far deeper than any document; the parser recurses per level and would overflow the stack. */
const MAX_DOCUMENT_DEPTH = 100;

export function jsonSyntaxProblems(text: string): SyntaxProblem[] {
  const deepAt = jsonNesting(text, MAX_DOCUMENT_DEPTH).tooDeepAt;
  if (deepAt !== -1) return [{ offset: deepAt, length: 1, message: `Nested more than ${MAX_DOCUMENT_DEPTH} levels deep` }];
  const errors: ParseError[] = [];
  try {
    parseTree(text, errors, PARSE_OPTIONS);
  } catch {
    // the parser recurses per level; nesting the depth scan cannot see (inside a comment) still ends here
    return [{ offset: 0, length: 1, message: `Nested more than ${MAX_DOCUMENT_DEPTH} levels deep` }];
  }
  return errors.map((error) => {
    const code = printParseErrorCode(error.error);
    return { offset: error.offset, length: Math.max(1, error.length), message: FRIENDLY_PARSE_ERRORS[code] ?? code };
  });
}
