// Server and file text is hostile: every pass over it must be linear. Each case times a hostile input
// against a linear baseline over the same bytes in the same run (JSON.parse, which scans each byte
// once), so a slow or busy machine slows both; a quadratic pass shows up as a ratio in the
// thousands, far above these bounds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from '../../src/core/decoding/decode';
import { locateField, locateFields, parseFieldPath } from '../../src/core/decoding/field';
import { isGestixLine } from '../../src/core/codes/logCodes';
import { lookupCode } from '../../src/core/codes/lookup';
import { jsonNesting } from '../../src/core/decoding/jsonDepth';
import { planFile } from '../../src/core/documents/folderSend';
import { documentProblems } from '../../src/core/documents/schema';

const RUNS = 5;

function fastest(work: () => unknown): number {
  let best = Infinity;
  for (let run = 0; run < RUNS; run += 1) {
    const started = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

/** JSON.parse over the same characters, as one JSON string when the text itself is not JSON. */
function parseBaseline(text: string): () => unknown {
  let json = text;
  try {
    JSON.parse(text);
  } catch {
    json = JSON.stringify(text);
  }
  return () => JSON.parse(json);
}

function assertLinear(text: string, work: (text: string) => unknown, maxRatio: number): void {
  const baseline = fastest(parseBaseline(text));
  const hostile = fastest(() => work(text));
  const ratio = hostile / baseline;
  assert.ok(ratio <= maxRatio, `${hostile.toFixed(2)} ms against ${baseline.toFixed(2)} ms for JSON.parse: ${ratio.toFixed(1)}× (at most ${maxRatio}×)`);
}

const MB2 = 2_000_000;

describe('hostile response bodies decode in linear time', () => {
  test('a 200 000-quote code is looked up at once (the quote-stripping pattern was quadratic)', () => {
    const token = `A${"'".repeat(200_000)}x`;
    assertLinear(token, lookupCode, 50);
    assert.equal(lookupCode(token).token.length, 200, 'the code is capped');
    assert.equal(lookupCode(`"'\`DB_TIMEOUT\`'"`).normalized, 'DB_TIMEOUT', 'quotes around a code are still removed');
  });

  test('a 2 MB quote bomb in an apiError code', () => {
    const body = JSON.stringify({ code: `A${"'".repeat(MB2 - 40)}x`, message: 'm' });
    assertLinear(body, decodeText, 20);
    assert.match(decodeText(body).headline, /^unknown code A'+…?/i);
  });

  test('100 000 Sovos subcodes', () => {
    const errors = Array.from({ length: 100_000 }, (_, index) => ({ subcode: String(1000 + (index % 9000)) }));
    const body = JSON.stringify({ status: '400', message: 'x', success: false, errors });
    assertLinear(body, decodeText, 20);
    const decoded = decodeText(body);
    assert.equal(decoded.entries.length + decoded.omittedEntries, 100_000);
  });

  test('2 MB of nesting is not parsed at all', () => {
    const body = `${'['.repeat(MB2 / 2)}${']'.repeat(MB2 / 2)}`;
    assertLinear(body, decodeText, 5);
    assert.equal(decodeText(body).shape, 'otherJson');
    assert.equal(decodeText('['.repeat(MB2)).shape, 'notJson', 'an unclosed nest is not JSON');
  });

  test('one 2 MB line of text, HTML and curl -i output', () => {
    assertLinear('x'.repeat(MB2), decodeText, 20);
    assertLinear(`<html>${'<h1>'.repeat(MB2 / 4)}`, decodeText, 50);
    assertLinear(`HTTP/1.1 400 Bad Request\r\nX-Long: ${'a'.repeat(MB2)}\r\n\r\n{}`, decodeText, 20);
    assertLinear(`HTTP/1.1 400 Bad Request\r\n${'a:b\r\n'.repeat(MB2 / 5)}`, decodeText, 50);
  });

  test('messages that look like field names, and runs of backslashes in strings', () => {
    const message = ` '${'a.'.repeat(30)}a' ${"field '".repeat(300)}`;
    const errors = Array.from({ length: 1000 }, () => ({ subcode: '1004', message }));
    assertLinear(JSON.stringify({ status: '400', message, success: false, errors }), decodeText, 50);
    const backslashes = `[${`"${'\\\\'.repeat(1000)}"`.repeat(1000).split('""').join('","')}]`;
    assertLinear(backslashes, (text) => jsonNesting(text, 100), 50);
    assert.deepEqual(jsonNesting(backslashes, 100), { tooDeepAt: -1, balanced: true });
  });
});

describe('hostile files are checked in linear time', () => {
  test('a document of 50 000 stray characters (positions were found by rescanning from the start)', () => {
    const text = '@\n'.repeat(50_000);
    assertLinear(text, (file) => planFile({ path: 'x.invoice.json', text: file }, undefined), 300);
    const planned = planFile({ path: 'x.invoice.json', text }, undefined);
    assert.ok(planned.status === 'invalid');
    assert.equal(planned.problems.length, 5, 'positions only for the problems shown');
    assert.ok(planned.problemCount > 1000);
  });

  test('a document nested a million levels deep is a problem, not a stack overflow', () => {
    const text = '{"a":'.repeat(1_000_000);
    assertLinear(text, (file) => planFile({ path: 'x.invoice.json', text: file }, undefined), 50);
    const planned = planFile({ path: 'x.invoice.json', text }, undefined);
    assert.ok(planned.status === 'invalid');
    assert.match(planned.problems[0], /Nested more than 100 levels deep \(line 1, column 501\)/);
  });

  test('the squiggles of a document with 100 000 invalid lines are placed in one pass (a pass per problem was quadratic)', () => {
    const document = { ...Object.fromEntries(['document_set', 'seq_number', 'date', 'currency'].map((key) => [key, 'x'])), total_amount: 1, items: Array.from({ length: 100_000 }, () => ({ qty: -1 })) };
    const text = JSON.stringify(document, null, 1);
    const problems = documentProblems('invoices', JSON.parse(text));
    assert.ok(problems.length > 100_000);
    const paths = problems.slice(0, 100).map((problem) => ({ path: parseFieldPath(problem.field) }));
    assertLinear(text, (file) => locateFields(file, paths), 50);
    const located = locateFields(text, paths);
    paths.forEach((path, index) => assert.deepEqual(located[index], locateField(text, path), JSON.stringify(path)));
    assert.ok(located.some((location) => location !== undefined), 'fields that are there are found');
  });
});

describe('log lines are judged in linear time', () => {
  test('2 MB lines of near-marks: API bases, requests, product names and codes that never complete', () => {
    for (const near of ['/api/1/v1.1', 'POST  /invoice', 'gesti', 'simple-conn', 'xa-tok', 'HTTP 404 ', 'SMAR-123', '"DB_TIMEOU']) {
      const line = near.repeat(Math.ceil(MB2 / near.length));
      assertLinear(line, isGestixLine, 50);
      assert.equal(isGestixLine(line), false, near);
    }
  });
});
