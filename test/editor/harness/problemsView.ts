// The Gestix view's Problems from the Server: its groups and items, its title bar actions, and the
// badge its container shows in the Activity Bar.
import type { Locator } from 'playwright-core';
import type { GestixView, TreeRow } from './gestixView';
import { STEP_TIMEOUT_MS } from './timeouts';

export const PROBLEMS_VIEW = 'Problems from the Server';

export class ProblemsView {
  constructor(private readonly view: GestixView) {}

  focus(): Promise<void> {
    return this.view.focus(PROBLEMS_VIEW);
  }

  welcomeText(): Promise<string> {
    return this.view.welcomeText(PROBLEMS_VIEW);
  }

  clickWelcome(text: string): Promise<void> {
    return this.view.clickWelcome(PROBLEMS_VIEW, text);
  }

  /** Waits until the tree passes `accept`; returns its rows. */
  waitForRows(accept: (rows: TreeRow[]) => boolean, what: string): Promise<TreeRow[]> {
    return this.view.waitForRows(PROBLEMS_VIEW, accept, what);
  }

  /** The rows under the group labelled `group`, in order. */
  static under(rows: readonly TreeRow[], group: string): TreeRow[] {
    const start = rows.findIndex((row) => row.level === 1 && row.label === group);
    if (start < 0) return [];
    const end = rows.findIndex((row, index) => index > start && row.level === 1);
    return rows.slice(start + 1, end < 0 ? undefined : end);
  }

  /** Clicks the item at `index` (0 = the first) under the group labelled `group`, which shows it in the error panel. */
  async clickItem(group: string, index: number): Promise<void> {
    const rows = this.view.pane(PROBLEMS_VIEW).locator('.monaco-list-row');
    const labels = await rows.evaluateAll((found) => found.map((row) => ({ label: (row.querySelector('.label-name')?.textContent ?? '').trim(), level: row.getAttribute('aria-level') })));
    const start = labels.findIndex((row) => row.level === '1' && row.label === group);
    if (start < 0) throw new Error(`no group ${group} in ${PROBLEMS_VIEW}`);
    await rows.nth(start + 1 + index).click();
  }

  /** A button of the view's title bar, by its title; the workbench draws them while the pointer is over the view. */
  async clickTitleAction(title: string): Promise<void> {
    const pane = this.view.pane(PROBLEMS_VIEW);
    await pane.locator('.pane-header').hover();
    const action = pane.locator(`.pane-header .actions .action-label[aria-label^="${title}"]`);
    await action.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await action.click();
  }

  /** The title bar's button `title`, whether drawn or not. */
  titleAction(title: string): Locator {
    return this.view.pane(PROBLEMS_VIEW).locator(`.pane-header .actions .action-label[aria-label^="${title}"]`);
  }

  /** The number the Gestix container's Activity Bar entry shows, '' without one. */
  async badge(): Promise<string> {
    const badge = this.view.activityBarEntry().locator('.badge-content');
    return (await badge.count()) === 0 || !(await badge.isVisible()) ? '' : (await badge.innerText()).trim();
  }
}
