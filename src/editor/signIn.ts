import * as vscode from 'vscode';
import type { Failure, Result } from '../api/result';
import { rememberAccount } from './configuration';
import { withCancellableProgress } from './progress';
import type { Services } from './services';

export const SIGNED_IN_CONTEXT_KEY = 'gestix.signedIn';
const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function isRejection(failure: Failure): boolean {
  return failure.kind === 'http' && [400, 401, 403].includes(failure.status);
}

function rejectionCode(failure: Failure): string {
  return failure.kind === 'http' && failure.shape.kind === 'apiError' ? failure.shape.error.code : `HTTP ${failure.kind === 'http' ? failure.status : ''}`.trim();
}

/** What a person reads when a sign-in did not work; never contains a secret. */
export function signInFailureMessage(failure: Failure, secretName: string): string {
  if (isRejection(failure)) return `Gestix rejected the ${secretName} (${rejectionCode(failure)}). Nothing was stored.`;
  if (failure.kind === 'network') return `Could not sign in to Gestix: ${failure.message}`;
  if (failure.kind === 'http') return `Could not sign in to Gestix: the server answered HTTP ${failure.status}.`;
  return `Could not sign in to Gestix: ${failure.message}`;
}

async function askAccount(services: Services, step: string): Promise<string | undefined> {
  const account = await vscode.window.showInputBox({
    title: `Gestix: Sign In ${step}`,
    prompt: 'Gestix account id (the number in your API base URL, e.g. 03101176)',
    value: services.settings.account,
    ignoreFocusOut: true,
    validateInput: (value) => (ACCOUNT_PATTERN.test(value.trim()) ? undefined : 'Enter the account id: letters and digits, e.g. 03101176.'),
  });
  return account?.trim();
}

async function finishSignIn(
  services: Services,
  account: string,
  secretName: string,
  exchange: (signal: AbortSignal) => Promise<Result<void>>,
  retry: () => Thenable<unknown>,
): Promise<void> {
  services.useAccount(account);
  const result = await withCancellableProgress(`Signing in to Gestix account ${account}…`, exchange);
  if (result.ok) {
    await rememberAccount(account);
    void vscode.window.showInformationMessage(`Signed in to Gestix account ${account}.`);
    return;
  }
  services.useConfiguredSettings();
  if (result.failure.kind === 'network' && result.failure.reason === 'aborted') return;
  const choice = await vscode.window.showErrorMessage(signInFailureMessage(result.failure, secretName), 'Try Again', 'Open Settings');
  if (choice === 'Try Again') await retry();
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'gestix.');
}

export async function signInWithApiToken(services: Services): Promise<void> {
  const account = await askAccount(services, '(1/2)');
  if (!account) return;
  const apiToken = await vscode.window.showInputBox({
    title: 'Gestix: Sign In (2/2)',
    prompt: 'API token (Gestix Admin > Webshop). It is kept in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Paste the API token.'),
  });
  if (!apiToken) return;
  await finishSignIn(services, account, 'API token', (signal) => services.session.signInWithApiToken(apiToken.trim(), signal), () => signInWithApiToken(services));
}

export async function signInWithPassword(services: Services): Promise<void> {
  const account = await askAccount(services, '(1/3)');
  if (!account) return;
  const username = await vscode.window.showInputBox({
    title: 'Gestix: Sign In with Username and Password (2/3)',
    prompt: 'Gestix username',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter the username.'),
  });
  if (!username) return;
  const password = await vscode.window.showInputBox({
    title: 'Gestix: Sign In with Username and Password (3/3)',
    prompt: `Password for ${username.trim()}. It is kept in VS Code secret storage.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (!password) return;
  await finishSignIn(services, account, 'username or password', (signal) => services.session.signInWithPassword(username.trim(), password, signal), () => signInWithPassword(services));
}

export async function signOut(services: Services): Promise<void> {
  await services.session.signOut();
  void vscode.window.showInformationMessage('Signed out of Gestix. The stored API token and credentials were removed.');
}

export async function trackSignedInContext(services: Services, context: vscode.ExtensionContext): Promise<void> {
  const session = services.session;
  const update = (signedIn: boolean) => void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT_KEY, signedIn);
  context.subscriptions.push(session.onDidChangeSignedIn(update));
  await session.reloadFromSecrets();
  update(session.signedIn);
}
