// Document endpoints of the sandbox: nonce rules, validation, duplicates, the tax engine's
// Sovos Format 1 answers, listing, lookup by id and PDFs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DOCUMENT_KINDS, PAYABLE_KINDS, REQUIRED_DOCUMENT_FIELDS, type DocumentKind } from '../../src/core/wire';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { assertApiError, assertFormat1, SandboxCaller, validDocument } from './sandbox-support';

let sandbox: RunningSandbox;
let caller: SandboxCaller;
let token: string;

before(async () => {
  sandbox = await startSandbox();
  caller = new SandboxCaller(sandbox);
  token = await caller.helo();
});
after(async () => {
  await caller.close();
  await sandbox.close();
});

describe('sandbox: creating documents', () => {
  for (const kind of DOCUMENT_KINDS) {
    it(`POST /${kind} answers 201 documentCreated and stores the document`, async () => {
      const document = validDocument(kind);
      const answer = await caller.post(kind, token, document);
      assert.equal(answer.status, 201, answer.text);
      const created = answer.json();
      assert.ok(Number.isInteger(created.id) && created.id >= 1001);
      assert.equal(created.documentSeries, document.document_set);
      assert.equal(created.documentNumber, document.seq_number);
      assert.equal(created.url, `${sandbox.apiBase}/${kind}?id=${created.id}&print=1`);
      const stored = sandbox.control.documents(kind).find((entry) => entry.id === created.id);
      assert.ok(stored, 'stored');
      assert.equal(stored.document.seq_number, document.seq_number);
      assert.deepEqual(stored.document.items, document.items);
      const printed = await caller.call('GET', created.url.slice(sandbox.origin.length), { token });
      assert.equal(printed.status, 200, 'the url of documentCreated serves the PDF');
      assert.equal(printed.headers['content-type'], 'application/pdf');
      assert.match(printed.bytes.toString('latin1'), new RegExp(`Id: ${created.id}`));
    });
  }

  it('gives increasing ids starting at 1001 across kinds', async () => {
    const fresh = await startSandbox();
    const freshCaller = new SandboxCaller(fresh);
    try {
      const session = await freshCaller.helo();
      const ids: number[] = [];
      for (const kind of ['invoices', 'purchases', 'invoices'] as const) {
        ids.push((await freshCaller.post(kind, session, validDocument(kind))).json().id);
      }
      assert.deepEqual(ids, [1001, 1002, 1003]);
    } finally {
      await freshCaller.close();
      await fresh.close();
    }
  });

  it('answers POST with print=1 with the PDF of the created document', async () => {
    const answer = await caller.post('invoices', token, validDocument(), { print: 1 });
    assert.equal(answer.status, 201);
    assert.equal(answer.headers['content-type'], 'application/pdf');
    assert.equal(answer.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});

describe('sandbox: nonces on POST', () => {
  const post = (nonce: string | undefined, session = token) =>
    caller.call('POST', '/invoices', {
      token: session,
      body: JSON.stringify(validDocument()),
      ...(nonce === undefined ? {} : { query: { nonce } }),
    });

  it('requires a nonce', async () => {
    assertApiError(await post(undefined), 400, 'INVALID_ARGUMENT', /'nonce' is required/);
  });

  for (const [label, value] of [
    ['zero', '0'],
    ['negative', '-5'],
    ['a fraction', '1.5'],
    ['not a number', 'abc'],
    ['empty', ''],
    ['beyond int64', '9223372036854775808'],
  ] as const) {
    it(`rejects a nonce that is ${label}, naming it`, async () => {
      const answer = await post(value);
      assertApiError(answer, 400, 'INVALID_ARGUMENT', /nonce/i);
      if (value !== '') assert.ok(answer.json().message.includes(value), answer.json().message);
    });
  }

  it('rejects a nonce that is not greater than the last one of the session, naming it', async () => {
    const session = await caller.helo();
    const first = caller.nonce();
    assert.equal((await post(String(first), session)).status, 201);
    for (const stale of [first, first - 1]) {
      const answer = await post(String(stale), session);
      assertApiError(answer, 400, 'INVALID_ARGUMENT', new RegExp(`Nonce ${stale}\\b`));
      assert.match(answer.json().message, new RegExp(String(first)));
    }
    assert.equal((await post(String(first + 1), session)).status, 201);
  });

  it('tracks nonces per session', async () => {
    const one = await caller.helo();
    const two = await caller.helo();
    const nonce = String(caller.nonce());
    assert.equal((await post(nonce, one)).status, 201);
    assert.equal((await post(nonce, two)).status, 201);
  });

  it('consumes a nonce even when the request then fails validation', async () => {
    const session = await caller.helo();
    const nonce = caller.nonce();
    const invalid = await caller.call('POST', '/invoices', { token: session, body: '{}', query: { nonce } });
    assertApiError(invalid, 400, 'INVALID_ARGUMENT', /required/);
    assertApiError(await post(String(nonce), session), 400, 'INVALID_ARGUMENT', /not greater/);
  });

  it('checks and advances the optional nonce on GETs', async () => {
    const session = await caller.helo();
    const nonce = caller.nonce();
    assert.equal((await caller.call('GET', '/invoices', { token: session, query: { nonce } })).status, 200);
    assertApiError(await post(String(nonce), session), 400, 'INVALID_ARGUMENT', /not greater/);
    assertApiError(await caller.call('GET', '/status', { token: session, query: { nonce: 'x1' } }), 400, 'INVALID_ARGUMENT', /x1/);
  });

  it('checks the session before the nonce', async () => {
    assertApiError(await post(undefined, 'unknown-token'), 403, 'AUTH_FAILED');
  });
});

describe('sandbox: document validation', () => {
  it('rejects a body that is not JSON', async () => {
    for (const body of ['{"document_set":', 'hello', '']) {
      assertApiError(await caller.post('invoices', token, body), 400, 'INVALID_ARGUMENT', /JSON|empty/);
    }
  });

  it('rejects JSON that is not an object', async () => {
    for (const body of ['[]', '42', 'null', '"text"']) {
      assertApiError(await caller.post('orders', token, body), 400, 'INVALID_ARGUMENT', /JSON object/);
    }
  });

  for (const kind of DOCUMENT_KINDS) {
    for (const field of REQUIRED_DOCUMENT_FIELDS) {
      it(`POST /${kind} without ${field} answers Field '${field}' is required`, async () => {
        const document = validDocument(kind);
        delete document[field];
        const answer = await caller.post(kind, token, document);
        assertApiError(answer, 400, 'INVALID_ARGUMENT');
        assert.equal(answer.json().message, `Field '${field}' is required`);
        assert.equal(answer.json().path, `/${kind}`);
      });
    }
  }

  it('treats null like a missing required field and reports fields in the documented order', async () => {
    const answer = await caller.post('invoices', token, { date: null, currency: 'EUR' });
    assert.equal(answer.json().message, "Field 'document_set' is required");
    const nulled = await caller.post('invoices', token, validDocument('invoices', { total_amount: null }));
    assert.equal(nulled.json().message, "Field 'total_amount' is required");
  });

  const wrongTypes: Array<[string, Record<string, unknown>, RegExp]> = [
    ['document_set as a number', { document_set: 7 }, /'document_set' must be a string/],
    ['seq_number too long', { seq_number: 'X'.repeat(16) }, /'seq_number'/],
    ['date not a date', { date: '10/01/2025' }, /'date'/],
    ['date impossible', { date: '2025-02-30' }, /'date'/],
    ['total_amount as text', { total_amount: '123.00' }, /'total_amount' must be a number/],
    ['currency as a number', { currency: 978 }, /'currency' must be a string/],
    ['vat as a boolean', { vat: true }, /'vat' must be a number/],
    ['items not an array', { items: { description: 'x' } }, /'items' must be an array/],
    ['a line that is not an object', { items: ['x'] }, /'items\[0\]' must be an object/],
    ['a line without qty', { items: [{ description: 'x', unit_price: 1 }] }, /'items\[0\]\.qty' is required/],
    ['a line with a negative unit_price', { items: [{ description: 'x', qty: 1, unit_price: -1 }] }, /'items\[0\]\.unit_price'/],
    ['a line vat rate above 100', { items: [{ description: 'x', qty: 1, unit_price: 1, vat: 123 }] }, /'items\[0\]\.vat'/],
    ['vat_included as text', { items: [{ description: 'x', qty: 1, unit_price: 1, vat_included: 'yes' }] }, /'items\[0\]\.vat_included'/],
    ['customer as a string', { customer: 'ACME' }, /'customer' must be an object/],
    ['customer without name', { customer: { vat_id: 'PT1' } }, /'customer\.name' is required/],
    ['payment_ref too long', { payment_ref: 'R'.repeat(25) }, /'payment_ref'/],
    ['delivery_date garbage', { delivery_date: 'tomorrow' }, /'delivery_date'/],
  ];
  for (const [label, overrides, pattern] of wrongTypes) {
    it(`rejects ${label}, naming the field`, async () => {
      assertApiError(await caller.post('invoices', token, validDocument('invoices', overrides)), 400, 'INVALID_ARGUMENT', pattern);
    });
  }

  it('accepts vat_included as a boolean or 0, 1, 2 and a full date-time delivery_date', async () => {
    for (const vatIncluded of [true, 0, 1, 2]) {
      const line = { description: 'x', qty: 1, unit_price: 1, vat_included: vatIncluded };
      const answer = await caller.post('invoices', token, validDocument('invoices', { items: [line], delivery_date: '2025-01-10T09:30:00Z' }));
      assert.equal(answer.status, 201, answer.text);
    }
  });

  it('validates transfer-order fields by the transferOrder schema', async () => {
    const wrongWeight = await caller.post('transfer_orders', token, validDocument('transfer_orders', { gross_weight: 1.5 }));
    assertApiError(wrongWeight, 400, 'INVALID_ARGUMENT', /'gross_weight' must be an integer/);
    const ok = await caller.post('transfer_orders', token, validDocument('transfer_orders', { number_of_packages: '3', gross_weight: 12, plate_number: '00-AA-00' }));
    assert.equal(ok.status, 201, ok.text);
  });
});

describe('sandbox: duplicates', () => {
  it('answers 409 DUPLICATE_ENTRY for the same document_set and seq_number on one endpoint', async () => {
    const document = validDocument();
    assert.equal((await caller.post('invoices', token, document)).status, 201);
    const again = await caller.post('invoices', token, { ...document, total_amount: 999 });
    assertApiError(again, 409, 'DUPLICATE_ENTRY', new RegExp(String(document.seq_number).replace('/', '\\/')));
    assert.equal(sandbox.control.documents('invoices').filter((entry) => entry.document.seq_number === document.seq_number).length, 1);
  });

  it('scopes the duplicate rule to one endpoint and to the pair', async () => {
    const document = validDocument('orders');
    assert.equal((await caller.post('orders', token, document)).status, 201);
    assert.equal((await caller.post('receipts', token, validDocument('receipts', { document_set: document.document_set, seq_number: document.seq_number }))).status, 201);
    assert.equal((await caller.post('orders', token, { ...document, document_set: 'FR' })).status, 201);
  });

  it('checks validation and the tax engine before duplicates', async () => {
    const document = validDocument();
    assert.equal((await caller.post('invoices', token, document)).status, 201);
    assertApiError(await caller.post('invoices', token, { ...document, date: 'x' }), 400, 'INVALID_ARGUMENT');
    assertFormat1(await caller.post('invoices', token, { ...document, items: [] }), 400, 'SMAR-1010');
  });
});

describe('sandbox: tax engine (Sovos Format 1)', () => {
  const prefixOf = (kind: DocumentKind) => (PAYABLE_KINDS.has(kind) ? 'SMAP' : 'SMAR');
  const line = { description: 'x', qty: 1, unit_price: 1 };

  for (const kind of DOCUMENT_KINDS) {
    it(`/${kind}: missing or empty items -> ${prefixOf(kind)}-1010`, async () => {
      const document = validDocument(kind);
      delete document.items;
      assertFormat1(await caller.post(kind, token, document), 400, `${prefixOf(kind)}-1010`);
      assertFormat1(await caller.post(kind, token, validDocument(kind, { items: [] })), 400, `${prefixOf(kind)}-1010`);
    });

    it(`/${kind}: unknown currency -> ${prefixOf(kind)}-99692`, async () => {
      const answer = await caller.post(kind, token, validDocument(kind, { currency: 'XYZ' }));
      assertFormat1(answer, 400, `${prefixOf(kind)}-99692`);
      assert.match(answer.text, /XYZ/);
    });
  }

  it('a negative line discount -> SMAR-1004 on sales, SMAP-1004 on purchases', async () => {
    assertFormat1(await caller.post('invoices', token, validDocument('invoices', { items: [{ ...line, discount: -5 }] })), 400, 'SMAR-1004');
    assertFormat1(await caller.post('purchases', token, validDocument('purchases', { items: [{ ...line, discount: -5 }] })), 400, 'SMAP-1004');
    assertFormat1(await caller.post('transfer_orders', token, validDocument('transfer_orders', { items: [{ ...line, line_discount: -1 }] })), 400, 'SMAR-1004');
  });

  it('a negative header discount -> 1004', async () => {
    assertFormat1(await caller.post('orders', token, validDocument('orders', { discount: -1 })), 400, 'SMAR-1004');
    assertFormat1(await caller.post('purchase_orders', token, validDocument('purchase_orders', { discount_money_amount: -3 })), 400, 'SMAP-1004');
  });

  it('more than 1000 lines -> 3000; exactly 1000 lines are accepted', async () => {
    const many = (count: number) => Array.from({ length: count }, (_, index) => ({ ...line, description: `line ${index}` }));
    assertFormat1(await caller.post('invoices', token, validDocument('invoices', { items: many(1001) })), 400, 'SMAR-3000');
    assertFormat1(await caller.post('purchases', token, validDocument('purchases', { items: many(1001) })), 400, 'SMAP-3000');
    assert.equal((await caller.post('invoices', token, validDocument('invoices', { items: many(1000) }))).status, 201);
  });

  it('reports every problem it finds in one answer', async () => {
    const answer = await caller.post('invoices', token, validDocument('invoices', { currency: 'EURO', discount: -1 }));
    assert.equal(answer.status, 400);
    assert.deepEqual(
      answer.json().errors.map((error: { subcode: string }) => error.subcode).sort(),
      ['SMAR-1004', 'SMAR-99692'],
    );
  });

  it('does not store rejected documents or remember Format 1 bodies as apiErrors', async () => {
    const session = await caller.helo();
    const before = sandbox.control.documents().length;
    assertFormat1(await caller.post('invoices', session, validDocument('invoices', { currency: 'ABC' })), 400, 'SMAR-99692');
    assert.equal(sandbox.control.documents().length, before);
    assert.deepEqual((await caller.call('GET', '/status', { token: session })).json().errors, []);
  });
});

describe('sandbox: reading documents', () => {
  let listSandbox: RunningSandbox;
  let listCaller: SandboxCaller;
  let session: string;
  before(async () => {
    listSandbox = await startSandbox();
    listCaller = new SandboxCaller(listSandbox);
    session = await listCaller.helo();
    for (let index = 0; index < 7; index++) {
      assert.equal((await listCaller.post('purchases', session, validDocument('purchases', { seq_number: `CC2025/${index}` }))).status, 201);
    }
    assert.equal((await listCaller.post('invoices', session, validDocument('invoices', { customer: { name: 'Ação (teste) \\ Lda' } }))).status, 201);
  });
  after(async () => {
    await listCaller.close();
    await listSandbox.close();
  });

  const get = (path: string, query: Record<string, string | number> = {}) => listCaller.call('GET', path, { token: session, query });

  it('lists documents of one kind as a bare JSON array, oldest first', async () => {
    const answer = await get('/purchases');
    assert.equal(answer.status, 200);
    const list = answer.json();
    assert.ok(Array.isArray(list));
    assert.deepEqual(
      list.map((document: { seq_number: string }) => document.seq_number),
      Array.from({ length: 7 }, (_, index) => `CC2025/${index}`),
    );
    assert.deepEqual(list[0].id, 1001);
    assert.deepEqual((await get('/transfer_orders')).json(), []);
  });

  it('honours skip and limit', async () => {
    const page = (await get('/purchases', { skip: 2, limit: 3 })).json();
    assert.deepEqual(
      page.map((document: { id: number }) => document.id),
      [1003, 1004, 1005],
    );
    assert.deepEqual((await get('/purchases', { skip: 100 })).json(), []);
    assert.deepEqual((await get('/purchases', { limit: 0 })).json(), []);
    assert.equal((await get('/purchases', { limit: 1000 })).json().length, 7);
  });

  it('defaults limit to 50', async () => {
    const bulk = await startSandbox();
    const bulkCaller = new SandboxCaller(bulk);
    try {
      const bulkSession = await bulkCaller.helo();
      for (let index = 0; index < 55; index++) {
        assert.equal((await bulkCaller.post('orders', bulkSession, validDocument('orders'))).status, 201);
      }
      assert.equal((await bulkCaller.call('GET', '/orders', { token: bulkSession })).json().length, 50);
      assert.equal((await bulkCaller.call('GET', '/orders', { token: bulkSession, query: { skip: 50 } })).json().length, 5);
    } finally {
      await bulkCaller.close();
      await bulk.close();
    }
  });

  it('rejects limit above 1000 and non-numeric skip or limit with 400', async () => {
    assertApiError(await get('/purchases', { limit: 1001 }), 400, 'INVALID_ARGUMENT', /'limit'/);
    assertApiError(await get('/purchases', { limit: 'ten' }), 400, 'INVALID_ARGUMENT', /'limit'/);
    assertApiError(await get('/purchases', { limit: '-1' }), 400, 'INVALID_ARGUMENT', /'limit'/);
    assertApiError(await get('/purchases', { skip: '1e3' }), 400, 'INVALID_ARGUMENT', /'skip'/);
  });

  it('returns one document for ?id=N, and 404 for an id of another kind or none', async () => {
    const answer = await get('/purchases', { id: 1002 });
    assert.equal(answer.status, 200);
    const document = answer.json();
    assert.equal(document.id, 1002);
    assert.equal(document.seq_number, 'CC2025/1');
    assert.match(document.created, /^\d{4}-\d{2}-\d{2}$/);
    assertApiError(await get('/invoices', { id: 1002 }), 404, 'INVALID_ARGUMENT', /1002/);
    assertApiError(await get('/purchases', { id: 99999 }), 404, 'INVALID_ARGUMENT');
    assertApiError(await get('/purchases', { id: 'abc' }), 400, 'INVALID_ARGUMENT', /'id'/);
  });

  it('returns a small valid PDF for ?id=N&print=1', async () => {
    const answer = await get('/invoices', { id: 1008, print: 1 });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/pdf');
    const pdf = answer.bytes.toString('latin1');
    assert.ok(pdf.startsWith('%PDF-1.'));
    assert.ok(pdf.endsWith('%%EOF'));
    assert.equal(Number(answer.headers['content-length']), answer.bytes.length);
    // The cross-reference table must point at each object exactly.
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF$/.exec(pdf)?.[1]);
    assert.ok(pdf.startsWith('xref\n', xrefAt));
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    assert.equal(offsets.length, 5);
    offsets.forEach((offset, index) => assert.ok(pdf.startsWith(`${index + 1} 0 obj`, offset), `object ${index + 1}`));
    const stream = /<< \/Length (\d+) >>\nstream\n/.exec(pdf);
    assert.ok(stream);
    const streamStart = stream.index + stream[0].length;
    assert.ok(pdf.startsWith('\nendstream', streamStart + Number(stream[1])));
    assert.match(pdf, /\(Customer: A\?\?o \\\(teste\\\) \\\\ Lda\) Tj/);
  });

  it('rejects print=1 without an id', async () => {
    assertApiError(await get('/invoices', { print: 1 }), 400, 'INVALID_ARGUMENT', /'print'/);
  });
});
