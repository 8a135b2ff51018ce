import vscode = require('vscode');
import type { DocumentKind } from './api/types';
import { DocumentDiagnostics } from './editor/diagnostics';
import { ErrorPanel } from './editor/errorPanel';
import { ErrorPresenter, textToExplain } from './editor/errors';
import { loggerOf, OUTPUT_CHANNEL_NAME } from './editor/log';
import { COPY_REQUEST_COMMAND, copyRequestForSupport, LOOK_UP_CODE_COMMAND, registerLogHovers } from './editor/logHover';
import { sendDocument, type SendDependencies } from './editor/send';
import { SEND_FOLDER_COMMAND, sendFolder } from './editor/sendFolder';
import { Services } from './editor/services';
import { registerLocalSandbox } from './editor/localSandbox';
import { registerSamples } from './editor/samples';
import { registerStatusBar } from './editor/statusBar';
import { signInWithApiToken, signInWithPassword, signOut, trackSignedInContext } from './editor/signIn';
import { registerWalkthrough } from './editor/walkthrough';

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const services = new Services(context, loggerOf(channel));
  const diagnostics = new DocumentDiagnostics();
  const panel = new ErrorPanel(context.extensionUri, {
    signInAgain: () => vscode.commands.executeCommand('gestix.signIn'),
    retry: (origin) => sendDocument(sending, origin.kind as DocumentKind, vscode.Uri.parse(origin.uri)),
    goToField: async (origin, field) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(origin.uri), { viewColumn: vscode.ViewColumn.One });
      const range = diagnostics.fieldRange(editor.document, field);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },
  });
  const errors = new ErrorPresenter(services, panel, diagnostics);
  const sending: SendDependencies = { services, diagnostics, showFailure: (failure, origin) => errors.showFailure(failure, origin) };

  context.subscriptions.push(
    channel,
    services,
    diagnostics,
    panel,
    vscode.commands.registerCommand('gestix.signIn', () => signInWithApiToken(services)),
    vscode.commands.registerCommand('gestix.signInWithPassword', () => signInWithPassword(services)),
    vscode.commands.registerCommand('gestix.signOut', () => signOut(services)),
    vscode.commands.registerCommand('gestix.sendInvoice', (uri?: vscode.Uri) => sendDocument(sending, 'invoices', uri)),
    vscode.commands.registerCommand('gestix.sendDocument', (uri?: vscode.Uri) => sendDocument(sending, undefined, uri)),
    vscode.commands.registerCommand(SEND_FOLDER_COMMAND, (uri?: vscode.Uri) => sendFolder(services, uri)),
    vscode.commands.registerCommand('gestix.explainError', async () => {
      const text = await textToExplain();
      if (text === undefined) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select an error response (or copy one to the clipboard), then run Explain Error Response again.'));
        return;
      }
      errors.showText(text);
    }),
    vscode.commands.registerCommand('gestix.showLog', () => channel.show(true)),
    vscode.commands.registerCommand(LOOK_UP_CODE_COMMAND, async (code?: unknown) => {
      const wanted =
        typeof code === 'string'
          ? code
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Gestix: Look Up Error Code'),
              prompt: vscode.l10n.t('A Gestix code, Sovos subcode or HTTP status, e.g. DB_TIMEOUT, SMAR-0202, 409'),
            });
      if (wanted?.trim()) errors.showCode(wanted);
    }),
    vscode.commands.registerCommand(COPY_REQUEST_COMMAND, copyRequestForSupport),
    registerLogHovers(),
    registerStatusBar(services, errors),
    registerLocalSandbox(services, context),
    registerSamples(context),
    registerWalkthrough(context, services.session),
  );
  void trackSignedInContext(services, context);
  channel.info('Gestix for VS Code activated');
}

export function deactivate(): void {}
