// Send Folder… from the Explorer's folder menu in a real editor: a confirmation, one pipelined batch
// with nonces in order, a summary notification and a per-file report.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { signIn, sendFolderFromExplorer } from './steps';

const GOOD_INVOICES = 30;

/** A folder of documents: good invoices, a purchase, a duplicate, one the tax engine refuses, and two that fail locally. */
function writeBatchFolder(workspace: string): void {
  const folder = join(workspace, 'batch');
  mkdirSync(folder, { recursive: true });
  const invoice = JSON.parse(readFileSync(join(workspace, 'invoices', 'good.invoice.json'), 'utf8'));
  for (let index = 1; index <= GOOD_INVOICES; index += 1) {
    const seqNumber = `FT2026/F${String(index).padStart(4, '0')}`;
    writeFileSync(join(folder, `good-${String(index).padStart(2, '0')}.invoice.json`), JSON.stringify({ ...invoice, seq_number: seqNumber }, null, 2));
  }
  writeFileSync(join(folder, 'z-same-as-good-01.invoice.json'), JSON.stringify({ ...invoice, seq_number: 'FT2026/F0001' }, null, 2));
  const negativeDiscount = readFileSync(join(workspace, 'invoices', 'negative-discount.invoice.json'), 'utf8');
  writeFileSync(join(folder, 'negative-discount.invoice.json'), negativeDiscount.replace(/"seq_number": "[^"]+"/, '"seq_number": "FT2026/N0001"'));
  writeFileSync(join(folder, 'supplier.purchase.json'), readFileSync(join(workspace, 'purchases', 'supplier.purchase.json')));
  writeFileSync(join(folder, 'broken.invoice.json'), '{ "document_set": "FT", ');
  const { currency: _currency, ...withoutCurrency } = invoice;
  writeFileSync(join(folder, 'missing-currency.invoice.json'), JSON.stringify({ ...withoutCurrency, seq_number: 'FT2026/M0001' }, null, 2));
}

describe('sending a folder', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    // Written before the editor starts: Send Folder… is offered on a folder once the workspace search has seen its documents.
    editor = await Editor.start({ scenario: 'send-folder', prepareWorkspace: writeBatchFolder });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'the Explorer menu sends every document once, in nonce order, and reports each file',
    () =>
      editor.scenario('send-folder', async () => {
        const question = await sendFolderFromExplorer(editor, 'batch');
        // 30 good invoices, the duplicate, the negative discount and the purchase pass the local check.
        assert.match(question, /Send 33 document\(s\) from workspace\/batch to Gestix account 03101176 \(connection 03101176\)\?/);
        await editor.screenshot('send-folder-confirm');
        await editor.dialog.answer(/^Send$/);

        const summary = await editor.notifications.waitFor(/Gestix: workspace\/batch: /, 60_000);
        assert.match(summary, /31 created, 2 rejected, 2 not sent/);

        const invoices = editor.sandbox.control.documents('invoices');
        assert.equal(invoices.length, GOOD_INVOICES, 'each good invoice is stored once, the duplicate is not');
        assert.equal(new Set(invoices.map((stored) => stored.document.seq_number)).size, GOOD_INVOICES);
        assert.equal(editor.sandbox.control.documents('purchases').length, 1);
        const documentPosts = editor.sandbox.control.requests().filter((request) => request.method === 'POST' && (request.path === '/invoices' || request.path === '/purchases'));
        assert.equal(documentPosts.length, 33, 'one request per document, none repeated');
        const nonces = documentPosts.map((request) => BigInt(request.nonce ?? '0'));
        assert.ok(
          nonces.every((nonce, index) => index === 0 || nonce > nonces[index - 1]),
          'the server received the nonces in increasing order',
        );

        // The report opens beside: per-file results with the server's reasons.
        // A saved file: closing it asks nothing.
        const tab = editor.files.activeTabLabelled(/send-folder-.*\.md/);
        await tab.waitFor({ state: 'visible', timeout: 20_000 });
        assert.equal(await editor.files.isDirty(tab), false, 'the report is not an unsaved document');
        const reportText = await editor.files.waitForActiveText(/Gestix: Send Folder report/);
        assert.match(reportText, /Result: 31 created, 2 rejected, 2 not sent/);
        // The two rejections lead the table, with the server's reasons.
        assert.match(reportText, /\| negative-discount\.invoice\.json \| Invoice \| rejected \| .*discount/);
        assert.match(reportText, /\| z-same-as-good-01\.invoice\.json \| Invoice \| rejected \| .*(DUPLICATE_ENTRY|[Dd]uplicate)/);
        assert.ok(reportText.indexOf('| negative-discount') < reportText.indexOf('| good-01'), 'failures come first');
        await editor.screenshot('send-folder-report');
        const log = await editor.logs.waitForOutputLine(/Send Folder workspace\/batch: 31 created/);
        assert.match(log, /31 created, 2 rejected, 2 not sent/);
      })(),
  );
});
