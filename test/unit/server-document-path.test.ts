import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerDocumentPath, serverDocumentPath } from '../../src/core/serverDocuments/serverDocumentPath';

describe('the gestix: path of a server document', () => {
  it('names the connection, kind and id, and shows the document number as a file name', () => {
    const path = serverDocumentPath({ connection: 'Empresa A (prod)', kind: 'invoices', id: 17, documentNumber: 'FT2026/F0001' });
    assert.equal(path, '/Empresa A (prod)/invoices/17/FT2026-F0001.json');
    assert.deepEqual(parseServerDocumentPath(path), { connection: 'Empresa A (prod)', kind: 'invoices', id: 17, documentNumber: 'FT2026-F0001' });
  });

  it('falls back to the kind and id when the number is missing or only unsafe characters', () => {
    assert.equal(serverDocumentPath({ connection: 'c', kind: 'purchases', id: 3 }), '/c/purchases/3/purchases-3.json');
    assert.equal(serverDocumentPath({ connection: 'c', kind: 'orders', id: 4, documentNumber: '../..' }), '/c/orders/4/-...json');
    assert.equal(serverDocumentPath({ connection: 'c', kind: 'orders', id: 5, documentNumber: '\u202e\u0000' }), '/c/orders/5/--.json');
    assert.equal(serverDocumentPath({ connection: 'c', kind: 'orders', id: 6, documentNumber: ' . ' }), '/c/orders/6/orders-6.json');
  });

  it('reads nothing from paths it does not make', () => {
    for (const path of ['/c/invoices/0/x.json', '/c/invoices/-1/x.json', '/c/nope/1/x.json', '/c/invoices/1', '/c/invoices/1/x.txt', 'c/invoices/1/x.json', '/c/invoices/1/x.json/more', '//invoices/1/x.json', '/c/invoices/99999999999999999/x.json']) {
      assert.equal(parseServerDocumentPath(path), undefined, path);
    }
  });
});
