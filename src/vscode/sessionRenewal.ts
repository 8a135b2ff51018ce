// Sign In Again: what the person can do when the session expired or the stored secret was refused,
// and the warning that offers it when a status check finds the session expired.
import vscode = require('vscode');
import type { ActiveSession } from '../core/connections/activeSession';
import type { SessionHealth } from '../core/status/statusMonitor';
import { COMMAND, executeCommand } from './commands';
import { confirmInStatusBar } from './confirmations';

/** globalState: true once the person chose Don't Show Again on the expiry warning. */
const EXPIRY_WARNING_OFF_KEY = 'sessionExpiredWarning.off';

/** The window's session checks (the status bar's monitor), so a renewal also shows in the status bar. */
export interface SessionChecks {
  /** Checks the session now, with progress; joins a check under way. */
  checkNow(): Promise<SessionHealth>;
  /** Tells the person what a check found, with the actions that fit. */
  report(health: SessionHealth): void;
}

/**
 * Renews the session with the stored secret, and asks for a new secret only when that one is
 * refused; then says how the session is. Without a stored sign-in it is plain Sign In.
 */
export async function signInAgain(session: ActiveSession, checks: SessionChecks): Promise<void> {
  if (!session.signedIn) {
    await executeCommand(COMMAND.signIn);
    return;
  }
  session.forgetSessionToken();
  let health = await checks.checkNow();
  // A poll that was in flight with the old token may have been joined; one more check uses the new one.
  if (health.kind === 'expired' && health.signInFailure === undefined) health = await checks.checkNow();
  if (health.kind === 'expired') {
    const signIn = vscode.l10n.t('Sign In');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Gestix refused the stored sign-in secret. Sign in with a new one.'), signIn);
    if (choice !== signIn) return;
    await executeCommand(session.signInMethod === 'credentials' ? COMMAND.signInWithPassword : COMMAND.signIn);
    await checks.checkNow();
    return;
  }
  checks.report(health);
}

/**
 * The warning shown when a status check finds the session expired. A plain expiry comes back with
 * every session lifetime and sending renews the session by itself, so it can be turned off (the
 * status bar item still shows it, and its menu turns the warning back on). A refused secret
 * cannot: nothing works until the person signs in again.
 */
export class ExpiryWarning {
  constructor(
    private readonly globalState: vscode.Memento,
    private readonly renew: () => Promise<void>,
  ) {}

  get turnedOff(): boolean {
    return this.globalState.get<boolean>(EXPIRY_WARNING_OFF_KEY) === true;
  }

  async show(health: SessionHealth): Promise<void> {
    const signInAgainLabel = vscode.l10n.t('Sign In Again');
    if (health.signInFailure === 'rejected') {
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Gestix refused the stored API token or credentials.'), signInAgainLabel);
      if (choice === signInAgainLabel) await this.renew();
      return;
    }
    if (this.turnedOff) return;
    const dontShowAgain = vscode.l10n.t("Don't Show Again");
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Your Gestix session has expired.'), signInAgainLabel, dontShowAgain);
    if (choice === signInAgainLabel) await this.renew();
    if (choice === dontShowAgain) await this.globalState.update(EXPIRY_WARNING_OFF_KEY, true);
  }

  async turnBackOn(): Promise<void> {
    await this.globalState.update(EXPIRY_WARNING_OFF_KEY, undefined);
    confirmInStatusBar(vscode.l10n.t('Gestix will warn again when the session expires.'));
  }
}
