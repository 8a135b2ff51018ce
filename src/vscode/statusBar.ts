// The session-health status-bar item, its quick pick and Check Session Status. The polling itself is
// StatusMonitor's; this file only shows its state and turns clicks into commands.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { systemClock } from '../core/host/clock';
import { describeFailure } from '../core/http/describe';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { StatusMonitor, type SessionHealth } from '../core/status/statusMonitor';
import type { ApiErrorBody } from '../core/wire';
import { COMMAND, executeCommand, openSettings, registerCommand } from './commands';
import { affectsConnection } from './configuration';
import type { Services } from './services';
import { readSetting } from './settings';

export const STATUS_ITEM_ID = 'gestix.sessionStatus';

function openConnectionSettings(): Thenable<unknown> {
  return openSettings('gestix.');
}

function clockTime(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toLocaleTimeString();
}

function problemOf(health: SessionHealth): string | undefined {
  if (!health.lastFailure) return undefined;
  if (health.signInFailure === 'rejected') return vscode.l10n.t('Gestix refused the stored sign-in secret.');
  return describeFailure(health.lastFailure);
}

interface Look {
  text: string;
  sentence: string;
  background?: 'warning' | 'error';
}

function lookOf(health: SessionHealth): Look {
  switch (health.kind) {
    case 'notSignedIn':
      return { text: `$(account) ${vscode.l10n.t('Gestix: Sign in')}`, sentence: vscode.l10n.t('Not signed in to Gestix. Click to sign in.') };
    case 'checking':
      return { text: health.checking ? '$(sync~spin) Gestix' : '$(cloud) Gestix', sentence: vscode.l10n.t('Signed in; the session has not been checked yet.') };
    case 'healthy':
      return { text: '$(check) Gestix', sentence: vscode.l10n.t('The Gestix session is healthy.') };
    case 'recentErrors': {
      const count = health.recentErrors.length;
      return {
        text: `$(warning) ${count === 1 ? vscode.l10n.t('Gestix: 1 error') : vscode.l10n.t('Gestix: {count} errors', { count })}`,
        sentence:
          count === 1
            ? vscode.l10n.t('The session works; the server lists 1 recent error it returned to it.')
            : vscode.l10n.t('The session works; the server lists {count} recent errors it returned to it.', { count }),
      };
    }
    case 'versionDrift':
      return health.versionChange === 'compatibleUpdate'
        ? { text: `$(info) ${vscode.l10n.t('Gestix: API update')}`, sentence: vscode.l10n.t('The session works; the server runs a newer API version than the one called.') }
        : {
            text: `$(warning) ${vscode.l10n.t('Gestix: API version')}`,
            sentence: vscode.l10n.t("The session works, but the server's current API version is not a compatible update of the one this extension calls."),
            background: 'warning',
          };
    case 'expired':
      return {
        text: `$(warning) ${vscode.l10n.t('Gestix: session expired')}`,
        sentence:
          health.signInFailure === 'rejected'
            ? vscode.l10n.t('Gestix refused the stored API token or credentials. Sign in again.')
            : vscode.l10n.t('The session has expired. Sending a document signs in again with the stored secret, or choose Sign In Again.'),
        background: 'warning',
      };
    case 'unreachable':
      return { text: `$(error) ${vscode.l10n.t('Gestix: unreachable')}`, sentence: vscode.l10n.t('Gestix could not be reached or did not answer properly.'), background: 'error' };
    case 'notConfigured':
      return {
        text: `$(gear) ${vscode.l10n.t('Gestix: set up')}`,
        sentence: vscode.l10n.t('Signed in, but the settings do not say which Gestix account or server to use. Click to fix them.'),
        background: 'warning',
      };
  }
}

function tooltipOf(health: SessionHealth, account: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  const row = (label: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    // Labels are the extension's own (translated) text, so Markdown; the values are server text.
    tooltip.appendMarkdown(`**${vscode.l10n.t('{label}:', { label })}** `);
    tooltip.appendText(plainText(value));
    tooltip.appendMarkdown('  \n');
  };
  tooltip.appendMarkdown(`**${vscode.l10n.t('Gestix session')}**\n\n`);
  tooltip.appendText(lookOf(health).sentence);
  tooltip.appendMarkdown('\n\n');
  if (health.kind !== 'notSignedIn') {
    row(vscode.l10n.t('Account'), account);
    const working = health.kind === 'healthy' || health.kind === 'recentErrors' || health.kind === 'versionDrift';
    row(working ? vscode.l10n.t('Status') : vscode.l10n.t('Last status'), health.status?.status);
    row(vscode.l10n.t('Server time'), health.status?.server_time);
    if (health.calledVersion !== undefined) {
      row(
        vscode.l10n.t('API version'),
        health.calledVersion === health.currentVersion
          ? health.calledVersion
          : vscode.l10n.t('called {called}, current {current}', { called: health.calledVersion, current: health.currentVersion ?? '?' }),
      );
    }
    if (health.recentErrors.length > 0) row(vscode.l10n.t('Recent errors'), String(health.recentErrors.length));
    row(vscode.l10n.t('Problem'), health.kind === 'expired' || health.kind === 'unreachable' || health.kind === 'notConfigured' ? problemOf(health) : undefined);
    const checkedAt = clockTime(health.lastCheckAt);
    const withLatency = health.latencyMs !== undefined && health.lastAnswerAt === health.lastCheckAt;
    row(vscode.l10n.t('Last check'), checkedAt && (withLatency ? vscode.l10n.t('{time} ({latency} ms)', { time: checkedAt, latency: health.latencyMs! }) : checkedAt));
    if (health.lastAnswerAt !== health.lastCheckAt) row(vscode.l10n.t('Last answer'), clockTime(health.lastAnswerAt));
    row(vscode.l10n.t('Next check'), clockTime(health.nextCheckAt));
  }
  tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click for session actions.')}`);
  return tooltip;
}

class SessionStatusBar implements Disposable {
  private readonly store = new DisposableStore();
  private readonly item: vscode.StatusBarItem;
  private readonly monitor: StatusMonitor;
  /** At most one expiry prompt until the session works again. */
  private expiryPrompted = false;
  /** Checks someone asked for that are under way; they report their own outcome. */
  private manualChecks = 0;
  private previousKind: SessionHealth['kind'];

  constructor(
    private readonly services: Services,
    private readonly showApiError: (error: ApiErrorBody) => void,
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
      if (this.manualChecks === 0) void this.offerSignInAgain(health);
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

  private async offerSignInAgain(health: SessionHealth): Promise<void> {
    const message =
      health.signInFailure === 'rejected' ? vscode.l10n.t('Gestix refused the stored API token or credentials.') : vscode.l10n.t('Your Gestix session has expired.');
    const signInAgain = vscode.l10n.t('Sign In Again');
    const choice = await vscode.window.showWarningMessage(message, signInAgain);
    if (choice === signInAgain) await this.signInAgain();
  }

  /** Renews the session with the stored secret; asks for a new one only when that is refused. */
  private async signInAgain(): Promise<void> {
    const session = this.services.session;
    if (!session.signedIn) {
      await executeCommand(COMMAND.signIn);
      return;
    }
    session.forgetSessionToken();
    let health = await this.check();
    // A poll that was in flight with the old token may have been joined; one more check uses the new one.
    if (health.kind === 'expired' && health.signInFailure === undefined) health = await this.check();
    if (health.kind === 'expired') {
      const signIn = vscode.l10n.t('Sign In');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Gestix refused the stored sign-in secret. Sign in with a new one.'), signIn);
      if (choice !== signIn) return;
      await executeCommand(session.signInMethod === 'credentials' ? COMMAND.signInWithPassword : COMMAND.signIn);
      await this.check();
      return;
    }
    this.report(health);
  }

  private async check(): Promise<SessionHealth> {
    this.manualChecks += 1;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking Gestix session') }, () => this.monitor.checkNow());
    } finally {
      this.manualChecks -= 1;
    }
  }

  private async checkAndReport(): Promise<void> {
    this.services.milestones.reach('sessionWatched');
    this.report(await this.check());
  }

  private report(health: SessionHealth): void {
    const latency = health.latencyMs;
    const timed = latency !== undefined;
    switch (health.kind) {
      case 'notSignedIn':
        return this.notify('info', vscode.l10n.t('You are not signed in to Gestix.'), [[vscode.l10n.t('Sign In'), () => executeCommand(COMMAND.signIn)]]);
      case 'checking':
        return this.notify('info', vscode.l10n.t('The Gestix session has not been checked yet.'), []);
      case 'healthy': {
        const status = plainText(health.status?.status);
        return this.notify(
          'info',
          timed ? vscode.l10n.t('The Gestix session is healthy ({latency} ms): {status}', { latency, status }) : vscode.l10n.t('The Gestix session is healthy: {status}', { status }),
          [],
        );
      }
      case 'recentErrors': {
        const count = health.recentErrors.length;
        const message =
          count === 1
            ? timed
              ? vscode.l10n.t('The Gestix session works ({latency} ms); the server lists 1 recent error for it.', { latency })
              : vscode.l10n.t('The Gestix session works; the server lists 1 recent error for it.')
            : timed
              ? vscode.l10n.t('The Gestix session works ({latency} ms); the server lists {count} recent errors for it.', { latency, count })
              : vscode.l10n.t('The Gestix session works; the server lists {count} recent errors for it.', { count });
        return this.notify('warning', message, [[vscode.l10n.t('Show Recent Errors'), () => this.showRecentErrors(health.recentErrors)]]);
      }
      case 'versionDrift': {
        const versions = { current: plainText(health.currentVersion, 40), called: plainText(health.calledVersion, 40) };
        return this.notify(
          health.versionChange === 'compatibleUpdate' ? 'info' : 'warning',
          timed
            ? vscode.l10n.t("The Gestix session works ({latency} ms). The server's current API version is {current}; this extension calls {called}.", { latency, ...versions })
            : vscode.l10n.t("The Gestix session works. The server's current API version is {current}; this extension calls {called}.", versions),
          [[vscode.l10n.t('Open Settings'), () => openSettings('gestix.apiVersion')]],
        );
      }
      case 'expired':
        return this.notify('warning', lookOf(health).sentence, [[vscode.l10n.t('Sign In Again'), () => this.signInAgain()]]);
      case 'unreachable':
        return this.notify('error', vscode.l10n.t('Gestix could not be checked: {problem}', { problem: plainText(problemOf(health), FAILURE_TEXT_LIMIT) }), [
          [vscode.l10n.t('Open Log'), () => executeCommand(COMMAND.showLog)],
        ]);
      case 'notConfigured':
        return this.notify('warning', vscode.l10n.t('Gestix is not set up: {problem}', { problem: plainText(problemOf(health), FAILURE_TEXT_LIMIT) }), [
          [vscode.l10n.t('Open Settings'), () => openConnectionSettings()],
        ]);
    }
  }

  private notify(severity: 'info' | 'warning' | 'error', message: string, actions: [label: string, run: () => unknown][]): void {
    const labels = actions.map(([label]) => label);
    const shown =
      severity === 'info'
        ? vscode.window.showInformationMessage(message, ...labels)
        : severity === 'warning'
          ? vscode.window.showWarningMessage(message, ...labels)
          : vscode.window.showErrorMessage(message, ...labels);
    void shown.then((choice) => actions.find(([label]) => label === choice)?.[1]());
  }

  private async showActions(): Promise<void> {
    this.services.milestones.reach('sessionWatched');
    const health = this.monitor.current;
    const signedIn = this.services.session.signedIn;
    type Action = vscode.QuickPickItem & { run: () => unknown };
    const actions: Action[] = [
      {
        label: `$(sync) ${vscode.l10n.t('Check Now')}`,
        ...(health.lastCheckAt !== undefined ? { description: vscode.l10n.t('last checked {time}', { time: clockTime(health.lastCheckAt)! }) } : {}),
        run: () => this.checkAndReport(),
      },
    ];
    if (health.recentErrors.length > 0) {
      actions.push({ label: `$(list-unordered) ${vscode.l10n.t('Show Recent Errors')}`, description: String(health.recentErrors.length), run: () => this.showRecentErrors(health.recentErrors) });
    }
    if (signedIn) {
      actions.push(
        { label: `$(account) ${vscode.l10n.t('Sign In Again')}`, description: vscode.l10n.t('renew the session with the stored secret'), run: () => this.signInAgain() },
        { label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, run: () => executeCommand(COMMAND.signOut) },
      );
    } else {
      actions.push({ label: `$(sign-in) ${vscode.l10n.t('Sign In')}`, run: () => executeCommand(COMMAND.signIn) });
    }
    if (health.kind === 'notConfigured') actions.unshift({ label: `$(gear) ${vscode.l10n.t('Open Gestix Settings')}`, description: plainText(problemOf(health), 120), run: () => openConnectionSettings() });
    actions.push({ label: `$(output) ${vscode.l10n.t('Open Log')}`, run: () => executeCommand(COMMAND.showLog) });
    const picked = await vscode.window.showQuickPick(actions, { title: vscode.l10n.t('Gestix Session'), placeHolder: lookOf(health).sentence });
    await picked?.run();
  }

  private async showRecentErrors(recentErrors: ApiErrorBody[]): Promise<void> {
    const newestFirst = [...recentErrors].reverse();
    if (newestFirst.length === 1) {
      this.showApiError(newestFirst[0]!);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      newestFirst.map((error) => ({
        label: plainText(error.code, 80),
        description: plainText(typeof error.timestamp === 'string' ? error.timestamp : '', 60),
        detail: plainText(error.message),
        error,
      })),
      { title: vscode.l10n.t('Recent Gestix errors (newest first)'), placeHolder: vscode.l10n.t('Choose one to see it decoded'), matchOnDetail: true },
    );
    if (picked) this.showApiError(picked.error);
  }
}

/** The session-health item, Check Session Status and the session actions quick pick. */
export function registerStatusBar(services: Services, showApiError: (error: ApiErrorBody) => void): Disposable {
  return new SessionStatusBar(services, showApiError);
}
