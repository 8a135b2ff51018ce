// Thousands of sends while the sandbox injects random faults (seeded, so a failure can be replayed
// with GESTIX_STORM_SEED): dropped connections before and after storing, answers later than the
// client's timeout, DB_TIMEOUT, tax-engine timeouts, HTML 502 pages, empty and cut-off bodies and
// expired sessions. Afterwards the server must hold exactly one copy of every valid document, none
// of the invalid ones, and every outcome the user would see must agree with the server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BatchSender } from '../../src/api/batch';
import type { SendOutcome } from '../../src/api/send';
import type { FaultName, FaultSpec } from '../../src/sandbox';
import { assertNoSecretsLogged, invoice, startRig, type Rig } from './client-support';

const SEED = Number(process.env.GESTIX_STORM_SEED ?? 20250110);
const BATCH_DOCUMENTS = Number(process.env.GESTIX_STORM_DOCUMENTS ?? 1800);
const SINGLE_DOCUMENTS = 200;
/** Chance that a request is followed by a fault queued for the next one. */
const FAULT_RATE = 0.08;
const CLIENT_TIMEOUT_MS = 250;
/** Expired sessions are spaced out: renewing twice within one pipeline of writes is not a real-world case. */
const REQUESTS_BETWEEN_EXPIRIES = 300;

/** mulberry32: small, fast and good enough to spread faults. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const WRITE_FAULTS: FaultName[] = ['dropBeforeStore', 'dropAfterStore', 'delay', 'dbTimeout', 'taxTimeout', 'html502', 'emptyBody', 'truncatedJson', 'expireSession'];
/** Faults that also hit reads: the session check, the lookup after a lost answer, the sign-in. */
const ANY_REQUEST_FAULTS: FaultName[] = ['dropBeforeStore', 'dbTimeout', 'html502', 'truncatedJson'];

let rig: Rig;
let random: () => number;
let requestsSinceExpiry = REQUESTS_BETWEEN_EXPIRIES;
const injected = new Map<FaultName, number>();

function chooseFault(): FaultSpec | undefined {
  const anyRequest = random() < 0.15;
  const names = anyRequest ? ANY_REQUEST_FAULTS : WRITE_FAULTS;
  const fault = names[Math.floor(random() * names.length)]!;
  if (fault === 'expireSession') {
    if (requestsSinceExpiry < REQUESTS_BETWEEN_EXPIRIES) return undefined;
    requestsSinceExpiry = 0;
  }
  const spec: FaultSpec = anyRequest ? { fault } : { fault, method: 'POST', path: '/invoices' };
  if (fault === 'delay') spec.delayMs = CLIENT_TIMEOUT_MS + 150;
  return spec;
}

/** After every request the sandbox handled, maybe queue one fault for a later one. */
function planNextFault(): void {
  requestsSinceExpiry += 1;
  if (rig.sandbox.control.faults().length > 0 || random() >= FAULT_RATE) return;
  const spec = chooseFault();
  if (!spec) return;
  injected.set(spec.fault, (injected.get(spec.fault) ?? 0) + 1);
  rig.sandbox.control.injectFault(spec);
}

before(async () => {
  random = prng(SEED);
  let plan: () => void = () => undefined;
  rig = await startRig({
    timeoutMs: CLIENT_TIMEOUT_MS,
    sandbox: { onRequest: () => plan() },
    sender: { maxRetries: 20, baseDelayMs: 1, maxDelayMs: 5 },
  });
  assert.ok((await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok);
  plan = planNextFault;
});

after(async () => {
  await rig.close();
});

describe(`reliability: fault storm (seed ${SEED})`, () => {
  it(`${BATCH_DOCUMENTS + SINGLE_DOCUMENTS} sends under random faults: exactly one stored copy per valid document, outcomes match the server`, { timeout: 120_000 }, async () => {
    // About one in twenty is invalid (no currency): it must be rejected and never stored.
    const bodies = Array.from({ length: BATCH_DOCUMENTS + SINGLE_DOCUMENTS }, (_, index) => (index % 20 === 7 ? invoice({ currency: undefined }) : invoice()));
    const texts = bodies.map((body) => JSON.stringify(body));
    const valid = bodies.map((body) => body.currency !== undefined);

    const batchTexts = texts.slice(0, BATCH_DOCUMENTS);
    const singleTexts = texts.slice(BATCH_DOCUMENTS);
    const sendSingles = async (): Promise<SendOutcome[]> => {
      const outcomes: SendOutcome[] = [];
      // A few at a time, as a person clicking Send in several editors would.
      for (let index = 0; index < singleTexts.length; index += 4) {
        outcomes.push(...(await Promise.all(singleTexts.slice(index, index + 4).map((text) => rig.sender.send('invoices', text)))));
      }
      return outcomes;
    };
    const [batchOutcomes, singleOutcomes] = await Promise.all([
      new BatchSender(rig.sender).send(batchTexts.map((jsonText) => ({ kind: 'invoices' as const, jsonText }))),
      sendSingles(),
    ]);
    const outcomes = [...batchOutcomes, ...singleOutcomes];
    rig.sandbox.control.clearFaults();

    const stored = rig.sandbox.control.documents('invoices');
    const storedBySeq = new Map<string, number[]>();
    for (const entry of stored) {
      const seq = String(entry.document.seq_number);
      storedBySeq.set(seq, [...(storedBySeq.get(seq) ?? []), entry.id]);
    }
    const problems: string[] = [];
    for (const [seq, ids] of storedBySeq) if (ids.length !== 1) problems.push(`${seq} stored ${ids.length} times`);
    outcomes.forEach((outcome, index) => {
      const seq = String(bodies[index]!.seq_number);
      const ids = storedBySeq.get(seq);
      if (valid[index]) {
        if (outcome.kind !== 'created') problems.push(`${seq}: valid but ${outcome.kind} (${JSON.stringify(outcome).slice(0, 200)})`);
        else if (!ids) problems.push(`${seq}: reported created, not stored`);
        else if (outcome.document && outcome.document.id !== ids[0]) problems.push(`${seq}: reported id ${outcome.document.id}, stored as ${ids[0]}`);
      } else {
        if (outcome.kind !== 'rejected') problems.push(`${seq}: invalid but ${outcome.kind}`);
        if (ids) problems.push(`${seq}: invalid but stored`);
      }
    });
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problem(s)`);
    assert.equal(stored.length, valid.filter(Boolean).length, 'nothing stored beyond the valid inputs');

    // The storm was a storm: every kind of fault happened, and some answers were really lost.
    for (const fault of WRITE_FAULTS) assert.ok((injected.get(fault) ?? 0) > 0, `no ${fault} was injected`);
    const recovered = outcomes.filter((outcome) => outcome.kind === 'created' && outcome.recoveredAfterUncertainAttempt).length;
    assert.ok(recovered > 0, 'no lost answer was recovered');
    const retried = outcomes.filter((outcome) => outcome.attempts > 1).length;
    assert.ok(retried > 50, `only ${retried} documents needed a retry`);

    // A nonce refused as out of order would have made a valid document "rejected" above; and no
    // nonce was used for two stored documents.
    assert.equal(new Set(stored.map((entry) => entry.nonce)).size, stored.length);

    assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password]);
  });
});
