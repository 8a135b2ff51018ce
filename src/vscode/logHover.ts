// Where log hovers answer, and their commands. What a hover shows is in logHoverContent.ts, which
// loads with the rest of the features on first use, so the provider registered here is a forwarder.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { plainText } from '../core/text/sanitize';
import { copyToClipboard } from './confirmations';
import { SAMPLE_SCHEME } from './samples';
import { readSetting } from './settings';

/** Where hovers answer besides the configured languages: every Output channel (our own included) and the sample log. */
const ALWAYS: vscode.DocumentFilter[] = [{ scheme: 'output' }, { scheme: SAMPLE_SCHEME }];

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function hoverSelector(): vscode.DocumentFilter[] {
  const languages = stringsOf(readSetting('gestix.hover.languages'));
  const patterns = stringsOf(readSetting('gestix.hover.filePatterns'));
  return [...ALWAYS, ...languages.map((language) => ({ language })), ...patterns.map((pattern) => ({ pattern }))];
}

/** Whether log hovers answer in `document`, and so the Codes in This Log view reads it. */
export function isLogDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(hoverSelector(), document) > 0;
}

/** The extension's own log (its Output channel's id holds the extension id): every line there is Gestix's. */
export function isGestixOutput(uri: vscode.Uri): boolean {
  return uri.scheme === 'output' && /gestix/i.test(uri.path);
}

/** Registers the hover provider, again whenever the languages or patterns it covers change. */
export function registerLogHovers(provider: vscode.HoverProvider): Disposable {
  const store = new DisposableStore();
  let registration = vscode.languages.registerHoverProvider(hoverSelector(), provider);
  const register = () => {
    registration.dispose();
    registration = vscode.languages.registerHoverProvider(hoverSelector(), provider);
  };
  store.add({
    dispose: () => {
      registration.dispose();
    },
  });
  store.add(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('gestix.hover')) register();
    }),
  );
  store.add(vscode.workspace.onDidGrantWorkspaceTrust(register));
  return store;
}

export async function copyRequestForSupport(requestId: unknown, timestamp: unknown): Promise<void> {
  if (typeof requestId !== 'string' || requestId.length > 200) return;
  const when = typeof timestamp === 'string' && timestamp.length < 100 ? timestamp : '';
  // Both come from a log line, by way of a command link's arguments.
  await copyToClipboard(
    `request_id: ${plainText(requestId)}${when ? `\ntimestamp: ${plainText(when)}` : ''}`,
    vscode.l10n.t('Request id copied. Send it to support@gestix.com with a short description.'),
  );
}
