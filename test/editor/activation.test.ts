import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';

describe('activation in a real editor', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'activation' });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'activates without errors and logs to the Gestix output channel',
    () =>
      editor.scenario('activation', async () => {
        await editor.runCommand('Gestix: Show Log');
        const activation = new RegExp(`_doActivateExtension ${editor.extensionId.replace('.', '\\.')}\\b`);
        await editor.waitForExtensionHostLog(activation);
        // Activation either logs its first line or fails with an error in the extension host log.
        await editor.waitForOutputLine(/Gestix for VS Code activated/, 10_000).catch(() => undefined);
        assert.deepEqual(editor.extensionErrors(), [], 'errors from the extension in the extension host log');
        assert.match(editor.outputChannelText(), /\[info\] Gestix for VS Code activated/);
        assert.doesNotMatch(editor.outputChannelText(), /\[error\]/);
        // Show Log brings the channel up in the Output view, as a user sees it.
        await editor.page.locator('.part.panel .monaco-editor', { hasText: 'Gestix for VS Code activated' }).first().waitFor({ state: 'visible' });
      })(),
  );

  it(
    'offers every contributed command in the palette under "Gestix: "',
    () =>
      editor.scenario('activation-palette', async () => {
        const commands = editor.contributedCommands();
        assert.ok(commands.length > 0, 'the installed extension contributes commands');
        const alwaysOffered = commands.filter((command) => command.paletteWhen === undefined);
        for (const command of commands) assert.match(command.title, /^Gestix: /, `${command.command} is listed under "Gestix: "`);
        const missing: string[] = [];
        for (const command of alwaysOffered) {
          if (!(await editor.paletteOffers(command.title))) missing.push(command.title);
        }
        assert.deepEqual(missing, [], 'commands missing from the command palette');
        // Leave the palette open on the list for the screenshot.
        await editor.page.keyboard.press('F1');
        await editor.page.keyboard.type('Gestix: ');
        await editor.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
      })(),
  );
});
