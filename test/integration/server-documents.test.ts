// The On the Server view's requests against a sandbox holding many documents: one page of 100 at a
// time until a short one, a date range and a search narrowing the list, and the read-only text of one
// document, through the real client and session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentListing, PAGE_SIZE, type DocumentFilter } from '../../src/core/serverDocuments/documentList';
import { ServerDocumentCache, serverDocumentRead } from '../../src/core/serverDocuments/serverDocumentCache';
import { SEEDED_DAYS } from '../../src/sandbox/documents';
import { startRig, type Rig } from './client-support';
import { SandboxCaller } from './sandbox-support';

const SEEDED = 250;
let rig: Rig;

before(async () => {
  rig = await startRig();
  assert.equal(rig.sandbox.control.seedDocuments('invoices', SEEDED), SEEDED);
  assert.ok((await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok);
});
after(() => rig.close());

async function nextPage(listing: DocumentListing, filter: DocumentFilter): Promise<void> {
  const outcome = await rig.session.withSession((token) => rig.client.listDocuments(token, 'invoices', listing.nextPage(filter)));
  assert.ok(outcome.kind === 'answered' && outcome.result.ok, JSON.stringify(outcome));
  listing.addPage(outcome.result.value);
}

describe('the documents on the server, page by page', () => {
  it('loads 100 at a time and stops after the short page', async () => {
    const listing = new DocumentListing();
    await nextPage(listing, {});
    assert.equal(listing.documents.length, PAGE_SIZE);
    assert.equal(listing.finished, false);
    await nextPage(listing, {});
    await nextPage(listing, {});
    assert.equal(listing.documents.length, SEEDED);
    assert.equal(listing.finished, true);
    assert.equal(new Set(listing.documents.map((document) => document.id)).size, SEEDED);
    assert.match(listing.documents[0]?.number ?? '', /^SD2026\/\d+$/);
    assert.match(listing.documents[0]?.party ?? '', /^Cliente \d$/);
    const listed = rig.sandbox.control.requests().filter((request) => request.path === '/invoices');
    assert.equal(listed.length, 3, 'one request per page, never everything at once');
  });

  it('narrows by a date range and by a search', async () => {
    const january = new DocumentListing();
    await nextPage(january, { dates: { from: '2026-01-01', to: '2026-01-10' } });
    assert.ok(january.finished);
    assert.ok(january.documents.length > 0 && january.documents.length < SEEDED / 3, `${january.documents.length} of ${SEEDED} over ${SEEDED_DAYS} days`);
    assert.ok(january.documents.every((document) => (document.date ?? '') >= '2026-01-01' && (document.date ?? '') <= '2026-01-10'));

    const [some] = january.documents;
    const byNumber = new DocumentListing();
    await nextPage(byNumber, { search: { column: 'seq_number', operator: 'eq', text: some?.number ?? '' } });
    assert.deepEqual(byNumber.documents.map((document) => document.id), [some?.id]);
    const above = new DocumentListing();
    await nextPage(above, { search: { column: 'total_amount', operator: 'gte', text: '149' } });
    assert.ok(above.documents.length > 0 && above.documents.every((document) => Number(document.total?.split(' ')[0]) >= 149));
  });

  it('reads one document as pretty JSON, once for a stat and a read, and an unknown id as not found', async () => {
    const [stored] = rig.sandbox.control.documents('invoices');
    assert.ok(stored);
    const cache = new ServerDocumentCache(async (reference) =>
      serverDocumentRead(await rig.session.withSession((token) => rig.client.getDocument(token, reference.kind, reference.id)), Date.now()),
    );
    const before = rig.sandbox.control.requests().length;
    const read = await cache.read({ connection: 'Sandbox', kind: 'invoices', id: stored.id });
    assert.equal(read.kind, 'document');
    assert.equal(read.kind === 'document' ? read.text : '', `${JSON.stringify(stored.document, null, 2)}\n`);
    await cache.read({ connection: 'Sandbox', kind: 'invoices', id: stored.id });
    assert.equal(rig.sandbox.control.requests().length - before, 1);
    assert.deepEqual(await cache.read({ connection: 'Sandbox', kind: 'invoices', id: 999_999 }), { kind: 'notFound' });
    assert.deepEqual(await cache.read({ connection: 'Sandbox', kind: 'orders', id: stored.id }), { kind: 'notFound' }, 'an id of another kind');
  });

  it('seeds through the control endpoint too, and refuses a bad request', async () => {
    const caller = new SandboxCaller(rig.sandbox);
    try {
      const seeded = await caller.call('POST', '/__sandbox/seed', { body: JSON.stringify({ kind: 'orders', count: 3 }) });
      assert.equal(seeded.status, 201, seeded.text);
      assert.deepEqual(seeded.json(), { seeded: 3 });
      assert.equal(rig.sandbox.control.documents('orders').length, 3);
      for (const body of ['{"kind":"nope","count":1}', '{"kind":"orders","count":0}', '{"kind":"orders"}', 'x']) {
        assert.equal((await caller.call('POST', '/__sandbox/seed', { body })).status, 400, body);
      }
      assert.equal((await caller.call('GET', '/__sandbox/seed')).status, 405);
    } finally {
      await caller.close();
    }
  });
});
