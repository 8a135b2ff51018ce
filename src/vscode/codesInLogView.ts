// The Gestix view's "Codes in This Log": the Gestix codes, Sovos subcodes and HTTP statuses of the
// log in the active editor (the documents log hovers answer in, Output channels too), by kind, each
// with its count and the lines it is first and last on. The scan runs only while the view is
// visible, after an edit has rested, and comes from the features part (loaded on first use).
import vscode = require('vscode');
import type { CodesInLog, CodesInLogOptions, LoggedCode, LoggedCodeKind } from '../core/codes/codesInLog';
import { DisposableStore, type Disposable } from '../core/host/events';
import { plainText } from '../core/text/sanitize';
import { setContext } from './commands';
import { isGestixOutput, isLogDocument } from './logHover';
import { readSetting } from './settings';

const CODES_IN_LOG_VIEW = 'gestix.codesInLog';
/** Whether the view has a log to read: its welcome text says to open one, or that this one has no codes. */
const HAS_LOG_CONTEXT_KEY = 'gestix.codesInLog.hasLog';
const EDIT_DEBOUNCE_MS = 300;

export type ScanLog = (text: string, options: CodesInLogOptions) => CodesInLog;

interface KindNode {
  type: 'kind';
  kind: LoggedCodeKind;
  codes: LoggedCode[];
}
interface CodeNode {
  type: 'code';
  code: LoggedCode;
}
interface LineNode {
  type: 'line';
  code: LoggedCode;
  line: number;
  which: 'first' | 'last' | 'only';
}
type Node = KindNode | CodeNode | LineNode;

function kindLabel(kind: LoggedCodeKind): string {
  if (kind === 'gestixCode') return vscode.l10n.t('Gestix codes');
  if (kind === 'subcode') return vscode.l10n.t('Sovos subcodes');
  return vscode.l10n.t('HTTP statuses');
}

function lineLabel(node: LineNode): string {
  const line = node.line + 1;
  if (node.which === 'first') return vscode.l10n.t('First on line {0}', line);
  if (node.which === 'last') return vscode.l10n.t('Last on line {0}', line);
  return vscode.l10n.t('On line {0}', line);
}

function codeTooltip(code: LoggedCode): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**');
  tooltip.appendText(plainText(code.code));
  tooltip.appendMarkdown('** — ');
  tooltip.appendText(`${code.entry.title}\n\n${code.entry.meaning}\n\n`);
  tooltip.appendMarkdown('*');
  tooltip.appendText(`${code.productName} · ${code.entry.category}`);
  tooltip.appendMarkdown('*\n\n');
  tooltip.appendText(
    code.count === 1
      ? vscode.l10n.t('Once, on line {0}.', code.firstLine + 1)
      : vscode.l10n.t('{0} times, lines {1} to {2}.', code.count, code.firstLine + 1, code.lastLine + 1),
  );
  return tooltip;
}

/** The active editor's log; else an Output channel shown beside it, the only way VS Code lets extensions read one. */
function activeLog(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isLogDocument(active)) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === 'output' && isLogDocument(editor.document))?.document;
}

class CodesInLogProvider implements vscode.TreeDataProvider<Node>, Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private document: vscode.TextDocument | undefined;
  private version: number | undefined;
  private kinds: KindNode[] = [];
  private unlisted = 0;

  constructor(
    private readonly scanner: () => ScanLog,
    private readonly onResult: (document: vscode.TextDocument | undefined, unlisted: number) => void,
  ) {}

  /** Reads `document` again (or empties the view) and redraws. */
  update(document: vscode.TextDocument | undefined, again = false): void {
    // Switching back and forth between editors does not read an unchanged log again.
    if (!again && document === this.document && document?.version === this.version) return;
    this.document = document;
    this.version = document?.version;
    this.kinds = [];
    this.unlisted = 0;
    if (document) {
      const genericCodes = readSetting('gestix.hover.genericCodes') || isGestixOutput(document.uri) ? 'anyLine' : 'gestixLines';
      const result = this.scanner()(document.getText(), { genericCodes });
      // The scan lists codes kind by kind, so each kind's are one run of the list.
      for (const code of result.codes) {
        const last = this.kinds[this.kinds.length - 1];
        if (last?.kind === code.kind) last.codes.push(code);
        else this.kinds.push({ type: 'kind', kind: code.kind, codes: [code] });
      }
      this.unlisted = result.unlisted;
    }
    this.onResult(document, this.unlisted);
    this.changed.fire(undefined);
  }

  get shown(): vscode.TextDocument | undefined {
    return this.document;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.kinds;
    if (node.type === 'kind') return node.codes.map((code) => ({ type: 'code', code }));
    if (node.type === 'line') return [];
    const { code } = node;
    return code.firstLine === code.lastLine
      ? [{ type: 'line', code, line: code.firstLine, which: 'only' }]
      : [
          { type: 'line', code, line: code.firstLine, which: 'first' },
          { type: 'line', code, line: code.lastLine, which: 'last' },
        ];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'kind') {
      const item = new vscode.TreeItem(kindLabel(node.kind), vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.codes.length);
      return item;
    }
    if (node.type === 'code') {
      const item = new vscode.TreeItem(plainText(node.code.code), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.code.kind}:${node.code.code}`;
      item.description = String(node.code.count);
      item.tooltip = codeTooltip(node.code);
      item.iconPath = new vscode.ThemeIcon(node.code.kind === 'httpStatus' ? 'globe' : 'warning');
      this.goTo(item, node.code.firstLine);
      return item;
    }
    const item = new vscode.TreeItem(lineLabel(node), vscode.TreeItemCollapsibleState.None);
    this.goTo(item, node.line);
    return item;
  }

  /** A click on `item` puts the cursor at the start of `line`, in the editor group already showing the log. */
  private goTo(item: vscode.TreeItem, line: number): void {
    const { document } = this;
    if (!document) return;
    const start = new vscode.Position(line, 0);
    const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(start, start), preserveFocus: false };
    const shownIn = vscode.window.visibleTextEditors.find((editor) => editor.document === document)?.viewColumn;
    if (shownIn !== undefined) options.viewColumn = shownIn;
    item.command = { title: vscode.l10n.t('Go to Line'), command: 'vscode.open', arguments: [document.uri, options] };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Registers the view. `scanner` gives the features part's scan, loaded the first time the view
 * reads a log.
 */
export function registerCodesInLogView(scanner: () => ScanLog): Disposable {
  const store = new DisposableStore();
  let view: vscode.TreeView<Node> | undefined;
  const provider = store.add(
    new CodesInLogProvider(scanner, (document, unlisted) => {
      if (!view) return;
      void setContext(HAS_LOG_CONTEXT_KEY, document !== undefined);
      view.description = document ? plainText(document.uri.path.split('/').pop() ?? '') : '';
      view.message = unlisted > 0 ? vscode.l10n.t('{0} more occurrences of other codes are not listed.', unlisted) : '';
    }),
  );
  const treeView = store.add(vscode.window.createTreeView(CODES_IN_LOG_VIEW, { treeDataProvider: provider, showCollapseAll: true }));
  view = treeView;
  void setContext(HAS_LOG_CONTEXT_KEY, false);

  let stale = true;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const cancelPending = () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
  };
  const refresh = (again = false) => {
    cancelPending();
    if (!treeView.visible) {
      stale = true;
      return;
    }
    stale = false;
    provider.update(activeLog(), again);
  };
  const refreshSoon = () => {
    if (!treeView.visible) {
      stale = true;
      return;
    }
    cancelPending();
    pending = setTimeout(() => refresh(), EDIT_DEBOUNCE_MS);
  };
  store.add({ dispose: cancelPending });
  store.add(treeView.onDidChangeVisibility(() => {
    if (treeView.visible && stale) refresh(true);
  }));
  store.add(vscode.window.onDidChangeActiveTextEditor(() => refresh()));
  store.add(vscode.window.onDidChangeVisibleTextEditors(() => {
    if (provider.shown?.uri.toString() !== activeLog()?.uri.toString()) refresh();
  }));
  store.add(vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.contentChanges.length > 0 && event.document === provider.shown) refreshSoon();
  }));
  store.add(vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('gestix.hover')) refresh(true);
  }));
  if (treeView.visible) refresh();
  store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => refresh(true)));
  return store;
}
