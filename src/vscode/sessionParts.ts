// Everything that needs the window's Gestix session or its log: signing in and out, the status item,
// the local sandbox, the walkthrough's milestones, the log hovers, and the features (sending, the
// error panel, hover texts, the chat tools), which load on first use. A bundle of its own
// (dist/session.js): activation loads it right after it returns, or at once when one of the
// commands registered here runs first (see src/extension.ts).
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { registerAuthenticationProvider } from './authentication';
import { registerCodesInLogView } from './codesInLogView';
import { COMMAND, registerCommand } from './commands';
import { registerConnectionCommands } from './connectionCommands';
import type * as FeaturesModule from './features';
import { DocumentFolders } from './documentFolders';
import { registerLocalSandbox } from './localSandbox';
import { registerOnServerView } from './onServerView';
import { loggerOf, OUTPUT_CHANNEL_NAME } from './log';
import { WindowFailures } from '../core/problems/problems';
import { registerProblemsView } from './problemsView';
import { copyRequestForSupport, registerLogHovers } from './logHover';
import { Services } from './services';
import { SentHistoryFiles } from './sentHistoryFiles';
import { registerSentView } from './sentView';
import { signInWithApiToken, signInWithPassword, signOut, trackSignedInContext } from './signIn';
import { registerStatusBar } from './statusBar';
import { registerWalkthrough } from './walkthrough';

export interface SessionParts extends Disposable {
  features(): FeaturesModule.Features;
  /** Closes the connections this window opened, to Gestix and of its local sandbox. */
  close(): Promise<void>;
}

export function createSessionParts(context: vscode.ExtensionContext): SessionParts {
  const store = new DisposableStore();
  const channel = store.add(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true }));
  const services = store.add(new Services(context, loggerOf(channel)));
  const windowFailures = store.add(new WindowFailures());
  const sentHistory = store.add(new SentHistoryFiles(context.globalStorageUri, services.logger));
  store.add(services.onDidRenameConnection(({ before, after }) => void sentHistory.rename(before, after)));
  let loaded: FeaturesModule.Features | undefined;
  const features = (): FeaturesModule.Features => {
    if (!loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/features.js is a bundle of its own, loaded on first use
      loaded = store.add((require('./features') as typeof FeaturesModule).createFeatures(services, statusBar, windowFailures, sentHistory));
    }
    return loaded;
  };
  const documentFolders = store.add(new DocumentFolders());
  const statusBar = store.add(registerStatusBar(services, documentFolders, (error) => features().showApiError(error)));

  store.add(registerCommand(COMMAND.signIn, () => signInWithApiToken(services)));
  store.add(registerCommand(COMMAND.signInWithPassword, () => signInWithPassword(services)));
  store.add(registerCommand(COMMAND.signOut, () => signOut(services)));
  store.add(registerConnectionCommands(services));
  store.add(registerCommand(COMMAND.sendInvoice, (resource) => features().sendDocument('invoices', resource)));
  store.add(registerCommand(COMMAND.sendDocument, (resource) => features().sendDocument(undefined, resource)));
  store.add(registerCommand(COMMAND.sendFolder, (resource) => features().sendFolder(resource)));
  store.add(registerCommand(COMMAND.sendAsNewCopy, (resource) => features().sendAsNewCopy(resource)));
  store.add(registerCommand(COMMAND.copyAsCurl, (resource) => features().copyAsCurl(resource)));
  store.add(registerCommand(COMMAND.compareWithServerCopy, (resource) => features().compareWithServerCopy(resource)));
  store.add(registerCommand(COMMAND.explainError, () => features().explainError()));
  store.add(registerCommand(COMMAND.lookUpCode, (code) => features().lookUpCode(code)));
  store.add(registerCommand(COMMAND.showLog, () => channel.show(true)));
  store.add(registerCommand(COMMAND.copyRequestForSupport, copyRequestForSupport));
  store.add(registerLogHovers({ provideHover: (document, position, token) => features().hovers.provideHover(document, position, token) }));
  store.add(registerProblemsView(services, statusBar, windowFailures, {
    showApiError: (error) => features().showApiError(error),
    reopenFailure: (failure, origin) => features().reopenFailure(failure, origin),
  }));
  store.add(registerSentView(services, sentHistory, () => features().sent));
  store.add(
    registerOnServerView(services, {
      openPdf: (connection, kind, id, number) => features().openPdf(connection, kind, id, number),
      forgetDocuments: () => features().serverDocuments.clear(),
    }),
  );
  store.add(registerCodesInLogView(() => features().codesInLog));
  const sandbox = store.add(registerLocalSandbox(services, context));
  store.add(registerWalkthrough(context, services.milestones, services.session, { hasAccount: () => services.active.settings.account !== '', onDidChange: services.onDidChangeActive }));
  store.add(trackSignedInContext(services.session));
  store.add(registerAuthenticationProvider(services));
  services.logger.info('Gestix for VS Code activated');
  return {
    features,
    close: async () => {
      await Promise.all([sandbox.close(), services.close()]);
    },
    dispose: () => store.dispose(),
  };
}
