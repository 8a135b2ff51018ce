// What a log hover shows: the code's meaning and next step, or a request id to copy for support.
import vscode = require('vscode');
import { PRODUCT_NAMES } from '../core/codes/catalogue';
import { codeAt, type CodeMatch, type RequestIdMatch } from '../core/codes/logCodes';
import { COMMAND, type CommandId } from './commands';
import { isGestixOutput } from './logHover';
import { readSetting } from './settings';
import type { Milestones } from './walkthrough';

/** Translated text inside a Markdown link: no brackets, backslashes or line breaks that could end it early. */
function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ');
}

function escapeLinkTitle(text: string): string {
  return text.replace(/["\\]/g, '\\$&').replace(/\s+/g, ' ');
}

function commandLink(command: CommandId, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function codeHover(match: Exclude<CodeMatch, RequestIdMatch>): vscode.MarkdownString {
  const { entry } = match;
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = { enabledCommands: [COMMAND.lookUpCode] };
  markdown.appendMarkdown('**');
  markdown.appendText(match.lookup.normalized);
  markdown.appendMarkdown('** — ');
  markdown.appendText(entry.title);
  markdown.appendMarkdown('\n\n');
  markdown.appendText(entry.meaning);
  markdown.appendMarkdown('\n\n*');
  markdown.appendText(`${PRODUCT_NAMES[entry.product]} · ${entry.category}${match.productLine ? ` · ${match.productLine.line}: ${match.productLine.name}` : ''}`);
  markdown.appendMarkdown('*\n\n$(lightbulb) ');
  markdown.appendText(entry.nextStep.text);
  const link = vscode.l10n.t('Open in the Gestix panel');
  const tip = vscode.l10n.t('Show this code in the Gestix error panel');
  markdown.appendMarkdown(`\n\n[$(info) ${escapeLinkText(link)}](${commandLink(COMMAND.lookUpCode, [match.lookup.normalized])} "${escapeLinkTitle(tip)}")`);
  return markdown;
}

function requestHover(match: RequestIdMatch): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = { enabledCommands: [COMMAND.copyRequestForSupport] };
  markdown.appendMarkdown(`**${vscode.l10n.t('Gestix request id')}** `);
  // appendText escapes Markdown, and inside a code span an escape shows as a backslash (`req\-7f3a`).
  // A request id is letters, digits, '-' and '_' (patterns.ts); backticks are dropped all the same.
  markdown.appendMarkdown(`\`${match.requestId.replace(/`/g, '')}\`\n\n`);
  const timestamp = match.lineTimestamp;
  markdown.appendText(timestamp ? vscode.l10n.t('Logged at {time}.', { time: timestamp.utc ?? timestamp.text }) : vscode.l10n.t('No timestamp on this line.'));
  markdown.appendMarkdown(`\n\n${vscode.l10n.t('Support finds a request in the server logs by its request id and time.')}`);
  const args = [match.requestId, timestamp?.utc ?? timestamp?.text ?? ''];
  const link = vscode.l10n.t('Copy for support');
  const tip = vscode.l10n.t('Copy the request id and timestamp');
  markdown.appendMarkdown(`\n\n[$(copy) ${escapeLinkText(link)}](${commandLink(COMMAND.copyRequestForSupport, args)} "${escapeLinkTitle(tip)}")`);
  return markdown;
}

export function createLogCodeHoverProvider(milestones: Milestones): vscode.HoverProvider {
  return {
    provideHover(document, position) {
      // Only the hovered line is read, so a huge log costs nothing extra.
      const line = document.lineAt(position.line).text;
      // Any software logs HTTP statuses and request ids; Gestix explains those only where they are its own.
      const anyLine = readSetting('gestix.hover.genericCodes') || isGestixOutput(document.uri);
      const match = codeAt(line, position.character, { genericCodes: anyLine ? 'anyLine' : 'gestixLines' });
      if (!match) return undefined;
      const range = new vscode.Range(position.line, match.start, position.line, match.end);
      if (match.kind !== 'requestId') milestones.reach('hoveredCode');
      return new vscode.Hover(match.kind === 'requestId' ? requestHover(match) : codeHover(match), range);
    },
  };
}

