// Send Folder without the editor: which files go out as which kind, what is held back, and the report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpFailure } from '../../src/core/http/result';
import type { SendOutcome } from '../../src/core/sending/send';
import { recogniseShape } from '../../src/core/decoding/shape';
import { filesWithoutKind, linesAndColumns, markdownCell, planFile, planFolderSend, renderFolderReport, summarize, summarySentence } from '../../src/core/documents/folderSend';

const invoice = (seq: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ document_set: 'FT', seq_number: seq, date: '2025-01-10', currency: 'EUR', total_amount: 123, ...overrides }, null, 2);

const FILES = [
  { path: 'b/second.invoice.json', text: invoice('FT2025/2') },
  { path: 'a.invoice.json', text: invoice('FT2025/1') },
  { path: 'broken.invoice.json', text: '{"document_set": "FT",\n  "seq_number": }' },
  { path: 'missing.invoice.json', text: invoice('FT2025/3', { currency: undefined, date: undefined }) },
  { path: 'plain.json', text: invoice('FT2025/4') },
  { path: 'z.purchase.json', text: invoice('CC2025/1') },
];

function http400(body: string): HttpFailure {
  return { kind: 'http', method: 'POST', path: '/invoices', status: 400, contentType: 'application/json', body, bodyTruncated: false, shape: recogniseShape(body), retryAfterSeconds: undefined };
}

describe('planFolderSend', () => {
  it('takes the kind from the file name, checks each file locally and sorts by path', () => {
    const plan = planFolderSend(FILES, undefined);
    assert.deepEqual(
      plan.map((file) => [file.path, file.status, file.status === 'skipped' ? undefined : file.kind]),
      [
        ['a.invoice.json', 'ready', 'invoices'],
        ['b/second.invoice.json', 'ready', 'invoices'],
        ['broken.invoice.json', 'invalid', 'invoices'],
        ['missing.invoice.json', 'invalid', 'invoices'],
        ['plain.json', 'skipped', undefined],
        ['z.purchase.json', 'ready', 'purchases'],
      ],
    );
    const broken = plan.find((file) => file.path === 'broken.invoice.json');
    assert.ok(broken?.status === 'invalid' && /Value expected \(line 2, column 17\)/.test(broken.problems[0]), JSON.stringify(broken));
    const missing = plan.find((file) => file.path === 'missing.invoice.json');
    assert.ok(missing?.status === 'invalid');
    assert.deepEqual(missing.problems, ["Field 'date' is required", "Field 'currency' is required"]);
  });

  it('files without a kind in their name get the kind chosen for them', () => {
    assert.deepEqual(filesWithoutKind(FILES.map((file) => file.path)), ['plain.json']);
    const plan = planFolderSend(FILES, 'orders');
    assert.deepEqual(plan.find((file) => file.path === 'plain.json'), { path: 'plain.json', status: 'ready', kind: 'orders', text: FILES[4].text });
  });

  it('positions are found in one walk, whatever order the offsets come in', () => {
    const text = 'ab\ncd\n\nef';
    assert.deepEqual(linesAndColumns(text, [8, 0, 4, 3, 6]), ['line 4, column 2', 'line 1, column 1', 'line 2, column 2', 'line 2, column 1', 'line 3, column 1']);
    assert.deepEqual(linesAndColumns(text, []), []);
  });

  it('a file with thousands of problems lists five, with positions, and counts the rest', () => {
    const planned = planFile({ path: 'many.invoice.json', text: '@\n'.repeat(3000) }, undefined);
    assert.ok(planned.status === 'invalid');
    assert.equal(planned.problems.length, 5);
    assert.match(planned.problems[0], /\(line 1, column 1\)$/);
    assert.match(planned.problems[4], /\(line \d+, column \d+\)$/);
    assert.ok(planned.problemCount >= 3000, String(planned.problemCount));
    const report = renderFolderReport([planned], new Map(), { folder: 'f', account: 'a', finishedAt: new Date(0), durationMs: 0 });
    assert.match(report, new RegExp(`\\(and ${planned.problemCount - 5} more\\)`));
  });
});

describe('folder report', () => {
  const plan = planFolderSend(FILES, undefined);
  const hostile = JSON.stringify({ code: 'INVALID_ARGUMENT', message: '<img src=x onerror=alert(1)> | [click](command:gestix.signOut)\nsecond line', timestamp: '2025-01-10T00:00:00Z' });
  const outcomes = new Map<string, SendOutcome>([
    ['a.invoice.json', { kind: 'created', document: { id: 1001, documentSeries: 'FT', documentNumber: 'FT2025/1' }, attempts: 1, recoveredAfterUncertainAttempt: false, identity: { documentSet: 'FT', seqNumber: 'FT2025/1' } }],
    ['b/second.invoice.json', { kind: 'created', document: { id: 1002, documentNumber: 'FT2025/2' }, attempts: 2, recoveredAfterUncertainAttempt: true, identity: undefined }],
    ['z.purchase.json', { kind: 'rejected', failure: http400(hostile), attempts: 1 }],
  ]);
  const report = renderFolderReport(plan, outcomes, { folder: 'docs/batch', account: '03101176', finishedAt: new Date('2025-01-10T12:00:00Z'), durationMs: 1234 });

  it('lists every file: numbers of the created, decoded failures, local problems, skipped files', () => {
    assert.match(report, /\| a\.invoice\.json \| Invoice \| created \| FT2025\/1 id 1001 \|/);
    assert.match(report, /FT2025\/2 id 1002 \(an answer was lost; the document list showed the earlier attempt had been stored, nothing was sent twice\)/);
    assert.match(report, /\| z\.purchase\.json \| Purchase \| rejected \| /);
    assert.match(report, /## Not sent: Gestix would reject them \(2\)/);
    assert.match(report, /Field 'date' is required; Field 'currency' is required/);
    assert.match(report, /## Skipped \(1\)\n\n\| File \| Reason \|\n\|---\|---\|\n\| plain\.json \|/);
    assert.match(report, /Result: 2 created, 1 rejected, 3 not sent/);
  });

  it("names a Sovos subcode's title once when the server's message repeats it", () => {
    const sovos = JSON.stringify({ status: '400', success: false, errors: [{ subcode: 'SMAR-1004', message: 'Invalid discount: discounts must not be negative (items[0].discount is -5).' }] });
    const single = renderFolderReport(plan, new Map([['a.invoice.json', { kind: 'rejected', failure: http400(sovos), attempts: 1 }]]), {
      folder: 'docs/batch',
      account: '03101176',
      finishedAt: new Date('2025-01-10T12:00:00Z'),
      durationMs: 1,
    });
    const row = single.split('\n').find((line) => line.startsWith('| a.invoice.json'))!;
    assert.match(row, /Invalid discount: discounts must not be negative/);
    assert.equal(row.split('Invalid discount').length - 1, 1, row);
  });

  it('puts the files that need a look before the created ones', () => {
    const rows = report.split('\n').filter((line) => /^\| \S+\.json \| \w+ \| (created|rejected) \|/.test(line));
    assert.deepEqual(rows.map((line) => line.split(' | ')[0]), ['| z.purchase.json', '| a.invoice.json', '| b/second.invoice.json']);
  });

  it('server text cannot become markup, a link or a new table row', () => {
    const rejectedRow = report.split('\n').find((line) => line.startsWith('| z.purchase.json'))!;
    assert.ok(!/(?<!\\)[<>[\]]/.test(rejectedRow) && rejectedRow.includes('\\<img'), rejectedRow);
    assert.ok(rejectedRow.includes('(click)(command:gestix.signOut)'), rejectedRow);
    assert.ok(!report.includes('second line\n'), 'newlines are flattened');
    // The pipe is escaped, so the row still has exactly four cells.
    assert.equal(rejectedRow.split(/(?<!\\)\|/).length - 2, 4, rejectedRow);
  });

  it('summarizes like the notification says', () => {
    const summary = summarize(plan, outcomes);
    assert.deepEqual(summary, { created: 2, rejected: 1, notSent: 3, uncertain: 0, other: 0 });
    assert.equal(summarySentence(summary), '2 created, 1 rejected, 3 not sent');
    const uncertain = new Map<string, SendOutcome>([['a.invoice.json', { kind: 'cancelled', attempts: 1, mayHaveBeenCreated: true }]]);
    assert.equal(summarySentence(summarize(plan, uncertain)), '0 created, 1 not confirmed (may have been created), 5 not sent');
  });

  it('markdownCell removes invisible and bidirectional characters and caps the length', () => {
    assert.equal(markdownCell('a\u202Eb\u200Bc\u0000d'), 'abcd');
    assert.ok(markdownCell('x'.repeat(1000)).length <= 301);
    assert.equal(markdownCell(''), ' ');
  });
});
