// Text editors: opening workspace files, their tabs, and what the active one shows.
import type { Locator, Page } from 'playwright-core';
import { openContextMenu } from './contextMenu';
import { waitUntil } from './processes';
import type { QuickInput } from './quickInput';
import { STEP_TIMEOUT_MS } from './timeouts';

export class Files {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** Opens a workspace file by its path relative to the workspace folder (quick open). */
  async open(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.quickInput.quickOpen(relativePath, name);
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"], .tabs-container .tab.active[aria-label^="${name}"]`).first().waitFor({ state: 'visible' });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /** The active tab, when its file is `name` or, given { endsWith }, when its file name ends so. */
  activeTab(name: string | { endsWith: string }): Locator {
    const attribute = typeof name === 'string' ? `[data-resource-name="${name}"]` : `[data-resource-name$="${name.endsWith}"]`;
    return this.page.locator(`.tabs-container .tab.active${attribute}`);
  }

  /** The active tab, when its label holds `text`. */
  activeTabLabelled(text: RegExp): Locator {
    return this.page.locator('.tabs-container .tab.active', { hasText: text });
  }

  /** Whether a tab shows the unsaved-changes mark. */
  async isDirty(tab: Locator): Promise<boolean> {
    return ((await tab.getAttribute('class')) ?? '').split(' ').includes('dirty');
  }

  /** The text of the active editor group's editor, with Monaco's no-break spaces read as spaces. */
  async activeText(): Promise<string> {
    const lines = this.page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Waits until the active editor shows text matching `pattern` (a tab shows before its text is read), and returns it. */
  async waitForActiveText(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    let text = '';
    await waitUntil(
      `the active editor to show ${pattern}`,
      async () => {
        text = await this.activeText().catch(() => '');
        return pattern.test(text);
      },
      timeoutMs,
    );
    return text;
  }

  /** Gives the keyboard back to the workbench (a webview may hold it) by clicking into the active editor. */
  async focus(): Promise<void> {
    await this.page.locator('.part.editor .monaco-editor .view-lines').first().click();
  }

  /** Waits for an editor of the editor area to have the keyboard. */
  async waitForFocus(): Promise<void> {
    await this.page.locator('.part.editor .monaco-editor.focused').first().waitFor({ state: 'attached' });
  }

  /** Waits for an error squiggle in an editor. */
  async waitForErrorSquiggle(): Promise<void> {
    await this.page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
  }

  /** Selects the first match of `text` in the active editor with the find widget, which scrolls it into view. */
  async reveal(text: string): Promise<void> {
    await this.page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const findInput = this.page.locator('.part.editor .find-widget.visible .find-part textarea, .part.editor .find-widget.visible .find-part input').first();
    await findInput.waitFor({ state: 'visible' });
    await findInput.fill(text);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
    await this.page.locator('.part.editor .find-widget.visible').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }

  /** Puts the cursor on the first character of the next match of `text` (Find from the cursor, then ArrowLeft). */
  async moveCursorTo(text: string): Promise<void> {
    await this.page.keyboard.press('Control+F');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
    // Find leaves the match selected; ArrowLeft puts the cursor on its first character.
    await this.page.keyboard.press('ArrowLeft');
  }

  async selectAll(): Promise<void> {
    await this.page.keyboard.press('Control+A');
  }

  /**
   * Opens the context menu of the active editor on its first line (inside a Select All, which a
   * right-click there keeps) and returns its labels; the menu stays open until Escape.
   */
  async contextMenuItems(): Promise<string[]> {
    return openContextMenu(this.page, this.page.locator('.part.editor .editor-group-container.active .monaco-editor .view-line').first());
  }
}
