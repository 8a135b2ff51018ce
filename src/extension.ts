import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from './editor/log';

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  channel.info('Gestix for VS Code activated');
}

export function deactivate(): void {}
