// The user Settings editor, as a person changes a setting through it.
import type { Locator, Page } from 'playwright-core';
import type { QuickInput } from './quickInput';
import { typeIntoMonacoInput } from './workbench';

export class SettingsEditor {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** Opens the user Settings editor, searches for one setting and returns its input field. */
  async field(setting: string): Promise<Locator> {
    await this.quickInput.runCommand('Preferences: Open User Settings');
    await typeIntoMonacoInput(this.page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor').first(), setting);
    const field = this.page.locator(`.settings-editor .setting-item-control input[aria-label="${setting}"]`).first();
    await field.waitFor({ state: 'visible' });
    return field;
  }

  /** Empties a text setting, as a person would. */
  async clear(setting: string): Promise<void> {
    await (await this.field(setting)).fill('');
  }
}
