// The Gestix view's "Problems from the Server": the errors the server's /status lists for the
// connection in use (what the status item counts) and the failures this window showed in the error
// panel, each shown again in the panel on a click. It polls nothing of its own: the status monitor
// polls while the window has focus, and Refresh asks it to check now. While the view is hidden it
// only keeps its badge up to date and redraws when shown again.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import type { Failure } from '../core/http/result';
import {
  problemGroups,
  problemText,
  reopened,
  serverErrorNodes,
  windowFailureNodes,
  type FailureOrigin,
  type ProblemNode,
  type WindowFailure,
  type WindowFailures,
} from '../core/problems/problems';
import type { SessionHealth } from '../core/status/statusMonitor';
import { plainText } from '../core/text/sanitize';
import type { ApiErrorBody } from '../core/wire';
import { COMMAND, registerCommand, setContext } from './commands';
import { kindLabel } from './kindLabels';
import type { Services } from './services';
import type { SessionHealthSource } from './statusBar';
import { redrawWhenVisible } from './treeViewRedraw';

const PROBLEMS_VIEW = 'gestix.problems';
/** Whether this window met failures with the connection in use: Clear shows only then. */
const HAS_WINDOW_FAILURES_CONTEXT_KEY = 'gestix.problems.hasWindowFailures';

export interface ProblemActions {
  showApiError(error: ApiErrorBody): void;
  reopenFailure(failure: Failure, origin: FailureOrigin): void;
}

type ItemNode = Extract<ProblemNode, { type: 'serverError' | 'windowFailure' }>;

/** The key a click passes to the open command: it names an item of the tree as drawn, never carries data. */
function keyOf(node: ItemNode): string {
  return node.type === 'serverError' ? `server:${node.position}` : `window:${node.failure.id}`;
}

/** The time of day for today's, the date and time for older ones. */
function shortTime(epochMs: number): string {
  const date = new Date(epochMs);
  return date.toDateString() === new Date().toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
}

/** A server's timestamp as a local time when it reads as one, else as the server wrote it. */
function serverTime(timestamp: unknown): string {
  if (typeof timestamp !== 'string') return '';
  const epochMs = Date.parse(timestamp);
  return Number.isNaN(epochMs) ? plainText(timestamp, 40) : shortTime(epochMs);
}

function shownFile(uri: string): string {
  const parsed = vscode.Uri.parse(uri, true);
  return vscode.workspace.asRelativePath(parsed, false);
}

function groupLabel(group: 'server' | 'window'): string {
  return group === 'server' ? vscode.l10n.t('Recent errors on the server') : vscode.l10n.t('This window');
}

function tooltipOf(node: ItemNode): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  const { code } = problemText(node);
  tooltip.appendMarkdown('**');
  tooltip.appendText(code);
  tooltip.appendMarkdown('**\n\n');
  if (node.type === 'serverError') {
    const { error } = node;
    tooltip.appendText(`${plainText(error.message, 1_000)}\n\n`);
    const facts = [
      vscode.l10n.t('Listed by the server’s status: it answered a request of this session with this error.'),
      error.timestamp ? vscode.l10n.t('Time: {0}', plainText(error.timestamp, 60)) : '',
      error.path ? vscode.l10n.t('Path: {0}', plainText(error.path, 200)) : '',
      error.request_id ? vscode.l10n.t('Request id: {0}', plainText(error.request_id, 100)) : '',
    ];
    tooltip.appendText(facts.filter(Boolean).join('\n\n'));
  } else {
    const { failure } = node;
    tooltip.appendText(`${plainText(failure.message, 1_000)}\n\n`);
    tooltip.appendText(
      [
        vscode.l10n.t('File: {0}', plainText(shownFile(failure.origin.uri), 300)),
        vscode.l10n.t('Kind: {0}', kindLabel(failure.origin.kind)),
        vscode.l10n.t('Connection: {0}', plainText(failure.origin.connection, 60)),
        vscode.l10n.t('Time: {0}', new Date(failure.at).toLocaleString()),
      ].join('\n\n'),
    );
  }
  tooltip.appendMarkdown('\n\n*');
  tooltip.appendText(vscode.l10n.t('Click to see it decoded in the error panel.'));
  tooltip.appendMarkdown('*');
  return tooltip;
}

class ProblemsProvider implements vscode.TreeDataProvider<ProblemNode>, Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly recentErrors: () => readonly ApiErrorBody[],
    private readonly failures: () => readonly WindowFailure[],
  ) {}

  redraw(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: ProblemNode): ProblemNode[] {
    if (!node) return problemGroups(this.recentErrors(), this.failures());
    if (node.type !== 'group') return [];
    return node.group === 'server' ? serverErrorNodes(this.recentErrors()) : windowFailureNodes(this.failures());
  }

  getTreeItem(node: ProblemNode): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(groupLabel(node.group), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group}`;
      item.description = String(node.count);
      return item;
    }
    const { code, message } = problemText(node);
    const item = new vscode.TreeItem(code, vscode.TreeItemCollapsibleState.None);
    const time = node.type === 'serverError' ? serverTime(node.error.timestamp) : shortTime(node.failure.at);
    item.id = keyOf(node);
    item.description = time ? `${message} · ${time}` : message;
    item.tooltip = tooltipOf(node);
    item.iconPath = new vscode.ThemeIcon(node.type === 'serverError' ? 'cloud' : 'error');
    item.accessibilityInformation = { label: `${code}: ${message}${time ? `, ${time}` : ''}` };
    item.command = { title: vscode.l10n.t('Show in the Error Panel'), command: COMMAND.openProblem, arguments: [keyOf(node)] };
    return item;
  }

  /** The item `key` names in the tree as it is now. */
  find(key: unknown): ItemNode | undefined {
    if (typeof key !== 'string') return undefined;
    const nodes = [...serverErrorNodes(this.recentErrors()), ...windowFailureNodes(this.failures())];
    return nodes.find((node): node is ItemNode => node.type !== 'group' && keyOf(node) === key);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the view, its Refresh and Clear, and the command its items run. */
export function registerProblemsView(services: Services, health: SessionHealthSource, failures: WindowFailures, actions: ProblemActions): Disposable {
  const store = new DisposableStore();
  const connection = () => services.active.name;
  // The errors of the last answer; the monitor keeps the same list while later checks fail or run.
  let recentErrors: readonly ApiErrorBody[] = health.health.recentErrors;
  const provider = store.add(new ProblemsProvider(() => recentErrors, () => failures.of(connection())));
  const treeView = store.add(vscode.window.createTreeView(PROBLEMS_VIEW, { treeDataProvider: provider }));

  const redraw = redrawWhenVisible(treeView, () => provider.redraw(), store);
  const updateBadge = () => {
    const unopened = failures.unopened(connection());
    const tooltip = unopened === 1 ? vscode.l10n.t('1 failure in this window not opened yet') : vscode.l10n.t('{0} failures in this window not opened yet', unopened);
    treeView.badge = unopened > 0 ? { value: unopened, tooltip } : undefined;
    void setContext(HAS_WINDOW_FAILURES_CONTEXT_KEY, failures.of(connection()).length > 0);
  };
  const healthChanged = (next: SessionHealth) => {
    if (next.recentErrors === recentErrors) return;
    recentErrors = next.recentErrors;
    redraw();
  };

  store.add(health.onDidChangeHealth(healthChanged));
  store.add(failures.onDidChange(() => {
    updateBadge();
    redraw();
  }));
  // The monitor starts over with the connection switched to; this window's list is per connection.
  store.add(services.onDidChangeActive(() => {
    recentErrors = health.health.recentErrors;
    updateBadge();
    redraw();
  }));
  store.add(registerCommand(COMMAND.refreshProblems, async () => {
    await health.checkNow();
    redraw();
  }));
  store.add(registerCommand(COMMAND.clearProblems, () => failures.clear(connection())));
  store.add(registerCommand(COMMAND.openProblem, (key) => {
    const node = provider.find(key);
    const target = node && reopened(node);
    if (!target) return;
    if (target.kind === 'apiError') {
      actions.showApiError(target.error);
      return;
    }
    failures.markOpened(target.id);
    actions.reopenFailure(target.failure, target.origin);
  }));
  updateBadge();
  return store;
}
