// Everything that answers a person's action: sending, decoding errors into the panel, log hovers.
// The extension loads this part (a bundle of its own, dist/features.js) on first use, so that
// activation only registers commands, the hover forwarder and the status bar.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { DocumentSender } from '../core/sending/send';
import type { ApiErrorBody, DocumentKind } from '../core/wire';
import type { Failure } from '../core/http/result';
import type { FailureOrigin, WindowFailures } from '../core/problems/problems';
import { codesInLog } from '../core/codes/codesInLog';
import type { ScanLog } from './codesInLogView';
import { signInAgain, type SessionChecks } from './sessionRenewal';
import { DocumentDiagnostics } from './documentDiagnostics';
import { ErrorPanel } from './errorPanel';
import { ErrorPresenter, textToExplain } from './errorPresenter';
import { createLogCodeHoverProvider } from './logHoverContent';
import { sendDocument, type SendDependencies } from './send';
import { sendFolder } from './sendFolder';
import { NumbersGiven } from '../core/sending/newCopy';
import { sendAsNewCopy } from './sendAsNewCopy';
import { copyAsCurl } from './copyAsCurl';
import { compareWithServerCopy } from './compareWithServerCopy';
import { saveAndOpenPdf } from './pdfFiles';
import { createServerDocumentSource, type CachedServerDocuments } from './serverDocumentSource';
import type { ToolHandlers } from './languageModelTools';
import { createToolHandlers } from './toolInvocations';
import type { ConnectionState, Services } from './services';
import { createSentActions, type SentActions } from './sentActions';
import type { SentHistoryFiles } from './sentHistoryFiles';
import { sentEntryOf } from '../core/history/sentEntry';

export interface Features extends Disposable {
  /** `resource`: what a menu or a command's caller passed; anything but a Uri means the active editor's document. */
  sendDocument(kind: DocumentKind | undefined, resource?: unknown): Promise<void>;
  sendFolder(resource?: unknown): Promise<void>;
  sendAsNewCopy(resource?: unknown): Promise<void>;
  copyAsCurl(resource?: unknown): Promise<void>;
  compareWithServerCopy(resource?: unknown): Promise<void>;
  /** Open PDF of a document the server holds (the On the Server view). */
  openPdf(connection: ConnectionState, kind: DocumentKind, id: number, number: string | undefined): Promise<void>;
  /** What the `gestix:` file system reads. */
  readonly serverDocuments: CachedServerDocuments;
  explainError(): Promise<void>;
  lookUpCode(code?: unknown): Promise<void>;
  showApiError(error: ApiErrorBody): void;
  /** A failure this window showed before, from Problems from the Server. */
  reopenFailure(failure: Failure, origin: FailureOrigin): void;
  restorePanel(panel: vscode.WebviewPanel, state: unknown): void;
  readonly hovers: vscode.HoverProvider;
  readonly tools: ToolHandlers;
  readonly codesInLog: ScanLog;
  /** What the Sent view's entries do: reopen a failure, send again, open the PDF. */
  readonly sent: SentActions;
}

export function createFeatures(services: Services, sessionChecks: SessionChecks, windowFailures: WindowFailures, sentHistory: SentHistoryFiles): Features {
  const store = new DisposableStore();
  const diagnostics = new DocumentDiagnostics();
  const panel = new ErrorPanel(services.context.extensionUri, {
    signInAgain: () => signInAgain(services.session, sessionChecks),
    retry: (origin) =>
      origin.asNewCopy
        ? sendAsNewCopy(sending, numbersGiven, vscode.Uri.parse(origin.uri, true), origin.connection)
        : sendDocument(sending, origin.kind, vscode.Uri.parse(origin.uri, true), origin.connection),
    goToField: async (origin, field) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(origin.uri, true), { viewColumn: vscode.ViewColumn.One });
      const range = diagnostics.fieldRange(editor.document, field);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },
  }, services.knownSecrets);
  const errors = new ErrorPresenter(services, panel, diagnostics, windowFailures);
  const senders = new WeakMap<ConnectionState, DocumentSender>();
  const senderFor = (connection: ConnectionState): DocumentSender => {
    let sender = senders.get(connection);
    if (!sender) {
      sender = new DocumentSender(connection.session, connection.nonces, {
        logger: services.logger,
        secrets: services.knownSecrets,
        // Every send passes here: Send, Send as New Copy, Retry, Send Folder, the chat tool.
        onOutcome: ({ kind, source, outcome }) => {
          const entry = sentEntryOf({ at: Date.now(), connection: connection.name, kind, source, outcome }, services.knownSecrets);
          if (entry) void sentHistory.record(entry);
        },
      });
      senders.set(connection, sender);
    }
    return sender;
  };
  const numbersGiven = new NumbersGiven();
  const sending: SendDependencies = { services, senderFor, diagnostics, showFailure: (failure, origin) => errors.showFailure(failure, origin) };

  store.add(panel);
  store.add(diagnostics);

  return {
    sendDocument: (kind, resource) => sendDocument(sending, kind, resource),
    sendFolder: (resource) => sendFolder(services, senderFor, resource),
    sendAsNewCopy: (resource) => sendAsNewCopy(sending, numbersGiven, resource),
    copyAsCurl: (resource) => copyAsCurl(services, resource),
    compareWithServerCopy: (resource) => compareWithServerCopy(services, resource),
    openPdf: (connection, kind, id, number) => saveAndOpenPdf(services, connection, kind, id, number),
    serverDocuments: createServerDocumentSource(services),
    explainError: async () => {
      const text = await textToExplain();
      if (text === undefined) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select an error response (or copy one to the clipboard), then run Explain Error Response again.'));
        return;
      }
      errors.showText(text);
    },
    lookUpCode: async (code) => {
      const wanted =
        typeof code === 'string'
          ? code
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Gestix: Look Up Error Code'),
              prompt: vscode.l10n.t('A Gestix code, Sovos subcode or HTTP status, e.g. DB_TIMEOUT, SMAR-0202, 409'),
            });
      if (wanted?.trim()) errors.showCode(wanted);
    },
    showApiError: (error) => errors.showApiError(error),
    reopenFailure: (failure, origin) => errors.reopenFailure(failure, origin),
    restorePanel: (restored, state) => panel.restore(restored, state),
    hovers: createLogCodeHoverProvider(services.milestones),
    tools: createToolHandlers(services, senderFor),
    codesInLog,
    sent: createSentActions(sending),
    dispose: () => store.dispose(),
  };
}
