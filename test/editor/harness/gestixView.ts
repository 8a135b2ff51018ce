// The Gestix view container in the Activity Bar, and its views' trees and welcome texts.
import type { Locator, Page } from 'playwright-core';
import { openContextMenu } from './contextMenu';
import { waitUntil } from './processes';
import type { QuickInput } from './quickInput';
import { STEP_TIMEOUT_MS } from './timeouts';

/** A row of a view's tree: its label, its description, and how deep it sits (1 for the top level). */
export interface TreeRow {
  label: string;
  description: string;
  level: number;
}

export class GestixView {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** The Activity Bar's entry of the container. */
  activityBarEntry(): Locator {
    return this.page.locator('.activitybar .action-item', { has: this.page.locator('[aria-label^="Gestix"]') }).first();
  }

  /**
   * Shows the view named `name` (e.g. 'Codes in This Log') with its own Focus command, as the palette
   * offers it, and collapses the container's other views: a tree draws only the rows that fit, so
   * the view gets the side bar's height.
   */
  async focus(name: string): Promise<void> {
    await this.quickInput.runCommand(`Gestix: Focus on ${name} View`);
    await this.pane(name).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const others = this.page.locator('.part.sidebar .pane-header.expanded').filter({ hasNotText: name });
    for (let left = await others.count(); left > 0; left -= 1) await others.first().locator('.title').click();
  }

  /**
   * Collapses the container's other views, so that the view named `name` has the side bar's height
   * (a tree draws only the rows in sight).
   */
  async showOnly(name: string): Promise<void> {
    const others = this.page.locator('.part.sidebar .pane-header[aria-expanded="true"]').filter({ hasNotText: name });
    while ((await others.count()) > 0) await others.first().click();
  }

  /** The pane of the view named `name` in the side bar. */
  pane(name: string): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: name }) }).first();
  }

  /** The description beside a view's name in its header (e.g. the connection it shows). */
  async description(name: string): Promise<string> {
    const header = this.pane(name).locator('.pane-header');
    await header.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const description = header.locator('.description');
    return (await description.count()) > 0 ? (await description.first().innerText()).trim() : '';
  }

  /** Waits until a view's description is `text`. */
  async waitForDescription(name: string, text: string): Promise<void> {
    await waitUntil(`the description of ${name} to be ${text}`, async () => (await this.description(name)) === text, STEP_TIMEOUT_MS, 100);
  }

  /** The welcome text a view shows while its tree is empty. */
  async welcomeText(name: string): Promise<string> {
    const welcome = this.pane(name).locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return (await welcome.innerText()).trim();
  }

  /** Waits until a view's welcome text matches `pattern` (it follows context keys, which change a moment after the state they show); returns it. */
  async waitForWelcome(name: string, pattern: RegExp): Promise<string> {
    let text = '';
    await waitUntil(
      `the welcome text of ${name} to match ${pattern}`,
      async () => {
        const welcome = this.pane(name).locator('.welcome-view-content');
        text = (await welcome.isVisible()) ? (await welcome.innerText()).trim() : '';
        return pattern.test(text);
      },
      STEP_TIMEOUT_MS,
      100,
    );
    return text;
  }

  /** Clicks a button or link of a view's welcome text. */
  async clickWelcome(name: string, text: string): Promise<void> {
    await this.pane(name).locator('.welcome-view-content').getByRole('button', { name: text }).first().click();
  }

  /** The rows a view's tree shows, as drawn. */
  async rows(name: string): Promise<TreeRow[]> {
    return this.pane(name)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          level: Number(row.getAttribute('aria-level') ?? '0'),
        })),
      );
  }

  /** Waits until the rows of a view's tree pass `accept`; returns them. */
  async waitForRows(name: string, accept: (rows: TreeRow[]) => boolean, what: string): Promise<TreeRow[]> {
    let rows: TreeRow[] = [];
    await waitUntil(
      what,
      async () => {
        rows = await this.rows(name);
        return accept(rows);
      },
      STEP_TIMEOUT_MS,
      100,
    );
    return rows;
  }

  /** The row of a view's tree whose label is `label`. */
  row(name: string, label: string): Locator {
    return this.pane(name)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
      .first();
  }

  /** Shows the children of the row labelled `label` with its twistie (a click on the row itself runs its command). */
  async expand(name: string, label: string): Promise<void> {
    const row = this.row(name, label);
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  }

  /** Right-clicks the row labelled `label` and returns the labels of its context menu, left open (Escape closes it). */
  async menuItemsOf(name: string, label: string): Promise<string[]> {
    const row = this.row(name, label);
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return openContextMenu(this.page, row);
  }

  /** Runs `menuItem` of the context menu of the row labelled `label`. */
  async runMenuItem(name: string, label: string, menuItem: string): Promise<void> {
    await this.menuItemsOf(name, label);
    // The workbench's menus act on the highlighted item; a synthetic click can land before they listen.
    await this.page.locator('.context-view .action-item', { hasText: menuItem }).first().hover();
    await this.page.keyboard.press('Enter');
  }

  /** Clicks an action of a view's title bar (shown while the pointer is over the view), by its title. */
  async runTitleAction(name: string, title: string): Promise<void> {
    const pane = this.pane(name);
    await pane.locator('.pane-header').hover();
    await pane.locator(`.pane-header .actions .action-label[aria-label^="${title}"]`).click();
  }

  /** Clicks the row labelled `label`, which runs its command. */
  async click(name: string, label: string): Promise<void> {
    const row = this.row(name, label);
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await row.click();
  }
}
