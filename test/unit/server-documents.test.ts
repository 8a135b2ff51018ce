import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Failure } from '../../src/core/http/result';
import { CACHE_CAPACITY, CACHE_TTL_MS, ServerDocumentCache, serverDocumentRead, serverDocumentText, type ServerDocumentRead } from '../../src/core/serverDocuments/serverDocumentCache';
import { DocumentListing, PAGE_SIZE, dateRangeText, documentNumberOf, isFiltered, isSearchColumn, pageRequest, parseDateRange, serverCopyQuery, summaryDescription, summaryOf } from '../../src/core/serverDocuments/documentList';
import type { ServerDocumentReference } from '../../src/core/serverDocuments/serverDocumentPath';

const invoice = (id: number, extra: Record<string, unknown> = {}) => ({ id, seq_number: `FT2026/${id}`, date: '2026-01-15', currency: 'EUR', total_amount: 307.5, customer: { name: 'Papelaria Central Lda' }, ...extra });

function httpFailure(status: number): Failure {
  return { kind: 'http', method: 'GET', path: '/invoices', status, contentType: 'application/json', body: '{}', bodyTruncated: false, shape: { kind: 'empty' } as never, retryAfterSeconds: undefined };
}

describe('the text of a server document', () => {
  it('is two-space JSON in the server’s key order with a final newline, the same every time', () => {
    const answer = { seq_number: 'FT1', id: 5, customer: { name: 'A' } };
    const text = serverDocumentText(answer);
    assert.equal(text, '{\n  "seq_number": "FT1",\n  "id": 5,\n  "customer": {\n    "name": "A"\n  }\n}\n');
    assert.equal(serverDocumentText(structuredClone(answer)), text);
  });

  it('takes a list of one as the document, and an empty list or a non-object as no document', () => {
    assert.equal(serverDocumentText([{ id: 1 }]), '{\n  "id": 1\n}\n');
    assert.equal(serverDocumentText([]), undefined);
    assert.equal(serverDocumentText([{ id: 1 }, { id: 2 }]), undefined);
    assert.equal(serverDocumentText('text'), undefined);
    assert.equal(serverDocumentText(null), undefined);
  });

  it('is not found on 404, fails with the failure otherwise, and says when nobody is signed in', () => {
    assert.deepEqual(serverDocumentRead({ kind: 'answered', result: { ok: false, failure: httpFailure(404) }, reauthenticated: false }, 1), { kind: 'notFound' });
    const failure = httpFailure(503);
    assert.deepEqual(serverDocumentRead({ kind: 'answered', result: { ok: false, failure }, reauthenticated: false }, 1), { kind: 'failed', failure });
    assert.deepEqual(serverDocumentRead({ kind: 'signInFailed', reason: 'rejected', failure }, 1), { kind: 'failed', failure });
    assert.deepEqual(serverDocumentRead({ kind: 'notSignedIn' }, 1), { kind: 'notSignedIn' });
    assert.deepEqual(serverDocumentRead({ kind: 'answered', result: { ok: true, value: [], status: 200 }, reauthenticated: false }, 1), { kind: 'notFound' });
    assert.deepEqual(serverDocumentRead({ kind: 'answered', result: { ok: true, value: { id: 1 }, status: 200 }, reauthenticated: false }, 7), { kind: 'document', text: '{\n  "id": 1\n}\n', fetchedAt: 7 });
  });
});

describe('the cache of server documents', () => {
  const reference = (id: number, connection = 'Prod'): ServerDocumentReference => ({ connection, kind: 'invoices', id });

  function counting(answer: (reference: ServerDocumentReference) => ServerDocumentRead, clock: { now: number }) {
    const asked: number[] = [];
    const cache = new ServerDocumentCache(async (wanted) => {
      asked.push(wanted.id);
      await Promise.resolve();
      return answer(wanted);
    }, () => clock.now);
    return { cache, asked };
  }

  it('answers a second read (stat, then read) without a second request, until the entry is old', async () => {
    const clock = { now: 1_000 };
    const { cache, asked } = counting((wanted) => ({ kind: 'document', text: `${wanted.id}`, fetchedAt: clock.now }), clock);
    const [first, second] = await Promise.all([cache.read(reference(1)), cache.read(reference(1, 'prod'))]);
    assert.deepEqual(first, second);
    assert.deepEqual(asked, [1], 'simultaneous reads share a request; connection names ignore case');
    assert.ok(cache.cached(reference(1)));
    clock.now += CACHE_TTL_MS - 1;
    await cache.read(reference(1));
    assert.deepEqual(asked, [1]);
    clock.now += 1;
    assert.equal(cache.cached(reference(1)), undefined);
    await cache.read(reference(1));
    assert.deepEqual(asked, [1, 1]);
    cache.clear();
    assert.equal(cache.cached(reference(1)), undefined);
  });

  it('keeps no failure, and at most CACHE_CAPACITY documents, the oldest leaving first', async () => {
    const clock = { now: 0 };
    const { cache, asked } = counting((wanted) => (wanted.id === 0 ? { kind: 'notFound' } : { kind: 'document', text: '', fetchedAt: clock.now }), clock);
    await cache.read(reference(0));
    await cache.read(reference(0));
    assert.deepEqual(asked, [0, 0]);
    for (let id = 1; id <= CACHE_CAPACITY + 1; id += 1) await cache.read(reference(id));
    assert.equal(cache.cached(reference(1)), undefined);
    assert.ok(cache.cached(reference(2)));
    assert.ok(cache.cached(reference(CACHE_CAPACITY + 1)));
  });
});

describe('the list of server documents', () => {
  it('reads date ranges as filterDate takes them', () => {
    assert.deepEqual(parseDateRange('2026-01-15'), { ok: true, range: { from: '2026-01-15', to: '2026-01-15' } });
    assert.deepEqual(parseDateRange(' 2026-01-01 : 2026-01-31 '), { ok: true, range: { from: '2026-01-01', to: '2026-01-31' } });
    assert.deepEqual(parseDateRange('2026-1-1'), { ok: false, problem: 'format' });
    assert.deepEqual(parseDateRange('2026-01-01:2026-01-02:2026-01-03'), { ok: false, problem: 'format' });
    assert.deepEqual(parseDateRange('2026-02-30'), { ok: false, problem: 'notADate' });
    assert.deepEqual(parseDateRange('2026-02-01:2026-01-01'), { ok: false, problem: 'endsBeforeStart' });
    assert.equal(dateRangeText({ from: '2026-01-15', to: '2026-01-15' }), '2026-01-15');
    assert.equal(dateRangeText({ from: '2026-01-01', to: '2026-01-31' }), '2026-01-01:2026-01-31');
  });

  it('asks for one page of PAGE_SIZE, with the filter’s parameters', () => {
    assert.deepEqual(pageRequest({}, 0), { skip: 0, limit: PAGE_SIZE });
    assert.deepEqual(pageRequest({ dates: { from: '2026-01-01', to: '2026-01-31' }, search: { column: 'seq_number', operator: 'eq', text: 'FT1' } }, 200), {
      skip: 200,
      limit: PAGE_SIZE,
      filterDate: '2026-01-01:2026-01-31',
      searchColumn: 'seq_number',
      searchString: 'FT1',
    });
    assert.equal(pageRequest({ search: { column: 'total_amount', operator: 'gt', text: '100' } }, 0).searchOperator, 'gt');
    assert.equal(isFiltered({}), false);
    assert.equal(isFiltered({ search: { column: 'date', operator: 'lt', text: '2026' } }), true);
    assert.ok(isSearchColumn('customer.name') && isSearchColumn('seq_number'));
    assert.ok(!isSearchColumn('') && !isSearchColumn('a b') && !isSearchColumn('1x') && !isSearchColumn('x'.repeat(65)));
  });

  it('pages on until a page comes back short, each document once', () => {
    const listing = new DocumentListing();
    const page = (from: number, count: number) => Array.from({ length: count }, (_, index) => invoice(from + index));
    assert.deepEqual(listing.nextPage({}), { skip: 0, limit: PAGE_SIZE });
    listing.addPage(page(1, PAGE_SIZE));
    assert.equal(listing.finished, false);
    assert.deepEqual(listing.nextPage({}), { skip: PAGE_SIZE, limit: PAGE_SIZE });
    // The list moved by one between the pages: the repeated document shows once; skip still counts what came.
    listing.addPage([invoice(PAGE_SIZE), ...page(PAGE_SIZE + 1, 20)]);
    assert.equal(listing.finished, true);
    assert.equal(listing.documents.length, PAGE_SIZE + 20);
    assert.deepEqual(listing.nextPage({}), { skip: PAGE_SIZE + 21, limit: PAGE_SIZE });
  });

  it('shows what the wire has of a document, and leaves out what has no id', () => {
    assert.deepEqual(summaryOf(invoice(7)), { id: 7, number: 'FT2026/7', date: '2026-01-15', party: 'Papelaria Central Lda', total: '307.5 EUR' });
    assert.deepEqual(summaryOf({ id: 8, supplier: { name: 'Fornecedor' }, total_amount: '12.00' }), { id: 8, number: undefined, date: undefined, party: 'Fornecedor', total: '12.00' });
    for (const bad of [null, [], 'x', {}, { id: '9' }, { id: 0 }, { id: 1.5 }, { id: Number.MAX_SAFE_INTEGER + 2 }]) assert.equal(summaryOf(bad), undefined);
    assert.equal(summaryOf({ id: 3, seq_number: { nested: true }, customer: ['x'] })?.number, undefined);
  });
});

describe('finding the server copy of a local document', () => {
  it('reads the seq_number of the local JSON, and searches for it with equals', () => {
    assert.equal(documentNumberOf('{"seq_number":"FT2026/0001","date":"2026-01-15"}'), 'FT2026/0001');
    for (const text of ['{', '[]', '"x"', '{"seq_number":7}', '{"seq_number":"  "}', '{}']) assert.equal(documentNumberOf(text), undefined, text);
    assert.deepEqual(serverCopyQuery('FT2026/0001'), { skip: 0, limit: PAGE_SIZE, searchColumn: 'seq_number', searchString: 'FT2026/0001' });
  });

  it('describes a row in plain text', () => {
    const summary = summaryOf(invoice(1, { customer: { name: 'Evil\u202e [link](x)\nCo' } }));
    assert.ok(summary);
    assert.equal(summaryDescription(summary), '2026-01-15 · Evil (link)(x) Co · 307.5 EUR');
    assert.equal(summaryDescription({ id: 1, number: undefined, date: undefined, party: undefined, total: undefined }), '');
  });
});
