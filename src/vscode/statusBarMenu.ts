// The quick picks behind the status bar item: the session actions, and the server's recent errors.
import vscode = require('vscode');
import { plainText } from '../core/text/sanitize';
import type { SessionHealth } from '../core/status/statusMonitor';
import type { ApiErrorBody } from '../core/wire';
import { COMMAND, executeCommand, openSettings } from './commands';
import type { ExpiryWarning } from './sessionRenewal';
import { clockTime, lookOf, problemOf } from './sessionHealthText';

export interface SessionActions {
  readonly checkAndReport: () => Promise<void>;
  readonly signInAgain: () => Promise<void>;
  readonly showApiError: (error: ApiErrorBody) => void;
  readonly expiryWarning: ExpiryWarning;
}

type Action = vscode.QuickPickItem & { run: () => unknown };

export async function showSessionActions(health: SessionHealth, signedIn: boolean, connection: string, actions: SessionActions): Promise<void> {
  const items: Action[] = [
    {
      label: `$(sync) ${vscode.l10n.t('Check Now')}`,
      ...(health.lastCheckAt !== undefined ? { description: vscode.l10n.t('last checked {time}', { time: clockTime(health.lastCheckAt) }) } : {}),
      run: () => actions.checkAndReport(),
    },
  ];
  if (health.recentErrors.length > 0) {
    items.push({
      label: `$(list-unordered) ${vscode.l10n.t('Show Recent Errors')}`,
      description: String(health.recentErrors.length),
      run: () => showRecentErrors(health.recentErrors, actions.showApiError),
    });
  }
  if (signedIn) {
    items.push(
      { label: `$(account) ${vscode.l10n.t('Sign In Again')}`, description: vscode.l10n.t('renew the session with the stored secret'), run: () => actions.signInAgain() },
      { label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, run: () => executeCommand(COMMAND.signOut) },
    );
  } else {
    items.push({ label: `$(sign-in) ${vscode.l10n.t('Sign In')}`, run: () => executeCommand(COMMAND.signIn) });
  }
  if (health.kind === 'notConfigured') items.unshift({ label: `$(gear) ${vscode.l10n.t('Open Gestix Settings')}`, description: plainText(problemOf(health), 120), run: () => openSettings('gestix.') });
  if (actions.expiryWarning.turnedOff) {
    items.push({
      label: `$(bell) ${vscode.l10n.t('Warn When the Session Expires')}`,
      description: vscode.l10n.t("turned off with Don't Show Again"),
      run: () => actions.expiryWarning.turnBackOn(),
    });
  }
  items.push(
    { label: `$(plug) ${vscode.l10n.t('Switch Connection…')}`, description: plainText(connection, 60), run: () => executeCommand(COMMAND.switchConnection) },
    { label: `$(output) ${vscode.l10n.t('Open Log')}`, run: () => executeCommand(COMMAND.showLog) },
  );
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Gestix Session'), placeHolder: lookOf(health).sentence });
  await picked?.run();
}

/** The errors GET /status listed, newest first; the one chosen opens decoded in the error panel. */
export async function showRecentErrors(recentErrors: readonly ApiErrorBody[], showApiError: (error: ApiErrorBody) => void): Promise<void> {
  const newestFirst = [...recentErrors].reverse();
  if (newestFirst.length === 1) {
    showApiError(newestFirst[0]);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    newestFirst.map((error) => ({
      label: plainText(error.code, 80),
      description: plainText(typeof error.timestamp === 'string' ? error.timestamp : '', 60),
      detail: plainText(error.message),
      error,
    })),
    { title: vscode.l10n.t('Recent Gestix errors (newest first)'), placeHolder: vscode.l10n.t('Choose one to see it decoded'), matchOnDetail: true },
  );
  if (picked) showApiError(picked.error);
}
