// Before anything is sent: a sign-in for the server the settings name, and an account to send to.
import vscode = require('vscode');
import { rememberAccount } from './configuration';
import type { Services } from './services';
import { askAccount, signInWithApiToken, signInWithPassword } from './signIn';

/** Signed in, and an account to send to: asks for whichever is missing. */
export async function ensureSignedIn(services: Services): Promise<boolean> {
  await services.session.ensureLoaded();
  if (!services.session.signedIn) {
    const signIn = vscode.l10n.t('Sign In');
    const withPassword = vscode.l10n.t('Sign In with Username and Password');
    const storedFor = services.session.storedOrigin;
    const message = storedFor
      ? vscode.l10n.t('Your stored Gestix sign-in is for {stored}, and is not sent anywhere else. Sign in to {server} before sending documents there.', {
          stored: storedFor,
          server: services.settings.serverUrl,
        })
      : vscode.l10n.t('Sign in to Gestix before sending documents.');
    const choice = await vscode.window.showWarningMessage(message, signIn, withPassword);
    // The send goes on at once and says what it did; a "Signed in" notification would only come between.
    if (choice === signIn) await signInWithApiToken(services, { announce: false });
    if (choice === withPassword) await signInWithPassword(services, { announce: false });
    if (!services.session.signedIn) return false;
  }
  return ensureAccount(services);
}

/** The stored sign-in outlives a cleared `gestix.account`; without one there is no API base to send to. */
async function ensureAccount(services: Services): Promise<boolean> {
  if (services.settings.account) return true;
  const account = await askAccount(services, vscode.l10n.t('Gestix: Which account should documents go to?'));
  if (!account) return false;
  await rememberAccount(account);
  services.useAccount(account);
  return true;
}
