// Send as New Copy from a real editor: the sample invoice sent twice as new copies makes two new
// documents with the next free numbers and today's date, no 409, and the file stays as it was.
// Retry of a failed new copy sends another new copy. Copy as cURL confirms in the status bar what it
// copied and what to fill in.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localIsoDate } from '../../src/core/sending/newCopy';
import { Editor } from './harness';
import { signIn, waitFor } from './steps';

/** The copy Open Sample Invoice wrote into the extension's global storage. */
function sampleInvoicePath(editor: Editor): string {
  const found = readdirSync(editor.userDataDir, { recursive: true, encoding: 'utf8' }).filter((path) => /globalStorage.*[/\\]samples[/\\][^/\\]+\.invoice\.json$/.test(path));
  assert.equal(found.length, 1, `one sample invoice on disk: ${found.join(', ')}`);
  return join(editor.userDataDir, found[0] ?? '');
}

describe('Send as New Copy', { timeout: 600_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'send-as-new-copy' });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'the sample invoice sent twice as a new copy: two new documents, two numbers, no 409, the file untouched',
    () =>
      editor.scenario('send-as-new-copy-twice', async () => {
        await editor.quickInput.runCommand('Gestix: Open Sample Invoice');
        const tab = editor.files.activeTab({ endsWith: '.invoice.json' });
        await tab.waitFor({ state: 'visible' });
        const path = sampleInvoicePath(editor);
        const onDisk = readFileSync(path, 'utf8');
        const original = JSON.parse(onDisk) as { seq_number: string; date: string };

        const numbers: string[] = [];
        for (const copy of [1, 2]) {
          await editor.notifications.clear();
          await editor.quickInput.runCommand('Gestix: Send as New Copy');
          const message = await editor.notifications.waitFor(/created in Gestix/, 30_000);
          const number = /Invoice (\S+) created in Gestix/.exec(message)?.[1];
          assert.ok(number, `the notification names the number: ${message}`);
          numbers.push(number);
          await waitFor(`copy ${copy} stored`, () => editor.sandbox.control.documents('invoices').length === copy);
          await editor.screenshot(`send-as-new-copy-${copy}`);
        }

        const stored = editor.sandbox.control.documents('invoices').map((entry) => entry.document as { seq_number: string; date: string; document_set: string });
        assert.deepEqual(stored.map((document) => document.seq_number), numbers, 'the numbers the notifications named are the stored ones');
        assert.notEqual(numbers[0], numbers[1]);
        assert.ok(!numbers.includes(original.seq_number), 'neither copy has the file’s number');
        const today = localIsoDate(new Date());
        assert.deepEqual(stored.map((document) => document.date), [today, today]);
        assert.ok(stored.every((document) => document.document_set === 'FT'));
        const answers = editor.sandbox.control.requests().filter((request) => request.method === 'POST' && request.path === '/invoices').map((request) => request.status);
        assert.deepEqual(answers, [201, 201], 'two writes, both created, no 409');
        assert.ok(editor.sandbox.control.requests().some((request) => request.method === 'GET' && request.path === '/invoices'), 'the series was read from the server');

        assert.equal(readFileSync(path, 'utf8'), onDisk, 'the file on disk is unchanged');
        assert.equal(await editor.files.isDirty(tab), false, 'the editor holds no unsaved change');
        const shown = await editor.files.activeText();
        assert.ok(shown.includes(original.seq_number) && shown.includes(original.date), 'the editor still shows the file’s number and date');
        await editor.logs.waitForOutputLine(/Sending a new copy of the invoice: \S+ dated \d{4}-\d{2}-\d{2} \(content [0-9a-f]{16}\)/);
      })(),
  );

  it(
    "Retry in the error panel of a new copy whose retries ran out sends another new copy, not the file's own number",
    () =>
      editor.scenario('send-as-new-copy-retry', async () => {
        const path = sampleInvoicePath(editor);
        const fileNumber = (JSON.parse(readFileSync(path, 'utf8')) as { seq_number: string }).seq_number;
        const copiesLogged = () => [...editor.logs.outputChannelText().matchAll(/Sending a new copy of the invoice: (\S+) dated/g)].map((match) => match[1]);
        const before = copiesLogged().length;
        editor.sandbox.control.injectFault({ fault: 'dbTimeout', method: 'POST', path: '/invoices', count: 4 });
        await editor.files.focus();
        await editor.quickInput.runCommand('Gestix: Send as New Copy');
        await editor.panel.locator('.entry .code', { hasText: 'DB_TIMEOUT' }).waitFor({ state: 'visible', timeout: 30_000 });
        const stored = editor.sandbox.control.documents('invoices').length;
        await editor.panel.button('retry').click();
        await editor.notifications.waitFor(/created in Gestix/, 30_000);
        await waitFor('the retried copy stored', () => editor.sandbox.control.documents('invoices').length === stored + 1);
        const [failed, retried] = copiesLogged().slice(before);
        assert.ok(failed && retried, 'two new copies were sent');
        assert.notEqual(retried, failed, 'the retry numbered a copy of its own');
        assert.notEqual(retried, fileNumber, 'the retry did not send the file’s number');
        const last = editor.sandbox.control.documents('invoices').at(-1)?.document as { seq_number: string } | undefined;
        assert.equal(last?.seq_number, retried);
        await editor.dismiss();
      })(),
  );

  it(
    'Copy as cURL says what it copied and that the token is to be filled in',
    () =>
      editor.scenario('copy-as-curl', async () => {
        await editor.files.focus();
        await editor.quickInput.runCommand('Gestix: Copy as cURL');
        const confirmation = await editor.statusBar.waitForText(/Copied the cURL command for the invoice/);
        assert.match(confirmation, /Set GESTIX_TOKEN to a session token before running it/);
        await editor.screenshot('copy-as-curl-confirmation');
      })(),
  );
});
