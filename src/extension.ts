import * as vscode from 'vscode';
import { loggerOf, OUTPUT_CHANNEL_NAME } from './editor/log';
import { Services } from './editor/services';
import { signInWithApiToken, signInWithPassword, signOut, trackSignedInContext } from './editor/signIn';

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const services = new Services(context, loggerOf(channel));
  context.subscriptions.push(
    channel,
    services,
    vscode.commands.registerCommand('gestix.signIn', () => signInWithApiToken(services)),
    vscode.commands.registerCommand('gestix.signInWithPassword', () => signInWithPassword(services)),
    vscode.commands.registerCommand('gestix.signOut', () => signOut(services)),
    vscode.commands.registerCommand('gestix.showLog', () => channel.show(true)),
  );
  void trackSignedInContext(services, context);
  channel.info('Gestix for VS Code activated');
}

export function deactivate(): void {}
