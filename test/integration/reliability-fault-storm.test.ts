// Thousands of sends while the sandbox injects random faults (seeded, so a failure can be replayed
// with GESTIX_STORM_SEED), once for every reading of the API the sandbox can play: the server keeps
// or assigns document numbers, handles pipelined requests in order or not, and answers a repeat with
// an apiError, a Sovos body or nothing. Faults: dropped connections before and after storing,
// answers later than the client's timeout, DB_TIMEOUT, tax-engine timeouts, HTML 502 pages, empty
// and cut-off bodies, expired sessions, and fresh sessions refused twice in a row.
//
// Afterwards the ledger must balance: every valid input stored exactly once, no invalid one stored,
// and every outcome the user would see agreeing with the server (0 lost, 0 stored twice, 0
// misreported).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSender } from '../../src/core/sending/batch';
import type { SendOutcome } from '../../src/core/sending/send';
import type { FaultName, FaultSpec, SandboxModes } from '../../src/sandbox';
import { assertNoSecretsLogged, invoice, startRig, type Rig } from './client-support';

const SEED = Number(process.env.GESTIX_STORM_SEED ?? 20250110);
const BATCH_DOCUMENTS = Number(process.env.GESTIX_STORM_DOCUMENTS ?? 1800);
const SINGLE_DOCUMENTS = 200;
/** Chance that a request is followed by a fault queued for the next one. */
const FAULT_RATE = 0.08;
const CLIENT_TIMEOUT_MS = 250;
/** Expired sessions are spaced out: renewing twice within one pipeline of writes is not a real-world case. */
const REQUESTS_BETWEEN_EXPIRIES = 300;
/** Combinations run side by side; each has its own sandbox and client. */
const CONCURRENT_COMBINATIONS = 6;

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
/** Not a sandbox fault: an expired session whose two next fresh sessions are refused. */
const FRESH_REFUSALS = 'freshSessionRefusedTwice';

type Combination = Pick<SandboxModes, 'numbering' | 'pipelining' | 'conflictBody'>;

const COMBINATIONS: Combination[] = (['client', 'server'] as const).flatMap((numbering) =>
  (['ordered', 'unordered'] as const).flatMap((pipelining) => (['apiError', 'sovos', 'empty'] as const).map((conflictBody) => ({ numbering, pipelining, conflictBody }))),
);

/** Queues random faults as the sandbox handles requests, and counts what it queued. */
class FaultPlanner {
  readonly injected = new Map<string, number>();
  private requestsSinceExpiry = REQUESTS_BETWEEN_EXPIRIES;
  private rig: Rig | undefined;

  constructor(private readonly random: () => number) {}

  start(rig: Rig): void {
    this.rig = rig;
  }

  stop(): void {
    this.rig = undefined;
  }

  /** After every request the sandbox handled, maybe queue one fault for a later one. */
  afterRequest(): void {
    const rig = this.rig;
    if (!rig) return;
    this.requestsSinceExpiry += 1;
    if (rig.sandbox.control.faults().length > 0 || this.random() >= FAULT_RATE) return;
    const spec = this.choose();
    if (!spec) return;
    this.count(spec.fault);
    if (spec.fault === 'expireSession' && (!this.injected.has(FRESH_REFUSALS) || this.random() < 0.5)) {
      // As a server whose nodes replicate sessions late: the renewal's first two sessions are refused
      // (always at the first expiry, so every storm has it; at random later).
      rig.sandbox.control.setModes({ refuseFreshSessions: 2 });
      this.count(FRESH_REFUSALS);
    }
    rig.sandbox.control.injectFault(spec);
  }

  private count(name: string): void {
    this.injected.set(name, (this.injected.get(name) ?? 0) + 1);
  }

  private choose(): FaultSpec | undefined {
    const anyRequest = this.random() < 0.15;
    const names = anyRequest ? ANY_REQUEST_FAULTS : WRITE_FAULTS;
    const fault = names[Math.floor(this.random() * names.length)];
    if (fault === 'expireSession') {
      if (this.requestsSinceExpiry < REQUESTS_BETWEEN_EXPIRIES) return undefined;
      this.requestsSinceExpiry = 0;
    }
    const spec: FaultSpec = anyRequest ? { fault } : { fault, method: 'POST', path: '/invoices' };
    if (fault === 'delay') spec.delayMs = CLIENT_TIMEOUT_MS + 150;
    return spec;
  }
}

/** Inputs that differ in content as real invoices do (a server that numbers itself finds them by it). */
function inputs(label: string): Array<{ body: Record<string, unknown>; marker: string; valid: boolean }> {
  return Array.from({ length: BATCH_DOCUMENTS + SINGLE_DOCUMENTS }, (_, index) => {
    const marker = `Cliente ${label} ${index}`;
    const qty = 1 + (index % 97);
    const body = invoice({
      net_amount: 100 * qty,
      vat: 23 * qty,
      total_amount: 123 * qty,
      customer: { name: marker, vat_id: 'PT500000000', billing_address: { city: 'Porto', country: 'PT' } },
      items: [{ item_code: 'SERV', description: 'Serviço de teste', qty, unit_price: 100, vat: 23 }],
    });
    // About one in twenty is invalid (no currency): it must be rejected and never stored.
    const valid = index % 20 !== 7;
    if (!valid) delete body.currency;
    return { body, marker, valid };
  });
}

async function storm(combination: Combination, index: number): Promise<void> {
  const label = `${combination.numbering}-${combination.pipelining}-${combination.conflictBody}`;
  const planner = new FaultPlanner(prng(SEED + index));
  const rig = await startRig({
    timeoutMs: CLIENT_TIMEOUT_MS,
    sandbox: { modes: combination, onRequest: () => planner.afterRequest() },
    sender: { maxRetries: 20, baseDelayMs: 1, maxDelayMs: 5 },
  });
  try {
    // The client's timeout is short so that slow answers happen; a start under load may exceed it.
    let signedIn = false;
    for (let attempt = 0; attempt < 5 && !signedIn; attempt += 1) signedIn = (await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok;
    assert.ok(signedIn, `${label}: could not sign in`);
    planner.start(rig);
    const sends = inputs(label);
    const texts = sends.map((send) => JSON.stringify(send.body));
    const batchTexts = texts.slice(0, BATCH_DOCUMENTS);
    const singleTexts = texts.slice(BATCH_DOCUMENTS);
    const sendSingles = async (): Promise<SendOutcome[]> => {
      const outcomes: SendOutcome[] = [];
      // A few at a time, as a person clicking Send in several editors would.
      for (let start = 0; start < singleTexts.length; start += 4) {
        outcomes.push(...(await Promise.all(singleTexts.slice(start, start + 4).map((text) => rig.sender.send('invoices', text)))));
      }
      return outcomes;
    };
    const [batchOutcomes, singleOutcomes] = await Promise.all([
      new BatchSender(rig.sender).send(batchTexts.map((jsonText) => ({ kind: 'invoices' as const, jsonText }))),
      sendSingles(),
    ]);
    const outcomes = [...batchOutcomes, ...singleOutcomes];
    planner.stop();
    rig.sandbox.control.clearFaults();

    // The ledger: inputs, documents stored, and the report.
    const stored = rig.sandbox.control.documents('invoices');
    const storedByMarker = new Map<string, number[]>();
    for (const entry of stored) {
      const marker = String((entry.document.customer as { name?: unknown } | undefined)?.name);
      storedByMarker.set(marker, [...(storedByMarker.get(marker) ?? []), entry.id]);
    }
    const lost: string[] = [];
    const storedTwice: string[] = [];
    const misreported: string[] = [];
    for (const [marker, ids] of storedByMarker) if (ids.length !== 1) storedTwice.push(`${marker} stored ${ids.length} times`);
    outcomes.forEach((outcome, position) => {
      const { marker, valid } = sends[position];
      const ids = storedByMarker.get(marker);
      if (valid) {
        if (!ids) lost.push(`${marker}: ${outcome.kind}`);
        if (outcome.kind !== 'created') misreported.push(`${marker}: valid but ${outcome.kind} (${JSON.stringify(outcome).slice(0, 300)})`);
        else if (!ids) misreported.push(`${marker}: reported created, not stored`);
        else if (outcome.document?.id !== ids[0]) misreported.push(`${marker}: reported id ${outcome.document?.id}, stored as ${ids[0]}`);
      } else {
        if (outcome.kind !== 'rejected') misreported.push(`${marker}: invalid but ${outcome.kind}`);
        if (ids) misreported.push(`${marker}: invalid but stored`);
      }
    });
    assert.deepEqual(
      { lost: lost.slice(0, 5), storedTwice: storedTwice.slice(0, 5), misreported: misreported.slice(0, 5) },
      { lost: [], storedTwice: [], misreported: [] },
      `${label}: ${lost.length} lost, ${storedTwice.length} stored twice, ${misreported.length} misreported`,
    );
    assert.equal(stored.length, sends.filter((send) => send.valid).length, 'nothing stored beyond the valid inputs');

    // The storm was a storm: every kind of fault happened, and some answers were really lost.
    for (const fault of [...WRITE_FAULTS, FRESH_REFUSALS]) assert.ok((planner.injected.get(fault) ?? 0) > 0, `${label}: no ${fault} was injected`);
    const recovered = outcomes.filter((outcome) => outcome.kind === 'created' && outcome.recoveredAfterUncertainAttempt).length;
    assert.ok(recovered > 0, `${label}: no lost answer was recovered`);
    const retried = outcomes.filter((outcome) => outcome.attempts > 1).length;
    assert.ok(retried > 50, `${label}: only ${retried} documents needed a retry`);
    // No nonce was used for two stored documents.
    assert.equal(new Set(stored.map((entry) => entry.nonce)).size, stored.length);

    // What the client learnt about the server, and said once.
    assert.equal(rig.sender.serverNumbering, combination.numbering);
    assert.equal(rig.logger.lines.filter((line) => /numbers documents itself|keeps the document numbers/.test(line)).length, 1);
    const fallbacks = rig.logger.lines.filter((line) => /refused a nonce as out of order/.test(line)).length;
    if (combination.pipelining === 'unordered') {
      assert.equal(fallbacks, 1, 'the fallback to one write at a time is logged once');
      assert.equal(rig.sender.pipelining, false);
    } else {
      assert.equal(fallbacks, 0);
      assert.equal(rig.sender.pipelining, true);
    }
    assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password]);
  } finally {
    await rig.close();
  }
}

describe(`reliability: fault storm in every sandbox mode (seed ${SEED})`, { concurrency: CONCURRENT_COMBINATIONS }, () => {
  COMBINATIONS.forEach((combination, index) => {
    it(
      `numbering ${combination.numbering}, pipelining ${combination.pipelining}, 409 body ${combination.conflictBody}: ${BATCH_DOCUMENTS + SINGLE_DOCUMENTS} sends, the ledger balances`,
      { timeout: 180_000 },
      () => storm(combination, index),
    );
  });
});
