// Preferences: Open Keyboard Shortcuts, searched for one key combination.
import type { Page } from 'playwright-core';
import { delay } from './processes';
import type { QuickInput } from './quickInput';
import { STEP_TIMEOUT_MS } from './timeouts';

export class KeyboardShortcuts {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /**
   * The commands bound to exactly `keys` (as the editor writes them, e.g. 'ctrl+k ctrl+enter'),
   * by default or by an extension: the editor's list filtered by the quoted keys.
   */
  async commandsBoundTo(keys: string): Promise<string[]> {
    await this.quickInput.runCommand('Preferences: Open Keyboard Shortcuts');
    const search = this.page.locator('.keybindings-editor .keybindings-header input').first();
    await search.waitFor({ state: 'visible' });
    await search.fill(`"${keys}"`);
    const commands = this.page.locator('.keybindings-editor .keybindings-table-container .monaco-list-row .command');
    // The list filters a moment after typing: read it until two readings agree on a short list.
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let last: string[] | undefined;
    for (;;) {
      const now = (await commands.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      if (last !== undefined && now.length < 20 && now.join('\n') === last.join('\n')) return now;
      if (Date.now() > deadline) throw new Error(`The keyboard shortcuts list did not settle on "${keys}": ${now.join(' | ')}`);
      last = now;
      await delay(500);
    }
  }
}
