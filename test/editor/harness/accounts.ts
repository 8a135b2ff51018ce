// VS Code's Accounts menu: the Accounts icon at the bottom of the Activity Bar. It lists each
// account an authentication provider is signed in to as a submenu "ACCOUNT (PROVIDER)" that offers
// Manage Trusted Extensions and Sign Out.
import type { Locator, Page } from 'playwright-core';
import { contextMenu, shownMenuLabels, waitForMenusDrawn } from './contextMenu';
import { waitUntil } from './processes';
import { STEP_TIMEOUT_MS } from './timeouts';

/** How long a click on the Accounts icon may take to open its menu before it counts as having nothing to show. */
const EMPTY_MENU_WAIT_MS = 3000;

export class AccountsMenu {
  constructor(private readonly page: Page) {}

  private icon(): Locator {
    return this.page.locator('.part.activitybar .codicon-accounts-view-bar-icon');
  }

  private accountRow(account: string, provider: string): Locator {
    return contextMenu(this.page).locator('.action-item', { hasText: `${account} (${provider})` }).first();
  }

  /** Opens the menu and returns the labels of its rows; it stays open (for a screenshot) until `close`. */
  async open(): Promise<string[]> {
    await this.clickIcon();
    return shownMenuLabels(this.page);
  }

  /** Clicks the Accounts icon once no menu is open: Escape in a submenu closes only the submenu. */
  private async clickIcon(): Promise<void> {
    for (let escapes = 0; escapes < 3 && (await contextMenu(this.page).count()) > 0; escapes += 1) await this.page.keyboard.press('Escape');
    await this.icon().click();
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await contextMenu(this.page).first().waitFor({ state: 'detached' });
  }

  /** The accounts the menu lists for `provider` (its label, e.g. 'Gestix'), in the menu's order. */
  async accountsOf(provider: string): Promise<string[]> {
    await this.clickIcon();
    // Signed in nowhere, the menu has no row to show, and the workbench opens no empty menu.
    const opened = await contextMenu(this.page)
      .locator('.action-item')
      .first()
      .waitFor({ state: 'visible', timeout: EMPTY_MENU_WAIT_MS })
      .then(() => true, () => false);
    if (!opened) return [];
    const labels = await shownMenuLabels(this.page);
    await this.close();
    const suffix = ` (${provider})`;
    return labels.filter((label) => label.endsWith(suffix)).map((label) => label.slice(0, -suffix.length));
  }

  /**
   * Waits until the menu lists exactly `accounts` for `provider`, in any order. An open menu does not
   * follow sign-ins, so it is opened afresh each time; returns what it listed last.
   */
  async waitForAccounts(provider: string, accounts: readonly string[], timeoutMs = STEP_TIMEOUT_MS): Promise<string[]> {
    const wanted = JSON.stringify([...accounts].sort());
    let listed: string[] = [];
    await waitUntil(
      `the Accounts menu to list ${wanted} under ${provider}`,
      async () => {
        listed = await this.accountsOf(provider);
        return JSON.stringify([...listed].sort()) === wanted;
      },
      timeoutMs,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it lists ${JSON.stringify(listed)}`, { cause: error });
    });
    return listed;
  }

  /** The entries of an account's submenu, e.g. ['Manage Trusted Extensions', 'Sign Out']; the menu stays open. */
  async openAccount(account: string, provider: string): Promise<string[]> {
    await this.open();
    // The submenu opens on the highlighted row, as it does under a person's pointer.
    await this.accountRow(account, provider).hover();
    const submenu = this.page.locator('.context-view .monaco-submenu');
    await submenu.locator('.action-item').first().waitFor({ state: 'visible' });
    await waitForMenusDrawn(this.page);
    return (await submenu.locator('.action-item .action-label').allInnerTexts()).map((label) => label.trim()).filter((label) => label !== '');
  }

  /** Chooses an entry of the account submenu `openAccount` left open, e.g. 'Sign Out' (VS Code then asks to confirm: answer through editor.dialog). */
  async chooseInAccount(entry: string): Promise<void> {
    // The workbench's menus act on the highlighted entry; a synthetic click can land before they listen.
    await this.page.locator('.context-view .monaco-submenu .action-item', { hasText: entry }).first().hover();
    await this.page.keyboard.press('Enter');
  }
}
