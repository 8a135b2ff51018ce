// Gestix: Add, Edit, Remove and Switch Connection. A connection is checked by signing in to it before
// anything is saved; its secret goes to SecretStorage under the connection, the rest to the user
// setting gestix.connections. Switching changes no setting.
import vscode = require('vscode');
import {
  accountProblem,
  apiVersionProblem,
  DEFAULT_API_VERSION,
  nameProblem,
  normalServerUrl,
  sameName,
  serverUrlProblem,
  toStored,
  type Connection,
  type SignInMethod,
} from '../core/connections/connection';
import { DisposableStore, type Disposable } from '../core/host/events';
import type { Result } from '../core/http/result';
import { destinationHost } from '../core/http/url';
import type { GestixSession } from '../core/session/session';
import { plainText } from '../core/text/sanitize';
import { COMMAND, executeCommand, registerCommand } from './commands';
import { readStoredConnections, writeStoredConnections } from './configuration';
import { askSteps, type Step, type TextQuestion } from './multiStepInput';
import { withCancellableProgress } from './progress';
import type { CheckedSignIn, Services } from './services';
import { apiTokenQuestion, confirmUnencryptedDestination, passwordQuestion, signInFailureMessage, usernameQuestion } from './signIn';

const NAME_SHOWN_LIMIT = 60;
const DEFAULT_SERVER_URL = 'https://gestix.pt:443';

function shown(name: string): string {
  return plainText(name, NAME_SHOWN_LIMIT);
}

function hostOf(serverUrl: string): string {
  return destinationHost(serverUrl) ?? serverUrl;
}

/** What the steps of Add and Edit start from. */
interface Draft {
  name: string;
  serverUrl: string;
  account: string;
  apiVersion: string;
  signInMethod: SignInMethod;
}

const ANSWER = { name: 0, serverUrl: 1, account: 2, apiVersion: 3, signInMethod: 4, secret: 5 } as const;

function nameQuestion(title: string, draft: Draft, taken: readonly string[]): TextQuestion {
  return {
    title,
    prompt: vscode.l10n.t('A name for this connection, shown in the status bar and the Accounts menu; a workspace picks it by this name.'),
    placeholder: vscode.l10n.t('e.g. Empresa A (prod)'),
    value: draft.name,
    problem: (value) => {
      const problem = nameProblem(value, taken);
      if (!problem) return undefined;
      if (problem.reason === 'taken') return vscode.l10n.t('A connection with this name exists already.');
      if (problem.reason === 'tooLong') return vscode.l10n.t('Use at most 60 characters.');
      if (problem.reason === 'characters') return vscode.l10n.t('Leave out $, [, ], ` and control characters.');
      return vscode.l10n.t('Enter a name.');
    },
  };
}

function draftSteps(title: string, draft: Draft, taken: readonly string[]): Step[] {
  return [
    () => nameQuestion(title, draft, taken),
    () => ({
      title,
      prompt: vscode.l10n.t('The Gestix server: its https:// address (http:// only for a server on this computer).'),
      placeholder: DEFAULT_SERVER_URL,
      value: draft.serverUrl,
      problem: (value) => (serverUrlProblem(normalServerUrl(value)) ? vscode.l10n.t('Enter a URL such as https://gestix.pt:443, without a path to the API, user name or query.') : undefined),
    }),
    (answers) => ({
      title,
      prompt: vscode.l10n.t('Gestix account id at {host} (the number in your API base URL, e.g. 03101176)', { host: hostOf(normalServerUrl(answers[ANSWER.serverUrl] ?? '')) }),
      placeholder: vscode.l10n.t('Account id, e.g. 03101176'),
      value: draft.account,
      problem: (value) => (accountProblem(value) ? vscode.l10n.t('Enter the account id: letters and digits, e.g. 03101176.') : undefined),
    }),
    () => ({
      title,
      prompt: vscode.l10n.t('The API version to call'),
      placeholder: DEFAULT_API_VERSION,
      value: draft.apiVersion,
      problem: (value) => (apiVersionProblem(value) ? vscode.l10n.t('Enter a version such as v4.0.0.') : undefined),
    }),
    () => ({
      kind: 'pick',
      title,
      placeholder: vscode.l10n.t('How do you sign in to this account?'),
      value: draft.signInMethod,
      options: [
        { label: vscode.l10n.t('API token'), description: vscode.l10n.t('from Gestix Admin > Webshop'), value: 'apiToken' },
        { label: vscode.l10n.t('Username and password'), value: 'credentials' },
      ],
    }),
  ];
}

/** The secret's steps; `optional` lets an Edit keep the stored secret with an empty answer. */
function secretSteps(title: string, answers: readonly string[], optional: boolean): Step[] {
  const account = answers[ANSWER.account] ?? '';
  const host = hostOf(normalServerUrl(answers[ANSWER.serverUrl] ?? ''));
  const keep = (question: TextQuestion): TextQuestion =>
    optional ? { ...question, placeholder: vscode.l10n.t('Leave empty to keep the stored sign-in'), problem: () => undefined } : question;
  if (answers[ANSWER.signInMethod] === 'credentials') {
    return [
      () => keep(usernameQuestion(title, account, host)),
      (given) => ((given[ANSWER.secret] ?? '') === '' && optional ? keep(passwordQuestion(title, '', account, host)) : passwordQuestion(title, given[ANSWER.secret] ?? '', account, host)),
    ];
  }
  return [() => keep(apiTokenQuestion(title, account, host))];
}

/** Where a secret typed in the steps goes, and which secret: what the plain-http question is about. */
function destinationOf(answers: readonly string[]): string {
  return `${normalServerUrl(answers[ANSWER.serverUrl] ?? '')} ${answers[ANSWER.signInMethod] ?? ''}`;
}

function connectionOf(answers: readonly string[]): Connection {
  return {
    name: (answers[ANSWER.name] ?? '').trim(),
    serverUrl: normalServerUrl(answers[ANSWER.serverUrl] ?? ''),
    account: (answers[ANSWER.account] ?? '').trim(),
    apiVersion: (answers[ANSWER.apiVersion] ?? '').trim(),
    signInMethod: answers[ANSWER.signInMethod] === 'credentials' ? 'credentials' : 'apiToken',
    source: 'connections',
  };
}

function exchangeFor(connection: Connection, secret: readonly string[]): (session: GestixSession, signal: AbortSignal) => Promise<Result<void>> {
  const [first = '', second = ''] = secret;
  return connection.signInMethod === 'credentials' ? (session, signal) => session.signInWithPassword(first, second, signal) : (session, signal) => session.signInWithApiToken(first, signal);
}

/** Signs in to the connection before it is saved; the SecretStorage entry on success, else undefined (the person was told). */
async function checkedSignIn(services: Services, connection: Connection, secret: readonly string[], retry: () => Thenable<unknown>): Promise<CheckedSignIn['made']> {
  const names = { name: shown(connection.name), account: connection.account };
  const checked = await withCancellableProgress(vscode.l10n.t('Checking the connection {name} (account {account})…', names), (signal) =>
    services.trySignIn(connection, exchangeFor(connection, secret), signal),
  );
  if (checked.made) return checked.made;
  const failure = checked.result.ok ? undefined : checked.result.failure;
  if (failure?.kind === 'network' && failure.reason === 'aborted') return undefined;
  const tryAgain = vscode.l10n.t('Try Again');
  const reason = failure ? signInFailureMessage(failure, connection.signInMethod) : '';
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('The connection {name} was not saved. {reason}', { name: names.name, reason }), tryAgain);
  if (choice === tryAgain) await retry();
  return undefined;
}

/** Writes gestix.connections, and reads it again at once rather than when the settings event comes. */
async function saveConnections(connections: readonly Connection[], services: Services): Promise<void> {
  await writeStoredConnections(connections.map(toStored));
  services.useConfiguredSettings();
}

function storedWithout(name: string | undefined): Connection[] {
  return readStoredConnections().connections.filter((connection) => name === undefined || !sameName(connection.name, name));
}

async function addConnection(services: Services, draft?: Draft): Promise<void> {
  const title = vscode.l10n.t('Gestix: Add Connection');
  const start: Draft = draft ?? { name: '', serverUrl: DEFAULT_SERVER_URL, account: '', apiVersion: DEFAULT_API_VERSION, signInMethod: 'apiToken' };
  const taken = services.connections().map((connection) => connection.name);
  const answers = await askSteps((given) => [...draftSteps(title, start, taken), ...secretSteps(title, given, false)], {
    afterStep: ANSWER.signInMethod,
    about: destinationOf,
    confirm: (given) => confirmUnencryptedDestination(services, normalServerUrl(given[ANSWER.serverUrl] ?? ''), given[ANSWER.signInMethod] === 'credentials' ? 'credentials' : 'apiToken'),
  });
  if (!answers) return;
  const connection = connectionOf(answers);
  const retry = () => addConnection(services, { ...connection });
  const made = await checkedSignIn(services, connection, answers.slice(ANSWER.secret), retry);
  if (!made) return;
  await saveConnections([...storedWithout(undefined), connection], services);
  await services.keepSignIn(connection, made);
  await services.switchTo(connection.name);
  services.logger.info(`Connection ${connection.name} added (${connection.serverUrl}, account ${connection.account})`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Connection {name} added; signed in to account {account}.', { name: shown(connection.name), account: connection.account }));
}

type ConnectionItem = vscode.QuickPickItem & { connection?: Connection };

async function pickStoredConnection(services: Services, title: string): Promise<Connection | undefined> {
  const stored = readStoredConnections().connections;
  if (stored.length === 0) {
    const add = vscode.l10n.t('Add Connection…');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('There are no saved Gestix connections yet.'), add);
    if (choice === add) await executeCommand(COMMAND.addConnection);
    return undefined;
  }
  const active = services.active.name;
  const items: ConnectionItem[] = stored.map((connection) => ({
    label: shown(connection.name),
    description: `${plainText(connection.account, 80)} · ${plainText(hostOf(connection.serverUrl), 120)}${sameName(connection.name, active) ? ` ${vscode.l10n.t('(in use)')}` : ''}`,
    connection,
  }));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose a connection') }))?.connection;
}

async function editConnection(services: Services): Promise<void> {
  const title = vscode.l10n.t('Gestix: Edit Connection');
  const before = await pickStoredConnection(services, title);
  if (!before) return;
  const taken = services.connections().map((connection) => connection.name).filter((name) => !sameName(name, before.name));
  const sameDestination = (given: readonly string[]) => {
    const edited = connectionOf(given);
    return edited.serverUrl === before.serverUrl && edited.account === before.account && edited.signInMethod === before.signInMethod;
  };
  const answers = await askSteps((given) => [...draftSteps(title, before, taken), ...secretSteps(title, given, sameDestination(given))], {
    afterStep: ANSWER.signInMethod,
    about: destinationOf,
    confirm: (given) => (sameDestination(given) ? Promise.resolve(true) : confirmUnencryptedDestination(services, normalServerUrl(given[ANSWER.serverUrl] ?? ''), connectionOf(given).signInMethod)),
  });
  if (!answers) return;
  const after = connectionOf(answers);
  const secret = answers.slice(ANSWER.secret);
  const keepsSecret = sameDestination(answers) && secret.every((answer) => answer === '');
  const renamed = !sameName(after.name, before.name);
  const made = keepsSecret ? undefined : await checkedSignIn(services, after, secret, () => editConnection(services));
  if (!keepsSecret && !made) return;
  // A new name for the same server and account: its session goes along, so nothing signs in again.
  const held = keepsSecret && renamed ? services.stateOf(before.name)?.session.signInWithToken : undefined;
  if (keepsSecret && renamed && !held) await services.storeSignIn(after, await services.storedSignIn(before));
  const list = readStoredConnections().connections.map((connection) => (sameName(connection.name, before.name) ? after : connection));
  const kept = made ?? held;
  // A new name is a new state: it takes the sign-in before it comes into use. The same name takes it
  // once its state follows the saved server and account.
  if (renamed) {
    if (kept) await services.keepSignIn(after, kept);
    await services.followRename(before.name, after.name);
  }
  await saveConnections(list, services);
  if (kept && !renamed) await services.keepSignIn(after, kept);
  if (renamed) await services.storeSignIn(before, undefined);
  services.logger.info(`Connection ${before.name} edited${after.name === before.name ? '' : ` (now ${after.name})`}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Connection {name} saved.', { name: shown(after.name) }));
}

async function removeConnection(services: Services): Promise<void> {
  const connection = await pickStoredConnection(services, vscode.l10n.t('Gestix: Remove Connection'));
  if (!connection) return;
  const remove = vscode.l10n.t('Remove');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the connection {name}?', { name: shown(connection.name) }),
    { modal: true, detail: vscode.l10n.t('Its stored sign-in is deleted from this computer. Documents on the server stay as they are.') },
    remove,
  );
  if (choice !== remove) return;
  await services.stateOf(connection.name)?.session.signOut();
  await services.storeSignIn(connection, undefined);
  await saveConnections(storedWithout(connection.name), services);
  services.logger.info(`Connection ${connection.name} removed`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Connection {name} removed. Gestix uses {active}.', { name: shown(connection.name), active: shown(services.active.name) }));
}

async function switchConnection(services: Services): Promise<void> {
  const active = services.active.name;
  const items: ConnectionItem[] = [];
  for (const connection of services.connections()) {
    const session = services.stateOf(connection.name)?.session;
    await session?.ensureLoaded();
    const sandbox = connection.source === 'sandbox';
    const where = sandbox && !connection.serverUrl ? vscode.l10n.t('on this computer') : `${plainText(connection.account, 80)} · ${plainText(hostOf(connection.serverUrl), 120)}`;
    items.push({
      label: shown(connection.name),
      description: `${where}${sameName(connection.name, active) ? ` ${vscode.l10n.t('(in use)')}` : ''}`,
      detail: session?.signedIn ? vscode.l10n.t('signed in') : sandbox && !connection.serverUrl ? vscode.l10n.t('starts the local sandbox') : vscode.l10n.t('not signed in'),
      connection,
    });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(add) ${vscode.l10n.t('Add Connection…')}` });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Gestix: Switch Connection'), placeHolder: vscode.l10n.t('The connection documents are sent with') });
  if (!picked) return;
  if (!picked.connection) {
    await executeCommand(COMMAND.addConnection);
    return;
  }
  if (picked.connection.source === 'sandbox') {
    await executeCommand(COMMAND.startSandbox);
    return;
  }
  const state = await services.switchTo(picked.connection.name);
  if (!state) return;
  await state.session.ensureLoaded();
  if (state.session.signedIn) return;
  const signIn = vscode.l10n.t('Sign In');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Gestix uses the connection {name}. Sign in to it to send documents.', { name: shown(state.name) }), signIn);
  if (choice === signIn) await executeCommand(state.connection.signInMethod === 'credentials' ? COMMAND.signInWithPassword : COMMAND.signIn);
}

export function registerConnectionCommands(services: Services): Disposable {
  const store = new DisposableStore();
  store.add(registerCommand(COMMAND.addConnection, () => addConnection(services)));
  store.add(registerCommand(COMMAND.editConnection, () => editConnection(services)));
  store.add(registerCommand(COMMAND.removeConnection, () => removeConnection(services)));
  store.add(registerCommand(COMMAND.switchConnection, () => switchConnection(services)));
  return store;
}
