import vscode = require('vscode');
import { DisposableStore } from './core/host/events';
import { COMMAND, registerCommand } from './vscode/commands';
import { trackDocumentFolders } from './vscode/documentFolders';
import { ERROR_PANEL_VIEW_TYPE } from './vscode/errorPanelType';
import type * as FeaturesModule from './vscode/features';
import { loggerOf, OUTPUT_CHANNEL_NAME } from './vscode/log';
import { copyRequestForSupport, registerLogHovers } from './vscode/logHover';
import { Services } from './vscode/services';
import { registerLanguageModelTools } from './vscode/languageModelTools';
import { registerLocalSandbox } from './vscode/localSandbox';
import { registerSamples } from './vscode/samples';
import { registerStatusBar } from './vscode/statusBar';
import { signInWithApiToken, signInWithPassword, signOut, trackSignedInContext } from './vscode/signIn';
import { registerWalkthrough } from './vscode/walkthrough';

/** What deactivation waits for: the connections this window opened, to Gestix and of its local sandbox. */
let closeConnections: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const channel = store.add(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true }));
  const services = store.add(new Services(context, loggerOf(channel)));
  let loaded: FeaturesModule.Features | undefined;
  const features = (): FeaturesModule.Features => {
    if (!loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/features.js is a bundle of its own, loaded on first use
      loaded = store.add((require('./vscode/features') as typeof FeaturesModule).createFeatures(services, statusBar));
    }
    return loaded;
  };
  const statusBar = store.add(registerStatusBar(services, (error) => features().showApiError(error)));

  store.add(registerCommand(COMMAND.signIn, () => signInWithApiToken(services)));
  store.add(registerCommand(COMMAND.signInWithPassword, () => signInWithPassword(services)));
  store.add(registerCommand(COMMAND.signOut, () => signOut(services)));
  store.add(registerCommand(COMMAND.sendInvoice, (resource) => features().sendDocument('invoices', resource)));
  store.add(registerCommand(COMMAND.sendDocument, (resource) => features().sendDocument(undefined, resource)));
  store.add(registerCommand(COMMAND.sendFolder, (resource) => features().sendFolder(resource)));
  store.add(registerCommand(COMMAND.explainError, () => features().explainError()));
  store.add(registerCommand(COMMAND.showLog, () => channel.show(true)));
  store.add(registerCommand(COMMAND.lookUpCode, (code) => features().lookUpCode(code)));
  store.add(registerCommand(COMMAND.copyRequestForSupport, copyRequestForSupport));
  store.add(
    vscode.window.registerWebviewPanelSerializer(ERROR_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => Promise.resolve().then(() => features().restorePanel(panel, state)),
    }),
  );
  store.add(trackDocumentFolders());
  store.add(registerLogHovers({ provideHover: (document, position, token) => features().hovers.provideHover(document, position, token) }));
  store.add(registerLanguageModelTools(() => features().tools));
  const sandbox = store.add(registerLocalSandbox(services, context));
  store.add(registerSamples(context));
  store.add(registerWalkthrough(context, services.milestones, services.session));
  store.add(trackSignedInContext(services.session));
  closeConnections = async () => {
    await Promise.all([sandbox.close(), services.close()]);
  };
  services.logger.info('Gestix for VS Code activated');
}

export async function deactivate(): Promise<void> {
  const close = closeConnections;
  closeConnections = undefined;
  await close?.();
}
