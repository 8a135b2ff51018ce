// What the Sent view's entries do that needs the features part: reopen a failure in the error
// panel, send a file again, download a created document's PDF.
import vscode = require('vscode');
import { failureOfEntry } from '../core/history/sentEntry';
import type { SentEntry } from '../core/history/sentHistory';
import { plainText } from '../core/text/sanitize';
import { saveAndOpenPdf } from './pdfFiles';
import { sendDocument, type SendDependencies } from './send';
import type { ConnectionState } from './services';
import { existingFileOf, fileOfEntry } from './sentHistoryFiles';

export interface SentActions {
  showFailure(entry: SentEntry): Promise<void>;
  resend(entry: SentEntry): Promise<void>;
  openPdf(entry: SentEntry): Promise<void>;
}

function connectionOf(dependencies: SendDependencies, entry: SentEntry): ConnectionState | undefined {
  const connection = dependencies.services.stateOf(entry.connection);
  if (!connection) void vscode.window.showWarningMessage(vscode.l10n.t('The connection {connection} no longer exists.', { connection: plainText(entry.connection, 80) }));
  return connection;
}

export function createSentActions(dependencies: SendDependencies): SentActions {
  return {
    showFailure: async (entry) => {
      const failure = failureOfEntry(entry);
      if (!failure) return;
      // Retry and Go to field need the file and its connection; without them the panel still explains the answer.
      const connection = dependencies.services.stateOf(entry.connection);
      const file = await fileOfEntry(entry);
      dependencies.showFailure(failure, file && connection ? { uri: file, kind: entry.kind, connection } : undefined);
    },
    resend: async (entry) => {
      const file = await existingFileOf(entry);
      if (file) await sendDocument(dependencies, entry.kind, file, entry.connection);
    },
    openPdf: async (entry) => {
      const connection = connectionOf(dependencies, entry);
      if (!connection || entry.documentId === undefined) return;
      await saveAndOpenPdf(dependencies.services, connection, entry.kind, entry.documentId, entry.documentNumber);
    },
  };
}
