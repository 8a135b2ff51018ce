// Open PDF after a send: the created document's PDF, downloaded into the extension's storage and
// opened with the system's viewer.
import vscode = require('vscode');
import type { Failure } from '../core/http/result';
import type { SessionCallOutcome } from '../core/session/session';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import type { DocumentCreated, DocumentKind } from '../core/wire';
import { withCancellableProgress } from './progress';
import type { Services } from './services';

/** Why the download failed, when there is more to say than that it did. */
function failureOf(outcome: SessionCallOutcome<Uint8Array>): Failure | undefined {
  switch (outcome.kind) {
    case 'answered':
      return outcome.result.ok ? undefined : outcome.result.failure;
    case 'signInFailed':
      return outcome.failure;
    case 'notSignedIn':
      return undefined;
  }
}

export async function saveAndOpenPdf(services: Services, kind: DocumentKind, created: DocumentCreated): Promise<void> {
  const outcome = await withCancellableProgress(vscode.l10n.t('Downloading the PDF of {document}…', { document: plainText(created.documentNumber) || created.id }), (signal) =>
    services.session.withSession((token) => services.client.getDocumentPdf(token, kind, created.id, signal), { signal }),
  );
  if (outcome.kind !== 'answered' || !outcome.result.ok) {
    const failure = failureOf(outcome);
    void vscode.window.showErrorMessage(
      failure?.kind === 'network' ? vscode.l10n.t('Could not download the PDF: {reason}', { reason: plainText(failure.message, FAILURE_TEXT_LIMIT) }) : vscode.l10n.t('Could not download the PDF.'),
    );
    return;
  }
  const folder = vscode.Uri.joinPath(services.context.globalStorageUri, 'pdf');
  await vscode.workspace.fs.createDirectory(folder);
  const file = vscode.Uri.joinPath(folder, `${kind}-${created.id}.pdf`);
  await vscode.workspace.fs.writeFile(file, outcome.result.value);
  services.logger.info(`Saved the PDF of ${kind} ${created.id} to ${file.fsPath}`);
  const opened = await vscode.env.openExternal(file);
  if (!opened) void vscode.window.showInformationMessage(vscode.l10n.t('PDF saved to {path}', { path: file.fsPath }));
}
