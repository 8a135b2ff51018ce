// The error panel's page. It shows the view the extension sends, in the words the extension chose:
// every text goes through textContent, so nothing from the server is ever parsed as HTML.
import type { HostToPageMessage, PageToHostMessage, PanelIcon, PanelState, PanelView } from '../../core/errorPanel/panelProtocol';
import { HEADLINE_ICON, PANEL_ACTIONS } from '../../core/errorPanel/panelProtocol';

interface WebviewApi {
  postMessage(message: PageToHostMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): WebviewApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;

function el(tag: string, options: { className?: string; text?: string } = {}, children: Node[] = []): HTMLElement {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const child of children) node.appendChild(child);
  return node;
}

/** A codicon drawn by the stylesheet the build writes for every icon of the protocol. */
function icon(name: PanelIcon): HTMLElement {
  const span = el('span');
  span.classList.add('codicon', `codicon-${name}`);
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function actionButton(action: PanelView['actions'][number]): HTMLElement {
  const button = el('button', { className: action.primary ? '' : 'secondary' }, [icon(PANEL_ACTIONS[action.id].icon), el('span', { text: action.label })]);
  button.setAttribute('data-action', action.id);
  button.addEventListener('click', () => vscode.postMessage({ type: 'action', action: action.id }));
  return button;
}

function section(heading: string, children: Node[]): HTMLElement {
  return el('section', {}, [el('h2', { text: heading }), ...children]);
}

function entryBox(entry: PanelView['entries']['items'][number]): HTMLElement {
  const box = el('div', { className: 'entry' }, [
    el('div', {}, [el('span', { className: 'code', text: entry.code }), el('span', { className: 'category', text: entry.category })]),
    el('p', { text: entry.explanation }),
  ]);
  if (entry.serverMessage) box.appendChild(el('p', { className: 'server-message', text: entry.serverMessage }));
  if (entry.nextStep) box.appendChild(el('p', { className: 'next-step', text: entry.nextStep }));
  return box;
}

function detailsList(rows: PanelView['details']['rows']): HTMLElement {
  const list = el('dl', { className: 'details' });
  for (const [term, value] of rows) list.append(el('dt', { text: term }), el('dd', { text: value }));
  return list;
}

function render(view: PanelView): void {
  const summary = el('p', { className: 'summary' }, view.badges.map((badge) => el('span', { className: 'badge', text: badge })));
  if (view.statusLine) summary.appendChild(el('span', { text: view.statusLine }));
  const page: Node[] = [el('header', {}, [el('h1', {}, [icon(HEADLINE_ICON), el('span', { text: view.headline })]), summary])];
  if (view.actions.length > 0) page.push(el('div', { className: 'actions' }, view.actions.map(actionButton)));
  if (view.entries.items.length > 0) page.push(section(view.entries.heading, view.entries.items.map(entryBox)));
  if (view.messages.items.length > 0) page.push(section(view.messages.heading, view.messages.items.map((message) => el('p', { className: 'server-message', text: message }))));
  page.push(section(view.details.heading, [detailsList(view.details.rows)]));
  const raw = el('details', { className: 'raw' }, [el('summary', { text: view.raw.label }), el('pre', { text: view.raw.text })]);
  if (view.raw.notice) raw.appendChild(el('p', { className: 'notice', text: view.raw.notice }));
  page.push(el('section', {}, [raw]));
  root.replaceChildren(...page);
}

/** The view this page saved before a reload; a state of another version of the page has none. */
function savedView(state: unknown): PanelView | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { view } = state as Partial<PanelState>;
  return typeof view === 'object' && view !== null && Array.isArray(view.badges) && Array.isArray(view.actions) ? view : undefined;
}

window.addEventListener('message', (event: MessageEvent<HostToPageMessage | null>) => {
  const message = event.data;
  if (message?.type === 'render') {
    vscode.setState(message.state);
    render(message.state.view);
  }
});

const saved = savedView(vscode.getState());
if (saved) render(saved);
vscode.postMessage({ type: 'ready' });
