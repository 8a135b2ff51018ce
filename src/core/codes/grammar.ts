// Builds the TextMate injection grammars (syntaxes/) from the same patterns the hover recogniser
// uses. Scopes are the standard ones every theme colours; the log grammar itself marks errors with
// `string.regexp` and ids with `constant.language`.
//
// Logs get every code. JSON files get only the values that are Gestix's and Sovos's own (error codes
// and SMAR-/SMAP- subcodes): an injection cannot see file names, and `"status"` or `"requestId"` in
// any JSON file is none of Gestix's business.
import { CODE_PATTERNS, withStatus, type CaptureRole, type CodePattern } from './patterns';

interface InjectionGrammar {
  scopeName: string;
  path: string;
  /** The grammars it is injected into. */
  injectTo: readonly string[];
  uses(pattern: CodePattern): boolean;
}

const isOwnCodeValue = (pattern: CodePattern) => (pattern.kind === 'gestixCode' || pattern.kind === 'subcode') && !pattern.subcodeContext;

export const INJECTION_GRAMMARS: readonly InjectionGrammar[] = [
  { scopeName: 'gestix.codes.log.injection', path: 'syntaxes/gestix-codes.log.tmLanguage.json', injectTo: ['text.log'], uses: () => true },
  {
    scopeName: 'gestix.codes.json.injection',
    path: 'syntaxes/gestix-codes.json.tmLanguage.json',
    injectTo: ['source.json', 'source.json.comments', 'source.json.lines'],
    uses: isOwnCodeValue,
  },
];

/** The scope of each kind of code, for `editor.tokenColorCustomizations` (README lists them, a unit test checks). */
const TOKEN_SCOPES = {
  gestixCode: 'string.regexp.error-code.gestix',
  subcode: 'string.regexp.subcode.sovos',
  statusError: 'string.regexp.http-status.error.gestix',
  statusOther: 'constant.numeric.http-status.gestix',
  requestId: 'constant.language.request-id.gestix',
} as const satisfies Record<string, string>;

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

export function buildInjectionGrammar(grammar: InjectionGrammar): Record<string, unknown> {
  const repository: Record<string, GrammarRule> = {};
  for (const pattern of CODE_PATTERNS.filter((candidate) => grammar.uses(candidate))) {
    if (pattern.kind === 'httpStatus') {
      repository[`${pattern.name}-error`] = rule(pattern, withStatus(pattern.source, '[45][0-9]{2}'), TOKEN_SCOPES.statusError);
      repository[`${pattern.name}-other`] = rule(pattern, withStatus(pattern.source, '[123][0-9]{2}'), TOKEN_SCOPES.statusOther);
    } else {
      repository[pattern.name] = rule(pattern, pattern.source, TOKEN_SCOPES[pattern.kind]);
    }
  }
  return {
    name: 'Gestix and Sovos codes',
    scopeName: grammar.scopeName,
    comment: 'Generated from src/core/codes/patterns.ts by scripts/generate.mts; edit the source, not this file.',
    injectionSelector: grammar.injectTo.map((scope) => `L:${scope}`).join(', '),
    patterns: Object.keys(repository).map((name) => ({ include: `#${name}` })),
    repository,
  };
}

export function renderInjectionGrammar(grammar: InjectionGrammar): string {
  return `${JSON.stringify(buildInjectionGrammar(grammar), null, 2)}\n`;
}

/** The `contributes.grammars` entries for package.json. */
export const GRAMMAR_CONTRIBUTIONS = INJECTION_GRAMMARS.map(({ scopeName, path, injectTo }) => ({ scopeName, path: `./${path}`, injectTo: [...injectTo] }));
