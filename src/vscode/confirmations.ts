// Confirmations that need no answer ("copied", "turned back on") pass in the status bar, as VS Code's
// notification guidelines ask, instead of a toast that stays until it is closed.
import vscode = require('vscode');
import { plainText } from '../core/text/sanitize';

/** Long enough to read a short sentence, short enough not to linger after the next action. */
const CONFIRMATION_MS = 5000;

export function confirmInStatusBar(message: string): void {
  vscode.window.setStatusBarMessage(`$(check) ${message}`, CONFIRMATION_MS);
}

export async function copyToClipboard(text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  confirmInStatusBar(confirmation);
}

/** Copies a document's number as the server wrote it; the confirmation shows it made safe for the status bar. */
export async function copyDocumentNumber(number: string): Promise<void> {
  await copyToClipboard(number, vscode.l10n.t('Copied {number} to the clipboard.', { number: plainText(number, 100) }));
}
