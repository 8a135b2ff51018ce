// The session-health item in a real editor: signed out, healthy after sign-in, the error count
// after a rejected invoice, expired after a forced expiry, and renewed from its quick pick; a
// timeout in warning colour.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { signIn, waitFor } from './steps';

describe('session health in the status bar', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'status-bar' });
  });
  after(async () => {
    await editor?.stop();
  });

  async function waitForItem(text: RegExp, icon: string): Promise<void> {
    await editor.statusBar.session.waitForIcon(icon);
    assert.match(await editor.statusBar.session.text(), text);
  }

  it(
    'shows "Sign in" while signed out, and healthy after signing in',
    () =>
      editor.scenario('status-bar-healthy', async () => {
        await waitForItem(/Gestix: Sign in/, 'account');
        await signIn(editor);
        await waitForItem(/^Gestix$/, 'check');
        await editor.statusBar.session.hover();
        const tooltip = await editor.hovers.text();
        // Server text is added as plain text, whose spaces the tooltip renders as no-break spaces.
        assert.match(tooltip, /The\sGestix\ssession\sis\shealthy/);
        assert.match(tooltip, /Status:\sready\s-\slogin:\s/);
        assert.match(tooltip, /Server time:\s\d{4}-\d{2}-\d{2}T/);
        assert.match(tooltip, /API version:\sv4\.0\.0/);
        assert.match(tooltip, /Last check:\s.+\s\(\d+\sms\)/);
        await editor.screenshot('status-bar-healthy-tooltip');
        await editor.dismiss();
        const statusCalls = editor.sandbox.control.requests().filter((request) => request.path === '/status');
        assert.ok(statusCalls.length >= 1 && statusCalls.every((request) => request.status === 200));
      })(),
  );

  it(
    'shows the error count after a rejected invoice',
    () =>
      editor.scenario('status-bar-errors', async () => {
        await editor.notifications.clear();
        await editor.files.open('invoices/missing-currency.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.clickButton(/Gestix would reject/, 'Send Anyway');
        await waitFor('the rejected invoice', () => editor.sandbox.control.requests().some((request) => request.path === '/invoices' && request.status === 400));
        // The error panel now has focus; the item's quick pick works from there.
        await editor.statusBar.session.click();
        await editor.quickInput.pick('Check Now');
        const message = await editor.notifications.waitFor(/recent error/);
        assert.match(message, /1 recent error\b/);
        await waitForItem(/Gestix: 1 error$/, 'warning');
      })(),
  );

  it(
    'shows expired after a forced expiry, and Sign In Again renews the session',
    () =>
      editor.scenario('status-bar-expired', async () => {
        // Give the keyboard back to the workbench: the error panel's webview holds it after the last step.
        await editor.files.focus();
        await editor.notifications.clear();
        editor.sandbox.control.expireSessions();
        const helosBefore = editor.sandbox.control.requests().filter((request) => request.path === '/helo').length;
        await editor.quickInput.runCommand('Gestix: Check Session Status');
        await editor.notifications.waitFor(/expired/);
        await waitForItem(/Gestix: session expired/, 'warning');
        const expiryToasts = (await editor.notifications.toastsText()).match(/expired/g) ?? [];
        assert.equal(expiryToasts.length, 1, 'one notification about the expiry, not a second prompt');
        assert.equal(editor.sandbox.control.requests().filter((request) => request.path === '/helo').length, helosBefore, 'the check itself does not sign in again');
        await editor.screenshot('status-bar-expired-item');

        await editor.notifications.clear();
        await editor.statusBar.session.click();
        await editor.quickInput.pick('Sign In Again');
        await editor.notifications.waitFor(/healthy/);
        await waitForItem(/^Gestix$/, 'check');
        assert.equal(editor.sandbox.control.requests().filter((request) => request.path === '/helo').length, helosBefore + 1);
      })(),
  );

  it(
    'a status check that times out shows the item in warning colour, not error colour',
    () =>
      editor.scenario('status-bar-timeout-warning', async () => {
        await editor.notifications.clear();
        editor.sandbox.control.injectFault({ fault: 'delay', path: '/status', delayMs: 5000, count: 3 });
        // One second to answer, which the delayed /status misses; the changed setting also checks at once.
        editor.updateSettings({ 'gestix.requestTimeoutSeconds': 1 });
        await waitForItem(/Gestix: unreachable/, 'error');
        assert.equal(await editor.statusBar.session.background(), 'warning');
        await editor.statusBar.session.hover();
        assert.match(await editor.hovers.text(), /No\scomplete\sanswer\sfrom\s.+\swithin\s1\ss/);
        await editor.dismiss();
      })(),
  );
});
