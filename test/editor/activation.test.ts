// When the extension is there: activated at startup in a workspace with Gestix document files, and
// not in one without them until a log is opened; the session item only while signed in or where
// Gestix documents are (gestix.statusBar.show). Read from the extension host's log, VS Code's
// Running Extensions view and the status bar.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { signIn, waitFor } from './steps';

const GESTIX = 'Gestix for VS Code';
/** A built-in that activates with every window, to show that the Running Extensions view was read. */
const GIT_BASE = 'Git Base';

/** The fixture's logs and responses stay: only files named as Gestix documents activate it. */
function withoutGestixDocuments(workspace: string): void {
  for (const folder of ['invoices', 'purchases']) rmSync(join(workspace, folder), { recursive: true });
}

describe('activation in a workspace with Gestix documents', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'activation' });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'activates at startup for the document files, without errors, and offers to sign in from the status bar',
    () =>
      editor.scenario('activation', async () => {
        await waitFor('the extension host to activate Gestix', () => editor.logs.activations().length > 0);
        const [activation] = editor.logs.activations();
        assert.equal(activation?.startup, true, 'activated while the window started');
        assert.match(activation?.event ?? '', /^workspaceContains:.*\*\*\/\*\.invoice\.json/);
        await editor.statusBar.session.waitForIcon('account');
        assert.match(await editor.statusBar.session.text(), /Gestix: Sign in/);

        await editor.quickInput.runCommand('Gestix: Show Log');
        await editor.logs.waitForOutputLine(/Gestix for VS Code activated/);
        await editor.logs.waitForOutputLine(/Session status item shown: the workspace has Gestix document files/);
        assert.deepEqual(editor.logs.extensionErrors(), [], 'errors from the extension in the extension host log');
        assert.doesNotMatch(editor.logs.outputChannelText(), /\[error\]/);
        // Show Log brings the channel up in the Output view, as a user sees it.
        await editor.logs.outputView('Gestix for VS Code activated').waitFor({ state: 'visible' });

        const running = await editor.runningExtensions.waitForActivated([GESTIX]);
        assert.equal(running.find((extension) => extension.name === GESTIX)?.atStartup, true, 'Running Extensions says "Startup Activation"');
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

describe('activation in a workspace without Gestix documents', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({
      scenario: 'activation-elsewhere',
      prepareWorkspace: withoutGestixDocuments,
    });
  });
  after(async () => {
    await editor?.stop();
  });

  async function waitForNoSessionItem(): Promise<void> {
    await editor.statusBar.session.locator.waitFor({ state: 'detached' });
    assert.doesNotMatch(await editor.statusBar.text(), /Gestix/);
  }

  it(
    'does not activate at startup and shows no Gestix item',
    () =>
      editor.scenario('activation-elsewhere-startup', async () => {
        // The extensions that wait for the end of startup have been activated: startup is over.
        await waitFor('the startup-finished activations', () => /activationEvent: 'onStartupFinished'/.test(editor.logs.extensionHostLog()), 60_000);
        const running = await editor.runningExtensions.waitForActivated([GIT_BASE]);
        assert.deepEqual(
          running.filter((extension) => extension.name === GESTIX),
          [],
          'Running Extensions does not list Gestix',
        );
        assert.deepEqual(editor.logs.activations(), [], 'the extension host did not activate Gestix');
        await waitForNoSessionItem();
      })(),
  );

  it(
    'opening a log activates it; signed out, the session item stays away',
    () =>
      editor.scenario('activation-elsewhere-log', async () => {
        await editor.files.open('logs/app.log');
        await waitFor('the extension host to activate Gestix', () => editor.logs.activations().length > 0);
        assert.deepEqual(editor.logs.activations(), [{ startup: false, event: 'onLanguage:log' }]);
        await editor.logs.waitForOutputLine(/Session status item hidden: the workspace has no Gestix document files/);
        assert.match(await editor.hovers.of('DB_TIMEOUT'), /DB_TIMEOUT[\s\S]*retry/i, 'the log is explained on hover');
        await editor.dismiss();
        await waitForNoSessionItem();
      })(),
  );

  it(
    'shows the session item while signed in, with gestix.statusBar.show set to always, and once a Gestix document is created',
    () =>
      editor.scenario('activation-elsewhere-item', async () => {
        await signIn(editor);
        await editor.statusBar.session.waitForIcon('check');
        await editor.screenshot('activation-elsewhere-signed-in');

        await editor.quickInput.runCommand('Gestix: Sign Out');
        await waitForNoSessionItem();

        editor.updateMachineSettings({ 'gestix.statusBar.show': 'always' });
        await editor.statusBar.session.waitForIcon('account');
        assert.match(await editor.statusBar.session.text(), /Gestix: Sign in/);
        editor.updateMachineSettings({ 'gestix.statusBar.show': undefined });
        await waitForNoSessionItem();

        // A document file created while the window is open counts as well (the file watcher).
        writeFileSync(join(editor.workspace, 'new.invoice.json'), '{}\n');
        await editor.statusBar.session.waitForIcon('account');
        assert.match(await editor.statusBar.session.text(), /Gestix: Sign in/);
        await editor.logs.waitForOutputLine(/Session status item shown: the workspace has Gestix document files/);
      })(),
  );
});

describe('activation by a command in a workspace without Gestix documents', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({
      scenario: 'activation-by-command',
      prepareWorkspace: withoutGestixDocuments,
    });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'runs the command that activated it',
    () =>
      editor.scenario('activation-by-command', async () => {
        assert.deepEqual(editor.logs.activations(), [], 'not active before the command');
        // Its handler lives in the part loaded after activation: the command runs all the same.
        await editor.quickInput.runCommand('Gestix: Show Log');
        await editor.logs.outputView('Gestix for VS Code activated').waitFor({ state: 'visible' });
        assert.deepEqual(editor.logs.activations(), [{ startup: false, event: 'onCommand:gestix.showLog' }]);
        assert.deepEqual(editor.logs.extensionErrors(), []);
      })(),
  );
});
