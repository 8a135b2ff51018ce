import vscode = require('vscode');
import { ERROR_PANEL_VIEW_TYPE } from './vscode/errorPanelType';
import type { Features } from './vscode/features';
import { loggerOf, OUTPUT_CHANNEL_NAME } from './vscode/log';
import { COPY_REQUEST_COMMAND, copyRequestForSupport, LOOK_UP_CODE_COMMAND, registerLogHovers } from './vscode/logHover';
import { Services } from './vscode/services';
import { registerLanguageModelTools } from './vscode/languageModelTools';
import { registerLocalSandbox } from './vscode/localSandbox';
import { registerSamples } from './vscode/samples';
import { registerStatusBar } from './vscode/statusBar';
import { signInWithApiToken, signInWithPassword, signOut, trackSignedInContext } from './vscode/signIn';
import { registerWalkthrough } from './vscode/walkthrough';

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const services = new Services(context, loggerOf(channel));
  let loaded: Features | undefined;
  const features = (): Features => {
    if (!loaded) {
      loaded = (require('./vscode/features') as typeof import('./vscode/features')).createFeatures(services);
      context.subscriptions.push(loaded);
    }
    return loaded;
  };

  context.subscriptions.push(
    channel,
    services,
    vscode.commands.registerCommand('gestix.signIn', () => signInWithApiToken(services)),
    vscode.commands.registerCommand('gestix.signInWithPassword', () => signInWithPassword(services)),
    vscode.commands.registerCommand('gestix.signOut', () => signOut(services)),
    vscode.commands.registerCommand('gestix.sendInvoice', (uri?: vscode.Uri) => features().sendDocument('invoices', uri)),
    vscode.commands.registerCommand('gestix.sendDocument', (uri?: vscode.Uri) => features().sendDocument(undefined, uri)),
    vscode.commands.registerCommand('gestix.sendFolder', (uri?: vscode.Uri) => features().sendFolder(uri)),
    vscode.commands.registerCommand('gestix.explainError', () => features().explainError()),
    vscode.commands.registerCommand('gestix.showLog', () => channel.show(true)),
    vscode.commands.registerCommand(LOOK_UP_CODE_COMMAND, (code?: unknown) => features().lookUpCode(code)),
    vscode.commands.registerCommand(COPY_REQUEST_COMMAND, copyRequestForSupport),
    vscode.window.registerWebviewPanelSerializer(ERROR_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => features().restorePanel(panel, state),
    }),
    registerLogHovers({ provideHover: (document, position, token) => features().hovers.provideHover(document, position, token) }),
    registerLanguageModelTools(() => features().tools),
    registerStatusBar(services, (error) => features().showApiError(error)),
    registerLocalSandbox(services, context),
    registerSamples(context),
    registerWalkthrough(context, services.milestones, services.session),
  );
  void trackSignedInContext(services, context);
  services.logger.info('Gestix for VS Code activated');
}

export function deactivate(): void {}
