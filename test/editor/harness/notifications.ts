// Notification toasts and the notification centre, which keeps what a toast showed after it hides.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './processes';
import type { QuickInput } from './quickInput';
import { STEP_TIMEOUT_MS } from './timeouts';

export class Notifications {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /**
   * The toasts and the notification centre, e.g. to look for links in what they render: a toast
   * that was hidden before it was read is found in the centre.
   */
  root(): Locator {
    return this.page.locator('.notifications-toasts, .notifications-center');
  }

  /** Text of the toasts and of the notification centre's items. */
  async allText(): Promise<string> {
    // Read element by element: a hidden centre's innerText is its whole textContent, style sheets included.
    const toasts = await this.toastsText();
    const listed = await this.centerItems();
    await this.page.keyboard.press('Escape');
    return [toasts, ...listed].join('\n');
  }

  private toasts(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** Text of the toasts on screen (pressing Escape hides them). */
  async toastsText(): Promise<string> {
    return (await this.toasts().allInnerTexts()).join('\n');
  }

  /**
   * Waits until a toast matches and returns its text. A toast can be hidden before it is read (a
   * focus change, another toast); the centre keeps it, so it is looked for there before giving up.
   */
  async waitFor(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    let matched = '';
    await waitUntil(
      `a notification matching ${pattern}`,
      async () => {
        const texts = await this.toasts().allInnerTexts();
        matched = texts.find((text) => pattern.test(text)) ?? '';
        return matched !== '';
      },
      timeoutMs,
    ).catch(async (error: Error) => {
      const listed = await this.centerItems().catch(() => []);
      matched = listed.find((text) => pattern.test(text)) ?? '';
      if (matched === '') throw new Error(`${error.message}; notifications shown: ${JSON.stringify(await this.toastsText())}; in the centre: ${JSON.stringify(listed)}`, { cause: error });
      await this.page.keyboard.press('Escape');
    });
    return matched;
  }

  /** Clicks a button of the toast whose text matches, once it shows. */
  async clickButton(toast: RegExp, button: string): Promise<void> {
    await this.waitFor(toast);
    await this.toasts().filter({ hasText: toast }).locator('.monaco-button', { hasText: button }).first().click();
  }

  /** Opens the notification centre (Escape hides toasts; the centre still lists them) and returns its text. */
  async showCenter(): Promise<string> {
    await this.quickInput.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.locator('.notification-list-item').first().waitFor({ state: 'visible' });
    return center.innerText();
  }

  /** Waits until the notification centre lists a notification matching `pattern` (a toast may never show while others queue). */
  async waitForInCenter(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await waitUntil(`the notification centre to list ${pattern}`, async () => pattern.test(await this.showCenter()), timeoutMs);
  }

  /** An item of the notification centre holding `text` (whether the centre is open or not). */
  centerItem(text: string | RegExp): Locator {
    return this.page.locator('.notifications-center .notification-list-item', { hasText: text });
  }

  /** The texts of the notification centre's items (opening the centre if needed). */
  async centerItems(): Promise<string[]> {
    await this.quickInput.runCommand('Notifications: Show Notifications');
    const items = this.page.locator('.notifications-center .notification-list-item');
    await items.first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    return items.allInnerTexts();
  }

  async clear(): Promise<void> {
    await this.quickInput.runCommand('Notifications: Clear All Notifications');
    await this.toasts().first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }
}
