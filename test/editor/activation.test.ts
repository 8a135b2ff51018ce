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
        await editor.quickInput.runCommand('Gestix: Show Log');
        const activation = new RegExp(`_doActivateExtension ${editor.extensionId.replace('.', '\\.')}\\b`);
        await editor.logs.waitForExtensionHostLog(activation);
        // Activation either logs its first line or fails with an error in the extension host log.
        await editor.logs.waitForOutputLine(/Gestix for VS Code activated/, 10_000).catch(() => undefined);
        assert.deepEqual(editor.logs.extensionErrors(), [], 'errors from the extension in the extension host log');
        assert.match(editor.logs.outputChannelText(), /\[info\] Gestix for VS Code activated/);
        assert.doesNotMatch(editor.logs.outputChannelText(), /\[error\]/);
        // Show Log brings the channel up in the Output view, as a user sees it.
        await editor.logs.outputView('Gestix for VS Code activated').waitFor({ state: 'visible' });
      })(),
  );

  it(
    'offers every contributed command in the palette under "Gestix: "',
    () =>
      editor.scenario('activation-palette', async () => {
        const commands = editor.contributedCommands();
        assert.ok(commands.length > 0, 'the installed extension contributes commands');
        const alwaysOffered = commands.filter((command) => command.paletteWhen === undefined);
        assert.ok(alwaysOffered.length > 0, 'some commands are offered everywhere, so the palette check below checks something');
        for (const command of commands) assert.match(command.title, /^Gestix: /, `${command.command} is listed under "Gestix: "`);
        const missing: string[] = [];
        for (const command of alwaysOffered) {
          if (!(await editor.quickInput.paletteOffers(command.title))) missing.push(command.title);
        }
        assert.deepEqual(missing, [], 'commands missing from the command palette');
        // Leave the palette open on the list for the screenshot.
        await editor.quickInput.browsePalette('Gestix: ');
      })(),
  );
});
