// The session-health status-bar item and Check Session Status. The polling itself is StatusMonitor's;
// this file only shows its state, offers Sign In Again when the session expires, and turns clicks
// into commands. The item is there only where it helps (gestix.statusBar.show): while signed in, and
// in a workspace with Gestix document files, where it also offers to sign in.
import vscode = require('vscode');
import { DisposableStore, type Disposable, type Event } from '../core/host/events';
import { systemClock } from '../core/host/clock';
import { StatusMonitor, type SessionHealth } from '../core/status/statusMonitor';
import type { ApiErrorBody } from '../core/wire';
import { COMMAND, registerCommand } from './commands';
import { affectsConnection } from './configuration';
import { lookOf, textNaming, tooltipOf } from './sessionHealthText';
import { reportSessionHealth } from './sessionReport';
import { ExpiryWarning, signInAgain, type SessionChecks } from './sessionRenewal';
import type { Services } from './services';
import { readSetting } from './settings';
import { showSessionActions, type SessionActions } from './statusBarMenu';
import type { DocumentFolders } from './documentFolders';

const STATUS_ITEM_ID = 'gestix.sessionStatus';

/** The status monitor's findings about the connection in use, for the views that show them too. */
export interface SessionHealthSource extends SessionChecks {
  readonly health: SessionHealth;
  readonly onDidChangeHealth: Event<SessionHealth>;
}

class SessionStatusBar implements Disposable, SessionHealthSource {
  private readonly store = new DisposableStore();
  private readonly item: vscode.StatusBarItem;
  private readonly monitor: StatusMonitor;
  private readonly actions: SessionActions;
  /** At most one expiry prompt until the session works again. */
  private expiryPrompted = false;
  /** Checks someone asked for that are under way; they report their own outcome. */
  private manualChecks = 0;
  private previousKind: SessionHealth['kind'];
  /** Whether the item's presence depends on the workspace's documents: enabled, and gestix.statusBar.show is auto. */
  private dependsOnDocuments = false;
  /** Undefined until it is known whether the item shows. */
  private shown: boolean | undefined;

  constructor(
    private readonly services: Services,
    private readonly documents: DocumentFolders,
    showApiError: (error: ApiErrorBody) => void,
  ) {
    this.item = this.store.add(vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 20));
    this.item.name = vscode.l10n.t('Gestix Session');
    this.monitor = this.store.add(
      new StatusMonitor(services.session, {
        clock: systemClock,
        pollSeconds: readSetting('gestix.statusBar.pollSeconds'),
        focused: vscode.window.state.focused,
        pollingEnabled: readSetting('gestix.statusBar.enabled'),
      }),
    );
    this.actions = {
      checkAndReport: () => this.checkAndReport(),
      signInAgain: () => signInAgain(services.session, this),
      showApiError,
      expiryWarning: new ExpiryWarning(services.context.globalState, () => this.actions.signInAgain()),
    };
    this.previousKind = this.monitor.current.kind;
    this.store.add(this.monitor.onDidChange((health) => this.changed(health)));
    this.store.add(vscode.window.onDidChangeWindowState((state) => this.monitor.setFocused(state.focused)));
    this.store.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('gestix.statusBar')) this.readSettings();
        if (affectsConnection(event)) this.monitor.restart();
      }),
    );
    this.store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.readSettings()));
    this.store.add(services.session.onDidChangeSignedIn(() => this.updatePresence()));
    // Each connection has its own status: a switch starts over with the new one's.
    this.store.add(
      services.onDidChangeActive(() => {
        this.monitor.restart();
        this.render(this.monitor.current);
        this.updatePresence();
      }),
    );
    this.store.add(services.onDidChangeConnections(() => this.render(this.monitor.current)));
    this.store.add(documents.onDidChange(() => this.updatePresence()));
    this.store.add(registerCommand(COMMAND.checkStatus, () => this.checkAndReport()));
    this.store.add(registerCommand(COMMAND.sessionActions, () => this.showActions()));
    this.render(this.monitor.current);
    this.readSettings();
  }

  dispose(): void {
    this.store.dispose();
  }

  get health(): SessionHealth {
    return this.monitor.current;
  }

  get onDidChangeHealth(): Event<SessionHealth> {
    return this.monitor.onDidChange;
  }

  async checkNow(): Promise<SessionHealth> {
    this.manualChecks += 1;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking Gestix session') }, () => this.monitor.checkNow());
    } finally {
      this.manualChecks -= 1;
    }
  }

  report(health: SessionHealth): void {
    reportSessionHealth(health, this.actions);
  }

  private readSettings(): void {
    const enabled = readSetting('gestix.statusBar.enabled');
    this.monitor.setPollingEnabled(enabled);
    this.monitor.setPollSeconds(readSetting('gestix.statusBar.pollSeconds'));
    this.dependsOnDocuments = enabled && readSetting('gestix.statusBar.show') !== 'always';
    this.updatePresence();
  }

  /** Shows or hides the item, and says why in the log, for whoever looks for it. */
  private updatePresence(): void {
    const presence = this.presence();
    if (!presence || presence.shown === this.shown) return;
    this.shown = presence.shown;
    if (presence.shown) this.item.show();
    else this.item.hide();
    this.services.logger.info(`Session status item ${presence.shown ? 'shown' : 'hidden'}: ${presence.because}`);
  }

  /** Undefined while the workspace search has not answered (the item stays hidden meanwhile). */
  private presence(): { shown: boolean; because: string } | undefined {
    if (!readSetting('gestix.statusBar.enabled')) return { shown: false, because: 'gestix.statusBar.enabled is off' };
    if (!this.dependsOnDocuments) return { shown: true, because: 'gestix.statusBar.show is always' };
    if (this.services.session.signedIn) return { shown: true, because: 'signed in' };
    if (this.documents.present === undefined) return undefined;
    return this.documents.present
      ? { shown: true, because: 'the workspace has Gestix document files' }
      : { shown: false, because: 'the workspace has no Gestix document files; it shows while you are signed in (gestix.statusBar.show: auto)' };
  }

  private changed(health: SessionHealth): void {
    this.render(health);
    const enteredExpired = health.kind === 'expired' && this.previousKind !== 'expired';
    if (health.kind !== 'expired' && health.kind !== 'checking' && health.kind !== 'unreachable') this.expiryPrompted = false;
    this.previousKind = health.kind;
    if (enteredExpired && !this.expiryPrompted) {
      this.expiryPrompted = true;
      // A check someone asked for reports the expiry itself, with the same offer.
      if (this.manualChecks === 0) void this.actions.expiryWarning.show(health);
    }
  }

  private render(health: SessionHealth): void {
    const look = lookOf(health);
    const { connection } = this.services.active;
    const namesConnection = this.namesConnection();
    this.item.text = namesConnection ? textNaming(look, connection.name) : look.text;
    this.item.tooltip = tooltipOf(health, this.services.settings.account, connection.name);
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(`statusBarItem.${look.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Gestix session: {state}', { state: look.sentence }), role: 'button' };
    // With a choice of connections, signed out is a reason to sign in or to switch: the menu has both.
    this.item.command =
      health.kind === 'notSignedIn' && !namesConnection
        ? { title: vscode.l10n.t('Sign In'), command: COMMAND.signIn }
        : { title: vscode.l10n.t('Gestix Session Actions'), command: COMMAND.sessionActions };
  }

  /** With one connection besides the sandbox there is nothing to tell apart; the sandbox or a second one is named. */
  private namesConnection(): boolean {
    return this.services.active.connection.source !== 'settings' || this.services.connections().some((connection) => connection.source === 'connections');
  }

  private async checkAndReport(): Promise<void> {
    this.services.milestones.reach('sessionWatched');
    this.report(await this.checkNow());
  }

  private showActions(): Promise<void> {
    this.services.milestones.reach('sessionWatched');
    return showSessionActions(this.monitor.current, this.services.session.signedIn, this.services.active.name, this.actions);
  }
}

/**
 * The session-health item, Check Session Status and the session actions quick pick. What it returns
 * also runs the window's session checks, for whoever else offers Sign In Again (see sessionRenewal.ts).
 */
export function registerStatusBar(services: Services, documents: DocumentFolders, showApiError: (error: ApiErrorBody) => void): Disposable & SessionHealthSource {
  return new SessionStatusBar(services, documents, showApiError);
}
