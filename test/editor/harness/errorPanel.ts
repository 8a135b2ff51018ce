// The error panel: the webview that explains an error response. Its content lives two frames deep
// (the webview's iframe, then its active frame).
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The content frame of the active webview (the error panel, or a walkthrough step's page). */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export class ErrorPanel {
  constructor(private readonly page: Page) {}

  /** An element of the panel's page. */
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator {
    return activeWebview(this.page).locator(selector, options);
  }

  /** Waits for the panel's headline (its h1), e.g. after Explain Error Response or a rejected send. */
  async waitForHeadline(timeoutMs = 20_000): Promise<void> {
    await this.locator('h1').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  async headline(): Promise<string> {
    return this.locator('h1').innerText();
  }

  /** The codes of the panel's entries, in order. */
  async codes(): Promise<string[]> {
    return this.locator('.entry .code').allInnerTexts();
  }

  /** The badges (e.g. the response's format), joined by spaces. */
  async badges(): Promise<string> {
    return (await this.locator('.badge').allInnerTexts()).join(' ');
  }

  /**
   * Which element of the panel's page has the keyboard: its id, else its data-action, else its tag;
   * '' when the page itself does not have focus.
   */
  async focusedElement(): Promise<string> {
    return this.locator('body').evaluate((body) => {
      const page = body.ownerDocument;
      const focused = page.hasFocus() ? page.activeElement : null;
      if (!focused || focused === body) return '';
      return focused.id || focused.getAttribute('data-action') || focused.tagName.toLowerCase();
    });
  }

  /** The elements a screen reader watches for changes (aria-live), as "tag#id[politeness]". */
  async liveRegions(): Promise<string[]> {
    return this.locator('[aria-live]').evaluateAll((elements) => elements.map((element) => `${element.tagName.toLowerCase()}#${element.id}[${element.getAttribute('aria-live')}]`));
  }

  /** A button of the panel's actions in the editor title bar, by its title. */
  titleBarButton(title: string): Locator {
    return this.page.locator(`.editor-group-container.active .title .editor-actions .action-label[aria-label^="${title}"]`);
  }

  /** Runs an action of the title bar's overflow menu (…), by its title. */
  async runTitleBarMenuItem(title: string): Promise<void> {
    await this.page.locator('.editor-group-container.active .title .editor-actions .action-label.codicon-toolbar-more').click();
    // The workbench's menus act on the highlighted item; a synthetic click can land before they listen.
    await this.page.locator('.context-view .action-item', { hasText: title }).first().hover();
    await this.page.keyboard.press('Enter');
  }

  /** A button of the panel by its data-action, e.g. 'goToField'. */
  button(action: string): Locator {
    return this.locator(`button[data-action="${action}"]`);
  }

  /**
   * The whole text of the panel. Fails when the panel is not showing, so that a check on what the
   * panel says cannot pass on a panel that was never read.
   */
  async text(timeoutMs?: number): Promise<string> {
    const text = await this.locator('body').innerText(timeoutMs === undefined ? {} : { timeout: timeoutMs });
    if (text.trim() === '') throw new Error('The error panel shows no text');
    return text;
  }
}
