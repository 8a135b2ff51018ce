// The first five minutes in a real editor: the Get Started walkthrough ticks its steps as the
// person connects, signs in, sends a sample invoice, hovers a code and looks at the status bar;
// Send asks for a missing account; the local sandbox starts inside the editor as the connection
// "Local sandbox", changes no setting, and stops back to the connection used before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { waitUntil } from './harness/processes';
import { confirmUnencryptedDestination, posts, signIn, waitFor } from './steps';

/** The scenario sandbox's account in the local-sandbox scenarios: not the one the local sandbox serves. */
const SCENARIO_ACCOUNT = '04200001';
const STEPS = ['gestix.connect', 'gestix.signIn', 'gestix.sendInvoice', 'gestix.hoverCode', 'gestix.statusBar'] as const;

describe('getting started', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'walkthrough' });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'the walkthrough opens and its steps tick as the person signs in, sends, hovers and checks the session',
    () =>
      editor.scenario('walkthrough-steps', async () => {
        await editor.walkthrough.open();
        assert.match(await editor.walkthrough.text(), /Get Started with Gestix/);
        // The account is configured already (the scenario's settings), so the first step is done.
        await editor.walkthrough.waitForTicked('gestix.connect');
        assert.deepEqual(await editor.walkthrough.tickedSteps(STEPS), ['gestix.connect']);
        await editor.screenshot('walkthrough-open');

        await signIn(editor);
        await editor.walkthrough.open();
        await editor.walkthrough.waitForTicked('gestix.signIn');

        await editor.quickInput.runCommand('Gestix: Open Sample Invoice');
        await editor.files.activeTab({ endsWith: '.invoice.json' }).waitFor({ state: 'visible' });
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const created = await editor.notifications.waitFor(/created in Gestix/, 20_000);
        assert.match(created, /Invoice FT\d{4}\/\w+ created in Gestix/);
        assert.equal(editor.sandbox.control.documents('invoices').length, 1, 'the sample invoice was stored once');
        await editor.notifications.clear();
        await editor.walkthrough.open();
        await editor.walkthrough.waitForTicked('gestix.sendInvoice');

        await editor.quickInput.runCommand('Gestix: Open Sample Log');
        await editor.files.activeTab('sample.log').waitFor({ state: 'visible' });
        assert.match(await editor.hovers.of('DB_TIMEOUT'), /DB_TIMEOUT/);
        await editor.dismiss();
        await editor.walkthrough.open();
        await editor.walkthrough.waitForTicked('gestix.hoverCode');

        // The walkthrough stays in front while the status bar item is clicked. Its page redraws when the
        // step ticks and may take the focus, which closes the menu: opened again, it stays.
        await waitUntil('the status menu, open', async () => {
          await editor.statusBar.session.click();
          return editor.quickInput
            .row('Check Now')
            .waitFor({ state: 'visible', timeout: 5000 })
            .then(() => true, () => false);
        }, 20_000);
        await editor.dismiss();
        await editor.walkthrough.waitForTicked('gestix.statusBar');
        assert.deepEqual(await editor.walkthrough.tickedSteps(STEPS), [...STEPS]);
        await editor.walkthrough.waitForStepPage();
      })(),
  );
});

describe('sending without an account', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'send-without-account', settings: { 'gestix.account': undefined } });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Send asks to sign in, the sign-in asks for the account, and the invoice is sent',
    () =>
      editor.scenario('send-without-account-signed-out', async () => {
        assert.equal(editor.userSettings()['gestix.account'], undefined, 'the scenario starts without an account');
        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.clickButton(/Sign in to Gestix before sending/, 'Sign In');
        const accountBox = await editor.quickInput.waitForInputBox(/Sign In \(1\/2\)/);
        assert.equal(accountBox.value, '', 'no account to prefill');
        await editor.quickInput.type(editor.sandbox.account);
        await editor.quickInput.accept();
        await confirmUnencryptedDestination(editor);
        await editor.quickInput.waitForInputBox(/Sign In \(2\/2\)/);
        await editor.quickInput.type(editor.sandbox.apiToken, { password: true });
        await editor.quickInput.accept();
        await waitFor('the invoice to be stored', () => editor.sandbox.control.documents('invoices').length === 1, 20_000);
        // Signing in and sending fill the toast area; the result is listed in the notification centre.
        assert.match(await editor.notifications.showCenter(), /Invoice FT2026\/\w+ created in Gestix/);
        await waitFor('the account in the user settings', () => editor.userSettings()['gestix.account'] === editor.sandbox.account);
      })(),
  );

  it(
    'signed in but with the account setting removed, Send asks for the account instead of failing',
    () =>
      editor.scenario('send-without-account', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        await editor.statusBar.session.waitForIcon('check');
        await editor.settingsEditor.clear('gestix.account');
        await waitFor('the account to leave the user settings', () => !('gestix.account' in editor.userSettings()));
        // Without an account the status check cannot run: the item asks for the set-up instead.
        await editor.statusBar.session.waitForIconGone('check');
        await editor.statusBar.session.waitForIcon('gear');
        assert.match(await editor.statusBar.session.text(), /Gestix: set up/);
        await editor.quickInput.runCommand('View: Close All Editors');
        const before = posts(editor, '/invoices').length;

        await editor.files.open('invoices/negative-discount.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const accountBox = await editor.quickInput.waitForInputBox(/Which account/);
        assert.equal(accountBox.value, '');
        assert.match(accountBox.prompt, /account id/);
        assert.equal(posts(editor, '/invoices').length, before, 'nothing is sent before the account is known');
        await editor.screenshot('send-without-account-asks');
        await editor.quickInput.type(editor.sandbox.account);
        await editor.quickInput.accept();
        await waitFor('the invoice POST', () => posts(editor, '/invoices').length === before + 1, 20_000);
        await waitFor('the account in the user settings', () => editor.userSettings()['gestix.account'] === editor.sandbox.account);
      })(),
  );
});

describe('the local sandbox inside the editor', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    // The settings point at the scenario sandbox (another account than the local one's); port 0 keeps
    // clear of a sandbox someone runs on 8787.
    editor = await Editor.start({ scenario: 'local-sandbox', sandbox: { account: SCENARIO_ACCOUNT }, settings: { 'gestix.sandbox.port': 0 } });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Start Local Sandbox signs in to it and changes no setting; a sample invoice is sent there; Stop goes back to the connection used before',
    () =>
      editor.scenario('local-sandbox', async () => {
        await editor.statusBar.session.waitForIcon('check');
        assert.equal(await editor.statusBar.session.text(), 'Gestix', 'one connection: the item does not name it');
        const settingsBefore = editor.settingsFiles();
        const origin = await startLocalSandbox(editor);
        await editor.statusBar.session.waitForText(/^Gestix: Local sandbox$/);
        await editor.statusBar.session.waitForIcon('check');
        assert.deepEqual(editor.settingsFiles(), settingsBefore, 'every settings file is byte for byte as it was');
        await editor.screenshot('local-sandbox-started');

        await editor.notifications.clickButton(/local Gestix sandbox runs at/, 'Open Sample Invoice');
        await editor.files.activeTab({ endsWith: '.invoice.json' }).waitFor({ state: 'visible' });
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.waitFor(/created in Gestix/, 20_000);
        // Its control secret lives only in the extension host, so its own request log tells where the invoice went.
        await editor.logs.waitForOutputLine(/POST \/invoices -> 201/, 10_000, 'Gestix Sandbox');
        assert.equal(editor.logs.outputChannelText('Gestix Sandbox').match(/POST \/invoices -> 201/g)?.length, 1, 'the invoice went to the sandbox in the editor');
        const control = await fetch(`${origin}/__sandbox/documents?kind=invoices`);
        assert.equal(control.status, 401, 'its control endpoint answers no one without its secret');
        assert.equal(editor.sandbox.control.documents('invoices').length, 0, 'and nowhere else');
        await editor.notifications.clear();

        const helosBefore = heloCount(editor);
        await editor.quickInput.runCommand('Gestix: Stop Local Sandbox');
        const stopped = await editor.notifications.waitFor(/sandbox was stopped/);
        assert.match(stopped, new RegExp(`Gestix uses the connection ${SCENARIO_ACCOUNT}\\.`));
        await assert.rejects(fetch(`${origin}/__sandbox/documents`, { signal: AbortSignal.timeout(5000) }), 'the sandbox no longer answers');
        // Back on the connection of the settings, still signed in: its sign-in was not touched.
        await editor.statusBar.session.waitForText(/^Gestix$/);
        await editor.statusBar.session.waitForIcon('check');
        assert.equal(heloCount(editor), helosBefore, 'no new sign-in was needed');
        assert.deepEqual(editor.settingsFiles(), settingsBefore, 'stopping changed no settings file either');
        assert.ok(!(await editor.quickInput.paletteOffers('Gestix: Stop Local Sandbox')), 'Stop is offered only while there is something to stop');
        assert.ok(!editor.logs.writtenOutputChannelText().includes(editor.sandbox.apiToken));
      })(),
  );

  it(
    'a reload ends the sandbox with its window: the window is back on the connection used before, and no setting changed',
    () =>
      editor.scenario('local-sandbox-reloaded', async () => {
        await editor.notifications.clear();
        const settingsBefore = editor.settingsFiles();
        const origin = await startLocalSandbox(editor);
        await editor.statusBar.session.waitForText(/^Gestix: Local sandbox$/);

        // The sandbox lives in the window's extension host, which a reload replaces.
        await editor.reloadWindow();
        await editor.statusBar.session.waitForText(/^Gestix$/, 60_000);
        await editor.statusBar.session.waitForIcon('check');
        assert.deepEqual(editor.settingsFiles(), settingsBefore, 'every settings file is byte for byte as it was');
        await assert.rejects(fetch(`${origin}/api/03101176/v4.0.0/status`, { signal: AbortSignal.timeout(5000) }), 'nothing answers at its port');
        assert.ok(!(await editor.quickInput.paletteOffers('Gestix: Stop Local Sandbox')), 'nothing is left to stop');
      })(),
  );
});

/** Runs Start Local Sandbox and returns the address its notification names (another than the scenario sandbox's). */
async function startLocalSandbox(editor: Editor): Promise<string> {
  await editor.quickInput.runCommand('Gestix: Start Local Sandbox');
  const started = await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
  const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(started)?.[0];
  assert.ok(origin, `the notification names the address: ${started}`);
  assert.notEqual(origin, editor.sandbox.origin, 'a sandbox of its own, not the scenario one');
  assert.match(started, /signed in/);
  return origin;
}

function heloCount(editor: Editor): number {
  return editor.sandbox.control.requests().filter((request) => request.path === '/helo').length;
}
