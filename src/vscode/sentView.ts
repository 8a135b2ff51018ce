// The Gestix view's "Sent": the sends of the connection in use, newest first, each with its result.
// A created document opens as the server's copy, a failure reopens the error panel; the context
// menu opens the PDF, copies the number, sends the file again or shows it in the Explorer. The
// history is read when the view first shows (sentHistoryFiles.ts); a hidden view reads nothing.
import vscode = require('vscode');
import { sameName } from '../core/connections/connection';
import type { SentEntry, SentResult } from '../core/history/sentHistory';
import { DisposableStore, type Disposable } from '../core/host/events';
import { SERVER_DOCUMENT_SCHEME, serverDocumentPath } from '../core/serverDocuments/serverDocumentPath';
import { plainText } from '../core/text/sanitize';
import { COMMAND, registerCommand } from './commands';
import { copyDocumentNumber } from './confirmations';
import { redrawWhenVisible } from './treeViewRedraw';
import { kindLabel } from './kindLabels';
import type { SentActions } from './sentActions';
import { existingFileOf, type SentHistoryFiles } from './sentHistoryFiles';
import type { Services } from './services';

const SENT_VIEW = 'gestix.sent';

function resultText(result: SentResult): string {
  switch (result) {
    case 'created':
      return vscode.l10n.t('Created');
    case 'rejected':
      return vscode.l10n.t('Rejected');
    case 'failed':
      return vscode.l10n.t('Failed');
    case 'notConfirmed':
      return vscode.l10n.t('Not confirmed');
    case 'cancelled':
      return vscode.l10n.t('Cancelled');
  }
}

function resultIcon(result: SentResult): vscode.ThemeIcon {
  if (result === 'created') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (result === 'rejected' || result === 'failed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
}

/** How times read, made once per drawing of the tree: a formatter is far costlier to make than to use. */
class TimeFormats {
  private readonly today = new Date().toDateString();
  private readonly time = new Intl.DateTimeFormat(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
  private readonly day = new Intl.DateTimeFormat(vscode.env.language, { day: 'numeric', month: 'short' });
  private readonly full = new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'medium', timeStyle: 'medium' });

  /** The time of today's sends, the date of older ones. */
  short(at: number): string {
    const when = new Date(at);
    return (when.toDateString() === this.today ? this.time : this.day).format(when);
  }

  long(at: number): string {
    return this.full.format(at);
  }
}

/** The number the server gave (or the file held), for labels and the clipboard. */
function numberOf(entry: SentEntry): string | undefined {
  return plainText(entry.documentNumber) || (entry.documentId === undefined ? undefined : `#${entry.documentId}`);
}

function tooltipOf(entry: SentEntry, times: TimeFormats): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  const line = (name: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    tooltip.appendMarkdown(`${name}: `);
    tooltip.appendText(String(value));
    tooltip.appendMarkdown('  \n');
  };
  tooltip.appendMarkdown('**');
  tooltip.appendText(`${kindLabel(entry.kind)} ${numberOf(entry) ?? ''}`.trim());
  tooltip.appendMarkdown('** — ');
  tooltip.appendText(resultText(entry.result));
  tooltip.appendMarkdown('\n\n');
  line(vscode.l10n.t('File'), entry.file ? plainText(entry.file.label) : vscode.l10n.t('(from chat)'));
  line(vscode.l10n.t('Sent'), times.long(entry.at));
  line(vscode.l10n.t('Connection'), plainText(entry.connection, 80));
  line(vscode.l10n.t('HTTP status'), entry.status);
  line(vscode.l10n.t('Request ID'), plainText(entry.requestId));
  return tooltip;
}

/** What a click does: the server's copy of a created document, the error panel of a failure, else the file. */
function clickOf(entry: SentEntry): vscode.Command | undefined {
  if (entry.result === 'created' && entry.documentId !== undefined) {
    const address = vscode.Uri.from({
      scheme: SERVER_DOCUMENT_SCHEME,
      path: serverDocumentPath({ connection: entry.connection, kind: entry.kind, id: entry.documentId, documentNumber: entry.documentNumber }),
    });
    return { title: vscode.l10n.t('Open Server Copy'), command: 'vscode.open', arguments: [address] };
  }
  if (entry.failure) return { title: vscode.l10n.t('Show Error'), command: COMMAND.sentShowError, arguments: [entry] };
  return entry.file ? { title: vscode.l10n.t('Open File'), command: 'vscode.open', arguments: [vscode.Uri.parse(entry.file.uri, true)] } : undefined;
}

/** The tree item of an entry: its number (else its file), kind and time, and its result as its icon. */
function sentTreeItem(entry: SentEntry, times: TimeFormats): vscode.TreeItem {
  const item = new vscode.TreeItem(numberOf(entry) ?? (entry.file ? plainText(entry.file.label) : vscode.l10n.t('(from chat)')), vscode.TreeItemCollapsibleState.None);
  item.description = `${kindLabel(entry.kind)} · ${times.short(entry.at)}`;
  item.iconPath = resultIcon(entry.result);
  item.tooltip = tooltipOf(entry, times);
  // The manifest's menus match these: `sent.<result>`, with `.file` when there is a file to send or reveal.
  item.contextValue = `sent.${entry.result}${entry.file ? '.file' : ''}`;
  const click = clickOf(entry);
  if (click) item.command = click;
  return item;
}

class SentProvider implements vscode.TreeDataProvider<SentEntry>, Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** What the tree shows now: the only entries the commands act on. */
  shown: readonly SentEntry[] = [];
  private times: TimeFormats | undefined;

  constructor(
    private readonly services: Services,
    private readonly history: SentHistoryFiles,
  ) {}

  redraw(): void {
    this.changed.fire(undefined);
  }

  async getChildren(entry?: SentEntry): Promise<SentEntry[]> {
    if (entry) return [];
    const connection = this.services.active;
    // Signed out, the view shows its welcome: how to sign in.
    this.shown = connection.session.signedIn ? await this.history.entries(connection.name) : [];
    this.times = undefined;
    return [...this.shown];
  }

  getTreeItem(entry: SentEntry): vscode.TreeItem {
    this.times ??= new TimeFormats();
    return sentTreeItem(entry, this.times);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the view and its commands; `actions` gives the features part's, loaded on first use. */
export function registerSentView(services: Services, history: SentHistoryFiles, actions: () => SentActions): Disposable {
  const store = new DisposableStore();
  const provider = store.add(new SentProvider(services, history));
  const view = store.add(vscode.window.createTreeView(SENT_VIEW, { treeDataProvider: provider }));

  const redraw = redrawWhenVisible(view, () => provider.redraw(), store);
  const refresh = () => {
    // As the status item: the sandbox, or one of several connections, is named; the only one is not.
    const named = services.active.connection.source !== 'settings' || services.connections().some((connection) => connection.source === 'connections');
    view.description = named ? plainText(services.active.name, 80) : '';
    redraw();
  };
  store.add(history.onDidChange((connection) => {
    if (sameName(connection, services.active.name)) refresh();
  }));
  store.add(services.onDidChangeActive(refresh));
  store.add(services.onDidChangeConnections(refresh));
  store.add(services.onDidChangeSignIn((connection) => {
    if (connection === services.active) refresh();
  }));
  refresh();

  /** The entry a command was run on: one the view shows (a menu's), never whatever another caller passed. */
  const entryOf = (argument: unknown): SentEntry | undefined => provider.shown.find((entry) => entry === argument);
  const onEntry = (run: (entry: SentEntry) => unknown) => (argument?: unknown) => {
    const entry = entryOf(argument);
    return entry ? run(entry) : undefined;
  };

  store.add(registerCommand(COMMAND.sentShowError, onEntry((entry) => actions().showFailure(entry))));
  store.add(registerCommand(COMMAND.sentOpenPdf, onEntry((entry) => actions().openPdf(entry))));
  store.add(registerCommand(COMMAND.sentResend, onEntry((entry) => actions().resend(entry))));
  store.add(
    registerCommand(COMMAND.sentCopyNumber, onEntry(async (entry) => {
      const number = numberOf(entry);
      if (number) await copyDocumentNumber(entry.documentNumber || number);
    })),
  );
  store.add(
    registerCommand(COMMAND.sentRevealFile, onEntry(async (entry) => {
      const file = await existingFileOf(entry);
      if (file) await vscode.commands.executeCommand('revealInExplorer', file);
    })),
  );
  store.add(
    registerCommand(COMMAND.sentClear, async () => {
      const connection = services.active.name;
      const clear = vscode.l10n.t('Clear History');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Clear the Sent history of connection {connection}?', { connection: plainText(connection, 80) }),
        { modal: true, detail: vscode.l10n.t('The documents stay on the server; only this list of sends is removed.') },
        clear,
      );
      if (choice === clear) await history.clear(connection);
    }),
  );
  return store;
}
