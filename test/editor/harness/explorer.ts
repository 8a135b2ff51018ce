// The Explorer view and its context menu.
import type { Locator, Page } from 'playwright-core';
import { openContextMenu } from './contextMenu';
import type { QuickInput } from './quickInput';

export class Explorer {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** The row of a file or folder named `name` among those the Explorer shows. */
  private row(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  }

  /**
   * Opens the context menu of the file or folder `name` (a top-level one, or one revealed with
   * revealActiveFile) and returns its labels; the menu stays open until Escape.
   */
  async menuItemsOf(name: string): Promise<string[]> {
    await this.quickInput.runCommand('View: Show Explorer');
    const row = this.row(name);
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    return openContextMenu(this.page, row);
  }

  /** Shows the active editor's file in the Explorer, its folders expanded. */
  async revealActiveFile(): Promise<void> {
    await this.quickInput.runCommand('File: Reveal Active File in Explorer View');
  }

  /** Runs an entry of the context menu of the workspace folder `name`, e.g. 'Send Folder…'. */
  async runFolderMenuItem(name: string, menuItem: string): Promise<void> {
    await this.quickInput.runCommand('View: Show Explorer');
    const row = this.row(name);
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click({ button: 'right' });
    // The workbench's menus act on the highlighted item; a synthetic click can land before they listen.
    await this.page.locator('.context-view .action-item', { hasText: menuItem }).hover();
    await this.page.keyboard.press('Enter');
  }
}
