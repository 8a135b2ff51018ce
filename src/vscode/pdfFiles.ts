// Open PDF, after a send and on a document of the On the Server view: the document's PDF, downloaded into the extension's storage (on the
// extension host's machine, through workspace.fs) and opened in an editor tab: by the PDF viewer an
// installed extension contributes, else by a page that opens it in the browser (pdfPage.ts). Neither
// depends on where the window runs: locally, remotely or in a browser (code-server, Codespaces).
import vscode = require('vscode');
import type { Failure } from '../core/http/result';
import { pdfViewerAmong } from '../core/pdf/viewers';
import type { SessionCallOutcome } from '../core/session/session';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import type { DocumentKind } from '../core/wire';
import { kindLabel } from './kindLabels';
import { showPdfPage } from './pdfPage';
import { withCancellableProgress } from './progress';
import type { ConnectionState, Services } from './services';

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

async function openPdf(services: Services, file: vscode.Uri, bytes: Uint8Array, title: string): Promise<void> {
  const viewer = pdfViewerAmong(vscode.extensions.all.map((extension) => extension.packageJSON as unknown));
  if (viewer?.opensByDefault) await vscode.commands.executeCommand('vscode.open', file);
  else if (viewer) await vscode.commands.executeCommand('vscode.openWith', file, viewer.viewType);
  else await showPdfPage(services.context, { file, bytes, title });
}

/** Downloads the PDF of document `id` of `kind` on `connection` and opens it; `number` (untrusted) names it. */
export async function saveAndOpenPdf(services: Services, connection: ConnectionState, kind: DocumentKind, id: number, number: string | undefined): Promise<void> {
  const document = plainText(number) || String(id);
  const outcome = await withCancellableProgress(vscode.l10n.t('Downloading the PDF of {document}…', { document }), (signal) =>
    connection.session.withSession((token) => connection.session.client.getDocumentPdf(token, kind, id, signal), { signal }),
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
  const file = vscode.Uri.joinPath(folder, `${kind}-${id}.pdf`);
  const bytes = outcome.result.value;
  await vscode.workspace.fs.writeFile(file, bytes);
  services.logger.info(`Saved the PDF of ${kind} ${id} to ${file.fsPath}`);
  await openPdf(services, file, bytes, vscode.l10n.t('{kind} {document} (PDF)', { kind: kindLabel(kind), document }));
}
