// The workbench's modal dialog (questions asked with showWarningMessage({ modal: true }) and the like).
import type { Locator, Page } from 'playwright-core';

export class Dialog {
  constructor(private readonly page: Page) {}

  private box(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Waits for a dialog and returns its text. */
  async waitForOpen(timeoutMs?: number): Promise<string> {
    await this.box().waitFor({ state: 'visible', ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
    return this.box().innerText();
  }

  /** Whether a dialog shows up within `timeoutMs`. */
  async opensWithin(timeoutMs: number): Promise<boolean> {
    return this.box().waitFor({ state: 'visible', timeout: timeoutMs }).then(() => true, () => false);
  }

  async isOpen(): Promise<boolean> {
    return (await this.box().count()) > 0;
  }

  /** Clicks the dialog's first button whose label matches, and waits for the dialog to close. */
  async answer(button: string | RegExp): Promise<void> {
    await this.box().locator('.monaco-button', { hasText: button }).click();
    await this.box().waitFor({ state: 'detached' });
  }
}
