// After a full session of use — both sign-in methods, sends that succeed and fail, status checks,
// the error panel — no API token, password or session token appears in any file VS Code or the
// extension wrote (logs, settings, global state), nor in the text of the workbench.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { waitUntil } from './harness/processes';
import { clickNotificationButton, confirmUnencryptedDestination, focusEditor, signIn, waitFor } from './steps';

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map((entry) => join(folder, String(entry)))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}

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
        await editor.runCommand('Gestix: Sign In with Username and Password');
        await editor.waitForInputBox(/\(1\/3\)/);
        await editor.pressEnter();
        await confirmUnencryptedDestination(editor);
        await editor.waitForInputBox(/\(2\/3\)/);
        await editor.typeIntoInput(editor.sandbox.username);
        await editor.pressEnter();
        await editor.waitForInputBox(/\(3\/3\)/);
        await editor.typeIntoInput(editor.sandbox.password, { password: true });
        await editor.pressEnter();
        // Its toast is not always up in time on a loaded machine; the notification centre lists it either way.
        await waitUntil('the password sign-in notification', async () => /Signed in to Gestix account/.test(await editor.showNotificationCenter()), 15_000);
        await editor.clearNotifications();

        await editor.openFile('invoices/good.invoice.json');
        await editor.runCommand('Gestix: Send Invoice');
        await editor.waitForNotification(/created in Gestix/, 20_000);
        editor.sandbox.control.expireSessions();
        await editor.openFile('invoices/missing-currency.invoice.json');
        await editor.runCommand('Gestix: Send Invoice');
        await clickNotificationButton(editor, /Gestix would reject/, 'Send Anyway');
        await editor.webview().locator('h1').waitFor({ state: 'visible', timeout: 20_000 });
        await focusEditor(editor);
        await editor.runCommand('Gestix: Check Session Status');
        await waitFor('a status check', () => editor.sandbox.control.requests().some((request) => request.path === '/status'));
        await editor.runCommand('Gestix: Show Log');

        const secrets = [editor.sandbox.apiToken, editor.sandbox.password, ...editor.sandbox.control.sessionTokens()];
        assert.ok(editor.sandbox.control.sessionTokens().length >= 3, 'several sessions were issued (sign-ins and a renewal)');
        const leaks: string[] = [];
        for (const root of [editor.userDataDir, editor.workspace]) {
          for (const file of filesUnder(root)) {
            const content = readFileSync(file, 'latin1');
            for (const secret of secrets) if (content.includes(secret)) leaks.push(`${relative(root, file)} holds ${secret === editor.sandbox.apiToken ? 'the API token' : secret === editor.sandbox.password ? 'the password' : 'a session token'}`);
          }
        }
        assert.deepEqual(leaks, []);
        const screenText = await editor.page.locator('body').innerText();
        const panelText = await editor.webview().locator('body').innerText().catch(() => '');
        for (const secret of secrets) {
          assert.ok(!screenText.includes(secret), 'no secret on screen');
          assert.ok(!panelText.includes(secret), 'no secret in the error panel');
        }
        assert.match(editor.outputChannelText(), /Signed in with user name and password/, 'the log was written and checked');
      })(),
  );
});
