// The session-health status-bar item, its quick pick and Check Session Status. The polling itself is
// StatusMonitor's; this file only shows its state and turns clicks into commands.
import * as vscode from 'vscode';
import { systemClock } from '../api/clock';
import { describeFailure } from '../api/describe';
import { StatusMonitor, type SessionHealth } from '../api/statusMonitor';
import type { ApiErrorBody } from '../api/types';
import { affectsConnection } from './configuration';
import type { ErrorPresenter } from './errors';
import type { Services } from './services';

export const STATUS_ITEM_ID = 'gestix.sessionStatus';
const SESSION_ACTIONS_COMMAND = 'gestix.sessionActions';
const SETTINGS_SECTION = 'gestix.statusBar';
const SERVER_TEXT_LIMIT = 300;

/** Server text for plain-text surfaces: one line, capped, and no `$(icon)` rendering. */
function plain(text: string | undefined, limit = SERVER_TEXT_LIMIT): string {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  const capped = line.length > limit ? `${line.slice(0, limit)}…` : line;
  return capped.replace(/\$\(/g, '$\u200b(');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function clockTime(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toLocaleTimeString();
}

function problemOf(health: SessionHealth): string | undefined {
  if (!health.lastFailure) return undefined;
  if (health.signInFailure === 'rejected') return 'Gestix refused the stored sign-in secret.';
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
      return { text: '$(account) Gestix: Sign in', sentence: 'Not signed in to Gestix. Click to sign in.' };
    case 'checking':
      return { text: health.checking ? '$(sync~spin) Gestix' : '$(cloud) Gestix', sentence: 'Signed in; the session has not been checked yet.' };
    case 'healthy':
      return { text: '$(check) Gestix', sentence: 'The Gestix session is healthy.' };
    case 'recentErrors':
      return {
        text: `$(warning) Gestix: ${plural(health.recentErrors.length, 'error')}`,
        sentence: `The session works; the server lists ${plural(health.recentErrors.length, 'recent error')} it returned to it.`,
      };
    case 'versionDrift':
      return { text: '$(info) Gestix: API update', sentence: 'The session works; the server runs a newer API version than the one called.' };
    case 'expired':
      return {
        text: '$(warning) Gestix: session expired',
        sentence:
          health.signInFailure === 'rejected'
            ? 'Gestix refused the stored API token or credentials. Sign in again.'
            : 'The session has expired. Sending a document signs in again with the stored secret, or choose Sign In Again.',
        background: 'warning',
      };
    case 'unreachable':
      return { text: '$(error) Gestix: unreachable', sentence: 'Gestix could not be reached or did not answer properly.', background: 'error' };
  }
}

function tooltipOf(health: SessionHealth, account: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  const row = (label: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    tooltip.appendMarkdown(`**${label}:** `);
    tooltip.appendText(plain(value));
    tooltip.appendMarkdown('  \n');
  };
  tooltip.appendMarkdown('**Gestix session**\n\n');
  tooltip.appendText(lookOf(health).sentence);
  tooltip.appendMarkdown('\n\n');
  if (health.kind !== 'notSignedIn') {
    row('Account', account);
    row(health.kind === 'healthy' || health.kind === 'recentErrors' || health.kind === 'versionDrift' ? 'Status' : 'Last status', health.status?.status);
    row('Server time', health.status?.server_time);
    if (health.calledVersion !== undefined) {
      row('API version', health.calledVersion === health.currentVersion ? health.calledVersion : `called ${health.calledVersion}, current ${health.currentVersion ?? '?'}`);
    }
    if (health.recentErrors.length > 0) row('Recent errors', String(health.recentErrors.length));
    row('Problem', health.kind === 'expired' || health.kind === 'unreachable' ? problemOf(health) : undefined);
    const latency = health.latencyMs !== undefined && health.lastAnswerAt === health.lastCheckAt ? ` (${health.latencyMs} ms)` : '';
    row('Last check', clockTime(health.lastCheckAt) && `${clockTime(health.lastCheckAt)}${latency}`);
    if (health.lastAnswerAt !== health.lastCheckAt) row('Last answer', clockTime(health.lastAnswerAt));
    row('Next check', clockTime(health.nextCheckAt));
  }
  tooltip.appendMarkdown('\n\nClick for session actions.');
  return tooltip;
}

class SessionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly monitor: StatusMonitor;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** At most one expiry prompt until the session works again. */
  private expiryPrompted = false;
  /** Checks someone asked for that are under way; they report their own outcome. */
  private manualChecks = 0;
  private previousKind: SessionHealth['kind'];

  constructor(
    private readonly services: Services,
    private readonly errors: ErrorPresenter,
  ) {
    const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'Gestix Session';
    this.monitor = new StatusMonitor(services.session, {
      clock: systemClock,
      pollSeconds: settings.get<number>('pollSeconds'),
      focused: vscode.window.state.focused,
      pollingEnabled: settings.get<boolean>('enabled', true),
    });
    this.previousKind = this.monitor.current.kind;
    this.subscriptions.push(
      this.item,
      this.monitor,
      this.monitor.onDidChange((health) => this.changed(health)),
      vscode.window.onDidChangeWindowState((state) => this.monitor.setFocused(state.focused)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.readSettings();
        if (affectsConnection(event)) this.monitor.restart();
      }),
      vscode.commands.registerCommand('gestix.checkStatus', () => this.checkAndReport()),
      vscode.commands.registerCommand('gestix.sessionActions', () => this.showActions()),
    );
    this.render(this.monitor.current);
    this.readSettings();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private readSettings(): void {
    const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const enabled = settings.get<boolean>('enabled', true);
    this.monitor.setPollingEnabled(enabled);
    this.monitor.setPollSeconds(settings.get<number>('pollSeconds'));
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
    this.item.accessibilityInformation = { label: `Gestix session: ${look.sentence}`, role: 'button' };
    this.item.command = health.kind === 'notSignedIn' ? { title: 'Sign In', command: 'gestix.signIn' } : { title: 'Gestix Session Actions', command: SESSION_ACTIONS_COMMAND };
  }

  private async offerSignInAgain(health: SessionHealth): Promise<void> {
    const message =
      health.signInFailure === 'rejected' ? 'Gestix refused the stored API token or credentials.' : 'Your Gestix session has expired.';
    const choice = await vscode.window.showWarningMessage(message, 'Sign In Again');
    if (choice === 'Sign In Again') await this.signInAgain();
  }

  /** Renews the session with the stored secret; asks for a new one only when that is refused. */
  private async signInAgain(): Promise<void> {
    const session = this.services.session;
    if (!session.signedIn) {
      await vscode.commands.executeCommand('gestix.signIn');
      return;
    }
    session.forgetSessionToken();
    let health = await this.check();
    // A poll that was in flight with the old token may have been joined; one more check uses the new one.
    if (health.kind === 'expired' && health.signInFailure === undefined) health = await this.check();
    if (health.kind === 'expired') {
      const choice = await vscode.window.showWarningMessage('Gestix refused the stored sign-in secret. Sign in with a new one.', 'Sign In');
      if (choice !== 'Sign In') return;
      await vscode.commands.executeCommand(session.signInMethod === 'credentials' ? 'gestix.signInWithPassword' : 'gestix.signIn');
      await this.check();
      return;
    }
    this.report(health);
  }

  private async check(): Promise<SessionHealth> {
    this.manualChecks += 1;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Checking Gestix session' }, () => this.monitor.checkNow());
    } finally {
      this.manualChecks -= 1;
    }
  }

  private async checkAndReport(): Promise<void> {
    this.report(await this.check());
  }

  private report(health: SessionHealth): void {
    const latency = health.latencyMs !== undefined ? ` (${health.latencyMs} ms)` : '';
    switch (health.kind) {
      case 'notSignedIn':
        return this.notify('info', 'You are not signed in to Gestix.', { 'Sign In': () => vscode.commands.executeCommand('gestix.signIn') });
      case 'checking':
        return this.notify('info', 'The Gestix session has not been checked yet.', {});
      case 'healthy':
        return this.notify('info', `The Gestix session is healthy${latency}: ${plain(health.status?.status)}`, {});
      case 'recentErrors':
        return this.notify('warning', `The Gestix session works${latency}; the server lists ${plural(health.recentErrors.length, 'recent error')} for it.`, {
          'Show Recent Errors': () => this.showRecentErrors(health.recentErrors),
        });
      case 'versionDrift':
        return this.notify(
          'info',
          `The Gestix session works${latency}. The server's current API version is ${plain(health.currentVersion, 40)}; this extension calls ${plain(health.calledVersion, 40)}.`,
          { 'Open Settings': () => vscode.commands.executeCommand('workbench.action.openSettings', 'gestix.apiVersion') },
        );
      case 'expired':
        return this.notify('warning', lookOf(health).sentence, { 'Sign In Again': () => this.signInAgain() });
      case 'unreachable':
        return this.notify('error', `Gestix could not be checked: ${plain(problemOf(health))}`, {
          'Open Log': () => vscode.commands.executeCommand('gestix.showLog'),
        });
    }
  }

  private notify(severity: 'info' | 'warning' | 'error', message: string, actions: Record<string, () => unknown>): void {
    const labels = Object.keys(actions);
    const shown =
      severity === 'info'
        ? vscode.window.showInformationMessage(message, ...labels)
        : severity === 'warning'
          ? vscode.window.showWarningMessage(message, ...labels)
          : vscode.window.showErrorMessage(message, ...labels);
    void shown.then((choice) => (choice ? actions[choice]?.() : undefined));
  }

  private async showActions(): Promise<void> {
    const health = this.monitor.current;
    const signedIn = this.services.session.signedIn;
    type Action = vscode.QuickPickItem & { run: () => unknown };
    const actions: Action[] = [
      {
        label: '$(sync) Check Now',
        ...(health.lastCheckAt !== undefined ? { description: `last checked ${clockTime(health.lastCheckAt)}` } : {}),
        run: () => this.checkAndReport(),
      },
    ];
    if (health.recentErrors.length > 0) {
      actions.push({ label: '$(list-unordered) Show Recent Errors', description: String(health.recentErrors.length), run: () => this.showRecentErrors(health.recentErrors) });
    }
    if (signedIn) {
      actions.push(
        { label: '$(account) Sign In Again', description: 'renew the session with the stored secret', run: () => this.signInAgain() },
        { label: '$(sign-out) Sign Out', run: () => vscode.commands.executeCommand('gestix.signOut') },
      );
    } else {
      actions.push({ label: '$(sign-in) Sign In', run: () => vscode.commands.executeCommand('gestix.signIn') });
    }
    actions.push({ label: '$(output) Open Log', run: () => vscode.commands.executeCommand('gestix.showLog') });
    const picked = await vscode.window.showQuickPick(actions, { title: 'Gestix Session', placeHolder: lookOf(health).sentence });
    await picked?.run();
  }

  private async showRecentErrors(recentErrors: ApiErrorBody[]): Promise<void> {
    const newestFirst = [...recentErrors].reverse();
    if (newestFirst.length === 1) {
      this.errors.showApiError(newestFirst[0]!);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      newestFirst.map((error) => ({
        label: plain(error.code, 80),
        description: plain(typeof error.timestamp === 'string' ? error.timestamp : '', 60),
        detail: plain(error.message),
        error,
      })),
      { title: 'Recent Gestix errors (newest first)', placeHolder: 'Choose one to see it decoded', matchOnDetail: true },
    );
    if (picked) this.errors.showApiError(picked.error);
  }
}

/** The session-health item, Check Session Status and the session actions quick pick. */
export function registerStatusBar(services: Services, errors: ErrorPresenter): vscode.Disposable {
  return new SessionStatusBar(services, errors);
}
