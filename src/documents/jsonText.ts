// Offsets inside the JSON text of a document, for diagnostics and "go to field". Pure: works on
// strings and returns character offsets; adapters turn them into editor ranges.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

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

/** `items[2].qty` → ['items', 2, 'qty']. */
export function parseFieldPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

function findPropertyAnywhere(node: Node | undefined, name: string): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'property' && node.children?.[0]?.value === name) return node;
  for (const child of node.children ?? []) {
    const found = findPropertyAnywhere(child, name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Where a field named by a server message or a local check is: its property key when present,
 * else the opening brace of the object that should contain it (where the user would add it).
 */
export function locateField(text: string, fieldPath: string): TextSpan | undefined {
  const root = parseTree(text, [], PARSE_OPTIONS);
  if (!root) return undefined;
  const path = parseFieldPath(fieldPath);
  const exact = findNodeAtLocation(root, path);
  if (exact) {
    const key = exact.parent?.type === 'property' ? exact.parent.children?.[0] : undefined;
    const target = key ?? exact;
    return { offset: target.offset, length: target.length };
  }
  const last = path[path.length - 1];
  if (path.length === 1 && typeof last === 'string') {
    const nested = findPropertyAnywhere(root, last);
    if (nested?.children?.[0]) return { offset: nested.children[0].offset, length: nested.children[0].length };
  }
  const container = findNodeAtLocation(root, path.slice(0, -1)) ?? root;
  return { offset: container.offset, length: 1 };
}
