// What Check Session Status tells the person: how the session is, with the actions that fit.
import vscode = require('vscode');
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import type { SessionHealth } from '../core/status/statusMonitor';
import { COMMAND, executeCommand, openSettings } from './commands';
import { lookOf, mayPassByItself, problemOf } from './sessionHealthText';
import { showRecentErrors, type SessionActions } from './statusBarMenu';

type ReportActions = Pick<SessionActions, 'signInAgain' | 'showApiError'>;

function notify(severity: 'info' | 'warning' | 'error', message: string, actions: [label: string, run: () => unknown][]): void {
  const labels = actions.map(([label]) => label);
  const shown =
    severity === 'info'
      ? vscode.window.showInformationMessage(message, ...labels)
      : severity === 'warning'
        ? vscode.window.showWarningMessage(message, ...labels)
        : vscode.window.showErrorMessage(message, ...labels);
  void shown.then((choice) => actions.find(([label]) => label === choice)?.[1]());
}

export function reportSessionHealth(health: SessionHealth, actions: ReportActions): void {
  const latency = health.latencyMs;
  const timed = latency !== undefined;
  switch (health.kind) {
    case 'notSignedIn':
      return notify('info', vscode.l10n.t('You are not signed in to Gestix.'), [[vscode.l10n.t('Sign In'), () => executeCommand(COMMAND.signIn)]]);
    case 'checking':
      return notify('info', vscode.l10n.t('The Gestix session has not been checked yet.'), []);
    case 'healthy': {
      const status = plainText(health.status?.status);
      return notify(
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
      return notify('warning', message, [[vscode.l10n.t('Show Recent Errors'), () => showRecentErrors(health.recentErrors, actions.showApiError)]]);
    }
    case 'versionDrift': {
      const versions = { current: plainText(health.currentVersion, 40), called: plainText(health.calledVersion, 40) };
      return notify(
        health.versionChange === 'compatibleUpdate' ? 'info' : 'warning',
        timed
          ? vscode.l10n.t("The Gestix session works ({latency} ms). The server's current API version is {current}; this extension calls {called}.", { latency, ...versions })
          : vscode.l10n.t("The Gestix session works. The server's current API version is {current}; this extension calls {called}.", versions),
        [[vscode.l10n.t('Open Settings'), () => openSettings('gestix.apiVersion')]],
      );
    }
    case 'expired':
      return notify('warning', lookOf(health).sentence, [[vscode.l10n.t('Sign In Again'), () => actions.signInAgain()]]);
    case 'unreachable':
      return notify(mayPassByItself(health) ? 'warning' : 'error', vscode.l10n.t('Gestix could not be checked: {problem}', { problem: plainText(problemOf(health), FAILURE_TEXT_LIMIT) }), [
        [vscode.l10n.t('Open Log'), () => executeCommand(COMMAND.showLog)],
      ]);
    case 'notConfigured':
      return notify('warning', vscode.l10n.t('Gestix is not set up: {problem}', { problem: plainText(problemOf(health), FAILURE_TEXT_LIMIT) }), [
        [vscode.l10n.t('Open Settings'), () => openSettings('gestix.')],
      ]);
  }
}
