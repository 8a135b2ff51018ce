import vscode = require('vscode');
import type { Disposable } from '../core/host/events';
import type { Failure, Result } from '../core/http/result';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { isRejectedSignIn } from '../core/session/session';
import type { ActiveSession } from '../core/connections/activeSession';
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

/** One box of a sign-in: what it asks, how it hints, and what it accepts. */
interface Question {
  title: string;
  /** Shown after the title as "(2/3)"; a question asked on its own has none. */
  step?: { number: number; of: number };
  prompt: string;
  placeholder: string;
  value?: string;
  password?: boolean;
  /** Kept as typed, spaces at its ends included: they may be part of a password. Other answers are trimmed. */
  asTyped?: boolean;
  /** Why the value cannot be accepted; undefined when it can. */
  problem(value: string): string | undefined;
}

type Answer = { kind: 'accepted'; value: string } | { kind: 'back' } | { kind: 'cancelled' };

/** One input box; from the second step on it has a Back button. */
function ask(question: Question): Promise<Answer> {
  const box = vscode.window.createInputBox();
  box.title = question.title;
  box.step = question.step?.number;
  box.totalSteps = question.step?.of;
  box.prompt = question.prompt;
  box.placeholder = question.placeholder;
  box.value = question.value ?? '';
  box.password = question.password ?? false;
  box.ignoreFocusOut = true;
  box.buttons = (question.step?.number ?? 1) > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<Answer>((resolve) => {
    box.onDidChangeValue((value) => {
      box.validationMessage = question.problem(value);
    });
    box.onDidAccept(() => {
      box.validationMessage = question.problem(box.value);
      if (box.validationMessage === undefined) resolve({ kind: 'accepted', value: box.value });
    });
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) resolve({ kind: 'back' });
    });
    // Escape, or the dispose below once answered: only the first answer counts.
    box.onDidHide(() => resolve({ kind: 'cancelled' }));
    box.show();
  }).finally(() => box.dispose());
}

/** A step of a multi-step sign-in, given what the steps before it were answered. */
type Step = (answers: readonly string[]) => Question;

/**
 * Asks the steps in turn; Back returns to the step before with its answer kept (a secret is typed
 * again). `confirmAfterFirst` runs between the first and the second step, once: the destination
 * does not depend on the answers. Undefined when the person cancels.
 */
async function askSteps(steps: readonly Step[], confirmAfterFirst: () => Promise<boolean>): Promise<string[] | undefined> {
  const answers: string[] = [];
  let confirmed = false;
  let index = 0;
  while (index < steps.length) {
    const question = steps[index](answers);
    const kept = question.password ? undefined : answers[index];
    const answer = await ask({ ...question, step: { number: index + 1, of: steps.length }, ...(kept === undefined ? {} : { value: kept }) });
    if (answer.kind === 'cancelled') return undefined;
    if (answer.kind === 'back') {
      index -= 1;
      continue;
    }
    answers[index] = question.asTyped ? answer.value : answer.value.trim();
    if (index === 0 && !confirmed) {
      if (!(await confirmAfterFirst())) return undefined;
      confirmed = true;
    }
    index += 1;
  }
  return answers;
}

function accountQuestion(services: Services, title: string): Question {
  return {
    title,
    prompt: vscode.l10n.t('Gestix account id at {host} (the number in your API base URL, e.g. 03101176)', { host: serverHost(services) }),
    placeholder: vscode.l10n.t('Account id, e.g. 03101176'),
    value: services.settings.account,
    problem: (value) => (ACCOUNT_PATTERN.test(value.trim()) ? undefined : vscode.l10n.t('Enter the account id: letters and digits, e.g. 03101176.')),
  };
}

/** Asks for the account id on its own, prefilled from the settings; undefined when the person cancels. */
export async function askAccount(services: Services, title: string): Promise<string | undefined> {
  const answer = await ask(accountQuestion(services, title));
  return answer.kind === 'accepted' ? answer.value.trim() : undefined;
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
    await rememberAccount(account);
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

export async function signInWithApiToken(services: Services, options: SignInOptions = {}): Promise<void> {
  const title = vscode.l10n.t('Gestix: Sign In');
  const answers = await askSteps(
    [
      () => accountQuestion(services, title),
      ([account]) => ({
        title,
        prompt: vscode.l10n.t('API token for account {account} at {host} (Gestix Admin > Webshop). It is kept in VS Code secret storage.', { account, host: serverHost(services) }),
        placeholder: vscode.l10n.t('Paste the API token'),
        password: true,
        problem: (value) => (value.trim() ? undefined : vscode.l10n.t('Paste the API token.')),
      }),
    ],
    () => confirmUnencryptedDestination(services, 'apiToken'),
  );
  if (!answers) return;
  const [account, apiToken] = answers;
  await finishSignIn(services, account, 'apiToken', (signal) => services.session.signInWithApiToken(apiToken, signal), () => signInWithApiToken(services, options), options);
}

export async function signInWithPassword(services: Services, options: SignInOptions = {}): Promise<void> {
  const title = vscode.l10n.t('Gestix: Sign In with Username and Password');
  const answers = await askSteps(
    [
      () => accountQuestion(services, title),
      ([account]) => ({
        title,
        prompt: vscode.l10n.t('Gestix username for account {account} at {host}', { account, host: serverHost(services) }),
        placeholder: vscode.l10n.t('The username you sign in to Gestix with'),
        problem: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the username.')),
      }),
      ([account, username]) => ({
        title,
        prompt: vscode.l10n.t('Password of {username} for account {account} at {host}. It is kept in VS Code secret storage.', { username, account, host: serverHost(services) }),
        placeholder: vscode.l10n.t('Type the password'),
        password: true,
        asTyped: true,
        problem: (value) => (value ? undefined : vscode.l10n.t('Enter the password.')),
      }),
    ],
    () => confirmUnencryptedDestination(services, 'credentials'),
  );
  if (!answers) return;
  const [account, username, password] = answers;
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
