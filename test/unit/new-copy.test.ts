// Send as New Copy: the next free number of the document's series, today's date, the rest untouched,
// and a fingerprint that ties the copies of one document together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyFingerprint, localIsoDate, newCopy, nextFreeNumber, numberSeries, NumbersGiven, seriesOf, SEQ_NUMBER_LIMIT, type NewCopy } from '../../src/core/sending/newCopy';

const INVOICE = {
  document_set: 'FT',
  seq_number: 'FT2026/0041',
  date: '2026-03-02',
  due_date: '2026-04-01',
  currency: 'EUR',
  total_amount: 504.3,
  customer: { name: 'Livraria Atlântica Lda', vat_id: 'PT509876543' },
  items: [{ item_code: 'SUP-MENS', qty: 1, unit_price: 250 }],
};

function copyOf(document: unknown, taken: string[] = [], today = '2026-11-27'): NewCopy {
  const result = newCopy(JSON.stringify(document, null, 2), today, taken);
  assert.ok(result.ok, JSON.stringify(result));
  return result.copy;
}

describe('the next free number', () => {
  it('is one above the file’s own number, in the file’s width', () => {
    assert.equal(nextFreeNumber('FT2026/0041', []), 'FT2026/0042');
    assert.equal(nextFreeNumber('FT2026/0099', []), 'FT2026/0100');
    assert.equal(nextFreeNumber('FT2026/9999', []), 'FT2026/10000');
    assert.equal(nextFreeNumber('17', []), '18');
  });

  it('is one above the highest number of the same prefix that is taken', () => {
    assert.equal(nextFreeNumber('FT2026/0041', ['FT2026/0007', 'FT2026/0120', 'FT2026/0119']), 'FT2026/0121');
  });

  it('ignores numbers of other prefixes and numbers that are not prefix + digits', () => {
    assert.equal(nextFreeNumber('FT2026/0041', ['FT2025/0999', 'FR2026/0500', 'FT2026/0999A', 'FT2026/', 'XFT2026/0900']), 'FT2026/0042');
  });

  it('after the last slash only digits count: the sample’s numbers start the series at 0001', () => {
    assert.deepEqual(numberSeries('FT2026/K3J9X2AB'), { prefix: 'FT2026/', own: undefined, width: 4 });
    assert.deepEqual(numberSeries('FT2026/K3J9X2A9'), { prefix: 'FT2026/', own: undefined, width: 4 });
    assert.equal(nextFreeNumber('FT2026/K3J9X2AB', []), 'FT2026/0001');
    assert.equal(nextFreeNumber('FT2026/K3J9X2A9', []), 'FT2026/0001', 'not FT2026/K3J9X2A10, one character too long');
    assert.equal(nextFreeNumber('FT2026/K3J9X2AB', ['FT2026/0001', 'FT2026/M00AAAAA', 'FT2026/K3J9X2A9']), 'FT2026/0002');
  });

  it('without a slash the prefix runs up to the trailing digits', () => {
    assert.deepEqual(numberSeries('A-17'), { prefix: 'A-', own: 17n, width: 2 });
    assert.equal(nextFreeNumber('A-17', ['A-30', 'B-99']), 'A-31');
    assert.deepEqual(numberSeries('ABC'), { prefix: 'ABC', own: undefined, width: 4 });
    assert.equal(nextFreeNumber('ABC', []), 'ABC0001');
  });

  it('counts beyond the safe integers without losing digits', () => {
    assert.equal(nextFreeNumber('A99999999999999999', []), 'A100000000000000000');
  });
});

describe('newCopy', () => {
  it('replaces the number and the date, moves the due date along, and copies everything else', () => {
    const copy = copyOf(INVOICE, ['FT2026/0050']);
    assert.equal(copy.seqNumber, 'FT2026/0051');
    assert.equal(copy.documentSet, 'FT');
    assert.equal(copy.date, '2026-11-27');
    assert.deepEqual(JSON.parse(copy.jsonText), { ...INVOICE, seq_number: 'FT2026/0051', date: '2026-11-27', due_date: '2026-12-27' });
  });

  it('leaves a due date it cannot move (not a calendar date) as it is', () => {
    const copy = copyOf({ ...INVOICE, due_date: '2026-02-30' });
    assert.equal(JSON.parse(copy.jsonText).due_date, '2026-02-30');
    const withoutDue = copyOf({ ...INVOICE, due_date: undefined });
    assert.equal('due_date' in JSON.parse(withoutDue.jsonText), false);
  });

  it('two copies in a row get two numbers when the first is remembered', () => {
    const given = new NumbersGiven();
    const first = copyOf(INVOICE, [...given.of('Sandbox', 'invoices', 'FT')]);
    given.note('Sandbox', 'invoices', first.documentSet, first.seqNumber);
    const second = copyOf(INVOICE, [...given.of('Sandbox', 'invoices', 'FT')]);
    assert.equal(first.seqNumber, 'FT2026/0042');
    assert.equal(second.seqNumber, 'FT2026/0043');
    assert.deepEqual(given.of('Production', 'invoices', 'FT'), [], 'another connection has numbers of its own');
    assert.deepEqual(given.of('Sandbox', 'orders', 'FT'), [], 'so has another kind');
  });

  it('says why no copy can be made', () => {
    assert.deepEqual(newCopy('[1, 2]', '2026-11-27', []), { ok: false, reason: 'notAnObject' });
    assert.deepEqual(newCopy('{"document_set": "FT",', '2026-11-27', []), { ok: false, reason: 'notAnObject' });
    assert.deepEqual(newCopy(JSON.stringify({ ...INVOICE, document_set: '' }), '2026-11-27', []), { ok: false, reason: 'noSeries' });
    assert.deepEqual(newCopy(JSON.stringify({ ...INVOICE, seq_number: undefined }), '2026-11-27', []), { ok: false, reason: 'noNumber' });
    const full = 'FT2026/99999999';
    assert.equal(full.length, SEQ_NUMBER_LIMIT);
    assert.deepEqual(newCopy(JSON.stringify({ ...INVOICE, seq_number: full }), '2026-11-27', []), { ok: false, reason: 'tooLong', detail: 'FT2026/100000000' });
  });

  it('reads the series of a document', () => {
    assert.equal(seriesOf(JSON.stringify(INVOICE)), 'FT');
    assert.equal(seriesOf('{"document_set": ""}'), undefined);
    assert.equal(seriesOf('not json'), undefined);
  });

  it('today is the local calendar date', () => {
    assert.equal(localIsoDate(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });
});

describe('the fingerprint of a copy', () => {
  it('is the same for every copy of one document, whatever their numbers and dates', () => {
    const first = copyOf(INVOICE, [], '2026-11-27');
    const second = copyOf(INVOICE, ['FT2026/0042'], '2026-12-01');
    assert.notEqual(first.seqNumber, second.seqNumber);
    assert.equal(first.fingerprint, second.fingerprint);
    assert.match(first.fingerprint, /^[0-9a-f]{16}$/);
  });

  it('does not depend on key order or whitespace', () => {
    const reordered = Object.fromEntries(Object.entries(INVOICE).reverse());
    assert.equal(copyFingerprint(reordered), copyFingerprint(INVOICE));
    assert.equal(copyOf(reordered).fingerprint, copyOf(INVOICE).fingerprint);
  });

  it('changes when anything else changes, however deep', () => {
    const base = copyFingerprint(INVOICE);
    assert.notEqual(copyFingerprint({ ...INVOICE, total_amount: 504.31 }), base);
    assert.notEqual(copyFingerprint({ ...INVOICE, document_set: 'FR' }), base);
    assert.notEqual(copyFingerprint({ ...INVOICE, items: [{ ...INVOICE.items[0], qty: 2 }] }), base);
    assert.notEqual(copyFingerprint({ ...INVOICE, customer: { ...INVOICE.customer, name: 'Outra Lda' } }), base);
  });
});
