// The quick input widget: the command palette, quick open, quick picks and input boxes, which all
// share one widget in the workbench.
import type { Locator, Page } from 'playwright-core';
import { STEP_TIMEOUT_MS } from './timeouts';

export interface InputBoxState {
  title: string;
  prompt: string;
  value: string;
  /** The hint shown while the box is empty. */
  placeholder: string;
  /** Whether the box hides what is typed. */
  password: boolean;
}

export class QuickInput {
  constructor(private readonly page: Page) {}

  /** The whole widget, e.g. to look for links in what it renders. */
  root(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private field(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** The first row of the list shown (palette, quick open or a command's quick pick), optionally the first holding `text`. */
  row(text?: string | RegExp): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row', text === undefined ? {} : { hasText: text }).first();
  }

  /** The texts of the rows the list shows (label, description and detail of each), top to bottom. */
  async rowTexts(): Promise<string[]> {
    await this.row().waitFor({ state: 'visible' });
    return (await this.page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s*\n\s*/g, ' ').trim());
  }

  /** Clicks the first row holding `text` once it shows. */
  async pick(text: string | RegExp): Promise<void> {
    const row = this.row(text);
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** Opens the widget with a fresh query: F1 for the command palette, Control+P for quick open. */
  private async open(shortcut: 'F1' | 'Control+P', query: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press(shortcut);
    await this.field().waitFor({ state: 'visible' });
    await this.field().fill(query);
  }

  private paletteRow(title: string): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
  }

  /**
   * Runs a command by its palette title ("Category: Title"), like a person pressing F1. The palette
   * does not refresh while open, so it is reopened until the command shows up.
   */
  async runCommand(title: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.open('F1', `>${title}`);
      const row = this.paletteRow(title).first();
      if (await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
        await row.click();
        // The command's own quick pick reuses the palette's widget, and newer versions fill it a
        // moment after the click: until the palette's row is gone, its rows would pass for the pick's.
        await this.paletteRow(title).first().waitFor({ state: 'hidden' });
        return;
      }
      if (Date.now() > deadline) throw new Error(`The command palette does not offer "${title}"`);
    }
  }

  /** Whether the command palette offers exactly this title right now. */
  async paletteOffers(title: string): Promise<boolean> {
    await this.open('F1', `>${title}`);
    const found = await this.paletteRow(title)
      .first()
      .waitFor({ state: 'visible', timeout: 3000 })
      .then(() => true, () => false);
    await this.page.keyboard.press('Escape');
    return found;
  }

  /** Opens the palette on `text` typed after F1 (as a person browsing commands would) and waits for its list. */
  async browsePalette(text: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.page.keyboard.type(text);
    await this.row().waitFor({ state: 'visible' });
  }

  /** Quick open (Control+P) on `query`; clicks the first row whose file name is `name`. */
  async quickOpen(query: string, name: string): Promise<void> {
    await this.open('Control+P', query);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: name }) });
    await row.first().waitFor({ state: 'visible' });
    await row.first().click();
  }

  /** The input box currently shown. */
  async inputBox(): Promise<InputBoxState> {
    await this.field().waitFor({ state: 'visible' });
    const field = this.field();
    return {
      title: (await this.root().locator('.quick-input-title').innerText().catch(() => '')).trim(),
      prompt: (await this.root().locator('.quick-input-message').innerText().catch(() => '')).trim(),
      value: await field.inputValue(),
      placeholder: (await field.getAttribute('placeholder')) ?? '',
      password: (await field.getAttribute('type')) === 'password',
    };
  }

  /** The title of an input box, to wait for or to check that it is not shown. */
  titled(title: RegExp): Locator {
    return this.root().locator('.quick-input-title', { hasText: title });
  }

  /** Waits for an input box whose title matches, so a step is not confused with the one before it. */
  async waitForInputBox(title: RegExp): Promise<InputBoxState> {
    await this.titled(title).waitFor({ state: 'visible' });
    return this.inputBox();
  }

  /** Waits for the input box's message (its prompt, or why an answer was refused) to match; returns it. */
  async waitForMessage(message: RegExp): Promise<string> {
    const shown = this.root().locator('.quick-input-message', { hasText: message });
    await shown.waitFor({ state: 'visible' });
    return (await shown.innerText()).trim();
  }

  /** Replaces the input box's text. With password: true, refuses to type unless the box hides its text. */
  async type(text: string, options: { password?: boolean } = {}): Promise<void> {
    const field = this.field();
    await field.waitFor({ state: 'visible' });
    if (options.password && (await field.getAttribute('type')) !== 'password') {
      throw new Error('Refusing to type a secret into an input box that shows its text');
    }
    await field.focus();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(text);
  }

  /** Clicks the Back button of a multi-step input, the one action at the left of its title. */
  async back(): Promise<void> {
    await this.root().locator('.quick-input-left-action-bar .action-label').first().click();
  }

  /** Accepts the input box or the selected row. */
  async accept(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
