// The one English sentence at the top of a decoded error. Server text appears in it only quoted,
// flattened to one line and cut short.
import { capped } from '../text/sanitize';
import type { DecodedEntry, HttpStatusInfo } from './decodedView';
import type { FieldReference } from './field';
import type { ResponseShapeKind } from './shape';
import type { BodyFacts } from './shapeFacts';

const HEADLINE_MESSAGE_LIMIT = 160;
/** Problems a Format 1 headline names before it says "…". */
const PROBLEMS_NAMED = 3;

export interface HeadlineInput {
  shape: ResponseShapeKind;
  status: HttpStatusInfo | undefined;
  facts: BodyFacts;
  field: FieldReference | undefined;
  isHtml: boolean;
}

function quoted(message: string): string {
  return `“${capped(message.replace(/\s+/g, ' '), HEADLINE_MESSAGE_LIMIT)}”`;
}

function statusPrefix(status: HttpStatusInfo | undefined): string {
  if (!status) return '';
  return status.entry.kind === 'unknown' ? `HTTP ${status.code}: ` : `HTTP ${status.code} ${status.entry.title}: `;
}

function sentence(prefix: string, rest: string): string {
  return prefix === '' ? rest.charAt(0).toUpperCase() + rest.slice(1) : prefix + rest;
}

function sovosSource(entries: DecodedEntry[]): string {
  const lines = new Set(entries.map((entry) => entry.productLine?.name).filter((name) => name !== undefined));
  return lines.size === 1 ? `Sovos ${[...lines][0]}` : 'Sovos Simple Connect';
}

function entryPhrase(entry: DecodedEntry): string {
  return entry.known ? entry.entry.title : `unknown code ${entry.code || '(empty)'}`;
}

function fieldPhrase(field: FieldReference | undefined): string {
  if (!field) return '';
  return field.where === 'body' ? ` in field ${field.name}` : ` (${field.name})`;
}

function sovosProblemsHeadline(entries: DecodedEntry[], omitted: number, field: FieldReference | undefined): string {
  const count = entries.length + omitted;
  if (count === 1) return `${sovosSource(entries)}: ${entryPhrase(entries[0])}${fieldPhrase(field)}`;
  const named = entries.slice(0, PROBLEMS_NAMED).map(entryPhrase).join('; ');
  return `${sovosSource(entries)} reported ${count} problems: ${named}${count > PROBLEMS_NAMED ? '; …' : ''}`;
}

/** The headline when the body carried at least one code. */
function codeHeadline({ shape, status, facts, field }: HeadlineInput, first: DecodedEntry): string {
  if (shape === 'sovosFormat1') return sovosProblemsHeadline(facts.entries, facts.omittedEntries, field);
  if (first.known) return `${first.entry.title}${fieldPhrase(field)}`;
  const said = facts.messages[0] ? `: ${quoted(facts.messages[0])}` : '';
  return sentence(statusPrefix(status), `${entryPhrase(first)}${said}`);
}

/** The headline when the body carried no code: what its shape and its first message say. */
function shapeHeadline({ shape, status, facts, isHtml }: HeadlineInput): string {
  const prefix = statusPrefix(status);
  const first = facts.messages[0];
  switch (shape) {
    case 'sovosFormat2':
      return sentence(prefix, first ? `Sovos Simple Connect said ${quoted(first)}` : 'Sovos Simple Connect reported an error');
    case 'sovosFormat1':
      return sentence(prefix, `Sovos Simple Connect reported an error without a subcode${facts.summary ? `: ${quoted(facts.summary)}` : ''}`);
    case 'notJson':
      return isHtml
        ? sentence(prefix, 'an HTML page came back instead of an error object (often from a proxy or gateway)')
        : sentence(prefix, `the body is not JSON${first ? `: ${quoted(first)}` : ''}`);
    case 'empty':
      return sentence(prefix, 'the response body is empty');
    case 'apiError':
    case 'otherJson':
      return first ? sentence(prefix, quoted(first)) : sentence(prefix, 'the body is JSON in a form the extension does not know');
  }
}

export function headlineFor(input: HeadlineInput): string {
  const first = input.facts.entries[0];
  return first ? codeHeadline(input, first) : shapeHeadline(input);
}
