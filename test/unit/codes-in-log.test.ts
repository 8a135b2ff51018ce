import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { codesInLog, MAX_DISTINCT_CODES, type CodesInLog } from '../../src/core/codes/codesInLog';

const sampleLog = readFileSync(join(__dirname, '..', '..', 'media', 'samples', 'sample.log'), 'utf8');

/** `kind code ×count first–last` for every group, in the order given. */
function summary(result: CodesInLog): string[] {
  return result.codes.map((code) => `${code.kind} ${code.code} ×${code.count} ${code.firstLine}–${code.lastLine}`);
}

describe('codes in a log', () => {
  test('the sample log: Gestix codes, then Sovos subcodes, then HTTP statuses, the most frequent first', () => {
    const result = codesInLog(sampleLog);
    assert.deepEqual(summary(result).slice(0, 9), [
      'gestixCode DB_TIMEOUT ×1 3–3',
      'gestixCode INVALID_ARGUMENT ×1 6–6',
      'gestixCode DUPLICATE_ENTRY ×1 9–9',
      'gestixCode AUTH_FAILED ×1 14–14',
      'subcode SMAR-0202 ×1 7–7',
      'subcode SMAR-1004 ×1 8–8',
      'subcode SMAP-1010 ×1 12–12',
      'subcode SMAR-99692 ×1 17–17',
      'httpStatus 400 ×4 6–17',
    ]);
    assert.equal(result.unlisted, 0);
    assert.equal(result.codes.find((code) => code.code === 'DB_TIMEOUT')?.entry.title.length !== 0, true);
  });

  test('request ids are not codes', () => {
    assert.deepEqual(summary(codesInLog('POST /invoices -> 201 request_id=req-5c01a1\n')), ['httpStatus 201 ×1 0–0']);
  });

  test('lines end in \\n or \\r\\n; counts, first and last lines are per code', () => {
    const log = ['HTTP 409 DUPLICATE_ENTRY', '', 'nothing here', 'DUPLICATE_ENTRY again', 'SMAR-0202 then DUPLICATE_ENTRY'].join('\r\n');
    assert.deepEqual(summary(codesInLog(log)), [
      'gestixCode DUPLICATE_ENTRY ×3 0–4',
      'subcode SMAR-0202 ×1 4–4',
      'httpStatus 409 ×1 0–0',
    ]);
  });

  test('HTTP statuses only on Gestix lines, when asked as the hovers are', () => {
    const log = 'nginx: GET /index.html HTTP 404\nGET /api/03101176/v4.0.0/helo -> 200\n';
    assert.deepEqual(summary(codesInLog(log)), ['httpStatus 404 ×1 0–0', 'httpStatus 200 ×1 1–1']);
    assert.deepEqual(summary(codesInLog(log, { genericCodes: 'gestixLines' })), ['httpStatus 200 ×1 1–1']);
  });

  test('an empty log, and text that is not a string, hold no codes', () => {
    assert.deepEqual(codesInLog(''), { codes: [], unlisted: 0 });
    assert.deepEqual(codesInLog(undefined as unknown as string), { codes: [], unlisted: 0 });
  });
});

describe('codes in a hostile log', () => {
  test('a code in a 1 MB line is found once, on either side of a slice boundary', () => {
    for (const at of [65_536 - 5, 65_536, 65_536 + 3, 131_072 - 9]) {
      const line = `${'x '.repeat(at / 2)}`.padEnd(at, ' ') + 'DB_TIMEOUT ' + 'y '.repeat(500_000);
      assert.deepEqual(summary(codesInLog(line)), ['gestixCode DB_TIMEOUT ×1 0–0'], `code at ${at}`);
    }
  });

  test('a quoted request line that crosses a slice boundary still gives its status', () => {
    const line = `${' '.repeat(65_000)}"GET /${'a'.repeat(1_000)}" 409 ${' '.repeat(100_000)}`;
    assert.deepEqual(summary(codesInLog(line)), ['httpStatus 409 ×1 0–0']);
  });

  test('more different codes than the list holds are counted, not listed', () => {
    const log = Array.from({ length: MAX_DISTINCT_CODES + 500 }, (_, index) => `subcode=SMAR-${String(10_000 + index)}`).join('\n');
    const result = codesInLog(log);
    assert.equal(result.codes.length, MAX_DISTINCT_CODES);
    assert.equal(result.unlisted, 500);
  });

  test('lines made to make the patterns backtrack, and a line of nothing but newlines, end at once', () => {
    const hostile = [
      '"GET '.repeat(200_000),
      'GET x.'.repeat(200_000),
      `${'HTTP '.repeat(200_000)}`,
      '"subcode": '.repeat(100_000),
      '\n'.repeat(1_000_000),
      'SMAR-'.repeat(200_000),
    ];
    for (const text of hostile) {
      const started = Date.now();
      codesInLog(text);
      assert.ok(Date.now() - started < 2_000, `${JSON.stringify(text.slice(0, 12))}… took ${Date.now() - started} ms`);
    }
  });
});
