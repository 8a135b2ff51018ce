// The status bar, and the extension's items on it.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './processes';

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

  /**
   * Waits for the status bar to show a text, e.g. a passing message of setStatusBarMessage (which
   * stays only a few seconds); returns the whole status bar's text then.
   */
  async waitForText(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    let text = '';
    await waitUntil(
      `the status bar to show ${pattern}`,
      async () => {
        text = await this.text();
        return pattern.test(text);
      },
      timeoutMs,
      100,
    );
    return text;
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

  /** Waits for the item's text (its codicon aside) to match, e.g. once it names another connection; returns the text. */
  async waitForText(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    let text = '';
    await waitUntil(
      `the item to read ${pattern}`,
      async () => {
        text = await this.text().catch(() => '');
        return pattern.test(text);
      },
      timeoutMs,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it reads ${JSON.stringify(text)}`, { cause: error });
    });
    return text;
  }

  /**
   * The background the item asks for: the workbench turns statusBarItem.warningBackground and
   * errorBackground into a `warning-kind` or `error-kind` class on the item.
   */
  async background(): Promise<'warning' | 'error' | undefined> {
    const classes = ((await this.locator.getAttribute('class')) ?? '').split(/\s+/);
    if (classes.includes('error-kind')) return 'error';
    if (classes.includes('warning-kind')) return 'warning';
    return undefined;
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
