// Gestix: Compare with Server Copy. The local document's copy on the connection in use, found by its
// number (seq_number equals, on its kind), opened read-only in a diff against the file: what the
// server stored on the left, the file on the right.
import vscode = require('vscode');
import { kindFromFileName } from '../core/documents/kinds';
import { describeFailure } from '../core/http/describe';
import { documentNumberOf, serverCopyQuery, summaryDescription, summaryOf, type DocumentSummary } from '../core/serverDocuments/documentList';
import { redact } from '../core/text/redact';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { kindNoun } from './kindLabels';
import { withCancellableProgress } from './progress';
import { documentToSend, pickDocumentKind } from './send';
import { serverDocumentUri } from './serverDocumentFiles';
import type { Services } from './services';

async function pickCopy(copies: DocumentSummary[]): Promise<DocumentSummary | undefined> {
  if (copies.length <= 1) return copies[0];
  const chosen = await vscode.window.showQuickPick(
    copies.map((copy) => ({ label: plainText(copy.number, 100) || `#${copy.id}`, description: summaryDescription(copy), detail: vscode.l10n.t('id {id}', { id: copy.id }), copy })),
    { title: vscode.l10n.t('Gestix: Compare with Server Copy'), placeHolder: vscode.l10n.t('The server holds several documents with this number; compare with which?') },
  );
  return chosen?.copy;
}

export async function compareWithServerCopy(services: Services, resource: unknown): Promise<void> {
  const document = await documentToSend(resource);
  if (!document) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the JSON document you want to compare with its copy on the server.'));
    return;
  }
  const kind = kindFromFileName(document.fileName) ?? (await pickDocumentKind(document));
  if (!kind) return;
  const number = documentNumberOf(document.getText());
  if (number === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The {kind} has no seq_number to find its copy on the server by.', { kind: kindNoun(kind) }));
    return;
  }
  const shownNumber = plainText(number, 100);
  const connection = services.active;
  const outcome = await withCancellableProgress(vscode.l10n.t('Looking for {number} on the server…', { number: shownNumber }), (signal) =>
    connection.session.withSession((token) => connection.session.client.listDocuments(token, kind, serverCopyQuery(number), signal), { signal }),
  );
  if (outcome.kind === 'notSignedIn') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Sign in to Gestix to compare with the copy on the server.'));
    return;
  }
  const result = outcome.kind === 'answered' ? outcome.result : { ok: false as const, failure: outcome.failure };
  if (!result.ok) {
    const reason = plainText(redact(describeFailure(result.failure), services.knownSecrets), FAILURE_TEXT_LIMIT);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not look for the copy on the server: {reason}', { reason }));
    return;
  }
  // The search compares without case on the sandbox; only the exact number is this document's copy.
  const copies = result.value.map(summaryOf).filter((copy): copy is DocumentSummary => copy !== undefined && copy.number === number);
  if (copies.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{connection} holds no {kind} numbered {number}.', { connection: plainText(connection.name, 80), kind: kindNoun(kind), number: shownNumber }),
    );
    return;
  }
  const copy = await pickCopy(copies);
  if (!copy) return;
  const serverUri = serverDocumentUri({ connection: connection.name, kind, id: copy.id, documentNumber: copy.number });
  const file = document.uri.path.split('/').pop() ?? '';
  await vscode.commands.executeCommand('vscode.diff', serverUri, document.uri, vscode.l10n.t('{number} (server) ↔ {file}', { number: shownNumber, file: plainText(file, 100) }));
}
