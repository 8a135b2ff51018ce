import vscode = require('vscode');
import type { Disposable } from '../core/host/events';
import type { Failure, Result } from '../core/http/result';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { isRejectedSignIn, type GestixSession } from '../core/session/session';
import { destinationHost, isUnencryptedLoopback } from '../core/http/url';
import { openSettings, setContext } from './commands';
import { rememberAccount } from './configuration';
import { withCancellableProgress } from './progress';
import type { Services } from './services';

const SIGNED_IN_CONTEXT_KEY = 'gestix.signedIn';
/** Which secret a sign-in exchanged, for the message when it is refused. */
type SecretKind = 'apiToken' | 'credentials';

const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Gestix codes are short words like AUTH_FAILED; anything longer is not worth a notification's width. */
const CODE_SHOWN_LIMIT = 60;

/** What a person reads when a sign-in did not work; never contains a secret. */
function signInFailureMessage(failure: Failure, secret: SecretKind): string {
  if (failure.kind === 'http' && isRejectedSignIn(failure)) {
    const code = failure.shape.kind === 'apiError' ? plainText(failure.shape.error.code, CODE_SHOWN_LIMIT) : `HTTP ${failure.status}`;
    return secret === 'apiToken'
      ? vscode.l10n.t('Gestix rejected the API token ({code}). Nothing was stored.', { code })
      : vscode.l10n.t('Gestix rejected the username or password ({code}). Nothing was stored.', { code });
  }
  if (failure.kind === 'http') return vscode.l10n.t('Could not sign in to Gestix: the server answered HTTP {status}.', { status: failure.status });
  return vscode.l10n.t('Could not sign in to Gestix: {reason}', { reason: plainText(failure.message, FAILURE_TEXT_LIMIT) });
}

/** The server a sign-in goes to, as prompts name it: its host, or the setting itself when that is no URL. */
function serverHost(services: Services): string {
  const { serverUrl } = services.settings;
  return destinationHost(serverUrl) ?? serverUrl;
}

/**
 * A typed secret goes over plain http unasked only to this window's own local sandbox. Any other
 * local port may belong to anyone on this machine, e.g. the port of a sandbox that ended with its
 * window; so the person confirms, with the host named, before typing the secret.
 */
async function confirmUnencryptedDestination(services: Services, secret: SecretKind): Promise<boolean> {
  const { serverUrl } = services.settings;
  if (!isUnencryptedLoopback(serverUrl) || new URL(serverUrl).origin === services.localSandboxOrigin) return true;
  const host = serverHost(services);
  const send = vscode.l10n.t('Send to {host}', { host });
  const choice = await vscode.window.showWarningMessage(
    secret === 'apiToken'
      ? vscode.l10n.t('Send your Gestix API token to {host} over unencrypted http?', { host })
      : vscode.l10n.t('Send your Gestix username and password to {host} over unencrypted http?', { host }),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{host} is on this computer, but it is not the local sandbox this window started. Any program on this computer can listen on a local port, including on the port of a sandbox that ended with its window. Continue only if you started this server yourself.',
        { host },
      ),
    },
    send,
  );
  return choice === send;
}

/** Asks for the account id, prefilled from the settings; undefined when the person cancels. */
export async function askAccount(services: Services, title: string): Promise<string | undefined> {
  const account = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Gestix account id at {host} (the number in your API base URL, e.g. 03101176)', { host: serverHost(services) }),
    value: services.settings.account,
    ignoreFocusOut: true,
    validateInput: (value) => (ACCOUNT_PATTERN.test(value.trim()) ? undefined : vscode.l10n.t('Enter the account id: letters and digits, e.g. 03101176.')),
  });
  return account?.trim();
}

async function finishSignIn(
  services: Services,
  account: string,
  secret: SecretKind,
  exchange: (signal: AbortSignal) => Promise<Result<void>>,
  retry: () => Thenable<unknown>,
): Promise<void> {
  services.useAccount(account);
  const result = await withCancellableProgress(vscode.l10n.t('Signing in to Gestix account {account}…', { account }), exchange);
  if (result.ok) {
    await rememberAccount(account);
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Gestix account {account}.', { account }));
    return;
  }
  services.useConfiguredSettings();
  if (result.failure.kind === 'network' && result.failure.reason === 'aborted') return;
  const tryAgain = vscode.l10n.t('Try Again');
  const openSettingsLabel = vscode.l10n.t('Open Settings');
  const choice = await vscode.window.showErrorMessage(signInFailureMessage(result.failure, secret), tryAgain, openSettingsLabel);
  if (choice === tryAgain) await retry();
  if (choice === openSettingsLabel) await openSettings('gestix.');
}

export async function signInWithApiToken(services: Services): Promise<void> {
  const account = await askAccount(services, vscode.l10n.t('Gestix: Sign In ({step}/{steps})', { step: 1, steps: 2 }));
  if (!account) return;
  if (!(await confirmUnencryptedDestination(services, 'apiToken'))) return;
  const apiToken = await vscode.window.showInputBox({
    title: vscode.l10n.t('Gestix: Sign In ({step}/{steps})', { step: 2, steps: 2 }),
    prompt: vscode.l10n.t('API token for account {account} at {host} (Gestix Admin > Webshop). It is kept in VS Code secret storage.', { account, host: serverHost(services) }),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Paste the API token.')),
  });
  if (!apiToken) return;
  await finishSignIn(services, account, 'apiToken', (signal) => services.session.signInWithApiToken(apiToken.trim(), signal), () => signInWithApiToken(services));
}

export async function signInWithPassword(services: Services): Promise<void> {
  const title = (step: number) => vscode.l10n.t('Gestix: Sign In with Username and Password ({step}/{steps})', { step, steps: 3 });
  const account = await askAccount(services, title(1));
  if (!account) return;
  if (!(await confirmUnencryptedDestination(services, 'credentials'))) return;
  const username = await vscode.window.showInputBox({
    title: title(2),
    prompt: vscode.l10n.t('Gestix username for account {account} at {host}', { account, host: serverHost(services) }),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the username.')),
  });
  if (!username) return;
  const password = await vscode.window.showInputBox({
    title: title(3),
    prompt: vscode.l10n.t('Password of {username} for account {account} at {host}. It is kept in VS Code secret storage.', { username: username.trim(), account, host: serverHost(services) }),
    password: true,
    ignoreFocusOut: true,
  });
  if (!password) return;
  await finishSignIn(services, account, 'credentials', (signal) => services.session.signInWithPassword(username.trim(), password, signal), () => signInWithPassword(services));
}

export async function signOut(services: Services): Promise<void> {
  await services.session.signOut();
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Gestix. The stored API token and credentials were removed.'));
}

/** Keeps the context key of the manifest's `when` clauses in step with the session, from the stored sign-in on. */
export function trackSignedInContext(session: GestixSession): Disposable {
  const update = (signedIn: boolean) => void setContext(SIGNED_IN_CONTEXT_KEY, signedIn);
  const subscription = session.onDidChangeSignedIn(update);
  void session.reloadFromSecrets().then(() => update(session.signedIn));
  return subscription;
}
