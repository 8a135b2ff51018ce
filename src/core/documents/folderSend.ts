// Sending a folder of documents, without the editor: which files are sent as which kind, which are
// held back because they would be refused anyway, and the Markdown report of what happened to each.
import type { Failure } from '../http/result';
import { plainText } from '../text/sanitize';
import type { SendOutcome } from '../sending/send';
import type { DocumentKind } from '../wire';
import { decodeFailure } from '../decoding/decode';
import { jsonSyntaxProblems } from './jsonText';
import { DOCUMENT_KIND_INFO, kindFromFileName } from './kinds';
import { documentProblems } from './schema';

export interface FolderFile {
  /** Relative to the folder, with forward slashes; also the order of sending. */
  path: string;
  text: string;
}

export type PlannedFile =
  | { path: string; status: 'ready'; kind: DocumentKind; text: string }
  /** `problems` holds the first few, worded for the report; `problemCount` counts them all. */
  | { path: string; status: 'invalid'; kind: DocumentKind; problems: string[]; problemCount: number }
  | { path: string; status: 'skipped'; reason: string };

/** Problems listed per file in the report; the rest are counted. */
export const PROBLEMS_SHOWN = 5;
const CELL_LIMIT = 300;

/** `line L, column C` of each offset, in one walk over the text's newlines up to the last offset. */
export function linesAndColumns(text: string, offsets: readonly number[]): string[] {
  const order = offsets.map((offset, index) => ({ offset, index })).sort((a, b) => a.offset - b.offset);
  const positions = new Array<string>(offsets.length);
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf('\n');
  for (const { offset, index } of order) {
    while (newline !== -1 && newline < offset) {
      line += 1;
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    positions[index] = `line ${line}, column ${offset - lineStart + 1}`;
  }
  return positions;
}

function localProblems(kind: DocumentKind, text: string): { shown: string[]; count: number } {
  const syntax = jsonSyntaxProblems(text);
  if (syntax.length > 0) {
    const shown = syntax.slice(0, PROBLEMS_SHOWN);
    const positions = linesAndColumns(text, shown.map((problem) => problem.offset));
    return { shown: shown.map((problem, index) => `${problem.message} (${positions[index]})`), count: syntax.length };
  }
  const problems = documentProblems(kind, JSON.parse(text) as unknown);
  return { shown: problems.slice(0, PROBLEMS_SHOWN).map((problem) => problem.message), count: problems.length };
}

/** One file checked locally; a file without a kind in its name gets `kindForOthers`, or is skipped when it is undefined. */
export function planFile(file: FolderFile, kindForOthers: DocumentKind | undefined): PlannedFile {
  const kind = kindFromFileName(file.path) ?? kindForOthers;
  if (kind === undefined) return { path: file.path, status: 'skipped', reason: 'no document kind in the file name (e.g. .invoice.json)' };
  const { shown, count } = localProblems(kind, file.text);
  return count > 0 ? { path: file.path, status: 'invalid', kind, problems: shown, problemCount: count } : { path: file.path, status: 'ready', kind, text: file.text };
}

/** The plan in sending order: by path. */
export function inSendingOrder(plan: readonly PlannedFile[]): PlannedFile[] {
  return [...plan].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function planFolderSend(files: readonly FolderFile[], kindForOthers: DocumentKind | undefined): PlannedFile[] {
  return inSendingOrder(files.map((file) => planFile(file, kindForOthers)));
}

/** JSON files whose name says no kind, so the person is asked once what they are. */
export function filesWithoutKind(paths: readonly string[]): string[] {
  return paths.filter((path) => kindFromFileName(path) === undefined);
}

export interface FolderSummary {
  created: number;
  rejected: number;
  notSent: number;
  uncertain: number;
  other: number;
  /** The batch ended because the server refused this stored secret. */
  refusedSignIn?: 'apiToken' | 'credentials';
}

export function summarize(plan: readonly PlannedFile[], outcomes: ReadonlyMap<string, SendOutcome>): FolderSummary {
  const summary: FolderSummary = { created: 0, rejected: 0, notSent: 0, uncertain: 0, other: 0 };
  for (const file of plan) {
    const outcome = outcomes.get(file.path);
    if (outcome?.kind === 'reauthFailed') summary.refusedSignIn ??= outcome.refused;
    else if (outcome?.kind === 'notConfirmed' && outcome.refusedSignIn) summary.refusedSignIn ??= outcome.refusedSignIn;
    if (file.status !== 'ready' || outcome === undefined) summary.notSent += 1;
    else if (outcome.kind === 'created') summary.created += 1;
    else if (outcome.kind === 'rejected') summary.rejected += 1;
    else if (outcome.kind === 'notConfirmed' || (outcome.kind === 'cancelled' && outcome.mayHaveBeenCreated)) summary.uncertain += 1;
    else if (outcome.kind === 'reauthFailed' || outcome.kind === 'notSignedIn') summary.notSent += 1;
    else if (outcome.kind === 'cancelled' && outcome.attempts === 0) summary.notSent += 1;
    else summary.other += 1;
  }
  return summary;
}

export function summarySentence(summary: FolderSummary): string {
  const parts = [`${summary.created} created`];
  if (summary.rejected) parts.push(`${summary.rejected} rejected`);
  if (summary.uncertain) parts.push(`${summary.uncertain} not confirmed (may have been created)`);
  if (summary.other) parts.push(`${summary.other} failed`);
  if (summary.notSent) parts.push(`${summary.notSent} not sent`);
  const sentence = parts.join(', ');
  return summary.refusedSignIn ? `${sentence}; stopped: ${refusedSignInText(summary.refusedSignIn).replace(/^The/, 'the')}` : sentence;
}

/** Server text in a Markdown table cell: one plain line (see `plainText`), with no markup either. */
export function markdownCell(text: string): string {
  return plainText(text, CELL_LIMIT).replace(/[\\`*_{}[\]<>#!|~&]/g, (character) => `\\${character}`) || ' ';
}

function outcomeRow(file: Extract<PlannedFile, { status: 'ready' }>, outcome: SendOutcome | undefined): string[] {
  const name = markdownCell(file.path);
  const label = DOCUMENT_KIND_INFO[file.kind].label;
  if (outcome === undefined) return [name, label, 'not sent', ''];
  switch (outcome.kind) {
    case 'created': {
      const number = outcome.document?.documentNumber ?? outcome.identity?.seqNumber ?? '';
      const id = outcome.document ? `id ${outcome.document.id}` : 'stored; its id could not be looked up';
      const note = outcome.recoveredAfterUncertainAttempt ? ' (an answer was lost; the document list showed the earlier attempt had been stored, nothing was sent twice)' : '';
      return [name, label, 'created', markdownCell(`${number} ${id}${note}`)];
    }
    case 'notConfirmed':
      return [name, label, 'not confirmed', markdownCell(notConfirmedText(outcome))];
    case 'rejected':
      return [name, label, 'rejected', markdownCell(failureText(outcome.failure, file.text))];
    case 'gaveUp':
      return [name, label, 'failed', markdownCell(`${failureText(outcome.lastFailure)} It was not stored.`)];
    case 'cancelled':
      return [name, label, outcome.mayHaveBeenCreated ? 'not confirmed' : 'not sent', outcome.mayHaveBeenCreated ? `Cancelled while being sent; it may have been created. ${CHECK_FIRST}` : 'Cancelled before it was sent.'];
    case 'notSignedIn':
      return [name, label, 'not sent', 'Not signed in to Gestix.'];
    case 'reauthFailed':
      return [name, label, 'not sent', markdownCell(`${refusedSignInText(outcome.refused)}: ${failureText(outcome.failure)}`)];
  }
}

const CHECK_FIRST = 'Check the document list in Gestix before sending it again.';

function refusedSignInText(refused: 'apiToken' | 'credentials'): string {
  return refused === 'credentials' ? 'The server refused the stored user name and password (POST /auth)' : 'The server refused the stored API token (GET /helo)';
}

/** Why a document whose answer was lost could not be settled, and what a person should check. */
function notConfirmedText(outcome: Extract<SendOutcome, { kind: 'notConfirmed' }>): string {
  const lost = 'An answer was lost, so it may have been created';
  if (outcome.candidates.length > 1) {
    const listed = outcome.candidates.map((document) => `${document.documentNumber ?? '?'} (id ${document.id})`).join(', ');
    return `${lost}, and ${outcome.candidates.length} documents on the server match it: ${listed}. Check which one is this file's; nothing was sent again.`;
  }
  if (outcome.refusedSignIn) return `${lost}; then ${refusedSignInText(outcome.refusedSignIn)}, so it could not be checked. ${CHECK_FIRST}`;
  const reason = outcome.lastFailure ? ` (${failureText(outcome.lastFailure)})` : '';
  return `${lost}, and it could not be checked${reason}. ${CHECK_FIRST}`;
}

/** The decoded headline, followed by what the server said when the headline does not already say it. */
function failureText(failure: Failure, sentDocument?: string): string {
  const decoded = decodeFailure(failure, sentDocument === undefined ? {} : { sentDocument });
  const said = decoded.entries.find((entry) => entry.message !== undefined)?.message ?? decoded.messages[0];
  if (said === undefined || decoded.headline.includes(said)) return decoded.headline;
  // "Sovos receivables: Invalid discount" and "Invalid discount: …" say the title once, not twice.
  const lastPart = decoded.headline.lastIndexOf(': ');
  const title = lastPart === -1 ? decoded.headline : decoded.headline.slice(lastPart + 2);
  return said.startsWith(title) ? `${decoded.headline.slice(0, lastPart + 2)}${said}` : `${decoded.headline}: ${said}`;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export interface ReportContext {
  folder: string;
  account: string;
  finishedAt: Date;
  durationMs: number;
}

/** The per-file report: every file of the folder, what was done with it and why. */
export function renderFolderReport(plan: readonly PlannedFile[], outcomes: ReadonlyMap<string, SendOutcome>, context: ReportContext): string {
  const summary = summarize(plan, outcomes);
  const ready = plan.filter((file): file is Extract<PlannedFile, { status: 'ready' }> => file.status === 'ready');
  const invalid = plan.filter((file): file is Extract<PlannedFile, { status: 'invalid' }> => file.status === 'invalid');
  const skipped = plan.filter((file): file is Extract<PlannedFile, { status: 'skipped' }> => file.status === 'skipped');
  const sections = [
    `# Gestix: Send Folder report`,
    '',
    `- Folder: ${markdownCell(context.folder)}`,
    `- Account: ${markdownCell(context.account)}`,
    `- Finished: ${context.finishedAt.toISOString()} (${(context.durationMs / 1000).toFixed(1)} s)`,
    `- Result: ${summarySentence(summary)}`,
  ];
  if (ready.length > 0) {
    // What needs a look comes first: in a folder of thousands, the few failures must not hide.
    const created = (file: (typeof ready)[number]) => outcomes.get(file.path)?.kind === 'created';
    const ordered = [...ready.filter((file) => !created(file)), ...ready.filter(created)];
    sections.push('', `## Sent (${ready.length})`, '', table(['File', 'Kind', 'Result', 'Details'], ordered.map((file) => outcomeRow(file, outcomes.get(file.path)))));
  }
  if (invalid.length > 0) {
    const rows = invalid.map((file) => {
      const shown = file.problems.join('; ');
      const more = file.problemCount > file.problems.length ? ` (and ${file.problemCount - file.problems.length} more)` : '';
      return [markdownCell(file.path), DOCUMENT_KIND_INFO[file.kind].label, markdownCell(`${shown}${more}`)];
    });
    sections.push('', `## Not sent: Gestix would reject them (${invalid.length})`, '', 'Fix these files and send them on their own: a server that numbers documents itself would take the others, sent again, as new documents.', '', table(['File', 'Kind', 'Problems'], rows));
  }
  if (skipped.length > 0) {
    sections.push('', `## Skipped (${skipped.length})`, '', table(['File', 'Reason'], skipped.map((file) => [markdownCell(file.path), markdownCell(file.reason)])));
  }
  return `${sections.join('\n')}\n`;
}
