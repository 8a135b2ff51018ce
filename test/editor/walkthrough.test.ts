// The first five minutes in a real editor: the Get Started walkthrough ticks its steps as the
// person connects, signs in, sends a sample invoice, hovers a code and looks at the status bar;
// Send asks for a missing account; the local sandbox starts inside the editor and stops cleanly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { waitUntil } from './harness/processes';
import { confirmUnencryptedDestination, posts, signIn, waitFor } from './steps';

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
    // Nothing points at a server yet; port 0 keeps clear of a sandbox someone runs on 8787.
    editor = await Editor.start({ scenario: 'local-sandbox', settings: { 'gestix.serverUrl': undefined, 'gestix.account': undefined, 'gestix.sandbox.port': 0 } });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Start Local Sandbox points the settings at it and signs in; a sample invoice is sent there; Stop puts everything back',
    () =>
      editor.scenario('local-sandbox', async () => {
        await editor.quickInput.runCommand('Gestix: Start Local Sandbox');
        const started = await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
        const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(started)?.[0];
        assert.ok(origin, `the notification names the address: ${started}`);
        assert.notEqual(origin, editor.sandbox.origin, 'a sandbox of its own, not the scenario one');
        assert.match(started, /signed in/);
        await waitFor('the user settings to point at it', () => editor.userSettings()['gestix.serverUrl'] === origin);
        assert.equal(editor.userSettings()['gestix.account'], '03101176');
        await editor.statusBar.session.waitForIcon('check');
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

        await editor.quickInput.runCommand('Gestix: Stop Local Sandbox');
        await editor.notifications.waitFor(/sandbox was stopped/);
        await waitFor('the server setting to be removed again', () => !('gestix.serverUrl' in editor.userSettings()) && !('gestix.account' in editor.userSettings()));
        await assert.rejects(fetch(`${origin}/__sandbox/documents`, { signal: AbortSignal.timeout(5000) }), 'the sandbox no longer answers');
        await editor.statusBar.session.waitForIcon('account');
        assert.ok(!(await editor.quickInput.paletteOffers('Gestix: Stop Local Sandbox')), 'Stop is offered only while there is something to stop');
        assert.ok(!editor.logs.writtenOutputChannelText().includes(editor.sandbox.apiToken));
      })(),
  );

  it(
    'after a reload ends the sandbox, the settings that pointed at it are put back by themselves',
    () =>
      editor.scenario('local-sandbox-reloaded', async () => {
        await editor.notifications.clear();
        await editor.quickInput.runCommand('Gestix: Start Local Sandbox');
        const started = await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
        const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(started)?.[0];
        assert.ok(origin, `the notification names the address: ${started}`);
        await waitFor('the user settings to point at it', () => editor.userSettings()['gestix.serverUrl'] === origin);

        // The sandbox lives in the window's extension host, which a reload replaces.
        await editor.quickInput.runCommand('Developer: Reload Window');
        await editor.waitForWorkbench();
        const message = await editor.notifications.waitFor(/ended with its window/, 60_000);
        assert.ok(message.includes(`The local Gestix sandbox at ${origin} ended with its window, so its settings and sign-in were removed`), message);
        await waitFor('the settings to be put back', () => !('gestix.serverUrl' in editor.userSettings()) && !('gestix.account' in editor.userSettings()));
        await assert.rejects(fetch(`${origin}/api/03101176/v4.0.0/status`, { signal: AbortSignal.timeout(5000) }), 'nothing answers at its port');
        await editor.statusBar.session.waitForIcon('account');
        assert.ok(!(await editor.quickInput.paletteOffers('Gestix: Stop Local Sandbox')), 'nothing is left to stop');
      })(),
  );
});
