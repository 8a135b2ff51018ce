import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentProblems, renderJsonSchema, SCHEMA_FILES, validateDocument } from '../../src/core/documents/schema';

const root = join(__dirname, '..', '..');
const good = {
  document_set: 'FT',
  seq_number: 'FT2026/0001',
  date: '2026-11-22',
  currency: 'EUR',
  total_amount: 123,
  items: [{ description: 'Service', qty: 1, unit_price: 100, vat: 23 }],
};

test('a documented invoice has no problems', () => {
  assert.deepEqual(documentProblems('invoices', good), []);
});

test('every problem is reported with its field path, in the order the server reports the first', () => {
  const { currency: _currency, ...withoutCurrency } = good;
  const body = { ...withoutCurrency, total_amount: '123', items: [{ description: 'x', qty: -1, unit_price: 1 }, 'oops'] };
  const problems = documentProblems('invoices', body);
  assert.deepEqual(
    problems.map((problem) => problem.field),
    ['currency', 'total_amount', 'items[0].qty', 'items[1]'],
  );
  assert.equal(problems[0].message, "Field 'currency' is required");
  assert.equal(validateDocument('invoices', body), "Field 'currency' is required");
});

test('a body that is not an object is one problem', () => {
  assert.equal(documentProblems('orders', [1, 2]).length, 1);
  assert.equal(documentProblems('orders', null).length, 1);
});

test('supplier documents and transfer orders use their own fields', () => {
  assert.deepEqual(documentProblems('purchases', { ...good, source_warehouse: 'A1' }), []);
  assert.deepEqual(documentProblems('transfer_orders', { ...good, items: [{ line_discount: 5 }], gross_weight: 1.5 }).map((p) => p.field), ['gross_weight']);
});

for (const [file, { path }] of Object.entries(SCHEMA_FILES)) {
  test(`${path} is up to date (regenerate: npm run generate)`, () => {
    assert.equal(readFileSync(join(root, path), 'utf8'), renderJsonSchema(file as keyof typeof SCHEMA_FILES));
  });
}

test('the JSON Schemas require the five documented fields and are contributed for document files', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed = manifest.contributes.jsonValidation.map((entry: { url: string }) => entry.url.replace('./', ''));
  for (const { path } of Object.values(SCHEMA_FILES)) {
    const schema = JSON.parse(readFileSync(join(root, path), 'utf8'));
    assert.deepEqual(schema.required, ['document_set', 'seq_number', 'date', 'currency', 'total_amount']);
    assert.ok(contributed.includes(path), path);
  }
});
