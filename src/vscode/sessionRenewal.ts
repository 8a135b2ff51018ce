// Sign In Again: what the person can do when the session expired or the stored secret was refused.
import vscode = require('vscode');
import type { GestixSession } from '../core/session/session';
import type { SessionHealth } from '../core/status/statusMonitor';
import { COMMAND, executeCommand } from './commands';

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
export async function signInAgain(session: GestixSession, checks: SessionChecks): Promise<void> {
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
