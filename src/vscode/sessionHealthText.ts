// How the session's health reads: the status bar item's text and colour, the sentence that says it
// (also read out by screen readers), and the tooltip, where the server's text is shown as plain text.
import vscode = require('vscode');
import { describeFailure } from '../core/http/describe';
import { plainText } from '../core/text/sanitize';
import { judgeFailure } from '../core/sending/retryPolicy';
import type { SessionHealth } from '../core/status/statusMonitor';

export function clockTime(epochMs: number): string;
export function clockTime(epochMs: number | undefined): string | undefined;
export function clockTime(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toLocaleTimeString();
}

export function problemOf(health: SessionHealth): string | undefined {
  if (!health.lastFailure) return undefined;
  if (health.signInFailure === 'rejected') return vscode.l10n.t('Gestix refused the stored sign-in secret.');
  return describeFailure(health.lastFailure);
}

/**
 * Unreachable for a reason that may pass without the person doing anything (the network, a busy
 * server): the failures a send would retry. A certificate or a refused insecure URL needs them.
 */
export function mayPassByItself(health: SessionHealth): boolean {
  return health.lastFailure !== undefined && judgeFailure(health.lastFailure).action === 'retry';
}

export interface Look {
  text: string;
  sentence: string;
  background?: 'warning' | 'error';
}

export function lookOf(health: SessionHealth): Look {
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
      return {
        text: `$(error) ${vscode.l10n.t('Gestix: unreachable')}`,
        sentence: vscode.l10n.t('Gestix could not be reached or did not answer properly.'),
        background: mayPassByItself(health) ? 'warning' : 'error',
      };
    case 'notConfigured':
      return {
        text: `$(gear) ${vscode.l10n.t('Gestix: set up')}`,
        sentence: vscode.l10n.t('Signed in, but the settings do not say which Gestix account or server to use. Click to fix them.'),
        background: 'warning',
      };
  }
}

/** The length of a connection's name in the status bar; the tooltip has it whole. */
const CONNECTION_IN_STATUS_LIMIT = 40;

/** The item's text naming the connection: `Gestix: Empresa A (prod)`, or `Gestix: 2 errors · Empresa A (prod)`. */
export function textNaming(look: Look, connection: string): string {
  const name = plainText(connection, CONNECTION_IN_STATUS_LIMIT);
  return look.text.endsWith('Gestix') ? `${look.text}: ${name}` : `${look.text} · ${name}`;
}

export function tooltipOf(health: SessionHealth, account: string, connection: string): vscode.MarkdownString {
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
  row(vscode.l10n.t('Connection'), connection);
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
