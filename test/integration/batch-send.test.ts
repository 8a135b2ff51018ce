// BatchSender against the sandbox: many documents pipelined on one connection, nonces accepted in
// order, one outcome per document that matches what the server holds.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BatchSender, type BatchProgress } from '../../src/core/sending/batch';
import type { SendOutcome } from '../../src/core/sending/send';
import { assertNoSecretsLogged, invoice, startRig, type Rig } from './client-support';

let rig: Rig;

beforeEach(async () => {
  rig = await startRig();
  assert.ok((await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok);
});

afterEach(async () => {
  assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password]);
  await rig.close();
});

function batchOf(count: number, make: (index: number) => Record<string, unknown> = () => invoice()) {
  return Array.from({ length: count }, (_, index) => ({ kind: 'invoices' as const, jsonText: JSON.stringify(make(index)) }));
}

function seqNumber(jsonText: string): string {
  return JSON.parse(jsonText).seq_number;
}

function posts() {
  return rig.sandbox.control.requests().filter((request) => request.method === 'POST' && request.path === '/invoices');
}

/** The server saw every write's nonce above the previous one, and refused none for its nonce. */
function assertNoncesInOrder(): void {
  const answered = posts().filter((request) => request.status !== undefined);
  const nonces = answered.map((request) => BigInt(request.nonce ?? '0'));
  for (let index = 1; index < nonces.length; index += 1) {
    assert.ok(nonces[index] > nonces[index - 1], `nonce ${nonces[index]} arrived after ${nonces[index - 1]}`);
  }
}

/** created ⇔ stored, with the stored id; nothing stored twice. */
function assertOutcomesMatchServer(documents: Array<{ jsonText: string }>, outcomes: SendOutcome[]): void {
  const stored = rig.sandbox.control.documents('invoices');
  const bySeq = new Map<string, number[]>();
  for (const entry of stored) bySeq.set(String(entry.document.seq_number), [...(bySeq.get(String(entry.document.seq_number)) ?? []), entry.id]);
  for (const [seq, ids] of bySeq) assert.equal(ids.length, 1, `${seq} stored ${ids.length} times`);
  documents.forEach((document, index) => {
    const outcome = outcomes[index];
    const ids = bySeq.get(seqNumber(document.jsonText));
    if (outcome.kind === 'created') {
      assert.ok(ids, `${seqNumber(document.jsonText)} reported created but not stored`);
      if (outcome.document) assert.equal(outcome.document.id, ids[0]);
    } else if (outcome.kind !== 'notConfirmed' && !(outcome.kind === 'cancelled' && outcome.mayHaveBeenCreated)) {
      assert.equal(ids, undefined, `${seqNumber(document.jsonText)} stored but reported ${outcome.kind}`);
    }
  });
}

describe('BatchSender', () => {
  it('creates every document once, in input order, with nonces the server accepts in order', async () => {
    const documents = batchOf(600);
    const progress: BatchProgress[] = [];
    const outcomes = await new BatchSender(rig.sender).send(documents, { onProgress: (step) => progress.push(step) });
    assert.equal(outcomes.length, documents.length);
    outcomes.forEach((outcome, index) => {
      assert.equal(outcome.kind, 'created');
      if (outcome.kind === 'created') assert.equal(outcome.document?.documentNumber, seqNumber(documents[index].jsonText));
    });
    assert.equal(rig.sandbox.control.documents('invoices').length, 600);
    assert.ok(posts().every((request) => request.status === 201));
    assertNoncesInOrder();
    assert.equal(progress.length, 600);
    assert.deepEqual(progress.at(-1) && { done: progress.at(-1)!.done, created: progress.at(-1)!.created, total: progress.at(-1)!.total }, { done: 600, created: 600, total: 600 });
    assert.deepEqual(new Set(progress.map((step) => step.index)).size, 600);
    const statusChecks = rig.sandbox.control.requests().filter((request) => request.path === '/status').length;
    assert.equal(statusChecks, 1, 'documents starting together share one session check');
  });

  it('pipelines the writes: many are on the connection before the first answer', async () => {
    let answered = 0;
    let inFlightAtFirstAnswer = 0;
    const documents = batchOf(64);
    await new BatchSender(rig.sender, { concurrency: 32 }).send(documents, {
      onProgress: () => {
        answered += 1;
        if (answered === 1) inFlightAtFirstAnswer = posts().length;
      },
    });
    assert.equal(rig.sandbox.control.documents('invoices').length, 64);
    // The server handled several requests before the client had read the first answer.
    assert.ok(inFlightAtFirstAnswer > 1, `only ${inFlightAtFirstAnswer} request(s) were sent before the first answer`);
  });

  it('reports invalid documents as rejected with the decoded apiError and sends the rest', async () => {
    const documents = batchOf(40, (index) => (index % 10 === 3 ? invoice({ currency: undefined }) : invoice()));
    const outcomes = await new BatchSender(rig.sender).send(documents);
    outcomes.forEach((outcome, index) => {
      if (index % 10 === 3) {
        assert.equal(outcome.kind, 'rejected');
        if (outcome.kind === 'rejected') assert.ok(outcome.failure.kind === 'http' && outcome.failure.status === 400 && /currency/.test(outcome.failure.body));
      } else {
        assert.equal(outcome.kind, 'created');
      }
    });
    assertOutcomesMatchServer(documents, outcomes);
    assertNoncesInOrder();
  });

  it('survives an expired session mid-batch with one new sign-in', async () => {
    const documents = batchOf(200);
    let expired = false;
    const outcomes = await new BatchSender(rig.sender).send(documents, {
      onProgress: (step) => {
        if (step.done === 50 && !expired) {
          expired = true;
          rig.sandbox.control.expireSessions();
        }
      },
    });
    assert.ok(outcomes.every((outcome) => outcome.kind === 'created'));
    assertOutcomesMatchServer(documents, outcomes);
    const helos = rig.sandbox.control.requests().filter((request) => request.path === '/helo').length;
    assert.equal(helos, 2, 'the sign-in and one renewal shared by every document that hit the 403');
  });

  it('recovers a document whose answer was lost on a dropped pipelined connection, without a duplicate', async () => {
    const documents = batchOf(100);
    rig.sandbox.control.injectFault({ fault: 'dropAfterStore', method: 'POST', path: '/invoices' });
    const outcomes = await new BatchSender(rig.sender).send(documents);
    assert.ok(outcomes.every((outcome) => outcome.kind === 'created'), JSON.stringify(outcomes.filter((outcome) => outcome.kind !== 'created')).slice(0, 400));
    assert.equal(outcomes.filter((outcome) => outcome.kind === 'created' && outcome.recoveredAfterUncertainAttempt).length, 1);
    assertOutcomesMatchServer(documents, outcomes);
    assert.equal(rig.sandbox.control.documents('invoices').length, 100);
  });

  it('ends at the first sign-in problem without sending the rest', async () => {
    await rig.session.signOut();
    const outcomes = await new BatchSender(rig.sender).send(batchOf(50));
    assert.ok(outcomes.every((outcome) => outcome.kind === 'notSignedIn' && outcome.attempts === 0));
    assert.equal(posts().length, 0);
  });

  it('cancelled: nothing more starts, what was created is reported, the rest is cancelled and not stored', async () => {
    const documents = batchOf(400);
    const controller = new AbortController();
    const outcomes = await new BatchSender(rig.sender, { cancelGraceMs: 5_000 }).send(documents, {
      signal: controller.signal,
      onProgress: (step) => {
        if (step.done === 100) controller.abort();
      },
    });
    const created = outcomes.filter((outcome) => outcome.kind === 'created').length;
    const cancelled = outcomes.filter((outcome) => outcome.kind === 'cancelled');
    assert.ok(created >= 100 && created < 400, `${created} created`);
    assert.equal(created + cancelled.length, 400);
    // In-flight documents finished within the grace period: none is left uncertain.
    assert.ok(cancelled.every((outcome) => outcome.kind === 'cancelled' && !outcome.mayHaveBeenCreated && outcome.attempts === 0));
    assertOutcomesMatchServer(documents, outcomes);
    assert.equal(rig.sandbox.control.documents('invoices').length, created);
  });

  it('cancelled with no grace: writes already on the wire are reported as possibly created', async () => {
    const documents = batchOf(200);
    const controller = new AbortController();
    // The first write is slow, so the ones pipelined behind it are still unanswered when cancelling.
    rig.sandbox.control.injectFault({ fault: 'delay', delayMs: 300, method: 'POST', path: '/invoices' });
    const pending = new BatchSender(rig.sender, { cancelGraceMs: 0 }).send(documents, { signal: controller.signal });
    while (posts().length === 0 && rig.sandbox.control.faults().length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const outcomes = await pending;
    const uncertain = outcomes.filter((outcome) => outcome.kind === 'cancelled' && outcome.mayHaveBeenCreated);
    assert.ok(uncertain.length > 0, 'some writes were on the wire when cancelled');
    assert.ok(outcomes.some((outcome) => outcome.kind === 'cancelled' && outcome.attempts === 0), 'the rest never started');
    assertOutcomesMatchServer(documents, outcomes);
  });

  it('single sends and a batch at the same time: every nonce still arrives in order', async () => {
    const documents = batchOf(150);
    const singles = Array.from({ length: 5 }, () => invoice());
    const [outcomes, ...singleOutcomes] = await Promise.all([
      new BatchSender(rig.sender).send(documents),
      ...singles.map((body) => rig.sender.send('invoices', JSON.stringify(body))),
    ]);
    assert.ok(outcomes.every((outcome) => outcome.kind === 'created'));
    assert.ok(singleOutcomes.every((outcome) => (outcome).kind === 'created'));
    assert.ok(posts().every((request) => request.status === 201));
    assert.equal(rig.sandbox.control.documents('invoices').length, 155);
  });
});
