// What the extension and the error panel's page say to each other. The page (src/webview/errorPanel)
// and the build (its codicon list) import this module too, so it imports nothing and touches neither
// Node nor the DOM.

/**
 * The panel's actions and the codicon of each. Adding an action is an entry here and its handler in
 * the adapter (src/vscode/errorPanel.ts), which does not compile until it has one.
 */
export const PANEL_ACTIONS = {
  copySupportDetails: { icon: 'copy' },
  goToField: { icon: 'go-to-file' },
  signInAgain: { icon: 'account' },
  retry: { icon: 'refresh' },
  openRawBody: { icon: 'file-code' },
} as const satisfies Record<string, { icon: string }>;

export type PanelActionId = keyof typeof PANEL_ACTIONS;
export const PANEL_ACTION_IDS = Object.keys(PANEL_ACTIONS) as PanelActionId[];

export function isPanelActionId(value: unknown): value is PanelActionId {
  return typeof value === 'string' && Object.hasOwn(PANEL_ACTIONS, value);
}

/** Beside the headline. */
export const HEADLINE_ICON = 'error';
export type PanelIcon = typeof HEADLINE_ICON | (typeof PANEL_ACTIONS)[PanelActionId]['icon'];
/** Every codicon the page shows: the build ships these and no others. */
export const PANEL_ICONS: readonly PanelIcon[] = [HEADLINE_ICON, ...new Set(PANEL_ACTION_IDS.map((id) => PANEL_ACTIONS[id].icon))];

/**
 * Everything the page shows, in the window's language: the extension words it (src/core/errorPanel/panelView.ts
 * with the adapter's texts), the page only places it, as text.
 */
export interface PanelView {
  headline: string;
  badges: string[];
  statusLine: string;
  actions: { id: PanelActionId; label: string; primary: boolean }[];
  /** The name a screen reader gives the toolbar of actions. */
  actionsLabel: string;
  entries: { heading: string; items: PanelViewEntry[] };
  messages: { heading: string; items: string[] };
  details: { heading: string; rows: [term: string, value: string][] };
  raw: { label: string; text: string; notice?: string };
}

export interface PanelViewEntry {
  code: string;
  category: string;
  explanation: string;
  serverMessage?: string;
  nextStep?: string;
}

/**
 * What the page keeps with setState, and so what VS Code hands back after a reload: the view, to show
 * at once, and the model, from which the extension rebuilds the panel. The page never reads the model.
 */
export interface PanelState<Model = unknown> {
  model: Model;
  view: PanelView;
}

/**
 * `focus`: the page moves the keyboard to its headline, so that a screen reader reads it first. Only
 * when the panel is meant to take focus: a page that grabs focus on its own would pull the keyboard
 * out of the editor the person is typing in.
 */
export type HostToPageMessage<Model = unknown> = { type: 'render'; state: PanelState<Model>; focus: boolean };

export type PageToHostMessage = { type: 'ready' } | { type: 'action'; action: PanelActionId };

/** A message from the page, which is less trusted than the extension, when it has one of the shapes above. */
export function pageMessageFrom(value: unknown): PageToHostMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, action } = value as { type?: unknown; action?: unknown };
  if (type === 'ready') return { type };
  if (type === 'action' && isPanelActionId(action)) return { type, action };
  return undefined;
}
