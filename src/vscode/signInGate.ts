// Before anything is sent: a sign-in for the connection's server, and an account to send to.
import vscode = require('vscode');
import { plainText } from '../core/text/sanitize';
import { rememberAccount } from './configuration';
import type { ConnectionState, Services } from './services';
import { askAccount, signInWithApiToken, signInWithPassword } from './signIn';

/**
 * Signed in, and an account to send to: asks for whichever is missing. Signing in is offered for the
 * connection in use; another one (a Retry after a switch) is named, and the person switches first.
 */
export async function ensureSignedIn(services: Services, connection: ConnectionState = services.active): Promise<boolean> {
  const { session } = connection;
  await session.ensureLoaded();
  if (!session.signedIn) {
    if (connection !== services.active) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('You are not signed in to the connection {connection}; nothing was sent. Switch to it and sign in first.', { connection: plainText(connection.name, 80) }),
      );
      return false;
    }
    const signIn = vscode.l10n.t('Sign In');
    const withPassword = vscode.l10n.t('Sign In with Username and Password');
    const storedFor = session.storedOrigin;
    const message = storedFor
      ? vscode.l10n.t('Your stored Gestix sign-in is for {stored}, and is not sent anywhere else. Sign in to {server} before sending documents there.', {
          stored: storedFor,
          server: connection.settings.serverUrl,
        })
      : vscode.l10n.t('Sign in to Gestix before sending documents.');
    const choice = await vscode.window.showWarningMessage(message, signIn, withPassword);
    // The send goes on at once and says what it did; a "Signed in" notification would only come between.
    if (choice === signIn) await signInWithApiToken(services, { announce: false });
    if (choice === withPassword) await signInWithPassword(services, { announce: false });
    if (!session.signedIn) return false;
  }
  return ensureAccount(services, connection);
}

/** The stored sign-in outlives a cleared `gestix.account`; without one there is no API base to send to. */
async function ensureAccount(services: Services, connection: ConnectionState): Promise<boolean> {
  if (connection.settings.account) return true;
  const account = await askAccount(services, vscode.l10n.t('Gestix: Which account should documents go to?'));
  if (!account) return false;
  await rememberAccount(account);
  services.useAccount(account);
  return true;
}
