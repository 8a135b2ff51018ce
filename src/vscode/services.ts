import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { GestixClient } from '../core/http/client';
import { PersistentNonceSource, type NonceSource } from '../core/session/nonce';
import { GestixSession } from '../core/session/session';
import { KnownSecrets, redactingLogger } from '../core/text/redact';
import type { Logger, NetworkPrompts } from '../core/host/ports';
import { affectsConnection, readConnectionSettings, type ConnectionSettings } from './configuration';
import { createNetworkPrompts } from './networkPrompts';
import { secretStoreOf, valueStoreOf } from './secrets';
import { Milestones } from './walkthrough';

const USER_AGENT = 'gestix-vscode';

function sameSettings(a: ConnectionSettings, b: ConnectionSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function extensionVersion(context: vscode.ExtensionContext): string | undefined {
  return (context.extension.packageJSON as { version?: string }).version;
}

/**
 * The core objects of one window, created on first use so that activation stays cheap. A change of
 * connection settings swaps in a new client (one keep-alive pool per server).
 */
export class Services implements Disposable {
  readonly knownSecrets = new KnownSecrets();
  /** The one logger of the window: every line, from every layer, redacted and made one plain line. */
  readonly logger: Logger;
  readonly milestones: Milestones;
  /** Where this window's own local sandbox answers while it runs: the one plain-http server a typed secret may go to unasked. */
  localSandboxOrigin: string | undefined;
  private current: { settings: ConnectionSettings; client: GestixClient } | undefined;
  private sessionInstance: GestixSession | undefined;
  private nonceSource: NonceSource | undefined;
  /** Clients replaced or closed whose connections are still closing; deactivation waits for them. */
  private readonly closingClients = new Set<Promise<void>>();
  private readonly store = new DisposableStore();
  private readonly networkPrompts: NetworkPrompts;

  constructor(
    readonly context: vscode.ExtensionContext,
    channel: Logger,
  ) {
    this.logger = redactingLogger(channel, this.knownSecrets);
    this.milestones = new Milestones(context.extension.id);
    this.networkPrompts = createNetworkPrompts(context.secrets, this.logger);
    this.store.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (this.current && affectsConnection(event)) this.connectTo(readConnectionSettings());
      }),
    );
    // The restricted settings now take the workspace's values, whichever event arrives first.
    this.store.add(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.current) this.connectTo(readConnectionSettings());
      }),
    );
    this.store.add(context.secrets.onDidChange(() => void this.sessionInstance?.reloadFromSecrets()));
  }

  get settings(): ConnectionSettings {
    return this.connection().settings;
  }

  get client(): GestixClient {
    return this.connection().client;
  }

  /** One increasing sequence for the window: writes and POST /auth draw from it. */
  get nonces(): NonceSource {
    this.nonceSource ??= new PersistentNonceSource(valueStoreOf(this.context.globalState));
    return this.nonceSource;
  }

  get session(): GestixSession {
    if (!this.sessionInstance) {
      this.sessionInstance = new GestixSession(this.client, secretStoreOf(this.context.secrets), {
        logger: this.logger,
        secrets: this.knownSecrets,
        nonces: this.nonces,
      });
    }
    return this.sessionInstance;
  }

  /** Points the client at another account without touching settings (used while signing in). */
  useAccount(account: string): void {
    const settings = this.settings;
    if (settings.account !== account) this.connectTo({ ...settings, account });
  }

  /** Back to what the settings say, e.g. after a sign-in for another account failed. */
  useConfiguredSettings(): void {
    this.connectTo(readConnectionSettings());
  }

  private connection(): { settings: ConnectionSettings; client: GestixClient } {
    if (!this.current) this.connectTo(readConnectionSettings());
    return this.current!;
  }

  private connectTo(settings: ConnectionSettings): void {
    if (this.current && sameSettings(this.current.settings, settings)) return;
    const previous = this.current;
    const client = new GestixClient(settings, {
      logger: this.logger,
      secrets: this.knownSecrets,
      userAgent: `${USER_AGENT}/${extensionVersion(this.context) ?? '0'}`,
      prompts: this.networkPrompts,
    });
    this.current = { settings, client };
    this.sessionInstance?.useClient(client);
    if (previous) this.retire(previous.client);
  }

  /** Closes a client's connections in the background: requests still under way finish first. */
  private retire(client: GestixClient): void {
    const closing = client.close().finally(() => this.closingClients.delete(closing));
    this.closingClients.add(closing);
  }

  /** Closes the connections of every client of this window; a later request would open new ones. */
  async close(): Promise<void> {
    if (this.current) this.retire(this.current.client);
    this.current = undefined;
    await Promise.all(this.closingClients);
  }

  dispose(): void {
    this.store.dispose();
  }
}
