// Gestix: Start / Stop Local Sandbox. The sandbox server runs inside the extension host, from its own
// bundle (dist/sandbox.js) that is loaded on first use only, so activation never pays for it.
// It is the built-in connection "Local sandbox": starting it makes that connection the one in use and
// signs in with its API token (kept in memory: it ends with the window), and changes no setting and
// no other connection's sign-in. Stopping goes back to the connection used before.
// Version 0.2 pointed the user settings at the sandbox instead; a window that finds them still
// pointing at a sandbox that ended with its window puts them back: nothing of ours holds that port
// any more, and anyone on the machine could.
import { hostname } from 'node:os';
import vscode = require('vscode');
import type * as SandboxModule from '../sandbox';
import type { RecordedRequest, RunningSandbox } from '../sandbox';
import { ownerState, processIsAlive, type SandboxOwner } from '../sandbox/owner';
import { DisposableStore, type Disposable } from '../core/host/events';
import { describeFailure } from '../core/http/describe';
import type { Logger } from '../core/host/ports';
import { redactingLogger } from '../core/text/redact';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { clampSetting, SANDBOX_PORT } from '../core/host/settingRanges';
import { LOCAL_SANDBOX_CONNECTION } from '../core/connections/connection';
import { COMMAND, executeCommand, registerCommand, setContext } from './commands';
import { loggerOf } from './log';
import type { ConnectionState, Services } from './services';
import { readSetting, writeUserSetting } from './settings';

const RUNNING_CONTEXT_KEY = 'gestix.sandboxRunning';
/** Running, or the settings still point at a sandbox of an earlier session (Stop puts them back). */
const ACTIVE_CONTEXT_KEY = 'gestix.sandboxActive';
/** A reload may start this window's extension host before the one it replaces has exited. */
const OWNER_RECHECK_MS = 10_000;

/** What Start of version 0.2 changed in the user settings, kept across reloads so that Stop can undo it. */
interface Redirect {
  origin: string;
  previousServerUrl: string | undefined;
  /** Whether Start changed the account (to the one the sandbox serves). */
  setAccount: boolean;
  previousAccount: string | undefined;
  /** The extension host that runs the sandbox (absent when written by version 0.1.0). */
  owner?: SandboxOwner;
}
const REDIRECT_KEY = 'gestix.sandbox.redirect';

class LocalSandbox implements Disposable {
  private running: RunningSandbox | undefined;
  private starting: Promise<void> | undefined;
  private requestChannel: vscode.LogOutputChannel | undefined;
  private requestLog: Logger | undefined;
  private ownerRecheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly services: Services,
    private readonly context: vscode.ExtensionContext,
  ) {
    this.updateContext();
    void this.putBackSettingsOfEndedSandbox(true);
  }

  private get redirect(): Redirect | undefined {
    return this.context.globalState.get<Redirect>(REDIRECT_KEY);
  }

  private updateContext(): void {
    void setContext(RUNNING_CONTEXT_KEY, this.running !== undefined);
    void setContext(ACTIVE_CONTEXT_KEY, this.running !== undefined || this.redirect !== undefined);
  }

  start(): Promise<void> {
    this.starting ??= this.startOnce().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    if (this.running) {
      const connection = await this.services.switchTo(LOCAL_SANDBOX_CONNECTION);
      // Signed out of it in the Accounts menu: choosing it again signs in again.
      if (connection && !connection.session.signedIn) await this.signIn(connection, this.running);
      else void vscode.window.showInformationMessage(vscode.l10n.t('The local Gestix sandbox is already running at {origin}.', { origin: this.running.origin }));
      return;
    }
    let sandbox: RunningSandbox;
    try {
      sandbox = await this.listen();
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the local Gestix sandbox: {reason}', { reason: error instanceof Error ? error.message : String(error) }));
      return;
    }
    this.running = sandbox;
    this.services.setLocalSandbox({ origin: sandbox.origin, account: sandbox.account });
    this.services.logger.info(`Local sandbox started at ${sandbox.origin} (account ${sandbox.account})`);
    const connection = await this.services.switchTo(LOCAL_SANDBOX_CONNECTION);
    this.updateContext();
    if (connection) await this.signIn(connection, sandbox);
  }

  /** Signs the sandbox's connection in with the token the sandbox was started with, and says so. */
  private async signIn(connection: ConnectionState, sandbox: RunningSandbox): Promise<void> {
    const signedIn = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Signing in to the local sandbox…') }, () =>
      connection.session.signInWithApiToken(sandbox.apiToken),
    );
    if (!signedIn.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The local Gestix sandbox runs at {origin}, but signing in to it failed: {reason}', { origin: sandbox.origin, reason: plainText(describeFailure(signedIn.failure), FAILURE_TEXT_LIMIT) }));
      return;
    }
    const openSample = vscode.l10n.t('Open Sample Invoice');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('The local Gestix sandbox runs at {origin} (account {account}), and you are signed in to it. Documents you send stay on this machine.', {
          origin: sandbox.origin,
          account: sandbox.account,
        }),
        openSample,
      )
      .then((choice) => choice === openSample && executeCommand(COMMAND.openSampleInvoice));
  }

  private async listen(): Promise<RunningSandbox> {
    const { startSandbox } = this.loadModule();
    const preferred = clampSetting(SANDBOX_PORT, readSetting('gestix.sandbox.port'));
    const options = { onRequest: (request: RecordedRequest) => this.logRequest(request) };
    try {
      return await startSandbox({ ...options, port: preferred });
    } catch (error) {
      if (preferred === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      return startSandbox({ ...options, port: 0 });
    }
  }

  private loadModule(): typeof SandboxModule {
    // A file path, not a module name: esbuild leaves this require alone, so the server stays out of dist/extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the sandbox is a bundle of its own, loaded on first use
    return require(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'sandbox.js').fsPath) as typeof SandboxModule;
  }

  private logRequest(request: RecordedRequest): void {
    if (!this.requestLog) {
      this.requestChannel = vscode.window.createOutputChannel(vscode.l10n.t('Gestix Sandbox'), { log: true });
      this.requestLog = redactingLogger(loggerOf(this.requestChannel), this.services.knownSecrets);
    }
    this.requestLog.info(`${request.method} ${request.path} -> ${request.status ?? 'dropped'}`);
  }

  async stop(): Promise<void> {
    const running = this.running;
    const redirect = this.redirect;
    if (!running && !redirect) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The local Gestix sandbox is not running.'));
      return;
    }
    this.running = undefined;
    if (running) await this.services.stateOf(LOCAL_SANDBOX_CONNECTION)?.session.signOut();
    this.services.setLocalSandbox(undefined);
    const signedOut = redirect ? await this.putSettingsBack(redirect) : false;
    await running?.close();
    this.updateContext();
    if (running) this.services.logger.info(`Local sandbox at ${running.origin} stopped`);
    const connection = plainText(this.services.active.name, 80);
    void vscode.window.showInformationMessage(
      signedOut
        ? vscode.l10n.t('The local Gestix sandbox was stopped and its sign-in forgotten. Gestix uses the connection {connection}.', { connection })
        : vscode.l10n.t('The local Gestix sandbox was stopped. Gestix uses the connection {connection}.', { connection }),
    );
  }

  /** Undoes what Start wrote to the settings; true when the sandbox's sign-in was forgotten with it. */
  private async putSettingsBack(redirect: Redirect): Promise<boolean> {
    // A sign-in made for the sandbox is useless anywhere else; one for a real server is kept.
    await this.services.session.ensureLoaded();
    const signOut = this.services.session.storedOrigin?.startsWith(`${redirect.origin}/`) ?? false;
    if (signOut) await this.services.session.signOut();
    await writeUserSetting('gestix.serverUrl', redirect.previousServerUrl);
    if (redirect.setAccount) await writeUserSetting('gestix.account', redirect.previousAccount);
    await this.context.globalState.update(REDIRECT_KEY, undefined);
    this.services.useConfiguredSettings();
    return signOut;
  }

  /**
   * At activation: the settings may still point at a sandbox that ended with its window (a reload,
   * a closed window). When its extension host is gone, the settings are put back at once; when that
   * cannot be told (another machine, or written by an earlier version), the person is offered it
   * with one click. A sandbox another window still runs is left alone (looked at once more a little
   * later, in case that window was the one this reload replaces).
   */
  private async putBackSettingsOfEndedSandbox(recheck: boolean): Promise<void> {
    const redirect = this.redirect;
    if (!redirect || this.running || this.starting || this.services.settings.serverUrl !== redirect.origin) return;
    const state = ownerState(redirect.owner, { pid: process.pid, host: hostname(), isAlive: processIsAlive });
    if (state === 'running') {
      if (recheck) this.ownerRecheck = setTimeout(() => void this.putBackSettingsOfEndedSandbox(false), OWNER_RECHECK_MS);
      return;
    }
    if (state === 'ended') {
      this.services.logger.info(`The local sandbox at ${redirect.origin} ended with its window; putting the settings back`);
      const signedOut = await this.putSettingsBack(redirect);
      this.updateContext();
      const names = { origin: redirect.origin, server: this.services.settings.serverUrl };
      void vscode.window.showInformationMessage(
        signedOut
          ? vscode.l10n.t('The local Gestix sandbox at {origin} ended with its window, so its settings and sign-in were removed. Gestix uses {server} again.', names)
          : vscode.l10n.t('The local Gestix sandbox at {origin} ended with its window, so its settings were removed. Gestix uses {server} again.', names),
      );
      return;
    }
    const putBack = vscode.l10n.t('Put Settings Back');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Gestix settings still point at the local sandbox at {origin}, which may have ended with its window. Any program on this computer could now answer there.',
        { origin: redirect.origin },
      ),
      putBack,
    );
    if (choice === putBack) await this.stop();
  }

  /**
   * Stops the server with the window, leaving the settings pointing at it: the next window puts
   * them back (see putBackSettingsOfEndedSandbox), as it must after a crash anyway.
   */
  async close(): Promise<void> {
    if (this.running) this.services.setLocalSandbox(undefined);
    await this.running?.close();
  }

  dispose(): void {
    clearTimeout(this.ownerRecheck);
    this.requestChannel?.dispose();
  }
}

/** Start and Stop Local Sandbox; what it returns is to be closed when the window closes. */
export function registerLocalSandbox(services: Services, context: vscode.ExtensionContext): Disposable & { close(): Promise<void> } {
  const sandbox = new LocalSandbox(services, context);
  const store = new DisposableStore();
  store.add(sandbox);
  store.add(registerCommand(COMMAND.startSandbox, () => sandbox.start()));
  store.add(registerCommand(COMMAND.stopSandbox, () => sandbox.stop()));
  return { dispose: () => store.dispose(), close: () => sandbox.close() };
}
