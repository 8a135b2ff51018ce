// The Gestix view's Sent history: three sends listed newest first with their numbers; a rejected one
// reopens the error panel; Copy Number confirms in the status bar; Resend sends the file again
// through the normal path; Reveal File shows the file, and both say so once it is gone; the history
// survives a reload, follows a switch of connection and a rename; Clear History empties it; signed
// out, the view offers to sign in. A created entry opens the server's copy, read-only. A history
// file that cannot be read is kept aside, not overwritten.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { activeWebview } from './harness/errorPanel';
import { addConnection, connectionTo, editConnectionUpToSecret, escapeRegExp, freshInvoice, posts, signIn, waitFor } from './steps';

const VIEW = 'Sent';
const REJECTED = 'negative-discount.invoice.json';

/** Sends the open invoice with Send Invoice; returns the number its notification names. */
async function sendCreated(editor: Editor, path: string): Promise<string> {
  await editor.notifications.clear();
  await editor.files.open(path);
  await editor.quickInput.runCommand('Gestix: Send Invoice');
  const created = await editor.notifications.waitFor(/created in Gestix/, 20_000);
  const number = /Invoice (\S+) created/.exec(created)?.[1];
  assert.ok(number, created);
  await editor.notifications.clear();
  return number;
}

describe('the Gestix view: Sent', { timeout: 600_000 }, () => {
  let editor: Editor;
  /** The numbers of the two created invoices, in the order they were sent. */
  const numbers: string[] = [];
  /** The number of the invoice sent with the connection that was then renamed. */
  let renamedSend = '';
  before(async () => {
    editor = await Editor.start({ scenario: 'sent-view' });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'three sends are listed newest first: the rejected one by its file, the created ones by their numbers',
    () =>
      editor.scenario('sent-three-sends', async () => {
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.waitForWelcome(VIEW, /Nothing sent with this connection yet/);
        numbers.push(await sendCreated(editor, 'invoices/good.invoice.json'));
        numbers.push(await sendCreated(editor, freshInvoice(editor, 'second')));
        await editor.files.open(`invoices/${REJECTED}`);
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.panel.locator('.entry .code', { hasText: 'SMAR-1004' }).waitFor({ state: 'visible', timeout: 20_000 });
        await editor.quickInput.runCommand('View: Close All Editors');

        await editor.gestixView.focus(VIEW);
        const rows = await editor.gestixView.waitForRows(VIEW, (found) => found.length === 3, 'three sends listed');
        assert.deepEqual(
          rows.map((row) => row.label),
          [REJECTED, numbers[1], numbers[0]],
        );
        for (const row of rows) assert.match(row.description, /^Invoice · \S/);
        assert.equal(await editor.gestixView.description(VIEW), '', 'with one connection, the view names none');
      })(),
  );

  it(
    'a click on the rejected send reopens the error panel with its code',
    () =>
      editor.scenario('sent-rejected-reopens-panel', async () => {
        await editor.gestixView.click(VIEW, REJECTED);
        await editor.panel.locator('.entry .code', { hasText: 'SMAR-1004' }).waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await editor.panel.text(), /items\[0\]\.discount is -5/);
      })(),
  );

  it(
    'Copy Number is offered for created documents only, and confirms in the status bar',
    () =>
      editor.scenario('sent-copy-number', async () => {
        const created = await editor.gestixView.menuItemsOf(VIEW, numbers[1] ?? '');
        await editor.screenshot('sent-created-menu');
        await editor.dismiss();
        assert.deepEqual(created, ['Open PDF', 'Copy Number', 'Resend', 'Reveal File']);
        const rejected = await editor.gestixView.menuItemsOf(VIEW, REJECTED);
        await editor.dismiss();
        assert.deepEqual(rejected, ['Resend', 'Reveal File']);

        await editor.gestixView.runMenuItem(VIEW, numbers[1] ?? '', 'Copy Number');
        await editor.statusBar.waitForText(new RegExp(`Copied ${(numbers[1] ?? '').replace(/[/.]/g, '\\$&')} to the clipboard`));
        assert.doesNotMatch(await editor.notifications.toastsText(), /[Cc]opied/);
      })(),
  );

  it(
    'Open PDF of a created send downloads its PDF and opens it in a tab',
    () =>
      editor.scenario('sent-open-pdf', async () => {
        const number = numbers[1] ?? '';
        await editor.gestixView.runMenuItem(VIEW, number, 'Open PDF');
        await editor.files.activeTabLabelled(new RegExp(`^Invoice ${escapeRegExp(number)} \\(PDF\\)`)).waitFor({ state: 'visible', timeout: 20_000 });
        assert.equal(await activeWebview(editor.page).locator('h1').innerText(), `Invoice ${number} (PDF)`);
      })(),
  );

  it(
    'Resend of the rejected send goes through the normal send: one more POST, one more entry',
    () =>
      editor.scenario('sent-resend', async () => {
        await editor.quickInput.runCommand('View: Close All Editors');
        const before = posts(editor, '/invoices').length;
        await editor.gestixView.runMenuItem(VIEW, REJECTED, 'Resend');
        await waitFor('the resent POST', () => posts(editor, '/invoices').length === before + 1);
        await editor.panel.locator('.entry .code', { hasText: 'SMAR-1004' }).waitFor({ state: 'visible', timeout: 20_000 });
        const rows = await editor.gestixView.waitForRows(VIEW, (found) => found.length === 4, 'the resend listed');
        assert.deepEqual(
          rows.map((row) => row.label),
          [REJECTED, REJECTED, numbers[1], numbers[0]],
        );
      })(),
  );

  it(
    'the history survives a window reload',
    () =>
      editor.scenario('sent-after-reload', async () => {
        await editor.reloadWindow();
        await editor.gestixView.focus(VIEW);
        const rows = await editor.gestixView.waitForRows(VIEW, (found) => found.length === 4, 'the history read back');
        assert.deepEqual(
          rows.map((row) => row.label),
          [REJECTED, REJECTED, numbers[1], numbers[0]],
        );
      })(),
  );

  it(
    "a click on a created send opens the server's copy, titled with its number and read-only",
    () =>
      editor.scenario('sent-opens-server-copy', async () => {
        const number = numbers[0] ?? '';
        await editor.gestixView.click(VIEW, number);
        const tab = editor.files.activeTab(`${number.replace(/[\\/:*?"<>|]/g, '-')}.json`);
        await tab.waitFor({ state: 'visible', timeout: 20_000 });
        await editor.files.waitForActiveText(new RegExp(number.replace(/[/.]/g, '\\$&')));
        await editor.files.focus();
        await editor.page.keyboard.type('x');
        await editor.page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/i }).waitFor({ state: 'visible' });
        assert.ok(!(await editor.files.isDirty(tab)), 'nothing was edited');
        await editor.quickInput.runCommand('View: Close All Editors');
      })(),
  );

  it(
    'the view follows a switch of connection: the local sandbox has a history of its own, and is named',
    () =>
      editor.scenario('sent-other-connection', async () => {
        await editor.notifications.clear();
        await editor.quickInput.runCommand('Gestix: Start Local Sandbox');
        await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.waitForWelcome(VIEW, /Nothing sent with this connection yet/);
        assert.equal(await editor.gestixView.description(VIEW), 'Local sandbox');

        await editor.quickInput.runCommand('Gestix: Stop Local Sandbox');
        await editor.gestixView.waitForRows(VIEW, (found) => found.length === 4, 'the first connection’s history again');
        assert.equal(await editor.gestixView.description(VIEW), '');
        await editor.notifications.clear();
      })(),
  );

  it(
    'Clear History asks, naming the connection, then empties the view',
    () =>
      editor.scenario('sent-cleared', async () => {
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.runTitleAction(VIEW, 'Clear History');
        const question = await editor.dialog.waitForOpen();
        assert.match(question, /Clear the Sent history of connection \S/);
        await editor.dialog.answer('Clear History');
        await editor.gestixView.waitForWelcome(VIEW, /Nothing sent with this connection yet/);
        assert.deepEqual(await editor.gestixView.rows(VIEW), []);
      })(),
  );

  it(
    'signed out, the view offers to sign in',
    () =>
      editor.scenario('sent-signed-out', async () => {
        await editor.quickInput.runCommand('Gestix: Sign Out');
        await editor.notifications.waitFor(/Signed out/);
        await editor.gestixView.focus(VIEW);
        const welcome = await editor.gestixView.waitForWelcome(VIEW, /Sign in to Gestix to send documents/);
        assert.match(welcome, /Sign In/);
      })(),
  );

  it(
    'a renamed connection keeps its history under its new name',
    () =>
      editor.scenario('sent-connection-renamed', async () => {
        await addConnection(editor, connectionTo(editor.sandbox, 'Sent before rename'));
        await editor.statusBar.session.waitForText(/Sent before rename/);
        const number = await sendCreated(editor, freshInvoice(editor, 'before-rename'));
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.waitForRows(VIEW, (found) => found.map((row) => row.label).join() === number, 'the send under the first name');
        assert.equal(await editor.gestixView.description(VIEW), 'Sent before rename');

        await editConnectionUpToSecret(editor, 'Sent before rename', { name: 'Sent after rename' });
        await editor.quickInput.accept();
        await editor.notifications.waitFor(new RegExp(`Connection ${escapeRegExp('Sent after rename')} saved\\.`), 20_000);
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.waitForDescription(VIEW, 'Sent after rename');
        await editor.gestixView.waitForRows(VIEW, (found) => found.map((row) => row.label).join() === number, 'the send under the new name');
        renamedSend = number;
      })(),
  );

  it(
    'Reveal File shows the file in the Explorer; once the file is gone, Reveal File and Resend say so and send nothing',
    () =>
      editor.scenario('sent-file-gone', async () => {
        const file = 'before-rename.invoice.json';
        await editor.quickInput.runCommand('View: Close All Editors');
        await editor.gestixView.runMenuItem(VIEW, renamedSend, 'Reveal File');
        await editor.page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: file }).waitFor({ state: 'visible', timeout: 20_000 });

        rmSync(join(editor.workspace, 'invoices', file));
        await editor.notifications.clear();
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.runMenuItem(VIEW, renamedSend, 'Reveal File');
        assert.match(await editor.notifications.waitFor(/no longer exists/), new RegExp(`${escapeRegExp(file)} no longer exists`));
        await editor.notifications.clear();
        const before = posts(editor, '/invoices').length;
        await editor.gestixView.runMenuItem(VIEW, renamedSend, 'Resend');
        assert.match(await editor.notifications.waitFor(/no longer exists/), new RegExp(`${escapeRegExp(file)} no longer exists`));
        assert.equal(posts(editor, '/invoices').length, before, 'nothing was sent');
      })(),
  );

  it(
    'a history file that cannot be read is kept beside the new one, byte for byte, and sending goes on',
    () =>
      editor.scenario('sent-unreadable-file', async () => {
        const historyFiles = () => readdirSync(editor.userDataDir, { recursive: true, encoding: 'utf8' }).filter((path) => /sent-history[/\\][0-9a-f]{32}\.json$/.test(path));
        const asides = () => readdirSync(editor.userDataDir, { recursive: true, encoding: 'utf8' }).filter((path) => /sent-history[/\\][0-9a-f]{32}\.unreadable-\d+\.json$/.test(path));
        const corrupted = new Set<string>();
        for (const path of historyFiles()) {
          const text = `{ "version": ${readFileSync(join(editor.userDataDir, path), 'utf8')}`;
          writeFileSync(join(editor.userDataDir, path), text);
          corrupted.add(text);
        }
        assert.ok(corrupted.size > 0, 'there were history files to spoil');
        await editor.reloadWindow();
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.waitForWelcome(VIEW, /Nothing sent with this connection yet/);
        await waitFor('the unreadable file to be kept aside', () => asides().length > 0, 20_000);
        for (const path of asides()) assert.ok(corrupted.has(readFileSync(join(editor.userDataDir, path), 'utf8')), `${path} holds the file as it was`);

        const number = await sendCreated(editor, freshInvoice(editor, 'after-unreadable'));
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.waitForRows(VIEW, (found) => found.map((row) => row.label).join() === number, 'the new send alone');
        assert.match(editor.logs.outputChannelText(), /Sent history file of .* as it was is kept at/);
      })(),
  );
});
