// The error panel's own words, in the window's language. What the server or the code catalogue said
// stays as it is; everything the panel says itself is here.
import vscode = require('vscode');
import type { PanelWording } from '../core/errorPanel/panelView';

export function openBodyLabel(): string {
  return vscode.l10n.t('Open Body in Editor');
}

function count(value: number): string {
  try {
    return value.toLocaleString(vscode.env.language);
  } catch {
    // A display language tag Intl cannot parse: digits still read.
    return String(value);
  }
}

export function panelWording(actionLabel: PanelWording['actionLabel']): PanelWording {
  return {
    actionLabel,
    actionsLabel: vscode.l10n.t('Actions for this error'),
    httpStatus: (status) => vscode.l10n.t('HTTP {status}', { status }),
    network: vscode.l10n.t('Network'),
    bodyShapes: {
      apiError: vscode.l10n.t('Gestix apiError'),
      sovosFormat1: vscode.l10n.t('Sovos Format 1'),
      sovosFormat2: vscode.l10n.t('Sovos Format 2'),
      otherJson: vscode.l10n.t('Unrecognised JSON'),
      notJson: vscode.l10n.t('Not JSON'),
      empty: vscode.l10n.t('Empty body'),
    },
    undocumentedCode: (code) => vscode.l10n.t('{code} is not a documented code', { code }),
    entriesHeading: (entries) => (entries > 1 ? vscode.l10n.t('Codes ({count})', { count: count(entries) }) : vscode.l10n.t('Code')),
    messagesHeading: vscode.l10n.t('Server said'),
    detailsHeading: vscode.l10n.t('For support'),
    detailTerms: {
      requestId: vscode.l10n.t('Request ID'),
      timestamp: vscode.l10n.t('Timestamp'),
      localTime: vscode.l10n.t('Local time'),
      request: vscode.l10n.t('Request'),
      field: vscode.l10n.t('Field'),
    },
    retryQuestion: vscode.l10n.t('Can a retry help?'),
    retryHelps: vscode.l10n.t('Yes — the same request may succeed later.'),
    retryDoesNotHelp: vscode.l10n.t('No — something must change first.'),
    rawSize: (length, contentType) =>
      contentType
        ? vscode.l10n.t('Raw response ({length} characters, {contentType})', { length: count(length), contentType })
        : vscode.l10n.t('Raw response ({length} characters)', { length: count(length) }),
    rawEmpty: vscode.l10n.t('Raw response (empty)'),
    rawOfLookup: vscode.l10n.t('No response body (code looked up on its own)'),
    rawCut: vscode.l10n.t('The body is long; only its beginning is shown here. Use "{action}" to see all of it.', { action: openBodyLabel() }),
  };
}
