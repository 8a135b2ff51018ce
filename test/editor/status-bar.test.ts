// The session-health item in a real editor: signed out, healthy after sign-in, the error count
// after a rejected invoice, expired after a forced expiry, and renewed from its quick pick.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { clickNotificationButton, focusEditor, signIn } from './steps';

const ITEM_ID = 'gestix.sessionStatus';

describe('session health in the status bar', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'status-bar' });
  });
  after(async () => {
    await editor?.stop();
  });

  function item() {
    return editor.page.locator(`.statusbar [id="${editor.extensionId}.${ITEM_ID}"], .statusbar [id="${ITEM_ID}"]`).first();
  }

  async function waitForItem(text: RegExp, icon: string): Promise<void> {
    await item().locator(`.codicon-${icon}`).waitFor({ state: 'attached', timeout: 20_000 });
    const shown = (await item().innerText()).trim();
    assert.match(shown, text);
  }

  it(
    'shows "Sign in" while signed out, and healthy after signing in',
    () =>
      editor.scenario('status-bar-healthy', async () => {
        await waitForItem(/Gestix: Sign in/, 'account');
        await signIn(editor);
        await waitForItem(/^Gestix$/, 'check');
        await item().hover();
        const tooltip = await editor.hoverText();
        // Server text is added as plain text, whose spaces the tooltip renders as no-break spaces.
        assert.match(tooltip, /The\sGestix\ssession\sis\shealthy/);
        assert.match(tooltip, /Status:\sready\s-\slogin:\s/);
        assert.match(tooltip, /Server time:\s\d{4}-\d{2}-\d{2}T/);
        assert.match(tooltip, /API version:\sv4\.0\.0/);
        assert.match(tooltip, /Last check:\s.+\s\(\d+\sms\)/);
        await editor.screenshot('status-bar-healthy-tooltip');
        await editor.page.keyboard.press('Escape');
        const statusCalls = editor.sandbox.control.requests().filter((request) => request.path === '/status');
        assert.ok(statusCalls.length >= 1 && statusCalls.every((request) => request.status === 200));
      })(),
  );

  it(
    'shows the error count after a rejected invoice',
    () =>
      editor.scenario('status-bar-errors', async () => {
        await editor.clearNotifications();
        await editor.openFile('invoices/missing-currency.invoice.json');
        await editor.runCommand('Gestix: Send Invoice');
        await clickNotificationButton(editor, /Gestix would reject/, 'Send Anyway');
        await waitUntilRequest(() => editor.sandbox.control.requests().some((request) => request.path === '/invoices' && request.status === 400));
        // The error panel now has focus; the item's quick pick works from there.
        await item().click();
        const checkNow = editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check Now' }).first();
        await checkNow.waitFor({ state: 'visible' });
        await checkNow.click();
        const message = await editor.waitForNotification(/recent error/);
        assert.match(message, /1 recent error\b/);
        await waitForItem(/Gestix: 1 error$/, 'warning');
      })(),
  );

  it(
    'shows expired after a forced expiry, and Sign In Again renews the session',
    () =>
      editor.scenario('status-bar-expired', async () => {
        // Give the keyboard back to the workbench: the error panel's webview holds it after the last step.
        await focusEditor(editor);
        await editor.clearNotifications();
        editor.sandbox.control.expireSessions();
        const helosBefore = editor.sandbox.control.requests().filter((request) => request.path === '/helo').length;
        await editor.runCommand('Gestix: Check Session Status');
        await editor.waitForNotification(/expired/);
        await waitForItem(/Gestix: session expired/, 'warning');
        const expiryToasts = (await editor.notificationsText()).match(/expired/g) ?? [];
        assert.equal(expiryToasts.length, 1, 'one notification about the expiry, not a second prompt');
        assert.equal(editor.sandbox.control.requests().filter((request) => request.path === '/helo').length, helosBefore, 'the check itself does not sign in again');
        await editor.screenshot('status-bar-expired-item');

        await editor.clearNotifications();
        await item().click();
        const row = editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Sign In Again' }).first();
        await row.waitFor({ state: 'visible' });
        await row.click();
        await editor.waitForNotification(/healthy/);
        await waitForItem(/^Gestix$/, 'check');
        assert.equal(editor.sandbox.control.requests().filter((request) => request.path === '/helo').length, helosBefore + 1);
      })(),
  );
});

async function waitUntilRequest(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, 'the sandbox did not see the request in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
