// The Gestix view's On the Server: its title bar actions, its description (the filter in force), a
// document row's context menu, and the diff editor Compare with Server Copy opens.
import type { Locator, Page } from 'playwright-core';
import { openContextMenu } from './contextMenu';
import type { GestixView } from './gestixView';
import { STEP_TIMEOUT_MS } from './timeouts';

export const ON_SERVER = 'On the Server';

export class OnServerView {
  constructor(
    private readonly page: Page,
    private readonly view: GestixView,
  ) {}

  /** The view's description next to its title: the filter in force, or nothing. */
  async description(): Promise<string> {
    const header = this.view.pane(ON_SERVER).locator('.pane-header');
    return ((await header.locator('.description').first().textContent().catch(() => '')) ?? '').trim();
  }

  /** Clicks an action of the view's title bar by its title (the actions show while the pointer is over the view). */
  async clickTitleAction(title: string): Promise<void> {
    const header = this.view.pane(ON_SERVER).locator('.pane-header');
    await header.hover();
    const action = header.locator(`.actions .action-label[aria-label="${title}"]`);
    await action.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await action.click();
  }

  /** Whether the title bar offers an action titled `title` now. */
  async offersTitleAction(title: string): Promise<boolean> {
    const header = this.view.pane(ON_SERVER).locator('.pane-header');
    await header.hover();
    return (await header.locator(`.actions .action-label[aria-label="${title}"]`).count()) > 0;
  }

  /** Moves the view's keyboard focus to its last row, which scrolls it into sight (the tree draws only the rows in sight). */
  async scrollToEnd(): Promise<void> {
    await this.view.focus(ON_SERVER);
    await this.page.keyboard.press('End');
  }

  /** Moves the view's keyboard focus to its first row. */
  async scrollToStart(): Promise<void> {
    await this.view.focus(ON_SERVER);
    await this.page.keyboard.press('Home');
  }

  /** Right-clicks the row labelled `label`; returns the menu's labels, leaving it open. */
  async openRowMenu(label: string): Promise<string[]> {
    const row = this.view.row(ON_SERVER, label);
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return openContextMenu(this.page, row);
  }

  /** The diff editor in the active group. */
  diffEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-diff-editor').first();
  }

  /** The text of each side of the active diff editor: the original (left) and the modified (right). */
  async diffSides(): Promise<{ original: string; modified: string }> {
    const diff = this.diffEditor();
    await diff.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const side = async (which: string) => ((await diff.locator(`.editor.${which} .view-lines`).first().innerText()) ?? '').replace(/\u00a0/g, ' ');
    return { original: await side('original'), modified: await side('modified') };
  }

  /** The message an editor shows when typing is refused (read-only), once it shows. */
  async readOnlyMessage(): Promise<string> {
    const message = this.page.locator('.part.editor .monaco-editor-overlaymessage').first();
    await message.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return (await message.innerText()).trim();
  }
}
