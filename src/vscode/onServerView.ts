// The Gestix view's "On the Server": the documents the connection in use holds, by kind. Expanding a
// kind asks for one page (PAGE_SIZE documents); a "Load more" row asks for the next, until a page
// comes back short. The title bar narrows the list by date range and by a search, which the view's
// description shows. A click opens the document read-only on the `gestix:` scheme. Everything a row
// shows comes from the server, so it is sanitised.
import vscode = require('vscode');
import { describeFailure } from '../core/http/describe';
import { DisposableStore, type Disposable } from '../core/host/events';
import {
  dateRangeText,
  DocumentListing,
  isFiltered,
  isSearchColumn,
  parseDateRange,
  PAGE_SIZE,
  SEARCH_OPERATORS,
  SEARCH_TEXT_LIMIT,
  summaryDescription,
  type DocumentFilter,
  type DocumentSummary,
  type SearchOperator,
} from '../core/serverDocuments/documentList';
import type { SessionCallOutcome } from '../core/session/session';
import { redact } from '../core/text/redact';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { DOCUMENT_KINDS, isDocumentKind, type DocumentKind } from '../core/wire';
import { COMMAND, registerCommand, setContext } from './commands';
import { copyDocumentNumber } from './confirmations';
import { kindPluralLabel } from './kindLabels';
import { askOne, askSteps } from './multiStepInput';
import { serverDocumentUri } from './serverDocumentFiles';
import type { ConnectionState, Services } from './services';

const ON_SERVER_VIEW = 'gestix.onServer';
/** Whether a filter is set: Clear Filter shows in the title bar only then. */
const FILTERED_CONTEXT_KEY = 'gestix.onServer.filtered';
/** The contextValue of a document row, for its context menu. */
const DOCUMENT_CONTEXT = 'gestix.serverDocument';
/** The columns Search offers; every kind has them. */
const SEARCH_COLUMNS = ['seq_number', 'document_set', 'date', 'total_amount', 'currency'] as const;

interface KindNode {
  type: 'kind';
  kind: DocumentKind;
}
interface ServerDocumentNode {
  type: 'document';
  connection: string;
  kind: DocumentKind;
  summary: DocumentSummary;
}
interface MessageNode {
  type: 'loadMore' | 'loading' | 'failure' | 'retry' | 'empty';
  kind: DocumentKind;
  message?: string;
}
type Node = KindNode | ServerDocumentNode | MessageNode;

/** One kind's pages, for the connection and filter they were asked with. */
interface KindListing {
  listing: DocumentListing;
  loading: Promise<void> | undefined;
  failure: string | undefined;
}

export interface OnServerDependencies {
  /** Downloads and opens the PDF (the features part). */
  openPdf(connection: ConnectionState, kind: DocumentKind, id: number, number: string | undefined): Promise<void>;
  /** Forgets the documents read on the `gestix:` scheme, so that a refreshed list opens fresh copies. */
  forgetDocuments(): void;
}

function operatorLabel(operator: SearchOperator): string {
  switch (operator) {
    case 'eq':
      return vscode.l10n.t('equals');
    case 'ne':
      return vscode.l10n.t('is not');
    case 'lt':
      return vscode.l10n.t('is less than');
    case 'lte':
      return vscode.l10n.t('is at most');
    case 'gt':
      return vscode.l10n.t('is greater than');
    case 'gte':
      return vscode.l10n.t('is at least');
  }
}

const OPERATOR_SIGNS: Readonly<Record<SearchOperator, string>> = { eq: '=', ne: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥' };

/** The view's description: the filter in force, e.g. `2026-01-01:2026-01-31 · total_amount > 100`. */
function filterDescription(filter: DocumentFilter): string {
  const parts: string[] = [];
  if (filter.dates) parts.push(dateRangeText(filter.dates));
  if (filter.search) parts.push(`${filter.search.column} ${OPERATOR_SIGNS[filter.search.operator]} ${plainText(filter.search.text, 60)}`);
  return parts.join(' · ');
}

function documentTooltip(kind: DocumentKind, summary: DocumentSummary): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**');
  tooltip.appendText(plainText(summary.number) || `#${summary.id}`);
  tooltip.appendMarkdown('**\n\n');
  const lines = [
    vscode.l10n.t('{kind}, id {id}', { kind: kindPluralLabel(kind), id: summary.id }),
    ...(summary.date === undefined ? [] : [vscode.l10n.t('Date: {date}', { date: plainText(summary.date) })]),
    ...(summary.party === undefined ? [] : [vscode.l10n.t('Customer or supplier: {name}', { name: plainText(summary.party) })]),
    ...(summary.total === undefined ? [] : [vscode.l10n.t('Total: {total}', { total: plainText(summary.total) })]),
  ];
  tooltip.appendText(lines.join('\n\n'));
  return tooltip;
}

class OnServerProvider implements vscode.TreeDataProvider<Node>, Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly kindNodes = new Map<DocumentKind, KindNode>(DOCUMENT_KINDS.map((kind) => [kind, { type: 'kind', kind }]));
  private readonly listings = new Map<DocumentKind, KindListing>();
  /** Document rows this view made: commands take only these (any extension may pass anything). */
  private readonly madeHere = new WeakSet<object>();
  /** Cancels the requests of the lists shown before the last reset. */
  private requests = new AbortController();
  filter: DocumentFilter = {};

  constructor(private readonly services: Services) {}

  isDocumentNode(value: unknown): value is ServerDocumentNode {
    return typeof value === 'object' && value !== null && this.madeHere.has(value);
  }

  /** Forgets every page, cancels what is under way and redraws: another connection, sign-in or filter. */
  reset(): void {
    this.requests.abort();
    this.requests = new AbortController();
    this.listings.clear();
    this.changed.fire(undefined);
  }

  /** Asks for the next page of `kind` (Load more, Retry). */
  loadMore(kind: DocumentKind): void {
    const listing = this.listings.get(kind);
    if (!listing || listing.loading) return;
    void this.load(kind, listing);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.services.active.session.signedIn ? DOCUMENT_KINDS.map((kind) => this.kindNode(kind)) : [];
    if (node.type !== 'kind') return [];
    let listing = this.listings.get(node.kind);
    if (!listing) {
      listing = { listing: new DocumentListing(), loading: undefined, failure: undefined };
      this.listings.set(node.kind, listing);
      // The first page is awaited here, so the tree shows its own progress and then the rows.
      await this.load(node.kind, listing, false);
    }
    return this.rowsOf(node.kind, listing);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'kind': {
        const item = new vscode.TreeItem(kindPluralLabel(node.kind), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `kind:${node.kind}`;
        return item;
      }
      case 'document': {
        const { summary } = node;
        const item = new vscode.TreeItem(plainText(summary.number, 100) || `#${summary.id}`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.kind}:${summary.id}`;
        item.description = summaryDescription(summary);
        item.tooltip = documentTooltip(node.kind, summary);
        item.contextValue = DOCUMENT_CONTEXT;
        item.iconPath = new vscode.ThemeIcon('file-code');
        const uri = serverDocumentUri({ connection: node.connection, kind: node.kind, id: summary.id, documentNumber: summary.number });
        item.resourceUri = uri;
        item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [uri, { preview: true }] };
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more'), vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.kind}`;
        item.description = vscode.l10n.t('the next {count}', { count: PAGE_SIZE });
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { title: vscode.l10n.t('Load more'), command: COMMAND.onServerLoadMore, arguments: [node.kind] };
        return item;
      }
      case 'loading': {
        const item = new vscode.TreeItem(vscode.l10n.t('Loading…'), vscode.TreeItemCollapsibleState.None);
        item.id = `loading:${node.kind}`;
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        return item;
      }
      case 'failure': {
        const item = new vscode.TreeItem(vscode.l10n.t('Could not list the documents'), vscode.TreeItemCollapsibleState.None);
        item.id = `failure:${node.kind}`;
        item.description = node.message ?? '';
        item.tooltip = node.message ?? '';
        item.iconPath = new vscode.ThemeIcon('error');
        return item;
      }
      case 'retry': {
        const item = new vscode.TreeItem(vscode.l10n.t('Retry'), vscode.TreeItemCollapsibleState.None);
        item.id = `retry:${node.kind}`;
        item.iconPath = new vscode.ThemeIcon('refresh');
        item.command = { title: vscode.l10n.t('Retry'), command: COMMAND.onServerLoadMore, arguments: [node.kind] };
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(isFiltered(this.filter) ? vscode.l10n.t('No documents match the filter') : vscode.l10n.t('No documents'), vscode.TreeItemCollapsibleState.None);
        item.id = `empty:${node.kind}`;
        return item;
      }
    }
  }

  dispose(): void {
    this.requests.abort();
    this.changed.dispose();
  }

  private kindNode(kind: DocumentKind): KindNode {
    return this.kindNodes.get(kind) ?? { type: 'kind', kind };
  }

  private rowsOf(kind: DocumentKind, listing: KindListing): Node[] {
    const connection = this.services.active.name;
    const documents = listing.listing.documents.map((summary): ServerDocumentNode => {
      const node: ServerDocumentNode = { type: 'document', connection, kind, summary };
      this.madeHere.add(node);
      return node;
    });
    const rows: Node[] = [...documents];
    if (listing.loading) rows.push({ type: 'loading', kind });
    else if (listing.failure !== undefined) rows.push({ type: 'failure', kind, message: listing.failure }, { type: 'retry', kind });
    else if (!listing.listing.finished) rows.push({ type: 'loadMore', kind });
    else if (documents.length === 0) rows.push({ type: 'empty', kind });
    return rows;
  }

  /** Asks for the next page of `kind`; redraws the kind when done, unless its first expansion is waiting for it. */
  private load(kind: DocumentKind, listing: KindListing, redraw = true): Promise<void> {
    const connection = this.services.active;
    const { signal } = this.requests;
    const query = listing.listing.nextPage(this.filter);
    listing.failure = undefined;
    listing.loading = (async () => {
      const outcome = await connection.session.withSession((token) => connection.session.client.listDocuments(token, kind, query, signal), { signal });
      // A reset while the page was on its way: the answer belongs to a list nobody shows any more.
      if (signal.aborted || this.listings.get(kind) !== listing) return;
      if (outcome.kind === 'answered' && outcome.result.ok) listing.listing.addPage(outcome.result.value);
      else listing.failure = this.failureText(outcome);
    })()
      .catch((error: unknown) => {
        listing.failure = plainText(error instanceof Error ? error.message : String(error), FAILURE_TEXT_LIMIT);
      })
      .finally(() => {
        listing.loading = undefined;
        if (redraw && this.listings.get(kind) === listing) this.changed.fire(this.kindNode(kind));
      });
    if (redraw) this.changed.fire(this.kindNode(kind));
    return listing.loading;
  }

  /** Why a page did not come, sanitised, for the failure row. */
  private failureText(outcome: SessionCallOutcome<unknown>): string {
    if (outcome.kind === 'notSignedIn') return vscode.l10n.t('Not signed in.');
    const failure = outcome.kind === 'signInFailed' ? outcome.failure : outcome.result.ok ? undefined : outcome.result.failure;
    return failure ? plainText(redact(describeFailure(failure), this.services.knownSecrets), FAILURE_TEXT_LIMIT) : '';
  }
}

async function askDateRange(current: DocumentFilter['dates']): Promise<string | undefined> {
  return askOne({
    title: vscode.l10n.t('Gestix: Filter by Date'),
    prompt: vscode.l10n.t('A day (2026-01-15) or a range of days, both included (2026-01-01:2026-01-31). Leave empty for any date.'),
    placeholder: vscode.l10n.t('YYYY-MM-DD:YYYY-MM-DD'),
    value: current ? dateRangeText(current) : '',
    problem: (value) => {
      if (value.trim() === '') return undefined;
      const parsed = parseDateRange(value);
      if (parsed.ok) return undefined;
      if (parsed.problem === 'notADate') return vscode.l10n.t('That day does not exist in the calendar.');
      if (parsed.problem === 'endsBeforeStart') return vscode.l10n.t('The range ends before it starts.');
      return vscode.l10n.t('Write a day as YYYY-MM-DD, or two days as YYYY-MM-DD:YYYY-MM-DD.');
    },
  });
}

async function askSearch(current: DocumentFilter['search']): Promise<DocumentFilter['search']> {
  const title = vscode.l10n.t('Gestix: Search Documents on the Server');
  const answers = await askSteps(() => [
    () => ({
      kind: 'pick',
      title,
      placeholder: vscode.l10n.t('The field to search'),
      options: SEARCH_COLUMNS.map((column) => ({ label: column, value: column })),
      ...(current ? { value: current.column } : {}),
    }),
    () => ({
      kind: 'pick',
      title,
      placeholder: vscode.l10n.t('How to compare it'),
      options: SEARCH_OPERATORS.map((operator) => ({ label: operatorLabel(operator), description: OPERATOR_SIGNS[operator], value: operator })),
      value: current?.operator ?? 'eq',
    }),
    (given) => ({
      title,
      prompt: vscode.l10n.t('The value {column} is compared with', { column: given[0] ?? '' }),
      placeholder: given[0] === 'date' ? 'YYYY-MM-DD' : given[0] === 'seq_number' ? 'FT2026/0001' : '',
      value: current?.text ?? '',
      problem: (value) =>
        value.trim() === '' ? vscode.l10n.t('Type the value to search for.') : value.length > SEARCH_TEXT_LIMIT ? vscode.l10n.t('At most {limit} characters.', { limit: SEARCH_TEXT_LIMIT }) : undefined,
    }),
  ]);
  const [column, operator, text] = answers ?? [];
  if (column === undefined || !isSearchColumn(column) || !(SEARCH_OPERATORS as readonly string[]).includes(operator ?? '') || !text) return undefined;
  return { column, operator: operator as SearchOperator, text };
}

export function registerOnServerView(services: Services, dependencies: OnServerDependencies): Disposable {
  const store = new DisposableStore();
  const provider = store.add(new OnServerProvider(services));
  const view = store.add(vscode.window.createTreeView(ON_SERVER_VIEW, { treeDataProvider: provider, showCollapseAll: true }));

  const setFilter = (filter: DocumentFilter) => {
    provider.filter = filter;
    view.description = filterDescription(filter);
    void setContext(FILTERED_CONTEXT_KEY, isFiltered(filter));
    provider.reset();
  };
  setFilter({});

  store.add(services.onDidChangeActive(() => provider.reset()));
  store.add(
    services.onDidChangeSignIn((connection) => {
      if (connection === services.active) provider.reset();
    }),
  );
  store.add(
    registerCommand(COMMAND.onServerFilterByDate, async () => {
      const answer = await askDateRange(provider.filter.dates);
      if (answer === undefined) return;
      const parsed = parseDateRange(answer);
      const { search } = provider.filter;
      setFilter({ ...(parsed.ok ? { dates: parsed.range } : {}), ...(search ? { search } : {}) });
    }),
  );
  store.add(
    registerCommand(COMMAND.onServerSearch, async () => {
      const search = await askSearch(provider.filter.search);
      if (!search) return;
      const { dates } = provider.filter;
      setFilter({ ...(dates ? { dates } : {}), search });
    }),
  );
  store.add(registerCommand(COMMAND.onServerClearFilter, () => setFilter({})));
  store.add(
    registerCommand(COMMAND.onServerRefresh, () => {
      dependencies.forgetDocuments();
      provider.reset();
    }),
  );
  store.add(
    registerCommand(COMMAND.onServerLoadMore, (kind) => {
      if (isDocumentKind(kind)) provider.loadMore(kind);
    }),
  );
  store.add(
    registerCommand(COMMAND.onServerOpenPdf, async (node) => {
      if (!provider.isDocumentNode(node)) return;
      const connection = services.stateOf(node.connection);
      if (!connection) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The connection {connection} no longer exists.', { connection: plainText(node.connection, 80) }));
        return;
      }
      await dependencies.openPdf(connection, node.kind, node.summary.id, node.summary.number);
    }),
  );
  store.add(
    registerCommand(COMMAND.onServerCopyNumber, async (node) => {
      if (!provider.isDocumentNode(node)) return;
      await copyDocumentNumber(node.summary.number ?? String(node.summary.id));
    }),
  );
  return store;
}
