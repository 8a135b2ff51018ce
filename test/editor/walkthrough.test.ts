// The first five minutes in a real editor: the Get Started walkthrough ticks its steps as the
// person connects, signs in, sends a sample invoice, hovers a code and looks at the status bar;
// Send asks for a missing account; the local sandbox starts inside the editor and stops cleanly.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { clickNotificationButton, confirmUnencryptedDestination, focusEditor, hoverTextOf, posts, signIn, waitFor } from './steps';

const STATUS_ITEM_ID = 'gestix.sessionStatus';
const STEPS = ['gestix.connect', 'gestix.signIn', 'gestix.sendInvoice', 'gestix.hoverCode', 'gestix.statusBar'] as const;

function statusItem(editor: Editor) {
  return editor.page.locator(`.statusbar [id="${editor.extensionId}.${STATUS_ITEM_ID}"], .statusbar [id="${STATUS_ITEM_ID}"]`).first();
}

function step(editor: Editor, id: (typeof STEPS)[number]) {
  return editor.page.locator(`.getting-started-step[data-step-id$="#${id}"]`).first();
}

async function openWalkthrough(editor: Editor): Promise<void> {
  await editor.runCommand('Gestix: Get Started');
  await editor.page.locator('.gettingStartedContainer .getting-started-step').first().waitFor({ state: 'visible' });
}

/** Ids of the walkthrough steps shown as done. */
async function tickedSteps(editor: Editor): Promise<string[]> {
  const ticked: string[] = [];
  for (const id of STEPS) {
    if ((await step(editor, id).locator('.codicon-getting-started-step-checked').count()) > 0) ticked.push(id);
  }
  return ticked;
}

async function waitForTicked(editor: Editor, id: (typeof STEPS)[number]): Promise<void> {
  await step(editor, id).locator('.codicon-getting-started-step-checked').waitFor({ state: 'attached', timeout: 15_000 });
}

function userSettingsFile(editor: Editor): string {
  return join(editor.userDataDir, 'User', 'settings.json');
}

function readSettings(file: string): Record<string, unknown> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

/**
 * The settings as the extension host sees them: code-server's host is a remote one, so settings
 * with machine scope (gestix.serverUrl) are written to and read from the machine's settings file.
 */
function userSettings(editor: Editor): Record<string, unknown> {
  return { ...readSettings(userSettingsFile(editor)), ...readSettings(join(editor.userDataDir, 'Machine', 'settings.json')) };
}

/** Empties a text setting in the Settings editor, as a person would. */
async function clearSettingInSettingsEditor(editor: Editor, setting: string): Promise<void> {
  await editor.runCommand('Preferences: Open User Settings');
  const search = editor.page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor textarea').first();
  await search.waitFor({ state: 'visible' });
  await search.focus();
  await editor.page.keyboard.type(setting);
  const field = editor.page.locator(`.settings-editor .setting-item-control input[aria-label="${setting}"]`).first();
  await field.waitFor({ state: 'visible' });
  await field.fill('');
}

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
        await openWalkthrough(editor);
        assert.match(await editor.page.locator('.gettingStartedContainer').innerText(), /Get Started with Gestix/);
        // The account is configured already (the scenario's settings), so the first step is done.
        await waitForTicked(editor, 'gestix.connect');
        assert.deepEqual(await tickedSteps(editor), ['gestix.connect']);
        await editor.screenshot('walkthrough-open');

        await signIn(editor);
        await openWalkthrough(editor);
        await waitForTicked(editor, 'gestix.signIn');

        await editor.runCommand('Gestix: Open Sample Invoice');
        await editor.page.locator('.tabs-container .tab.active[data-resource-name$=".invoice.json"]').waitFor({ state: 'visible' });
        await editor.runCommand('Gestix: Send Invoice');
        const created = await editor.waitForNotification(/created in Gestix/, 20_000);
        assert.match(created, /Invoice FT\d{4}\/\w+ created in Gestix/);
        assert.equal(editor.sandbox.control.documents('invoices').length, 1, 'the sample invoice was stored once');
        await editor.clearNotifications();
        await openWalkthrough(editor);
        await waitForTicked(editor, 'gestix.sendInvoice');

        await editor.runCommand('Gestix: Open Sample Log');
        await editor.page.locator('.tabs-container .tab.active[data-resource-name="sample.log"]').waitFor({ state: 'visible' });
        assert.match(await hoverTextOf(editor, 'DB_TIMEOUT'), /DB_TIMEOUT/);
        await editor.page.keyboard.press('Escape');
        await openWalkthrough(editor);
        await waitForTicked(editor, 'gestix.hoverCode');

        // The walkthrough stays in front while the status bar item is clicked.
        await statusItem(editor).click();
        await editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check Now' }).first().waitFor({ state: 'visible' });
        await editor.page.keyboard.press('Escape');
        await waitForTicked(editor, 'gestix.statusBar');
        assert.deepEqual(await tickedSteps(editor), [...STEPS]);
        // The selected step's page from media/walkthrough shows beside the steps.
        const media = editor.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
        await media.locator('h1').first().waitFor({ state: 'visible' });
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
        assert.equal(userSettings(editor)['gestix.account'], undefined, 'the scenario starts without an account');
        await editor.openFile('invoices/good.invoice.json');
        await editor.runCommand('Gestix: Send Invoice');
        await clickNotificationButton(editor, /Sign in to Gestix before sending/, 'Sign In');
        const accountBox = await editor.waitForInputBox(/Sign In \(1\/2\)/);
        assert.equal(accountBox.value, '', 'no account to prefill');
        await editor.typeIntoInput(editor.sandbox.account);
        await editor.pressEnter();
        await confirmUnencryptedDestination(editor);
        await editor.waitForInputBox(/Sign In \(2\/2\)/);
        await editor.typeIntoInput(editor.sandbox.apiToken, { password: true });
        await editor.pressEnter();
        await waitFor('the invoice to be stored', () => editor.sandbox.control.documents('invoices').length === 1, 20_000);
        // Signing in and sending fill the toast area; the result is listed in the notification centre.
        assert.match(await editor.showNotificationCenter(), /Invoice FT2026\/\w+ created in Gestix/);
        await waitFor('the account in the user settings', () => userSettings(editor)['gestix.account'] === editor.sandbox.account);
      })(),
  );

  it(
    'signed in but with the account setting removed, Send asks for the account instead of failing',
    () =>
      editor.scenario('send-without-account', async () => {
        await focusEditor(editor);
        await editor.clearNotifications();
        await statusItem(editor).locator('.codicon-check').waitFor({ state: 'attached', timeout: 20_000 });
        await clearSettingInSettingsEditor(editor, 'gestix.account');
        await waitFor('the account to leave the user settings', () => !('gestix.account' in userSettings(editor)));
        // Without an account the status check cannot run: the item asks for the set-up instead.
        await statusItem(editor).locator('.codicon-check').waitFor({ state: 'detached', timeout: 20_000 });
        await statusItem(editor).locator('.codicon-gear').waitFor({ state: 'attached', timeout: 20_000 });
        assert.match(await statusItem(editor).innerText(), /Gestix: set up/);
        await editor.runCommand('View: Close All Editors');
        const before = posts(editor, '/invoices').length;

        await editor.openFile('invoices/negative-discount.invoice.json');
        await editor.runCommand('Gestix: Send Invoice');
        const accountBox = await editor.waitForInputBox(/Which account/);
        assert.equal(accountBox.value, '');
        assert.match(accountBox.prompt, /account id/);
        assert.equal(posts(editor, '/invoices').length, before, 'nothing is sent before the account is known');
        await editor.screenshot('send-without-account-asks');
        await editor.typeIntoInput(editor.sandbox.account);
        await editor.pressEnter();
        await waitFor('the invoice POST', () => posts(editor, '/invoices').length === before + 1, 20_000);
        await waitFor('the account in the user settings', () => userSettings(editor)['gestix.account'] === editor.sandbox.account);
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
        await editor.runCommand('Gestix: Start Local Sandbox');
        const started = await editor.waitForNotification(/local Gestix sandbox runs at/, 20_000);
        const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(started)?.[0];
        assert.ok(origin, `the notification names the address: ${started}`);
        assert.notEqual(origin, editor.sandbox.origin, 'a sandbox of its own, not the scenario one');
        assert.match(started, /signed in/);
        await waitFor('the user settings to point at it', () => userSettings(editor)['gestix.serverUrl'] === origin);
        assert.equal(userSettings(editor)['gestix.account'], '03101176');
        await statusItem(editor).locator('.codicon-check').waitFor({ state: 'attached', timeout: 20_000 });
        await editor.screenshot('local-sandbox-started');

        await clickNotificationButton(editor, /local Gestix sandbox runs at/, 'Open Sample Invoice');
        await editor.page.locator('.tabs-container .tab.active[data-resource-name$=".invoice.json"]').waitFor({ state: 'visible' });
        await editor.runCommand('Gestix: Send Invoice');
        await editor.waitForNotification(/created in Gestix/, 20_000);
        // Its control secret lives only in the extension host, so its own request log tells where the invoice went.
        await editor.waitForOutputLine(/POST \/invoices -> 201/, 10_000, 'Gestix Sandbox');
        assert.equal(editor.outputChannelText('Gestix Sandbox').match(/POST \/invoices -> 201/g)?.length, 1, 'the invoice went to the sandbox in the editor');
        const control = await fetch(`${origin}/__sandbox/documents?kind=invoices`);
        assert.equal(control.status, 401, 'its control endpoint answers no one without its secret');
        assert.equal(editor.sandbox.control.documents('invoices').length, 0, 'and nowhere else');
        await editor.clearNotifications();

        await editor.runCommand('Gestix: Stop Local Sandbox');
        await editor.waitForNotification(/sandbox was stopped/);
        await waitFor('the server setting to be removed again', () => !('gestix.serverUrl' in userSettings(editor)) && !('gestix.account' in userSettings(editor)));
        await assert.rejects(fetch(`${origin}/__sandbox/documents`, { signal: AbortSignal.timeout(5000) }), 'the sandbox no longer answers');
        await statusItem(editor).locator('.codicon-account').waitFor({ state: 'attached', timeout: 20_000 });
        assert.ok(!(await editor.paletteOffers('Gestix: Stop Local Sandbox')), 'Stop is offered only while there is something to stop');
        assert.ok(!editor.outputChannelText().includes(editor.sandbox.apiToken));
      })(),
  );

  it(
    'after a reload ends the sandbox, the settings that pointed at it are put back by themselves',
    () =>
      editor.scenario('local-sandbox-reloaded', async () => {
        await editor.clearNotifications();
        await editor.runCommand('Gestix: Start Local Sandbox');
        const started = await editor.waitForNotification(/local Gestix sandbox runs at/, 20_000);
        const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(started)?.[0];
        assert.ok(origin, `the notification names the address: ${started}`);
        await waitFor('the user settings to point at it', () => userSettings(editor)['gestix.serverUrl'] === origin);

        // The sandbox lives in the window's extension host, which a reload replaces.
        await editor.runCommand('Developer: Reload Window');
        await editor.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        const message = await editor.waitForNotification(/ended with its window/, 60_000);
        assert.ok(message.includes(`The local Gestix sandbox at ${origin} ended with its window, so its settings and sign-in were removed`), message);
        await waitFor('the settings to be put back', () => !('gestix.serverUrl' in userSettings(editor)) && !('gestix.account' in userSettings(editor)));
        await assert.rejects(fetch(`${origin}/api/03101176/v4.0.0/status`, { signal: AbortSignal.timeout(5000) }), 'nothing answers at its port');
        await statusItem(editor).locator('.codicon-account').waitFor({ state: 'attached', timeout: 20_000 });
        assert.ok(!(await editor.paletteOffers('Gestix: Stop Local Sandbox')), 'nothing is left to stop');
      })(),
  );
});
