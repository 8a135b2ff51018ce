// The model of Problems from the Server: this window's failures (bounded, newest first, per
// connection), the server's recent errors newest first, what each item says and what a click shows
// again in the error panel.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeFailure } from '../../src/core/decoding/decode';
import { RAW_BODY_LIMIT } from '../../src/core/decoding/decodedView';
import { recogniseShape } from '../../src/core/decoding/shape';
import type { Failure, HttpFailure } from '../../src/core/http/result';
import {
  CODE_LABEL_LIMIT,
  MAX_WINDOW_FAILURES,
  MESSAGE_DESCRIPTION_LIMIT,
  problemGroups,
  problemText,
  reopened,
  serverErrorNodes,
  windowFailureNodes,
  windowFailureOf,
  WindowFailures,
  type FailureOrigin,
} from '../../src/core/problems/problems';
import type { ApiErrorBody } from '../../src/core/wire';

function rejected(code: string, message: string, body = JSON.stringify({ code, message, timestamp: '2026-01-15T09:30:00Z', path: '/invoices' })): HttpFailure {
  return { kind: 'http', method: 'POST', path: '/invoices', status: 400, contentType: 'application/json', body, bodyTruncated: false, shape: recogniseShape(body), retryAfterSeconds: undefined };
}

function origin(connection: string, file = 'a'): FailureOrigin {
  return { uri: `file:///work/${file}.invoice.json`, kind: 'invoices', connection };
}

function recordRejected(failures: WindowFailures, connection: string, file: string, at: number, code = 'INVALID_ARGUMENT'): void {
  const failure = rejected(code, `${file} is wrong`);
  failures.record(windowFailureOf(decodeFailure(failure), failure, origin(connection, file), at));
}

function files(failures: WindowFailures, connection: string): string[] {
  return failures.of(connection).map((entry) => entry.origin.uri.replace(/^.*\/(.*)\.invoice\.json$/, '$1'));
}

const SERVER_ERRORS: ApiErrorBody[] = [
  { code: 'DB_TIMEOUT', message: 'oldest', timestamp: '2026-01-15T09:00:00Z' },
  { code: 'INVALID_ARGUMENT', message: 'middle', timestamp: '2026-01-15T09:10:00Z' },
  { code: 'AUTH_FAILED', message: 'newest', timestamp: '2026-01-15T09:20:00Z' },
];

describe("this window's failures", () => {
  test('newest first, each with its file, kind and connection, the code and message as decoded', () => {
    const failures = new WindowFailures();
    recordRejected(failures, 'Empresa A', 'first', 1_000);
    recordRejected(failures, 'Empresa A', 'second', 2_000, 'DUPLICATE_ENTRY');
    const [newest, older] = failures.of('Empresa A');
    assert.deepEqual(files(failures, 'Empresa A'), ['second', 'first']);
    assert.equal(newest.code, 'DUPLICATE_ENTRY');
    assert.equal(newest.message, 'second is wrong');
    assert.equal(newest.at, 2_000);
    assert.deepEqual(older.origin, origin('Empresa A', 'first'));
    assert.notEqual(newest.id, older.id);
  });

  test('per connection: another connection neither sees nor clears them; names match whatever their case', () => {
    const failures = new WindowFailures();
    recordRejected(failures, 'Empresa A', 'a1', 1);
    recordRejected(failures, 'Local sandbox', 's1', 2);
    recordRejected(failures, 'empresa a', 'a2', 3);
    assert.deepEqual(files(failures, 'Empresa A'), ['a2', 'a1']);
    assert.deepEqual(files(failures, 'Local sandbox'), ['s1']);
    assert.deepEqual(files(failures, 'Empresa B'), []);
    failures.clear('EMPRESA A');
    assert.deepEqual(files(failures, 'Empresa A'), []);
    assert.deepEqual(files(failures, 'Local sandbox'), ['s1'], 'Clear empties only the list shown');
  });

  test(`bounded: the newest ${MAX_WINDOW_FAILURES} of each connection are kept`, () => {
    const failures = new WindowFailures();
    recordRejected(failures, 'Local sandbox', 'kept', 0);
    for (let index = 0; index < MAX_WINDOW_FAILURES + 5; index += 1) recordRejected(failures, 'Empresa A', `n${index}`, index);
    const kept = files(failures, 'Empresa A');
    assert.equal(kept.length, MAX_WINDOW_FAILURES);
    assert.equal(kept[0], `n${MAX_WINDOW_FAILURES + 4}`);
    assert.equal(kept[MAX_WINDOW_FAILURES - 1], 'n5');
    assert.deepEqual(files(failures, 'Local sandbox'), ['kept'], "one connection's failures do not push out another's");
  });

  test('a long body is kept only as far as the decoder reads it', () => {
    const failures = new WindowFailures();
    const failure = rejected('INVALID_ARGUMENT', 'long', `{"code":"INVALID_ARGUMENT","message":"${'x'.repeat(RAW_BODY_LIMIT * 2)}"}`);
    const entry = failures.record(windowFailureOf(decodeFailure(failure), failure, origin('Empresa A'), 1));
    assert.equal(entry.failure.kind, 'http');
    assert.equal(entry.failure.body.length, RAW_BODY_LIMIT);
    assert.equal(entry.failure.bodyTruncated, true);
    assert.equal(failure.body.length > RAW_BODY_LIMIT, true, 'the failure given is left as it was');
  });

  test('the badge counts the failures not yet opened from the view; each change is announced', () => {
    const failures = new WindowFailures();
    let changes = 0;
    failures.onDidChange(() => {
      changes += 1;
    });
    recordRejected(failures, 'Empresa A', 'a1', 1);
    recordRejected(failures, 'Empresa A', 'a2', 2);
    recordRejected(failures, 'Local sandbox', 's1', 3);
    assert.equal(failures.unopened('Empresa A'), 2);
    failures.markOpened(failures.of('Empresa A')[0].id);
    failures.markOpened(failures.of('Empresa A')[0].id);
    assert.equal(failures.unopened('Empresa A'), 1);
    assert.equal(failures.unopened('Local sandbox'), 1);
    assert.equal(changes, 4, 'three records and one first opening; opening again changes nothing');
    failures.clear('Empresa B');
    assert.equal(changes, 4, 'clearing an empty list changes nothing');
  });

  test('a failure without a code is listed by its HTTP status, and one without an answer by its kind', () => {
    const html: HttpFailure = { ...rejected('', ''), status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>', shape: recogniseShape('<html>Bad gateway</html>') };
    assert.equal(windowFailureOf(decodeFailure(html), html, origin('Empresa A'), 1).code, '502');
    const network: Failure = { kind: 'network', method: 'POST', path: '/invoices', reason: 'timeout', message: 'No answer within 30 s.', mayHaveReachedServer: true };
    const entry = windowFailureOf(decodeFailure(network), network, origin('Empresa A'), 1);
    assert.equal(entry.code, 'network');
    assert.ok(entry.message.length > 0);
  });
});

describe('the tree', () => {
  test("groups only with something to show: the server's errors first, then this window's", () => {
    const failures = new WindowFailures();
    assert.deepEqual(problemGroups([], []), []);
    recordRejected(failures, 'Empresa A', 'a1', 1);
    assert.deepEqual(problemGroups([], failures.of('Empresa A')), [{ type: 'group', group: 'window', count: 1 }]);
    assert.deepEqual(problemGroups(SERVER_ERRORS, failures.of('Empresa A')), [
      { type: 'group', group: 'server', count: 3 },
      { type: 'group', group: 'window', count: 1 },
    ]);
  });

  test("the server's errors newest first (/status lists them oldest first), each keeping its position from the oldest", () => {
    const nodes = serverErrorNodes(SERVER_ERRORS);
    assert.deepEqual(
      nodes.map((node) => (node.type === 'serverError' ? `${node.position} ${node.error.message}` : node.type)),
      ['2 newest', '1 middle', '0 oldest'],
    );
  });

  test('a click on a server error shows that error; on a window failure, the failure with its origin (for Retry)', () => {
    const [newest] = serverErrorNodes(SERVER_ERRORS);
    assert.deepEqual(reopened(newest), { kind: 'apiError', error: SERVER_ERRORS[2] });
    const failures = new WindowFailures();
    recordRejected(failures, 'Empresa A', 'a1', 1);
    const [entry] = failures.of('Empresa A');
    const [node] = windowFailureNodes(failures.of('Empresa A'));
    assert.deepEqual(reopened(node), { kind: 'failure', failure: entry.failure, origin: origin('Empresa A', 'a1'), id: entry.id });
    assert.equal(reopened({ type: 'group', group: 'server', count: 3 }), undefined);
  });

  test('labels and descriptions are one line of inert text, cut', () => {
    const hostile: ApiErrorBody = { code: 'X$(alert)[run](command:evil)\u202E', message: `line one\nline two ${'y'.repeat(500)}`, timestamp: '' };
    const [node] = serverErrorNodes([hostile]);
    assert.equal(node.type, 'serverError');
    if (node.type !== 'serverError') return;
    const text = problemText(node);
    assert.equal(text.code.includes('$('), false, 'no icon syntax');
    assert.equal(/[[\]\u202E]/.test(text.code), false, 'no link syntax or bidi control');
    assert.equal(text.message.includes('\n'), false);
    assert.ok(text.message.length <= MESSAGE_DESCRIPTION_LIMIT);
    assert.equal(problemText(serverErrorNodes([{ ...hostile, code: 'C'.repeat(500) }])[0] as typeof node).code.length, CODE_LABEL_LIMIT);
    assert.ok(text.message.startsWith('line one line two'));
  });
});
