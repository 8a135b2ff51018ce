import vscode = require('vscode');
import type { Disposable } from '../core/host/events';
import type { Failure, Result } from '../core/http/result';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { isRejectedSignIn } from '../core/session/session';
import { accountProblem, type SignInMethod } from '../core/connections/connection';
import type { ActiveSession } from '../core/connections/activeSession';
import { destinationHost, isUnencryptedLoopback } from '../core/http/url';
import { COMMAND, executeCommand, openSettings, setContext } from './commands';
import { askOne, askSteps, type Step, type TextQuestion } from './multiStepInput';
import { rememberAccount } from './configuration';
import { withCancellableProgress } from './progress';
import type { Services } from './services';

const SIGNED_IN_CONTEXT_KEY = 'gestix.signedIn';
/** Which secret a sign-in exchanged, for the message when it is refused. */
type SecretKind = SignInMethod;

/** Gestix codes are short words like AUTH_FAILED; anything longer is not worth a notification's width. */
const CODE_SHOWN_LIMIT = 60;

/** What a person reads when a sign-in did not work; never contains a secret. */
export function signInFailureMessage(failure: Failure, secret: SecretKind): string {
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
export async function confirmUnencryptedDestination(services: Services, serverUrl: string, secret: SecretKind): Promise<boolean> {
  if (!isUnencryptedLoopback(serverUrl) || new URL(serverUrl).origin === services.localSandboxOrigin) return true;
  const host = destinationHost(serverUrl) ?? serverUrl;
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

function accountQuestion(services: Services, title: string): TextQuestion {
  return {
    title,
    prompt: vscode.l10n.t('Gestix account id at {host} (the number in your API base URL, e.g. 03101176)', { host: serverHost(services) }),
    placeholder: vscode.l10n.t('Account id, e.g. 03101176'),
    value: services.settings.account,
    problem: (value) => (accountProblem(value) === undefined ? undefined : vscode.l10n.t('Enter the account id: letters and digits, e.g. 03101176.')),
  };
}

/** Asks for the account id on its own, prefilled from the settings; undefined when the person cancels. */
export function askAccount(services: Services, title: string): Promise<string | undefined> {
  return askOne(accountQuestion(services, title));
}

export interface SignInOptions {
  /**
   * Whether a successful sign-in says so in a notification. Not when it is a step of something
   * else, such as a send, whose own result follows at once.
   */
  announce?: boolean;
}

async function finishSignIn(
  services: Services,
  account: string,
  secret: SecretKind,
  exchange: (signal: AbortSignal) => Promise<Result<void>>,
  retry: () => Thenable<unknown>,
  { announce = true }: SignInOptions,
): Promise<void> {
  services.useAccount(account);
  const result = await withCancellableProgress(vscode.l10n.t('Signing in to Gestix account {account}…', { account }), exchange);
  if (result.ok) {
    if (services.active.connection.source === 'settings') await rememberAccount(account);
    if (announce) void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Gestix account {account}.', { account }));
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

export function apiTokenQuestion(title: string, account: string, host: string): TextQuestion {
  return {
    title,
    prompt: vscode.l10n.t('API token for account {account} at {host} (Gestix Admin > Webshop). It is kept in VS Code secret storage.', { account, host }),
    placeholder: vscode.l10n.t('Paste the API token'),
    password: true,
    problem: (value) => (value.trim() ? undefined : vscode.l10n.t('Paste the API token.')),
  };
}

export function usernameQuestion(title: string, account: string, host: string): TextQuestion {
  return {
    title,
    prompt: vscode.l10n.t('Gestix username for account {account} at {host}', { account, host }),
    placeholder: vscode.l10n.t('The username you sign in to Gestix with'),
    problem: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the username.')),
  };
}

export function passwordQuestion(title: string, username: string, account: string, host: string): TextQuestion {
  return {
    title,
    prompt: vscode.l10n.t('Password of {username} for account {account} at {host}. It is kept in VS Code secret storage.', { username, account, host }),
    placeholder: vscode.l10n.t('Type the password'),
    password: true,
    asTyped: true,
    problem: (value) => (value ? undefined : vscode.l10n.t('Enter the password.')),
  };
}

/**
 * The secret's steps for the connection in use, after an account step when the connection is the
 * settings' one (whose account signing in may set); a written-down connection has its account.
 * Undefined when the person cancels; else the account and the secret's answers.
 */
async function askSignIn(services: Services, secret: SecretKind, title: string, secretSteps: (account: string, host: string, first: number) => Step[]): Promise<[string, ...string[]] | undefined> {
  const { connection, settings } = services.active;
  const host = serverHost(services);
  const confirm = () => confirmUnencryptedDestination(services, settings.serverUrl, secret);
  if (connection.source === 'settings') {
    const answers = await askSteps((given) => [() => accountQuestion(services, title), ...secretSteps(given[0] ?? '', host, 1)], { afterStep: 0, about: () => settings.serverUrl, confirm });
    return answers && [answers[0], ...answers.slice(1)];
  }
  if (!(await confirm())) return undefined;
  const answers = await askSteps(() => secretSteps(connection.account, host, 0));
  return answers && [connection.account, ...answers];
}

/** The sandbox's sign-in is its own token, which starting it uses. */
async function startedSandboxInstead(services: Services): Promise<boolean> {
  if (services.active.connection.source !== 'sandbox') return false;
  await executeCommand(COMMAND.startSandbox);
  return true;
}

export async function signInWithApiToken(services: Services, options: SignInOptions = {}): Promise<void> {
  if (await startedSandboxInstead(services)) return;
  const title = vscode.l10n.t('Gestix: Sign In');
  const answers = await askSignIn(services, 'apiToken', title, (account, host) => [() => apiTokenQuestion(title, account, host)]);
  if (!answers) return;
  const [account, apiToken = ''] = answers;
  await finishSignIn(services, account, 'apiToken', (signal) => services.session.signInWithApiToken(apiToken, signal), () => signInWithApiToken(services, options), options);
}

export async function signInWithPassword(services: Services, options: SignInOptions = {}): Promise<void> {
  if (await startedSandboxInstead(services)) return;
  const title = vscode.l10n.t('Gestix: Sign In with Username and Password');
  const answers = await askSignIn(services, 'credentials', title, (account, host, first) => [
    () => usernameQuestion(title, account, host),
    (given) => passwordQuestion(title, given[first] ?? '', account, host),
  ]);
  if (!answers) return;
  const [account, username = '', password = ''] = answers;
  await finishSignIn(services, account, 'credentials', (signal) => services.session.signInWithPassword(username, password, signal), () => signInWithPassword(services, options), options);
}

export async function signOut(services: Services): Promise<void> {
  await services.session.signOut();
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Gestix. The stored API token and credentials were removed.'));
}

/** Keeps the context key of the manifest's `when` clauses in step with the session, from the stored sign-in on. */
export function trackSignedInContext(session: ActiveSession): Disposable {
  const update = (signedIn: boolean) => void setContext(SIGNED_IN_CONTEXT_KEY, signedIn);
  const subscription = session.onDidChangeSignedIn(update);
  void session.reloadFromSecrets().then(() => update(session.signedIn));
  return subscription;
}
