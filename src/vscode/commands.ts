// Registering and running the extension's own commands, typed by their ids (commandIds.ts), and the
// few VS Code commands the adapters run.
import vscode = require('vscode');
import { COMMAND, type CommandId } from './commandIds';

export { COMMAND, type CommandId };

/**
 * What a command is called with, for those that take anything. Menus pass the clicked resource and
 * hover links their own arguments; any extension may pass anything, so handlers check what they get.
 */
interface CommandArguments {
  [COMMAND.sendInvoice]: [resource?: unknown];
  [COMMAND.sendDocument]: [resource?: unknown];
  [COMMAND.sendFolder]: [resource?: unknown];
  [COMMAND.sendAsNewCopy]: [resource?: unknown];
  [COMMAND.copyAsCurl]: [resource?: unknown];
  [COMMAND.compareWithServerCopy]: [resource?: unknown];
  [COMMAND.onServerLoadMore]: [node?: unknown];
  [COMMAND.onServerOpenPdf]: [node?: unknown];
  [COMMAND.onServerCopyNumber]: [node?: unknown];
  [COMMAND.lookUpCode]: [code?: unknown];
  [COMMAND.copyRequestForSupport]: [requestId?: unknown, timestamp?: unknown];
  [COMMAND.openProblem]: [key?: unknown];
  [COMMAND.sentShowError]: [entry?: unknown];
  [COMMAND.sentOpenPdf]: [entry?: unknown];
  [COMMAND.sentCopyNumber]: [entry?: unknown];
  [COMMAND.sentResend]: [entry?: unknown];
  [COMMAND.sentRevealFile]: [entry?: unknown];
}

type ArgumentsOf<Id extends CommandId> = Id extends keyof CommandArguments ? CommandArguments[Id] : [];

export function registerCommand<Id extends CommandId>(id: Id, handler: (...args: ArgumentsOf<Id>) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, handler);
}

/**
 * Holds `id` for a part of the extension that is not loaded yet: running it loads that part (which
 * disposes this and registers the command's real handler), then runs the command again with the
 * same arguments.
 */
export function registerUntilLoaded(id: CommandId, load: () => void): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: unknown[]) => {
    load();
    return vscode.commands.executeCommand(id, ...args);
  });
}

export function executeCommand<Id extends CommandId>(id: Id, ...args: ArgumentsOf<Id>): Thenable<unknown> {
  return vscode.commands.executeCommand(id, ...args);
}

/** The Settings editor, filtered by `query` (a setting's id or a prefix such as `gestix.`). */
export function openSettings(query: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/** A context key for `when` clauses in the manifest. */
export function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
