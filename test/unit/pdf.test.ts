import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFile } from '../../src/core/pdf/loopbackServer';
import { pdfViewerAmong } from '../../src/core/pdf/viewers';

const viewer = (viewType: string, filenamePattern: string, priority?: string) => ({
  contributes: { customEditors: [{ viewType, selector: [{ filenamePattern }], ...(priority ? { priority } : {}) }] },
});

test('a PDF viewer is an extension with a custom editor for PDF files', () => {
  assert.deepEqual(pdfViewerAmong([viewer('pdf.preview', '*.pdf')]), { viewType: 'pdf.preview', opensByDefault: true });
  for (const pattern of ['*.PDF', '**/*.pdf', '*.{pdf,PDF}', '*.{png,pdf}', '**/reports/*.pdf']) {
    assert.equal(pdfViewerAmong([viewer('v', pattern)])?.viewType, 'v', pattern);
  }
  for (const pattern of ['*.pdfx', '*.png', '*.pdf.txt', 'pdf', '*.{png,jpg}']) assert.equal(pdfViewerAmong([viewer('v', pattern)]), undefined, pattern);
});

test('one that VS Code opens by itself comes first; one that opens only by name is the fallback', () => {
  assert.deepEqual(pdfViewerAmong([viewer('option.viewer', '*.pdf', 'option'), viewer('default.viewer', '*.pdf', 'default')]), { viewType: 'default.viewer', opensByDefault: true });
  assert.deepEqual(pdfViewerAmong([viewer('option.viewer', '*.pdf', 'option')]), { viewType: 'option.viewer', opensByDefault: false });
});

test('manifests of any shape are read without throwing', () => {
  const odd: unknown[] = [undefined, null, 7, 'x', {}, { contributes: null }, { contributes: { customEditors: 'no' } }, { contributes: { customEditors: [null, 3, { viewType: 4, selector: [{ filenamePattern: '*.pdf' }] }] } }];
  odd.push({ contributes: { customEditors: [{ viewType: 'v', selector: [null, { filenamePattern: 3 }] }] } });
  assert.equal(pdfViewerAmong(odd), undefined);
});

test('a served file answers only at its secret path, to GET and HEAD, and stops with close', async () => {
  const bytes = new TextEncoder().encode('%PDF-1.4 test');
  const served = await serveFile({ bytes, fileName: 'invoices-7.pdf', contentType: 'application/pdf' });
  const origin = `http://127.0.0.1:${served.port}`;
  try {
    assert.match(served.path, /^\/[\w-]{32}\/invoices-7\.pdf$/);
    const response = await fetch(`${origin}${served.path}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('content-disposition'), 'inline; filename="invoices-7.pdf"');
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), bytes);
    const head = await fetch(`${origin}${served.path}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(bytes.byteLength));
    for (const path of ['/', '/invoices-7.pdf', `${served.path}x`, `${served.path}?a=1`, `/${'x'.repeat(32)}/invoices-7.pdf`]) {
      assert.equal((await fetch(`${origin}${path}`)).status, 404, path);
    }
    assert.equal((await fetch(`${origin}${served.path}`, { method: 'POST', body: 'x' })).status, 405);
  } finally {
    await served.close();
  }
  await assert.rejects(fetch(`${origin}${served.path}`), 'nothing answers after close');
});

test('two served files get different secret paths, and only file names that need no quoting are served', async () => {
  const file = { bytes: new Uint8Array([1]), fileName: 'a.pdf', contentType: 'application/pdf' };
  const [first, second] = await Promise.all([serveFile(file), serveFile(file)]);
  assert.notEqual(first.path, second.path);
  await Promise.all([first.close(), second.close()]);
  for (const fileName of ['', 'a b.pdf', 'a"b.pdf', '../a.pdf', 'a/b.pdf', 'é.pdf']) {
    await assert.rejects(serveFile({ ...file, fileName }), fileName);
  }
});
