// Gestix: Copy as cURL. The request Send would make for the active document, for a terminal or a
// support ticket: the connection in use gives the URL; the session token stays a shell variable.
import vscode = require('vscode');
import { kindFromFileName } from '../core/documents/kinds';
import { curlText, TOKEN_VARIABLE } from '../core/sending/curlText';
import { plainText } from '../core/text/sanitize';
import { copyToClipboard } from './confirmations';
import { kindNoun } from './kindLabels';
import { documentToSend, pickDocumentKind } from './send';
import type { Services } from './services';

function noServerMessage(connection: string): string {
  return vscode.l10n.t('The connection {connection} names no valid server, so there is no request to copy.', { connection: plainText(connection, 80) });
}

export async function copyAsCurl(services: Services, resource: unknown): Promise<void> {
  const document = await documentToSend(resource);
  if (!document) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the JSON document you want the cURL command of.'));
    return;
  }
  const kind = kindFromFileName(document.fileName) ?? (await pickDocumentKind(document));
  if (!kind) return;
  const connection = services.active;
  const apiBase = connection.client.baseUrl;
  if (apiBase === undefined) {
    void vscode.window.showErrorMessage(noServerMessage(connection.name));
    return;
  }
  const curl = curlText({ apiBase, kind, jsonText: document.getText() });
  if (!curl.ok) {
    void vscode.window.showErrorMessage(
      curl.reason === 'nulCharacter'
        ? vscode.l10n.t('The {kind} holds a NUL character, which no shell command can carry; nothing was copied.', { kind: kindNoun(kind) })
        : noServerMessage(connection.name),
    );
    return;
  }
  await copyToClipboard(curl.text, vscode.l10n.t('Copied the cURL command for the {kind}. Set {variable} to a session token before running it.', { kind: kindNoun(kind), variable: TOKEN_VARIABLE }));
}
