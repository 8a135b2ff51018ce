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

function actionButton(action: PanelView['actions'][number]): HTMLButtonElement {
  const button = document.createElement('button');
  if (!action.primary) button.className = 'secondary';
  button.append(icon(PANEL_ACTIONS[action.id].icon), el('span', { text: action.label }));
  button.setAttribute('data-action', action.id);
  button.addEventListener('click', () => vscode.postMessage({ type: 'action', action: action.id }));
  return button;
}

/** Keys that move between a toolbar's buttons, as in every toolbar a screen reader knows. */
const TOOLBAR_KEYS: Readonly<Record<string, (current: number, count: number) => number>> = {
  ArrowRight: (current, count) => (current + 1) % count,
  ArrowLeft: (current, count) => (current - 1 + count) % count,
  Home: () => 0,
  End: (_current, count) => count - 1,
};

/** The actions as one toolbar: one Tab stop, the arrow keys move between its buttons. */
function toolbar(actions: PanelView['actions'], label: string): HTMLElement {
  const buttons = actions.map(actionButton);
  const makeTabStop = (stop: HTMLButtonElement) => {
    for (const button of buttons) button.tabIndex = button === stop ? 0 : -1;
  };
  makeTabStop(buttons[0]);
  const bar = el('div', { className: 'actions' }, buttons);
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', label);
  bar.addEventListener('keydown', (event) => {
    const move = Object.hasOwn(TOOLBAR_KEYS, event.key) ? TOOLBAR_KEYS[event.key] : undefined;
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    if (!move || current < 0) return;
    event.preventDefault();
    const next = buttons[move(current, buttons.length)];
    makeTabStop(next);
    next.focus();
  });
  return bar;
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

/**
 * The headline is the page's one live region, and it stays in the document from one failure to the
 * next: a screen reader announces a region whose text changes, not one that is replaced, and reads
 * only the new headline instead of the whole page again.
 */
const headline = el('h1');
headline.id = 'headline';
headline.tabIndex = -1;
headline.setAttribute('aria-live', 'polite');
headline.setAttribute('aria-atomic', 'true');
const summary = el('p', { className: 'summary' });
const content = el('div');
root.replaceChildren(el('header', {}, [headline, summary]), content);

/**
 * A render that should take the keyboard while the person is elsewhere (the page loads a moment after
 * the panel opens, by when they may have clicked the status bar or typed in a quick pick) waits until
 * the panel is focused: focusing an element would pull the focus out of the workbench.
 */
let focusHeadlineWhenShown = false;
window.addEventListener('focus', () => {
  if (!focusHeadlineWhenShown) return;
  focusHeadlineWhenShown = false;
  headline.focus();
});

function render(view: PanelView, focus: boolean): void {
  headline.replaceChildren(icon(HEADLINE_ICON), el('span', { text: view.headline }));
  summary.replaceChildren(...view.badges.map((badge) => el('span', { className: 'badge', text: badge })));
  if (view.statusLine) summary.appendChild(el('span', { text: view.statusLine }));
  const page: Node[] = [];
  if (view.actions.length > 0) page.push(toolbar(view.actions, view.actionsLabel));
  if (view.entries.items.length > 0) page.push(section(view.entries.heading, view.entries.items.map(entryBox)));
  if (view.messages.items.length > 0) page.push(section(view.messages.heading, view.messages.items.map((message) => el('p', { className: 'server-message', text: message }))));
  page.push(section(view.details.heading, [detailsList(view.details.rows)]));
  const raw = el('details', { className: 'raw' }, [el('summary', { text: view.raw.label }), el('pre', { text: view.raw.text })]);
  if (view.raw.notice) raw.appendChild(el('p', { className: 'notice', text: view.raw.notice }));
  page.push(el('section', {}, [raw]));
  content.replaceChildren(...page);
  focusHeadlineWhenShown = focus && !document.hasFocus();
  if (focus && document.hasFocus()) headline.focus();
}

/** The view this page saved before a reload; a state of another version of the page has none. */
function savedView(state: unknown): PanelView | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { view } = state as Partial<PanelState>;
  return typeof view === 'object' && view !== null && Array.isArray(view.badges) && Array.isArray(view.actions) && typeof view.actionsLabel === 'string' ? view : undefined;
}

window.addEventListener('message', (event: MessageEvent<HostToPageMessage | null>) => {
  const message = event.data;
  if (message?.type === 'render') {
    vscode.setState(message.state);
    render(message.state.view, message.focus);
  }
});

const saved = savedView(vscode.getState());
if (saved) render(saved, false);
vscode.postMessage({ type: 'ready' });
