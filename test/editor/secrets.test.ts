// After a full session of use — both sign-in methods, sends that succeed and fail, status checks,
// the error panel — no API token, password or session token appears in any file VS Code or the
// extension wrote (logs, settings, global state), nor in the text of the workbench.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { confirmUnencryptedDestination, filesHoldingSecrets, signIn, waitFor } from './steps';

describe('secrets stay secret', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'secrets' });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'no token or password is written anywhere after a full session',
    () =>
      editor.scenario('secrets', async () => {
        await signIn(editor);
        await editor.quickInput.runCommand('Gestix: Sign In with Username and Password');
        await editor.quickInput.waitForInputBox(/\(1\/3\)/);
        await editor.quickInput.accept();
        await confirmUnencryptedDestination(editor);
        await editor.quickInput.waitForInputBox(/\(2\/3\)/);
        await editor.quickInput.type(editor.sandbox.username);
        await editor.quickInput.accept();
        await editor.quickInput.waitForInputBox(/\(3\/3\)/);
        await editor.quickInput.type(editor.sandbox.password, { password: true });
        await editor.quickInput.accept();
        // Its toast is not always up in time on a loaded machine; the notification centre lists it either way.
        await editor.notifications.waitForInCenter(/Signed in to Gestix account/);
        await editor.notifications.clear();

        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.waitFor(/created in Gestix/, 20_000);
        editor.sandbox.control.expireSessions();
        await editor.files.open('invoices/missing-currency.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.clickButton(/Gestix would reject/, 'Send Anyway');
        await editor.panel.waitForHeadline();
        await editor.files.focus();
        await editor.quickInput.runCommand('Gestix: Check Session Status');
        await waitFor('a status check', () => editor.sandbox.control.requests().some((request) => request.path === '/status'));
        await editor.quickInput.runCommand('Gestix: Show Log');

        const sessionTokens = editor.sandbox.control.sessionTokens();
        assert.ok(sessionTokens.length >= 3, 'several sessions were issued (sign-ins and a renewal)');
        const named = [['the API token', editor.sandbox.apiToken], ['the password', editor.sandbox.password], ...sessionTokens.map((token) => ['a session token', token] as const)] as const;
        assert.deepEqual(filesHoldingSecrets(editor, named), []);
        const secrets = named.map(([, value]) => value);
        const screenText = await editor.workbenchText();
        assert.match(screenText, /Gestix/, 'the workbench text was read');
        // The panel is read for real: a panel that could not be read would hide any secret in it.
        const panelText = await editor.panel.text();
        assert.match(await editor.panel.headline(), /currency/, 'the error panel explains the rejected invoice');
        assert.match(panelText, /INVALID_ARGUMENT/, 'the error panel text was read whole');
        for (const secret of secrets) {
          assert.ok(!screenText.includes(secret), 'no secret on screen');
          assert.ok(!panelText.includes(secret), 'no secret in the error panel');
        }
        assert.match(editor.logs.outputChannelText(), /Signed in with user name and password/, 'the log was written and checked');
      })(),
  );
});
