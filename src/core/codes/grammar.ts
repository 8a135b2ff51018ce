// Builds the TextMate injection grammar (syntaxes/gestix-codes.injection.tmLanguage.json) from the
// same patterns the hover recogniser uses. Scopes are the standard ones every theme colours; the
// log grammar itself marks errors with `string.regexp` and ids with `constant.language`.
import { CODE_PATTERNS, withStatus, type CaptureRole, type CodePattern } from './patterns';

const GRAMMAR_SCOPE_NAME = 'gestix.codes.injection';
export const GRAMMAR_PATH = 'syntaxes/gestix-codes.injection.tmLanguage.json';
/** Grammars the injection applies to: VS Code's log language and the JSON family. */
const INJECT_TO = ['text.log', 'source.json', 'source.json.comments', 'source.json.lines'] as const;

const TOKEN_SCOPES: Readonly<Record<string, string>> = {
  gestixCode: 'string.regexp.error-code.gestix',
  subcode: 'string.regexp.subcode.sovos',
  statusError: 'string.regexp.http-status.error.gestix',
  statusOther: 'constant.numeric.http-status.gestix',
  requestId: 'constant.language.request-id.gestix',
};

const ROLE_SCOPES: Readonly<Record<Exclude<CaptureRole, 'token'>, string | undefined>> = {
  key: 'support.type.property-name.gestix',
  string: 'string.quoted.double.gestix',
  reason: undefined,
};

interface GrammarRule {
  match: string;
  captures: Record<string, { name: string }>;
}

function rule(pattern: CodePattern, source: string, tokenScope: string): GrammarRule {
  const captures: Record<string, { name: string }> = {};
  for (const [group, role] of Object.entries(pattern.captures)) {
    const name = role === 'token' ? tokenScope : ROLE_SCOPES[role];
    if (name) captures[group] = { name };
  }
  return { match: source, captures };
}

export function buildInjectionGrammar(): Record<string, unknown> {
  const repository: Record<string, GrammarRule> = {};
  for (const pattern of CODE_PATTERNS) {
    if (pattern.kind === 'httpStatus') {
      repository[`${pattern.name}-error`] = rule(pattern, withStatus(pattern.source, '[45][0-9]{2}'), TOKEN_SCOPES.statusError);
      repository[`${pattern.name}-other`] = rule(pattern, withStatus(pattern.source, '[123][0-9]{2}'), TOKEN_SCOPES.statusOther);
    } else {
      repository[pattern.name] = rule(pattern, pattern.source, TOKEN_SCOPES[pattern.kind]);
    }
  }
  return {
    name: 'Gestix and Sovos codes',
    scopeName: GRAMMAR_SCOPE_NAME,
    comment: 'Generated from src/core/codes/patterns.ts by scripts/generate.mts; edit the source, not this file.',
    injectionSelector: INJECT_TO.map((scope) => `L:${scope}`).join(', '),
    patterns: Object.keys(repository).map((name) => ({ include: `#${name}` })),
    repository,
  };
}

export function renderInjectionGrammar(): string {
  return `${JSON.stringify(buildInjectionGrammar(), null, 2)}\n`;
}

/** The `contributes.grammars` entry for package.json. */
export const GRAMMAR_CONTRIBUTION = {
  scopeName: GRAMMAR_SCOPE_NAME,
  path: `./${GRAMMAR_PATH}`,
  injectTo: [...INJECT_TO],
};
