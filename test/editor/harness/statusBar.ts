// The status bar, and the extension's items on it.
import type { Locator, Page } from 'playwright-core';

/** The id the extension gives its session-health item. */
const SESSION_STATUS_ITEM = 'gestix.sessionStatus';

export class StatusBar {
  constructor(
    private readonly page: Page,
    private readonly extensionId: string,
  ) {}

  /** An item by the id given to createStatusBarItem. */
  item(id: string): StatusBarItem {
    // The workbench prefixes the id with the extension's, or not, by version.
    return new StatusBarItem(this.page.locator(`.statusbar [id="${this.extensionId}.${id}"], .statusbar [id="${id}"]`).first());
  }

  /** The session-health item. */
  get session(): StatusBarItem {
    return this.item(SESSION_STATUS_ITEM);
  }

  /** Text of the whole status bar (Restricted Mode, the problem counts, every item). */
  async text(): Promise<string> {
    return this.page.locator('.statusbar').innerText();
  }
}

export class StatusBarItem {
  constructor(readonly locator: Locator) {}

  private icon(name: string): Locator {
    return this.locator.locator(`.codicon-${name}`);
  }

  /** Waits for the item to show a codicon, e.g. 'check' or 'warning'. */
  async waitForIcon(name: string, timeoutMs = 20_000): Promise<void> {
    await this.icon(name).waitFor({ state: 'attached', timeout: timeoutMs });
  }

  /** Waits for a codicon to leave the item. */
  async waitForIconGone(name: string, timeoutMs = 20_000): Promise<void> {
    await this.icon(name).waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** Whether the item shows a codicon right now. */
  async showsIcon(name: string): Promise<boolean> {
    return (await this.icon(name).count()) > 0;
  }

  async text(): Promise<string> {
    return (await this.locator.innerText()).trim();
  }

  /** Opens the item's menu (a quick pick). */
  async click(): Promise<void> {
    await this.locator.click();
  }

  /** Moves the mouse onto the item, which shows its tooltip as a hover. */
  async hover(): Promise<void> {
    await this.locator.hover();
  }
}
