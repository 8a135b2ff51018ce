import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonSyntaxProblems } from '../../src/core/documents/jsonText';
import { kindFromFileName } from '../../src/core/documents/kinds';

test('valid JSON has no syntax problems', () => {
  assert.deepEqual(jsonSyntaxProblems('{"document_set": "FT", "items": [1, 2]}'), []);
});

test('syntax problems carry the offset of the mistake and a readable message', () => {
  const text = '{\n  "currency": "EUR"\n  "total_amount": 10\n}';
  const problems = jsonSyntaxProblems(text);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].message, 'Comma expected');
  assert.equal(text.slice(problems[0].offset, problems[0].offset + problems[0].length), '"total_amount"');
});

test('comments, trailing commas and empty text are JSON errors', () => {
  assert.ok(jsonSyntaxProblems('{"a": 1, // note\n}').some((problem) => /Comments/.test(problem.message)));
  assert.ok(jsonSyntaxProblems('{"a": 1,}').length > 0);
  assert.ok(jsonSyntaxProblems('').length > 0);
  assert.ok(jsonSyntaxProblems('{"a": "unclosed').some((problem) => /not closed/.test(problem.message)));
});

test('document kinds follow the file name suffix', () => {
  assert.equal(kindFromFileName('/w/invoices/good.invoice.json'), 'invoices');
  assert.equal(kindFromFileName('A.ORDER.JSON'), 'orders');
  assert.equal(kindFromFileName('x.purchase-order.json'), 'purchase_orders');
  assert.equal(kindFromFileName('x.purchase_order.json'), 'purchase_orders');
  assert.equal(kindFromFileName('x.purchase.json'), 'purchases');
  assert.equal(kindFromFileName('x.transfer-order.json'), 'transfer_orders');
  assert.equal(kindFromFileName('x.receipt.json'), 'receipts');
  assert.equal(kindFromFileName('package.json'), undefined);
  assert.equal(kindFromFileName('invoice.json'), undefined);
});
