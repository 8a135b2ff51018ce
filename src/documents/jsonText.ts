// JSON syntax problems of a document with their offsets, for diagnostics. Pure: adapters turn the
// offsets into editor ranges.
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

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

export function jsonSyntaxProblems(text: string): SyntaxProblem[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, PARSE_OPTIONS);
  return errors.map((error) => {
    const code = printParseErrorCode(error.error);
    return { offset: error.offset, length: Math.max(1, error.length), message: FRIENDLY_PARSE_ERRORS[code] ?? code };
  });
}
