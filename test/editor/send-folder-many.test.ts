// Send Folder… of a thousand invoices in a real editor while the server has sign-in trouble: mid-batch
// the session expires and the next two fresh sessions are refused (as a server whose nodes replicate
// sessions late would), and one answer is lost after the invoice was stored. Every invoice must end
// created exactly once, and the summary and the per-file report must say so truthfully.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { signIn, waitFor, sendFolderFromExplorer } from './steps';

const INVOICES = 1_000;

/** Invoices that differ in content as real ones do: customer and totals. */
function writeInvoices(workspace: string): void {
  const folder = join(workspace, 'many');
  mkdirSync(folder, { recursive: true });
  const invoice = JSON.parse(readFileSync(join(workspace, 'invoices', 'good.invoice.json'), 'utf8'));
  for (let index = 1; index <= INVOICES; index += 1) {
    const qty = 1 + (index % 40);
    const number = String(index).padStart(4, '0');
    const body = {
      ...invoice,
      seq_number: `FT2026/M${number}`,
      customer: { ...invoice.customer, name: `Cliente ${number}` },
      net_amount: 100 * qty,
      vat: 23 * qty,
      total_amount: 123 * qty,
      items: [{ item_code: 'SERV', description: 'Serviço', qty, unit_price: 100, vat: 23 }],
    };
    writeFileSync(join(folder, `invoice-${number}.invoice.json`), JSON.stringify(body, null, 2));
  }
}

function savedReports(userDataDir: string): string[] {
  return readdirSync(userDataDir, { recursive: true, encoding: 'utf8' }).filter((path) => /send-folder-reports[\\/]send-folder-.*\.md$/.test(path)).map((path) => join(userDataDir, path));
}

describe('sending a folder of a thousand invoices through sign-in trouble', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    // Each invoice costs the server 2 ms, so the batch lasts long enough to be disturbed halfway.
    // Written before the editor starts: Send Folder… is offered on a folder once the workspace search has seen its documents.
    editor = await Editor.start({ scenario: 'send-folder-many', prepareWorkspace: writeInvoices, sandbox: { modes: { processingMs: 2 } } });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'two fresh sessions refused in a row and a lost answer: every invoice created once, the report says so',
    () =>
      editor.scenario('send-folder-many', async () => {
        const question = await sendFolderFromExplorer(editor, 'many');
        assert.match(question, /Send 1,000 document\(s\) from workspace\/many to Gestix account 03101176 \(connection 03101176\)\?/);
        await editor.dialog.answer(/^Send$/);

        const control = editor.sandbox.control;
        const stored = () => control.documents('invoices').length;
        await waitFor('a quarter of the batch', () => stored() >= 250, 60_000);
        control.setModes({ refuseFreshSessions: 2 });
        control.expireSessions();
        await waitFor('half of the batch', () => stored() >= 500, 60_000);
        control.injectFault({ fault: 'dropAfterStore', method: 'POST', path: '/invoices' });

        const summary = await editor.notifications.waitFor(/Gestix: workspace\/many: /, 120_000);
        assert.match(summary, /Gestix: workspace\/many: 1000 created\./);

        // The ledger: a thousand inputs, a thousand documents, each once; both refusals happened.
        const invoices = control.documents('invoices');
        assert.equal(invoices.length, INVOICES);
        assert.equal(new Set(invoices.map((entry) => entry.document.seq_number)).size, INVOICES);
        assert.equal(control.modes().refuseFreshSessions, 0, 'both fresh sessions were refused');
        assert.equal(control.faults().length, 0, 'the lost answer happened');
        const refused = control.requests().filter((request) => request.status === 403).length;
        assert.ok(refused >= 3, `${refused} requests refused: the expired session's and two fresh ones`);

        await editor.files.activeTabLabelled(/send-folder-.*\.md/).waitFor({ state: 'visible', timeout: 30_000 });
        await editor.files.waitForActiveText(/Result: 1000 created\n/);
        await editor.screenshot('send-folder-many-report');

        // The saved report: one row per invoice, all created, those whose answers were lost among them.
        // The dropped connection loses the answer of every request in flight on it, and the sandbox may
        // have stored the ones after the faulty one already (Node serves pipelined requests at once and
        // only queues their answers): each of those is found in the document list, not sent again.
        const [reportFile] = savedReports(editor.userDataDir);
        assert.ok(reportFile, 'the report was saved');
        const report = readFileSync(reportFile, 'utf8');
        const rows = report.split('\n').filter((line) => /^\| invoice-\d{4}\.invoice\.json \|/.test(line));
        assert.equal(rows.length, INVOICES);
        assert.ok(rows.every((line) => / \| created \| /.test(line)), rows.find((line) => !/ \| created \| /.test(line)));
        const recovered = rows.filter((line) => line.includes('an answer was lost'));
        assert.ok(recovered.length >= 1, 'the invoice whose answer was lost is reported created, from the document list');
        for (const entry of invoices) {
          assert.ok(report.includes(` id ${entry.id}`), `the report names id ${entry.id}`);
        }
        const log = await editor.logs.waitForOutputLine(/Send Folder workspace\/many: 1000 created/);
        assert.doesNotMatch(log, /failed|not sent|not confirmed/);
      })(),
  );
});
