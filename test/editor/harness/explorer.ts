// The Explorer view and its context menu.
import type { Page } from 'playwright-core';
import type { QuickInput } from './quickInput';

export class Explorer {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** Runs an entry of the context menu of the workspace folder `name`, e.g. 'Send Folder…'. */
  async runFolderMenuItem(name: string, menuItem: string): Promise<void> {
    await this.quickInput.runCommand('View: Show Explorer');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name}$`) });
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click({ button: 'right' });
    // The workbench's menus act on the highlighted item; a synthetic click can land before they listen.
    await this.page.locator('.context-view .action-item', { hasText: menuItem }).hover();
    await this.page.keyboard.press('Enter');
  }
}
