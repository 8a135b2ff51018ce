// The Gestix view's Problems from the Server: signed out it offers Sign In; signed in with nothing
// wrong it says so; a rejected invoice is listed under This window and a click shows it again in the
// error panel, with its origin; after Refresh the server's own record of the error is listed under
// Recent errors on the server and opens decoded too; each connection has its own problems.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import type { TreeRow } from './harness/gestixView';
import { waitUntil } from './harness/processes';
import { ProblemsView } from './harness/problemsView';
import { answerSignIn, openSwitchConnectionFromStatusBar, posts, sandboxHost, switchConnectionFromStatusBar, waitFor } from './steps';

const THIS_WINDOW = 'This window';
const ON_THE_SERVER = 'Recent errors on the server';

function groups(rows: readonly TreeRow[]): string[] {
  return rows.filter((row) => row.level === 1).map((row) => `${row.label} ${row.description}`);
}

describe('the Gestix view: Problems from the Server', { timeout: 400_000 }, () => {
  let editor: Editor;
  let problems: ProblemsView;
  before(async () => {
    editor = await Editor.start({ scenario: 'problems-view' });
    problems = new ProblemsView(editor.gestixView);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'signed out, the view offers Sign In; signed in with nothing wrong, it says the server reported no errors',
    () =>
      editor.scenario('problems-signed-out', async () => {
        await problems.focus();
        const welcome = await problems.welcomeText();
        assert.match(welcome, /Sign in to see the errors the Gestix server reports/);
        assert.match(welcome, /Sign In/);
        await editor.screenshot('problems-signed-out-welcome');

        await problems.clickWelcome('Sign In');
        await answerSignIn(editor, editor.sandbox.apiToken, sandboxHost(editor));
        await editor.notifications.waitFor(/Signed in/);
        await editor.notifications.clear();
        await waitFor('the first status check', () => editor.sandbox.control.requests().some((request) => request.path === '/status' && request.status === 200));
        assert.match(await problems.welcomeText(), /The server reported no errors for this session, and no send failed in this window\./);
      })(),
  );

  it(
    'a rejected invoice is listed under This window; a click shows it again in the error panel, with Go to field',
    () =>
      editor.scenario('problems-this-window', async () => {
        await editor.notifications.clear();
        await editor.files.open('invoices/missing-currency.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.clickButton(/Gestix would reject/, 'Send Anyway');
        await waitFor('the rejected POST', () => posts(editor, '/invoices').some((request) => request.status === 400));
        await editor.panel.locator('.entry .code', { hasText: 'INVALID_ARGUMENT' }).waitFor({ state: 'visible', timeout: 20_000 });

        const rows = await problems.waitForRows((found) => ProblemsView.under(found, THIS_WINDOW).length === 1, 'the rejected invoice listed');
        assert.deepEqual(groups(rows), [`${THIS_WINDOW} 1`], 'the server has not been asked since: only this window’s group');
        const [failure] = ProblemsView.under(rows, THIS_WINDOW);
        assert.equal(failure.label, 'INVALID_ARGUMENT');
        assert.match(failure.description, /Field 'currency' is required.* · \d/);
        assert.equal(await problems.badge(), '1', 'the Activity Bar counts the failure not opened from the view yet');

        await editor.quickInput.runCommand('View: Close All Editors');
        await problems.clickItem(THIS_WINDOW, 0);
        await editor.panel.locator('.entry .code', { hasText: 'INVALID_ARGUMENT' }).waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await editor.panel.locator('.server-message').first().innerText(), /Field 'currency' is required/);
        assert.ok(await editor.panel.button('goToField').isVisible(), 'the failure came back with its file: Go to field is offered');
        // Opened from the view, it is no longer counted.
        await waitUntil('the badge gone', async () => (await problems.badge()) === '', 10_000);
        await editor.screenshot('problems-this-window-reopened');
      })(),
  );

  it(
    "Refresh asks the server: its record of the error is listed under Recent errors on the server and opens decoded",
    () =>
      editor.scenario('problems-on-the-server', async () => {
        const checksBefore = editor.sandbox.control.requests().filter((request) => request.path === '/status').length;
        await problems.clickTitleAction('Refresh Problems from the Server');
        await waitFor('the status check Refresh ran', () => editor.sandbox.control.requests().filter((request) => request.path === '/status').length > checksBefore);
        const rows = await problems.waitForRows((found) => ProblemsView.under(found, ON_THE_SERVER).length === 1, 'the server’s error listed');
        assert.deepEqual(groups(rows), [`${ON_THE_SERVER} 1`, `${THIS_WINDOW} 1`]);
        const [recorded] = ProblemsView.under(rows, ON_THE_SERVER);
        assert.equal(recorded.label, 'INVALID_ARGUMENT');
        assert.match(recorded.description, /currency/);

        await editor.quickInput.runCommand('View: Close All Editors');
        await problems.clickItem(ON_THE_SERVER, 0);
        await editor.panel.locator('.entry .code', { hasText: 'INVALID_ARGUMENT' }).waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await editor.panel.locator('.server-message').first().innerText(), /currency/);
        assert.equal(await editor.panel.button('goToField').count(), 0, "the server's record has no file to go to");
        await editor.screenshot('problems-on-the-server-opened');
      })(),
  );

  it(
    "the view follows Switch Connection…: another connection has problems of its own; Clear empties this window's list",
    () =>
      editor.scenario('problems-per-connection', async () => {
        await editor.notifications.clear();
        await switchConnectionFromStatusBar(editor, 'Local sandbox');
        await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
        await editor.statusBar.session.waitForIcon('check');
        assert.match(await problems.welcomeText(), /The server reported no errors for this session/);
        assert.equal(await problems.badge(), '');

        await editor.notifications.clear();
        // With one connection besides the sandbox, the status item does not name it: its icon tells it is back.
        await openSwitchConnectionFromStatusBar(editor);
        await editor.quickInput.pick(editor.sandbox.account);
        await editor.statusBar.session.waitForIcon('warning');
        const back = await problems.waitForRows((found) => groups(found).length === 2, 'the first connection’s problems back');
        assert.deepEqual(groups(back), [`${ON_THE_SERVER} 1`, `${THIS_WINDOW} 1`]);

        await problems.clickTitleAction("Clear This Window's Problems");
        const cleared = await problems.waitForRows((found) => ProblemsView.under(found, THIS_WINDOW).length === 0, 'this window’s list cleared');
        assert.deepEqual(groups(cleared), [`${ON_THE_SERVER} 1`], "Clear empties this window's list, not the server's");
        assert.equal(await problems.titleAction("Clear This Window's Problems").count(), 0, 'Clear is offered only while there is something to clear');
      })(),
  );
});
