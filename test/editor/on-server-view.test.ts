// The Gestix view's On the Server: signed out, it offers Sign In; signed in, the documents of each
// kind a page of 100 at a time, each opening as read-only JSON on the gestix: scheme; Load more,
// Filter by Date, Open PDF from a row, and Compare with Server Copy from a local file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { contextMenu } from './harness/contextMenu';
import type { TreeRow } from './harness/gestixView';
import { ON_SERVER, OnServerView } from './harness/onServerView';
import { signIn } from './steps';

/** Seeded invoices are numbered SD2026/<id> from id 1001 and dated a day apart from 2026-01-01. */
const SEEDED = 150;
const FIRST = 'SD2026/1001';

/** The rows under a kind (the tree also draws the expanded kind's row again, sticky, at its top). */
const rowsUnderKinds = (rows: TreeRow[]) => rows.filter((row) => row.level === 2);
const documentRows = (rows: TreeRow[]) => rowsUnderKinds(rows).filter((row) => /^SD2026\//.test(row.label));

/** Requests to /invoices so far: list pages and document reads alike (the sandbox records no query). */
const invoiceRequests = (editor: Editor) => editor.sandbox.control.requests().filter((request) => request.path === '/invoices').length;

describe('the Gestix view: On the Server', { timeout: 400_000 }, () => {
  let editor: Editor;
  let onServer: OnServerView;
  before(async () => {
    editor = await Editor.start({ scenario: 'on-server-view' });
    assert.equal(editor.sandbox.control.seedDocuments('invoices', SEEDED), SEEDED);
    onServer = new OnServerView(editor.page, editor.gestixView);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'signed out, the view says what it lists and offers Sign In',
    () =>
      editor.scenario('on-server-welcome', async () => {
        await editor.gestixView.focus(ON_SERVER);
        const welcome = await editor.gestixView.welcomeText(ON_SERVER);
        assert.match(welcome, /Sign in to list the documents the Gestix server holds/);
        assert.match(welcome, /Sign In/);
      })(),
  );

  it(
    'signed in, a kind lists one page of 100; a document opens as read-only JSON that typing does not change',
    () =>
      editor.scenario('on-server-read-only-document', async () => {
        await signIn(editor);
        await editor.gestixView.focus(ON_SERVER);
        await editor.gestixView.expand(ON_SERVER, 'Invoices');
        const rows = await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === FIRST), 'the first page');
        assert.deepEqual(rows.map((row) => row.label).slice(0, 7), ['Invoices', 'SD2026/1001', 'SD2026/1002', 'SD2026/1003', 'SD2026/1004', 'SD2026/1005', 'SD2026/1006']);
        assert.equal(rows.find((row) => row.label === FIRST)?.description, '2026-01-01 · Cliente 0 · 101 EUR');
        // The tree draws only the rows in sight: its end shows the hundredth document, then Load more.
        await onServer.scrollToEnd();
        const end = await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === 'Load more'), 'the end of the first page');
        assert.equal(documentRows(end).at(-1)?.label, 'SD2026/1100');
        assert.equal(rowsUnderKinds(end).at(-1)?.label, 'Load more');
        await onServer.scrollToStart();
        assert.equal(invoiceRequests(editor), 1, 'one list request');

        await editor.gestixView.click(ON_SERVER, FIRST);
        await editor.files.activeTab('SD2026-1001.json').waitFor({ state: 'visible' });
        const text = await editor.files.waitForActiveText(/"seq_number": "SD2026\/1001"/);
        assert.match(text, /"id": 1001/);
        await editor.files.focus();
        await editor.page.keyboard.type('edited', { delay: 5 });
        assert.match(await onServer.readOnlyMessage(), /read-only/i);
        assert.equal(await editor.files.activeText(), text, 'typing changed nothing');
      })(),
  );

  it(
    'Load more shows the second page, and no Load more after a short page',
    () =>
      editor.scenario('on-server-load-more', async () => {
        await editor.page.keyboard.press('Escape');
        await onServer.scrollToEnd();
        const listedBefore = invoiceRequests(editor);
        await editor.gestixView.click(ON_SERVER, 'Load more');
        // The second page takes the place of Load more, right after the hundredth document.
        const second = await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === 'SD2026/1101'), 'the second page');
        const labels = documentRows(second).map((row) => row.label);
        assert.equal(labels[labels.indexOf('SD2026/1100') + 1], 'SD2026/1101');
        await onServer.scrollToEnd();
        const rows = await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === `SD2026/${1000 + SEEDED}`), 'the end of the second page');
        assert.equal(rowsUnderKinds(rows).at(-1)?.label, `SD2026/${1000 + SEEDED}`, 'the second page was short: nothing more to load');
        assert.ok(!rows.some((row) => row.label === 'Load more'));
        assert.equal(invoiceRequests(editor), listedBefore + 1, 'one request for the second page');
      })(),
  );

  it(
    'Filter by Date narrows the list, and the view says which dates it shows',
    () =>
      editor.scenario('on-server-filter-by-date', async () => {
        await onServer.clickTitleAction('Filter by Date…');
        await editor.quickInput.waitForInputBox(/Filter by Date/);
        await editor.quickInput.type('2026-02-30');
        await editor.quickInput.waitForMessage(/does not exist/);
        await editor.quickInput.type('2026-01-01:2026-01-05');
        await editor.quickInput.accept();
        await editor.gestixView.expand(ON_SERVER, 'Invoices');
        const rows = await editor.gestixView.waitForRows(ON_SERVER, (found) => documentRows(found).length === 10, 'the invoices of five days');
        // 150 invoices over a cycle of 90 days: ids 1001 to 1005 and 1091 to 1095 fall in the first five days.
        assert.deepEqual(
          documentRows(rows).map((row) => row.label),
          ['SD2026/1001', 'SD2026/1002', 'SD2026/1003', 'SD2026/1004', 'SD2026/1005', 'SD2026/1091', 'SD2026/1092', 'SD2026/1093', 'SD2026/1094', 'SD2026/1095'],
        );
        assert.ok(documentRows(rows).every((row) => /^2026-01-0[1-5] · /.test(row.description)));
        assert.equal(await onServer.description(), '2026-01-01:2026-01-05');
        assert.ok(await onServer.offersTitleAction('Clear Filter'));
      })(),
  );

  it(
    'a document’s context menu offers Open PDF and Copy Number; Open PDF opens a tab',
    () =>
      editor.scenario('on-server-open-pdf', async () => {
        const labels = await onServer.openRowMenu('SD2026/1002');
        assert.ok(labels.includes('Open PDF') && labels.includes('Copy Number'), labels.join(', '));
        await contextMenu(editor.page).locator('.action-item', { hasText: 'Open PDF' }).first().click();
        await editor.files.activeTabLabelled(/SD2026\/1002 \(PDF\)/).waitFor({ state: 'visible', timeout: 20_000 });
        assert.ok(editor.sandbox.control.requests().some((request) => request.path === '/invoices' && request.status === 200));
      })(),
  );

  it(
    'Compare with Server Copy opens a diff of the server’s document against the local file',
    () =>
      editor.scenario('on-server-compare', async () => {
        await onServer.clickTitleAction('Clear Filter');
        await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === 'SD2026/1006'), 'the invoices, unfiltered');
        assert.equal(await onServer.description(), '');
        const [stored] = editor.sandbox.control.documents('invoices');
        assert.ok(stored);
        const { id: _id, created: _created, updated: _updated, ...local } = stored.document;
        writeFileSync(join(editor.workspace, 'invoices', 'seeded.invoice.json'), `${JSON.stringify({ ...local, total_amount: 999 }, null, 2)}\n`);
        await editor.files.open('invoices/seeded.invoice.json');
        await editor.quickInput.runCommand('Gestix: Compare with Server Copy');
        await editor.files.activeTabLabelled(/SD2026\/1001 \(server\) ↔ seeded\.invoice\.json/).waitFor({ state: 'visible' });
        const { original, modified } = await onServer.diffSides();
        assert.match(original, /"seq_number": "SD2026\/1001"/);
        assert.match(original, /"id": 1001/);
        assert.match(original, /"total_amount": 101/);
        assert.match(modified, /"total_amount": 999/);
        assert.doesNotMatch(modified, /"id": 1001/);
      })(),
  );

  it(
    'Compare with Server Copy on a document the server does not hold says so',
    () =>
      editor.scenario('on-server-compare-none', async () => {
        await editor.files.open('invoices/good.invoice.json');
        const number = /"seq_number": "([^"]+)"/.exec(await editor.files.waitForActiveText(/"seq_number"/))?.[1] ?? '';
        await editor.quickInput.runCommand('Gestix: Compare with Server Copy');
        const message = await editor.notifications.waitFor(/holds no invoice numbered/);
        assert.ok(message.includes(number), message);
        assert.equal(await onServer.diffEditor().count(), 0, 'no diff opens');
        await editor.notifications.clear();
      })(),
  );

  it(
    'Search narrows the list by a field, a comparison and a value; Clear Filter shows everything again',
    () =>
      editor.scenario('on-server-search', async () => {
        await editor.quickInput.runCommand('View: Close All Editors');
        await onServer.clickTitleAction('Search…');
        await editor.quickInput.waitForInputBox(/Search Documents on the Server/);
        await editor.quickInput.pick('total_amount');
        await editor.quickInput.pick('is at least');
        await editor.quickInput.waitForMessage(/The value total_amount is compared with/);
        await editor.quickInput.type('148');
        await editor.quickInput.accept();
        // Seeded totals are 100 + id % 50: ids ending in 48, 49, 98 and 99 reach 148.
        const rows = await editor.gestixView.waitForRows(ON_SERVER, (found) => documentRows(found).length === 6, 'the invoices of 148 EUR or more');
        assert.deepEqual(
          documentRows(rows).map((row) => row.label),
          ['SD2026/1048', 'SD2026/1049', 'SD2026/1098', 'SD2026/1099', 'SD2026/1148', 'SD2026/1149'],
        );
        assert.equal(await onServer.description(), 'total_amount ≥ 148');
        await editor.screenshot('on-server-search-filtered');
        await onServer.clickTitleAction('Clear Filter');
        await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === 'SD2026/1001'), 'the invoices, unfiltered');
        assert.equal(await onServer.description(), '');
      })(),
  );

  it(
    'a page the server fails shows why and Retry, which asks again',
    () =>
      editor.scenario('on-server-failure-retry', async () => {
        editor.sandbox.control.injectFault({ fault: 'dbTimeout', path: '/orders', count: 1 });
        await onServer.clickTitleAction('Collapse All');
        await editor.gestixView.expand(ON_SERVER, 'Orders');
        const failed = await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === 'Retry'), 'the failure and Retry');
        const failure = failed.find((row) => row.label === 'Could not list the documents');
        assert.match(failure?.description ?? '', /GET \/orders → HTTP 503 DB_TIMEOUT/);
        await editor.screenshot('on-server-failure');
        await editor.gestixView.click(ON_SERVER, 'Retry');
        const rows = await editor.gestixView.waitForRows(ON_SERVER, (found) => found.some((row) => row.label === 'No documents'), 'the orders, asked again');
        assert.ok(!rows.some((row) => row.label === 'Retry'));
      })(),
  );
});
