import vscode = require('vscode');
import { DisposableStore, Emitter, type Disposable, type Event } from '../core/host/events';
import { GestixClient } from '../core/http/client';
import { PersistentNonceSource, type NonceSource } from '../core/session/nonce';
import { GestixSession, type StoredSignIn } from '../core/session/session';
import { ActiveSession } from '../core/connections/activeSession';
import {
  chooseConnection,
  listConnections,
  localSandboxConnection,
  LOCAL_SANDBOX_CONNECTION,
  nameKey,
  nonceKeyOf,
  sameName,
  signInKeyOf,
  type Connection,
} from '../core/connections/connection';
import { KnownSecrets, redactingLogger } from '../core/text/redact';
import type { Logger, NetworkPrompts, SecretStore } from '../core/host/ports';
import type { Result } from '../core/http/result';
import {
  affectsConnection,
  connectionSettingsOf,
  readNetworkSettings,
  readSettingsConnection,
  readStoredConnections,
  settingsConnectionWasSet,
  type ConnectionSettings,
} from './configuration';
import { createNetworkPrompts } from './networkPrompts';
import { secretStoreOf, valueStoreOf } from './secrets';
import { readSetting } from './settings';
import { Milestones } from './walkthrough';

const USER_AGENT = 'gestix-vscode';
/** Switch Connection's choice: per workspace, and the last one for windows that have made none. */
const WINDOW_CHOICE_KEY = 'gestix.connection.chosen';
const LAST_CHOICE_KEY = 'gestix.connection.last';

function sameSettings(a: ConnectionSettings, b: ConnectionSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

type StoredConnections = ReturnType<typeof readStoredConnections>;

function extensionVersion(context: vscode.ExtensionContext): string | undefined {
  return (context.extension.packageJSON as { version?: string }).version;
}

/** The settings' connection is named after its account, which signing in may change: it keeps its state. */
function stateKey(connection: Connection): string {
  return connection.source === 'settings' ? '\u0000settings' : nameKey(connection.name);
}

/** The sandbox's secret ends with its window: it is kept in memory, never in SecretStorage. */
function memorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    store: (key, value) => Promise.resolve(void values.set(key, value)),
    delete: (key) => Promise.resolve(void values.delete(key)),
  };
}

/** A sign-in tried for a connection before it is saved; `made` when it worked. */
export interface CheckedSignIn {
  result: Result<void>;
  made?: { signIn: StoredSignIn; sessionToken: string };
}

/** One connection's client, session and nonces. A change of its settings swaps in a new client. */
export class ConnectionState {
  constructor(
    public connection: Connection,
    public settings: ConnectionSettings,
    public client: GestixClient,
    readonly session: GestixSession,
    readonly nonces: NonceSource,
  ) {}

  get name(): string {
    return this.connection.name;
  }
}

/**
 * The core objects of one window, created on first use so that activation stays cheap: a state per
 * connection, and which connection is in use.
 */
export class Services implements Disposable {
  readonly knownSecrets = new KnownSecrets();
  /** The one logger of the window: every line, from every layer, redacted and made one plain line. */
  readonly logger: Logger;
  readonly milestones: Milestones;
  private sandbox: { origin: string; account: string } | undefined;
  private readonly states = new Map<string, ConnectionState>();
  private activeState: ConnectionState | undefined;
  private reportedProblems = '';
  /** Chosen with Switch Connection in this window. */
  private windowChoice: string | undefined;
  private activeSessionInstance: ActiveSession | undefined;
  private readonly sandboxSecrets = memorySecretStore();
  /** Clients replaced or closed whose connections are still closing; deactivation waits for them. */
  private readonly closingClients = new Set<Promise<void>>();
  private readonly store = new DisposableStore();
  private readonly networkPrompts: NetworkPrompts;
  private readonly activeChanges = this.store.add(new Emitter<ConnectionState>());
  private readonly signInChanges = this.store.add(new Emitter<ConnectionState>());
  /** Another connection is in use. */
  readonly onDidChangeActive: Event<ConnectionState> = this.activeChanges.event;
  /** A connection was signed in to or out of (any connection, not only the one in use). */
  readonly onDidChangeSignIn: Event<ConnectionState> = this.signInChanges.event;
  private readonly sessionRenewals = this.store.add(new Emitter<ConnectionState>());
  /** A connection's session token was replaced by a new one from the same sign-in. */
  readonly onDidRenewSession: Event<ConnectionState> = this.sessionRenewals.event;
  /** The list of connections may have changed (settings, the sandbox started or stopped). */
  private readonly listChanges = this.store.add(new Emitter<void>());
  readonly onDidChangeConnections: Event<void> = this.listChanges.event;
  private readonly renames = this.store.add(new Emitter<{ before: string; after: string }>());
  /** A connection was given another name (Edit Connection…); what is kept under its name follows. */
  readonly onDidRenameConnection: Event<{ before: string; after: string }> = this.renames.event;

  constructor(
    readonly context: vscode.ExtensionContext,
    channel: Logger,
  ) {
    this.logger = redactingLogger(channel, this.knownSecrets);
    this.milestones = new Milestones(context.extension.id);
    this.networkPrompts = createNetworkPrompts(context.secrets, this.logger);
    this.store.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('gestix.connection') && !event.affectsConfiguration('gestix.connections')) void this.context.workspaceState.update(WINDOW_CHOICE_KEY, undefined);
        if (affectsConnection(event)) this.refresh();
      }),
    );
    // The restricted settings now take the workspace's values, whichever event arrives first.
    this.store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.store.add(
      context.secrets.onDidChange((event) => {
        for (const state of this.states.values()) if (signInKeyOf(state.connection) === event.key) void state.session.reloadFromSecrets();
      }),
    );
  }

  /** Every connection offered: the user's, the settings' one, and the local sandbox. */
  connections(): Connection[] {
    return this.connectionsOf(readStoredConnections());
  }

  private connectionsOf(stored: StoredConnections): Connection[] {
    return listConnections({
      stored: stored.connections,
      fromSettings: readSettingsConnection(),
      settingsWereSet: settingsConnectionWasSet(),
      sandbox: localSandboxConnection(this.sandbox?.origin, this.sandbox?.account ?? ''),
    });
  }

  /** The connection in use, with its client and session. */
  get active(): ConnectionState {
    if (!this.activeState) this.refresh();
    return this.activeState!;
  }

  /** The state of a connection by name; undefined when there is no such connection any more. */
  stateOf(name: string): ConnectionState | undefined {
    const connection = this.connections().find((candidate) => sameName(candidate.name, name));
    return connection && this.stateFor(connection);
  }

  get settings(): ConnectionSettings {
    return this.active.settings;
  }

  get client(): GestixClient {
    return this.active.client;
  }

  get nonces(): NonceSource {
    return this.active.nonces;
  }

  /** The session of the connection in use, following it when another one is chosen. */
  get session(): ActiveSession {
    this.activeSessionInstance ??= new ActiveSession(this.active.session);
    return this.activeSessionInstance;
  }

  /** Where this window's own local sandbox answers while it runs: the one plain-http server a typed secret may go to unasked. */
  get localSandboxOrigin(): string | undefined {
    return this.sandbox?.origin;
  }

  /** The local sandbox started (or ended: undefined); its connection follows it. */
  setLocalSandbox(sandbox: { origin: string; account: string } | undefined): void {
    this.sandbox = sandbox;
    if (!sandbox && this.windowChoice !== undefined && sameName(this.windowChoice, LOCAL_SANDBOX_CONNECTION)) this.windowChoice = undefined;
    this.listChanges.fire();
    this.refresh();
  }

  /** Uses another connection in this window; no setting changes. */
  async switchTo(name: string): Promise<ConnectionState | undefined> {
    const state = this.stateOf(name);
    if (!state) return undefined;
    // The sandbox ends with its window, so only this window remembers choosing it.
    if (state.connection.source !== 'sandbox') {
      await this.context.workspaceState.update(WINDOW_CHOICE_KEY, state.name);
      await this.context.globalState.update(LAST_CHOICE_KEY, state.name);
    }
    this.windowChoice = state.name;
    this.refresh();
    return state;
  }

  /**
   * Signs in to a connection that is not saved yet (Add or Edit Connection), in memory only: the
   * secret's SecretStorage entry (`stored`) is written by whoever saves the connection.
   */
  async trySignIn(connection: Connection, exchange: (session: GestixSession, signal: AbortSignal) => Promise<Result<void>>, signal: AbortSignal): Promise<CheckedSignIn> {
    const key = signInKeyOf(connection);
    const client = this.newClient(connectionSettingsOf(connection, readNetworkSettings()));
    const nonces = new PersistentNonceSource(valueStoreOf(this.context.globalState), Date.now, nonceKeyOf(connection));
    const session = new GestixSession(client, memorySecretStore(), { logger: this.logger, secrets: this.knownSecrets, nonces, signInKey: key });
    try {
      const result = await exchange(session, signal);
      const made = session.signInWithToken;
      return result.ok && made ? { result, made } : { result };
    } finally {
      this.retire(client);
    }
  }

  /** Keeps a sign-in `trySignIn` made, with its session, for the connection now saved. */
  async keepSignIn(connection: Connection, made: NonNullable<CheckedSignIn['made']>): Promise<void> {
    await this.stateFor(connection).session.adoptSignIn(made.signIn, made.sessionToken);
  }

  /** Keeps a connection's secret as SecretStorage holds it (moved from another name), or deletes it. */
  async storeSignIn(connection: Connection, stored: string | undefined): Promise<void> {
    const key = signInKeyOf(connection);
    if (stored === undefined) await this.context.secrets.delete(key);
    else await this.context.secrets.store(key, stored);
  }

  async storedSignIn(connection: Connection): Promise<string | undefined> {
    return connection.source === 'sandbox' ? undefined : this.context.secrets.get(signInKeyOf(connection));
  }

  /** A connection's new name: the choices that named it name it still, so saving the rename switches nothing. */
  async followRename(before: string, after: string): Promise<void> {
    if (this.windowChoice !== undefined && sameName(this.windowChoice, before)) this.windowChoice = after;
    for (const [memento, key] of [
      [this.context.workspaceState, WINDOW_CHOICE_KEY],
      [this.context.globalState, LAST_CHOICE_KEY],
    ] as const) {
      const chosen = memento.get<string>(key);
      if (chosen !== undefined && sameName(chosen, before)) await memento.update(key, after);
    }
    this.renames.fire({ before, after });
  }

  /** Points the settings' connection at another account without touching settings (used while signing in). */
  useAccount(account: string): void {
    const state = this.active;
    if (state.connection.source !== 'settings' || state.connection.account === account) return;
    this.connect(state, { ...state.connection, account });
  }

  /** Back to what the settings say, e.g. after a sign-in for another account failed. */
  useConfiguredSettings(): void {
    this.refresh();
  }

  /** Reads the settings again: the connections, their settings, and which one is in use. */
  private refresh(): void {
    const stored = readStoredConnections();
    const connections = this.connectionsOf(stored);
    const setting = readSetting('gestix.connection');
    const chosen = chooseConnection(connections, {
      window: this.windowChoice ?? this.context.workspaceState.get<string>(WINDOW_CHOICE_KEY),
      setting,
      last: this.context.globalState.get<string>(LAST_CHOICE_KEY),
    });
    this.reportSettingProblems(setting, connections, stored.skipped);
    for (const connection of connections) {
      const existing = this.states.get(stateKey(connection));
      if (existing) this.connect(existing, connection);
    }
    const state = this.stateFor(chosen);
    if (state === this.activeState) return;
    const previous = this.activeState;
    this.activeState = state;
    this.activeSessionInstance?.use(state.session);
    // A connection's session reads its stored sign-in on first use; until then it reads as signed out.
    void state.session.ensureLoaded();
    if (previous) {
      this.logger.info(`Connection in use: ${state.name}`);
      this.activeChanges.fire(state);
    }
  }

  /** Said once per new problem: entries of gestix.connections that cannot be used, a name that names none. */
  private reportSettingProblems(setting: string, connections: readonly Connection[], skipped: readonly string[]): void {
    const problems = [
      ...skipped.map((reason) => `gestix.connections ${reason}; that entry is left out`),
      ...(setting.trim() && !connections.some((connection) => sameName(connection.name, setting.trim())) ? [`gestix.connection names "${setting.trim()}", which is not a connection`] : []),
    ];
    const report = problems.join('\n');
    if (report === this.reportedProblems) return;
    this.reportedProblems = report;
    for (const problem of problems) this.logger.warn(problem);
  }

  private stateFor(connection: Connection): ConnectionState {
    const key = stateKey(connection);
    const existing = this.states.get(key);
    if (existing) return existing;
    const settings = connectionSettingsOf(connection, readNetworkSettings());
    const client = this.newClient(settings);
    const sandbox = connection.source === 'sandbox';
    const nonces = new PersistentNonceSource(valueStoreOf(this.context.globalState), Date.now, nonceKeyOf(connection));
    const session = new GestixSession(client, sandbox ? this.sandboxSecrets : secretStoreOf(this.context.secrets), {
      logger: this.logger,
      secrets: this.knownSecrets,
      nonces,
      signInKey: signInKeyOf(connection),
    });
    const state = new ConnectionState(connection, settings, client, session, nonces);
    this.store.add(session.onDidChangeSignedIn(() => this.signInChanges.fire(state)));
    this.store.add(session.onDidRenewSessionToken(() => this.sessionRenewals.fire(state)));
    this.states.set(key, state);
    return state;
  }

  /** Brings a state up to its connection's settings; a new client only when they changed. */
  private connect(state: ConnectionState, connection: Connection): void {
    state.connection = connection;
    const settings = connectionSettingsOf(connection, readNetworkSettings());
    if (sameSettings(state.settings, settings)) return;
    const previous = state.client;
    state.settings = settings;
    state.client = this.newClient(settings);
    state.session.useClient(state.client);
    this.retire(previous);
  }

  private newClient(settings: ConnectionSettings): GestixClient {
    return new GestixClient(settings, {
      logger: this.logger,
      secrets: this.knownSecrets,
      userAgent: `${USER_AGENT}/${extensionVersion(this.context) ?? '0'}`,
      prompts: this.networkPrompts,
    });
  }

  /** Closes a client's connections in the background: requests still under way finish first. */
  private retire(client: GestixClient): void {
    const closing = client.close().finally(() => this.closingClients.delete(closing));
    this.closingClients.add(closing);
  }

  /** Closes the connections of every client of this window; a later request would open new ones. */
  async close(): Promise<void> {
    for (const state of this.states.values()) this.retire(state.client);
    await Promise.all(this.closingClients);
  }

  dispose(): void {
    this.activeSessionInstance?.dispose();
    this.store.dispose();
  }
}
