import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recogniseShape } from '../../src/core/decoding/shape';
import { failureOfEntry, sentEntryOf, type SentRecord } from '../../src/core/history/sentEntry';
import { MAX_HISTORY_FILE_CHARS, MAX_SENT_ENTRIES, parseHistory, renamedHistory, SENT_BODY_LIMIT, serializeHistory, withEntry, type SentEntry } from '../../src/core/history/sentHistory';
import { LatestWrite } from '../../src/core/history/latestWrite';
import type { HttpFailure, NetworkFailure } from '../../src/core/http/result';
import type { SendOutcome } from '../../src/core/sending/send';

const TOKEN = 'session-token-5f2c9a7e41';
const AT = Date.UTC(2026, 10, 27, 21, 0);
const FILE = { uri: 'file:///work/invoices/good.invoice.json', label: 'good.invoice.json' };

function rejection(body: string, status = 400): HttpFailure {
  return { kind: 'http', method: 'POST', path: '/invoices', status, contentType: 'application/json', body, bodyTruncated: false, shape: recogniseShape(body), retryAfterSeconds: undefined };
}

function record(outcome: SendOutcome, overrides: Partial<SentRecord> = {}): SentRecord {
  return { at: AT, connection: 'Production', kind: 'invoices', source: FILE, outcome, ...overrides };
}

function entry(index: number): SentEntry {
  return { at: AT + index, connection: 'Production', kind: 'invoices', result: 'created', documentId: index + 1, documentNumber: `FT2026/${index}` };
}

const SOVOS_BODY = JSON.stringify({ status: '400', message: 'Invalid document', success: false, errors: [{ subcode: 'SMAR-1004', message: 'discount' }] });
const API_ERROR_BODY = JSON.stringify({ code: 'INVALID_ARGUMENT', message: "Field 'currency' is required", timestamp: '2026-11-27T21:00:00Z', path: '/invoices', request_id: 'req-7f3a' });

describe('an entry of the Sent history', () => {
  test('a created document: its id and the server’s number, no status or failure', () => {
    const created = sentEntryOf(
      record({ kind: 'created', document: { id: 42, documentSeries: 'FT2026', documentNumber: 'FT2026/0042' }, attempts: 1, recoveredAfterUncertainAttempt: false, identity: undefined }),
      [],
    );
    assert.deepEqual(created, { at: AT, connection: 'Production', kind: 'invoices', file: FILE, result: 'created', documentId: 42, documentNumber: 'FT2026/0042' });
  });

  test('a created document the answer did not name keeps the file’s number', () => {
    const created = sentEntryOf(record({ kind: 'created', document: undefined, attempts: 1, recoveredAfterUncertainAttempt: false, identity: { documentSet: 'FT2026', seqNumber: 'FT2026/7' } }), []);
    assert.equal(created?.documentNumber, 'FT2026/7');
    assert.equal(created?.documentId, undefined);
  });

  test('a rejection keeps its status, request id and the answer that reopens the error panel', () => {
    const rejected = sentEntryOf(record({ kind: 'rejected', failure: rejection(API_ERROR_BODY), attempts: 1 }), []);
    assert.equal(rejected?.result, 'rejected');
    assert.equal(rejected?.status, 400);
    assert.equal(rejected?.requestId, 'req-7f3a');
    const failure = rejected && failureOfEntry(rejected);
    assert.equal(failure?.kind, 'http');
    assert.deepEqual(failure?.kind === 'http' ? failure.shape : undefined, recogniseShape(API_ERROR_BODY));
    assert.equal(failure?.kind === 'http' ? failure.body : undefined, API_ERROR_BODY);
  });

  test('results: failed (retries ran out, sign-in refused), not confirmed, cancelled; nothing when not signed in', () => {
    const network: NetworkFailure = { kind: 'network', method: 'POST', path: '/invoices', reason: 'timeout', message: 'No answer within 30 s.', mayHaveReachedServer: true };
    assert.equal(sentEntryOf(record({ kind: 'gaveUp', lastFailure: network, attempts: 4 }), [])?.result, 'failed');
    assert.equal(sentEntryOf(record({ kind: 'reauthFailed', failure: rejection('{}', 401), attempts: 1, refused: 'apiToken' }), [])?.result, 'failed');
    const uncertain = sentEntryOf(record({ kind: 'notConfirmed', attempts: 2, candidates: [], lastFailure: network, refusedSignIn: undefined }), []);
    assert.equal(uncertain?.result, 'notConfirmed');
    assert.deepEqual(uncertain && failureOfEntry(uncertain), network);
    assert.equal(sentEntryOf(record({ kind: 'cancelled', attempts: 1, mayHaveBeenCreated: false }), [])?.result, 'cancelled');
    assert.equal(sentEntryOf(record({ kind: 'notSignedIn', attempts: 0 }), []), undefined);
  });

  test('a send from chat has no file', () => {
    const fromChat = sentEntryOf(record({ kind: 'cancelled', attempts: 0, mayHaveBeenCreated: false }, { source: undefined }), []);
    assert.ok(fromChat && !('file' in fromChat));
  });

  test('redacted: a known secret and credential patterns never reach an entry', () => {
    const body = JSON.stringify({ code: 'AUTH_FAILED', message: `token ${TOKEN} refused`, timestamp: '', xa_token: 'abc', request_id: `req-${TOKEN}` });
    const rejected = sentEntryOf(
      record({ kind: 'rejected', failure: { ...rejection(body, 403), path: `/invoices/${TOKEN}` }, attempts: 1 }, { source: { uri: `file:///tmp/${TOKEN}.invoice.json`, label: `${TOKEN}.invoice.json` } }),
      [TOKEN],
    );
    const stored = serializeHistory(rejected ? [rejected] : []);
    assert.ok(!stored.includes(TOKEN), stored);
    assert.ok(!stored.includes('"abc'), 'the xa_token value is redacted');
    assert.match(stored, /\(redacted\)/);
  });

  test('a long body is cut to a fixed size and marked as cut', () => {
    const body = JSON.stringify({ code: 'INVALID_ARGUMENT', message: 'x'.repeat(50_000), timestamp: '' });
    const rejected = sentEntryOf(record({ kind: 'rejected', failure: rejection(body), attempts: 1 }), []);
    const failure = rejected?.failure;
    assert.ok(failure && failure.kind === 'http');
    assert.ok(failure.body.length <= SENT_BODY_LIMIT);
    assert.equal(failure.bodyTruncated, true);
  });
});

describe('the Sent history', () => {
  test('newest first, at most 1 000 entries: the oldest are dropped', () => {
    let entries: SentEntry[] = [];
    for (let index = 0; index < MAX_SENT_ENTRIES + 25; index += 1) entries = withEntry(entries, entry(index));
    assert.equal(entries.length, MAX_SENT_ENTRIES);
    assert.equal(entries[0]?.documentNumber, `FT2026/${MAX_SENT_ENTRIES + 24}`);
    assert.equal(entries.at(-1)?.documentNumber, 'FT2026/25');
  });

  test('a renamed connection’s entries take its new name, merged newest first with what the name held', () => {
    const renamed = [entry(5), entry(1)];
    const alreadyThere = [{ ...entry(3), connection: 'Staging' }];
    const merged = renamedHistory(renamed, alreadyThere, 'Staging');
    assert.deepEqual(merged.map((kept) => [kept.documentNumber, kept.connection]), [
      ['FT2026/5', 'Staging'],
      ['FT2026/3', 'Staging'],
      ['FT2026/1', 'Staging'],
    ]);
    assert.equal(renamedHistory(Array.from({ length: MAX_SENT_ENTRIES }, (_, index) => entry(index)), [entry(-1)], 'Staging').length, MAX_SENT_ENTRIES);
  });

  test('what is written reads back the same', () => {
    const rejected = sentEntryOf(record({ kind: 'rejected', failure: rejection(SOVOS_BODY), attempts: 1 }), []);
    assert.ok(rejected);
    const entries = [entry(2), rejected, entry(0)];
    assert.deepEqual(parseHistory(serializeHistory(entries)), { entries });
  });

  test('a corrupt or foreign file reads as empty, with a reason, and never throws', () => {
    for (const text of ['', '{', 'null', '[]', '"text"', '{"version":2,"entries":[]}', '{"version":1,"entries":{}}', '{"version":1}']) {
      const read = parseHistory(text);
      assert.deepEqual(read.entries, [], text);
      assert.ok(read.problem, `a reason for ${JSON.stringify(text)}`);
    }
  });

  test('entries of the wrong shape are dropped one by one; the others are kept', () => {
    const good = entry(1);
    const wrong = [
      null,
      'entry',
      { ...good, at: 'yesterday' },
      { ...good, at: -1 },
      { ...good, kind: 'letters' },
      { ...good, result: 'exploded' },
      { ...good, documentId: '42' },
      { ...good, documentNumber: 42 },
      { ...good, file: 'good.invoice.json' },
      { ...good, file: { uri: 'file:///a' } },
      { ...good, failure: { kind: 'http', method: 'POST', path: '/invoices', status: 400, body: 7, bodyTruncated: false } },
      { ...good, failure: { kind: 'network', method: 'POST', path: '/invoices', reason: 'gremlins', message: 'm', mayHaveReachedServer: true } },
      { ...good, failure: { kind: 'teapot', method: 'POST', path: '/' } },
    ];
    const read = parseHistory(JSON.stringify({ version: 1, entries: [good, ...wrong, entry(0)] }));
    assert.deepEqual(read.entries, [good, entry(0)]);
    assert.match(read.problem ?? '', new RegExp(`^${wrong.length} entries`));
  });

  test('a file longer than the limit is not parsed; strings too long are cut when read', () => {
    const huge = parseHistory(' '.repeat(MAX_HISTORY_FILE_CHARS + 1));
    assert.deepEqual(huge.entries, []);
    assert.match(huge.problem ?? '', /larger than/);
    const long = parseHistory(JSON.stringify({ version: 1, entries: [{ ...entry(0), documentNumber: 'N'.repeat(100_000) }] }));
    assert.ok((long.entries[0]?.documentNumber?.length ?? Infinity) <= 1_000);
  });

  test('a file with more than 1 000 entries is read up to the limit', () => {
    const entries = Array.from({ length: MAX_SENT_ENTRIES + 3 }, (_, index) => entry(index));
    const read = parseHistory(JSON.stringify({ version: 1, entries }));
    assert.equal(read.entries.length, MAX_SENT_ENTRIES);
    assert.match(read.problem ?? '', /3 entries beyond/);
  });
});

describe('saving the history: one write at a time, the last state wins', () => {
  test('changes during a write ask for one more write, of the state as it is then', async () => {
    let state = 0;
    let writing = 0;
    let mostAtOnce = 0;
    const saved: number[] = [];
    const pending: (() => void)[] = [];
    const saving = new LatestWrite(async () => {
      writing += 1;
      mostAtOnce = Math.max(mostAtOnce, writing);
      const snapshot = state;
      await new Promise<void>((resolve) => pending.push(resolve));
      saved.push(snapshot);
      writing -= 1;
    });
    state = 1;
    const first = saving.request();
    for (state = 2; state <= 5; state += 1) void saving.request();
    state = 5;
    while (pending.length > 0 || writing > 0) {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await first;
    assert.deepEqual(saved, [1, 5], 'the first state, then only the last one');
    assert.equal(mostAtOnce, 1, 'never two writes at once');
  });

  test('a failed write does not stop later ones', async () => {
    let calls = 0;
    const saving = new LatestWrite(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
    });
    await assert.rejects(saving.request(), /disk full/);
    await saving.request();
    assert.equal(calls, 2);
  });
});
