// The Gestix connections in VS Code's Accounts menu, as the authentication provider `gestix`
// (package.json contributes.authentication). Each signed-in connection is one session there;
// signing out of it in the menu signs that connection out and no other. Another extension may ask
// for a Gestix session (vscode.authentication.getSession('gestix', …)); VS Code hands one over
// only once the person has agreed, and asks them to pick when several connections are signed in.
import vscode = require('vscode');
import { accountSessionOf, sessionsChange, type AccountSession, type SessionsChange } from '../core/connections/accountSessions';
import { sameName, type Connection } from '../core/connections/connection';
import { DisposableStore, Emitter, type Disposable } from '../core/host/events';
import { destinationHost } from '../core/http/url';
import { plainText } from '../core/text/sanitize';
import { COMMAND, executeCommand } from './commands';
import type { ConnectionState, Services } from './services';
import { signInWithApiToken, signInWithPassword } from './signIn';

/** As package.json contributes.authentication names it. */
const PROVIDER_ID = 'gestix';
const PROVIDER_LABEL = 'Gestix';
/** Connection names and accounts are checked when written down; this only bounds a quick pick row. */
const ROW_TEXT_LIMIT = 120;

type SignInChoice = vscode.QuickPickItem & { state?: ConnectionState };

class GestixAuthenticationProvider implements vscode.AuthenticationProvider, Disposable {
  private readonly changes = new Emitter<SessionsChange>();
  readonly onDidChangeSessions = this.changes.event;
  /** What VS Code was last given for each connection; keyed by state, as the settings' connection is renamed with its account. */
  private readonly reported = new Map<ConnectionState, AccountSession>();
  /** Changes are told one after the other, in the order the sign-ins changed. */
  private reporting: Promise<void> = Promise.resolve();
  private readonly store = new DisposableStore();

  constructor(private readonly services: Services) {
    this.store.add(this.changes);
    this.store.add(services.onDidChangeSignIn((state) => void this.report(state)));
    // Extensions that were given a session hear of its new token, instead of using the expired one until they ask again.
    this.store.add(
      services.onDidRenewSession((state) => {
        if (this.reported.has(state)) void this.report(state);
      }),
    );
    // A connection taken off the list is gone from the menu too, whatever its stored secret.
    this.store.add(
      services.onDidChangeConnections(() => {
        for (const state of this.reported.keys()) if (!this.isListed(state)) void this.report(state);
      }),
    );
  }

  /** Gestix has no scopes (a session may do whatever its account may), so whatever scopes are asked for, every session fits. */
  async getSessions(_scopes: readonly string[] | undefined, options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const wanted = options.account?.id;
    const states = this.services
      .connections()
      .filter((connection) => wanted === undefined || sameName(connection.name, wanted))
      .flatMap((connection) => this.services.stateOf(connection.name) ?? []);
    const sessions = await Promise.all(
      states.map(async (state) => {
        const session = await this.sessionOf(state);
        if (session) this.reported.set(state, session);
        return session;
      }),
    );
    return sessions.filter((session) => session !== undefined);
  }

  async createSession(_scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const before = this.services.active;
    const chosen = await this.connectionToSignIn(options.account);
    if (chosen === 'add') {
      await executeCommand(COMMAND.addConnection);
      // A connection that was added is the one in use, signed in.
      const added = this.services.active;
      const session = added === before ? undefined : await this.sessionOf(added);
      if (!session) throw new Error(vscode.l10n.t('No Gestix connection was added.'));
      return session;
    }
    if (!chosen) throw new Error(vscode.l10n.t('Signing in to Gestix was cancelled.'));
    const session = (await this.sessionOf(chosen)) ?? (await this.signIn(chosen));
    if (!session) throw new Error(vscode.l10n.t('Not signed in to the Gestix connection {name}: the sign-in was cancelled or did not work.', { name: plainText(chosen.name) }));
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const state = [...this.reported].find(([, session]) => session.id === sessionId)?.[0] ?? this.services.stateOf(sessionId);
    if (!state) return;
    await state.session.signOut();
    this.services.logger.info(`Signed out of the connection ${state.name} in the Accounts menu`);
    await this.report(state);
  }

  /**
   * The connection `account` names, else the one in use when it is not signed in, else the one the
   * person picks among those not signed in (or 'add' for a new one); undefined when they cancel.
   */
  private async connectionToSignIn(account: vscode.AuthenticationSessionAccountInformation | undefined): Promise<ConnectionState | 'add' | undefined> {
    const named = account && this.services.stateOf(account.id);
    if (named) return named;
    if (!(await this.isSignedIn(this.services.active))) return this.services.active;
    const signedOut: ConnectionState[] = [];
    for (const connection of this.services.connections()) {
      const state = this.services.stateOf(connection.name);
      if (state && !(await this.isSignedIn(state))) signedOut.push(state);
    }
    const choices: SignInChoice[] = [
      ...signedOut.map((state) => ({ label: plainText(state.name, ROW_TEXT_LIMIT), description: whereItPoints(state.connection, this.services.localSandboxOrigin), state })),
      { label: `$(add) ${vscode.l10n.t('Add Connection…')}` },
    ];
    const picked = await vscode.window.showQuickPick(choices, {
      title: vscode.l10n.t('Gestix: Sign In to a Connection'),
      placeHolder: vscode.l10n.t('Choose the connection to sign in to'),
    });
    if (!picked) return undefined;
    return picked.state ?? 'add';
  }

  /** Runs the sign-in a person runs for `state`: the local sandbox's is starting it; any other is signed in to as the connection in use. */
  private async signIn(state: ConnectionState): Promise<AccountSession | undefined> {
    if (state.connection.source === 'sandbox') {
      await executeCommand(COMMAND.startSandbox);
    } else {
      if (this.services.active !== state) await this.services.switchTo(state.name);
      await (state.connection.signInMethod === 'credentials' ? signInWithPassword(this.services) : signInWithApiToken(this.services));
    }
    return this.sessionOf(state);
  }

  private isListed(state: ConnectionState): boolean {
    return this.services.stateOf(state.name) === state;
  }

  /** Whether the connection is still offered and holds a secret for its server: never asks the server. */
  private async isSignedIn(state: ConnectionState): Promise<boolean> {
    if (!this.isListed(state)) return false;
    await state.session.ensureLoaded();
    return state.session.signedIn;
  }

  /** The connection's session for VS Code; undefined when it is not signed in, or its secret could not be exchanged just now. */
  private async sessionOf(state: ConnectionState): Promise<AccountSession | undefined> {
    if (!(await this.isSignedIn(state))) return undefined;
    const sessionToken = await state.session.sessionTokenNow();
    if (sessionToken !== undefined) return accountSessionOf(state.name, sessionToken);
    this.services.logger.warn(`The connection ${state.name} is signed in, but no session could be had for it just now; the Accounts menu and other extensions do not get it`);
    return undefined;
  }

  /** Tells VS Code how a connection's session changed since it was last told. */
  private report(state: ConnectionState): Promise<void> {
    this.reporting = this.reporting
      .then(async () => {
        const reported = this.reported.get(state);
        const signedIn = await this.isSignedIn(state);
        const now = signedIn ? await this.sessionOf(state) : undefined;
        // Signed in, but the server could not be asked: VS Code keeps what it has.
        if (signedIn && !now) return;
        if (now) this.reported.set(state, now);
        else this.reported.delete(state);
        const change = sessionsChange(reported, now);
        if (change) this.changes.fire(change);
      })
      .catch((error: unknown) => this.services.logger.error(`The Accounts menu could not be told of a sign-in change: ${error instanceof Error ? error.message : String(error)}`));
    return this.reporting;
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** "ACCOUNT · HOST" as Switch Connection shows it; the local sandbox says whether choosing it starts it. */
function whereItPoints(connection: Connection, sandboxOrigin: string | undefined): string {
  if (connection.source === 'sandbox' && sandboxOrigin === undefined) return vscode.l10n.t('starts the local sandbox');
  const host = destinationHost(connection.serverUrl) ?? connection.serverUrl;
  return plainText(`${connection.account} · ${host}`, ROW_TEXT_LIMIT);
}

export function registerAuthenticationProvider(services: Services): Disposable {
  const provider = new GestixAuthenticationProvider(services);
  const registration = vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, provider, { supportsMultipleAccounts: true });
  return {
    dispose: () => {
      registration.dispose();
      provider.dispose();
    },
  };
}
