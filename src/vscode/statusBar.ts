// The session-health status-bar item and Check Session Status. The polling itself is StatusMonitor's;
// this file only shows its state, offers Sign In Again when the session expires, and turns clicks
// into commands.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { systemClock } from '../core/host/clock';
import { StatusMonitor, type SessionHealth } from '../core/status/statusMonitor';
import type { ApiErrorBody } from '../core/wire';
import { COMMAND, registerCommand } from './commands';
import { affectsConnection } from './configuration';
import { lookOf, tooltipOf } from './sessionHealthText';
import { reportSessionHealth } from './sessionReport';
import { ExpiryWarning, signInAgain, type SessionChecks } from './sessionRenewal';
import type { Services } from './services';
import { readSetting } from './settings';
import { showSessionActions, type SessionActions } from './statusBarMenu';

const STATUS_ITEM_ID = 'gestix.sessionStatus';

class SessionStatusBar implements Disposable, SessionChecks {
  private readonly store = new DisposableStore();
  private readonly item: vscode.StatusBarItem;
  private readonly monitor: StatusMonitor;
  private readonly actions: SessionActions;
  /** At most one expiry prompt until the session works again. */
  private expiryPrompted = false;
  /** Checks someone asked for that are under way; they report their own outcome. */
  private manualChecks = 0;
  private previousKind: SessionHealth['kind'];

  constructor(
    private readonly services: Services,
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
    this.store.add(registerCommand(COMMAND.checkStatus, () => this.checkAndReport()));
    this.store.add(registerCommand(COMMAND.sessionActions, () => this.showActions()));
    this.render(this.monitor.current);
    this.readSettings();
  }

  dispose(): void {
    this.store.dispose();
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
    if (enabled) this.item.show();
    else this.item.hide();
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
    this.item.text = look.text;
    this.item.tooltip = tooltipOf(health, this.services.settings.account);
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(`statusBarItem.${look.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Gestix session: {state}', { state: look.sentence }), role: 'button' };
    this.item.command =
      health.kind === 'notSignedIn'
        ? { title: vscode.l10n.t('Sign In'), command: COMMAND.signIn }
        : { title: vscode.l10n.t('Gestix Session Actions'), command: COMMAND.sessionActions };
  }

  private async checkAndReport(): Promise<void> {
    this.services.milestones.reach('sessionWatched');
    this.report(await this.checkNow());
  }

  private showActions(): Promise<void> {
    this.services.milestones.reach('sessionWatched');
    return showSessionActions(this.monitor.current, this.services.session.signedIn, this.actions);
  }
}

/**
 * The session-health item, Check Session Status and the session actions quick pick. What it returns
 * also runs the window's session checks, for whoever else offers Sign In Again (see sessionRenewal.ts).
 */
export function registerStatusBar(services: Services, showApiError: (error: ApiErrorBody) => void): Disposable & SessionChecks {
  return new SessionStatusBar(services, showApiError);
}
