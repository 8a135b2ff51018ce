// Sending against every reading of the API the sandbox can play (see README, "Sandbox modes"): the
// server numbering documents itself, 409s of every shape, /auth with and without a required nonce,
// pipelined requests handled out of order, and fresh sessions refused. Duplicate safety must hold
// in each, without knowing beforehand which one the server is.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { BatchSender } from '../../src/core/sending/batch';
import type { SendOutcome } from '../../src/core/sending/send';
import { serializeSignIn, SIGN_IN_KEY } from '../../src/core/session/session';
import type { SandboxModes } from '../../src/sandbox';
import { summarize, summarySentence, type PlannedFile } from '../../src/core/documents/folderSend';
import { assertNoSecretsLogged, invoice, startRig, type Rig } from './client-support';

let rig: Rig | undefined;

async function rigIn(modes: Partial<SandboxModes>, signIn: 'apiToken' | 'credentials' = 'apiToken'): Promise<Rig> {
  rig = await startRig({ sandbox: { modes } });
  const signedIn = signIn === 'apiToken' ? await rig.session.signInWithApiToken(rig.sandbox.apiToken) : await rig.session.signInWithPassword(rig.sandbox.username, rig.sandbox.password);
  assert.ok(signedIn.ok, JSON.stringify(signedIn));
  return rig;
}

afterEach(async () => {
  if (!rig) return;
  assertNoSecretsLogged(rig.logger, [rig.sandbox.apiToken, rig.sandbox.password]);
  await rig.close();
  rig = undefined;
});

function created(outcome: SendOutcome): Extract<SendOutcome, { kind: 'created' }> {
  assert.equal(outcome.kind, 'created', JSON.stringify(outcome).slice(0, 500));
  return outcome;
}

/** An invoice whose content (customer, totals) is its own, as real invoices are. */
function distinct(name: string, qty = 1): Record<string, unknown> {
  return invoice({
    net_amount: 100 * qty,
    vat: 23 * qty,
    total_amount: 123 * qty,
    customer: { name, vat_id: 'PT500000000', billing_address: { city: 'Porto', country: 'PT' } },
    items: [{ item_code: 'SERV', description: 'Serviço de teste', qty, unit_price: 100, vat: 23 }],
  });
}

function send(target: Rig, body: Record<string, unknown>): Promise<SendOutcome> {
  return target.sender.send('invoices', JSON.stringify(body));
}

/** Stores a document straight through the client, as another program would. */
async function storeElsewhere(target: Rig, body: Record<string, unknown>): Promise<void> {
  const outcome = await target.session.withSession(async (token) => target.client.createDocument(token, 'invoices', JSON.stringify(body), await target.nonces.next()));
  assert.ok(outcome.kind === 'answered' && outcome.result.ok, JSON.stringify(outcome));
}

describe('a server that numbers documents itself', () => {
  it('the first success shows it, once in the log; the reported number is the server\'s', async () => {
    const target = await rigIn({ numbering: 'server' });
    const first = created(await send(target, distinct('A')));
    const second = created(await send(target, distinct('B')));
    const stored = target.sandbox.control.documents('invoices');
    assert.equal(first.document?.documentNumber, stored[0]?.document.seq_number);
    assert.equal(second.document?.documentNumber, stored[1]?.document.seq_number);
    assert.equal(target.sender.serverNumbering, 'server');
    assert.equal(target.logger.lines.filter((line) => line.includes('numbers documents itself')).length, 1);
  });

  it('an answer lost after storing: found by content before anything is resent, with the server\'s number', async () => {
    const target = await rigIn({ numbering: 'server' });
    created(await send(target, distinct('first')));
    target.sandbox.control.injectFault({ fault: 'dropAfterStore', method: 'POST', path: '/invoices' });
    const recovered = created(await send(target, distinct('lost answer', 3)));
    const stored = target.sandbox.control.documents('invoices');
    assert.equal(stored.length, 2, 'nothing was sent twice');
    assert.equal(recovered.recoveredAfterUncertainAttempt, true);
    assert.equal(recovered.attempts, 1);
    assert.equal(recovered.document?.id, stored[1]?.id);
    assert.equal(recovered.document?.documentNumber, stored[1]?.document.seq_number);
  });

  it('a twin this window created before is not taken for the lost one: the lost one is sent again', async () => {
    const target = await rigIn({ numbering: 'server' });
    const twin = distinct('twin');
    const first = created(await send(target, twin));
    target.sandbox.control.injectFault({ fault: 'dropBeforeStore', method: 'POST', path: '/invoices' });
    const second = created(await send(target, { ...twin, seq_number: 'FT2025/9999' }));
    assert.notEqual(second.document?.id, first.document?.id);
    assert.equal(target.sandbox.control.documents('invoices').length, 2, 'two inputs, two documents');
  });

  it('several documents match a lost answer: not confirmed, naming them; nothing is sent again', async () => {
    const target = await rigIn({ numbering: 'server' });
    created(await send(target, distinct('learn the numbering')));
    const twin = distinct('twin elsewhere', 2);
    await storeElsewhere(target, twin);
    await storeElsewhere(target, twin);
    target.sandbox.control.injectFault({ fault: 'dropAfterStore', method: 'POST', path: '/invoices' });
    const outcome = await send(target, twin);
    assert.equal(outcome.kind, 'notConfirmed', JSON.stringify(outcome).slice(0, 300));
    if (outcome.kind === 'notConfirmed') {
      assert.equal(outcome.candidates.length, 3);
      const stored = target.sandbox.control.documents('invoices').slice(1);
      assert.deepEqual(outcome.candidates.map((document) => document.documentNumber).sort(), stored.map((entry) => String(entry.document.seq_number)).sort());
    }
    assert.equal(target.sandbox.control.documents('invoices').length, 4);
  });
});

describe('a 409 of any shape on a resend means "look it up", never "failed"', () => {
  for (const conflictBody of ['apiError', 'sovos', 'empty'] as const) {
    it(`409 with ${conflictBody === 'empty' ? 'no body' : `a ${conflictBody} body`}: not confirmed, not rejected; nothing stored twice`, async () => {
      const target = await rigIn({ conflictBody });
      // Another document already holds the number; ours differs, so the list does not show ours.
      const ours = distinct('ours');
      await storeElsewhere(target, { ...distinct('someone else', 5), seq_number: ours.seq_number });
      target.sandbox.control.injectFault({ fault: 'dropBeforeStore', method: 'POST', path: '/invoices' });
      const outcome = await send(target, ours);
      assert.equal(outcome.kind, 'notConfirmed', JSON.stringify(outcome).slice(0, 300));
      if (outcome.kind === 'notConfirmed') assert.ok(outcome.lastFailure?.kind === 'http' && outcome.lastFailure.status === 409);
      assert.equal(target.sandbox.control.documents('invoices').length, 1);
    });
  }

  it('409 on a first attempt stays a genuine duplicate, whatever its body', async () => {
    const target = await rigIn({ conflictBody: 'empty' });
    const body = distinct('genuine');
    created(await send(target, body));
    const outcome = await send(target, body);
    assert.ok(outcome.kind === 'rejected' && outcome.failure.kind === 'http' && outcome.failure.status === 409);
  });
});

describe('POST /auth carries a nonce', () => {
  for (const authNonce of ['required', 'optional'] as const) {
    it(`auth nonce ${authNonce}: signing in and signing in again after expiry both work, each /auth with a nonce`, async () => {
      const target = await rigIn({ authNonce }, 'credentials');
      target.sandbox.control.expireSessions();
      created(await send(target, distinct('after expiry')));
      const auths = target.sandbox.control.requests().filter((request) => request.path === '/auth');
      assert.equal(auths.length, 2);
      assert.ok(auths.every((request) => request.status === 200 && /^\d+$/.test(request.nonce ?? '')), JSON.stringify(auths));
      assert.ok(BigInt(auths[1].nonce!) > BigInt(auths[0].nonce!));
    });
  }

  it('auth nonce required: a sign-in without one is refused (what the nonce is for)', async () => {
    const target = await rigIn({ authNonce: 'required' }, 'credentials');
    const result = await target.client.auth(target.sandbox.username, target.sandbox.password, undefined);
    assert.ok(!result.ok && result.failure.kind === 'http' && result.failure.status === 400);
  });
});

describe('fresh sessions refused more often than one request signs in again', () => {
  it('the session check gives up on its own sessions without ending the send: the write signs in again and the document is created', async () => {
    const target = await rigIn({});
    target.sandbox.control.expireSessions();
    target.sandbox.control.setModes({ refuseFreshSessions: 6 });
    created(await send(target, distinct('six refusals')));
    assert.equal(target.sandbox.control.modes().refuseFreshSessions, 0);
    assert.equal(target.sandbox.control.documents('invoices').length, 1);
  });
});

function batchOf(label: string, count: number) {
  return Array.from({ length: count }, (_, index) => ({ kind: 'invoices' as const, jsonText: JSON.stringify(distinct(`${label} ${index}`, 1 + (index % 50))) }));
}

describe('batches', () => {
  it('a server that handles pipelined requests out of order: the batch falls back to one write at a time, logged once; all created once', async () => {
    const target = await rigIn({ pipelining: 'unordered' });
    const outcomes = await new BatchSender(target.sender).send(batchOf('unordered', 300));
    assert.ok(outcomes.every((outcome) => outcome.kind === 'created'), JSON.stringify(outcomes.find((outcome) => outcome.kind !== 'created')));
    assert.equal(target.sandbox.control.documents('invoices').length, 300);
    assert.equal(target.sender.pipelining, false);
    assert.equal(target.logger.lines.filter((line) => line.includes('refused a nonce as out of order')).length, 1);
  });

  it('a session expires mid-batch and the next two fresh sessions are refused: signs in again with backoff, every document created', async () => {
    const target = await rigIn({});
    let expired = false;
    const outcomes = await new BatchSender(target.sender).send(batchOf('fresh refusals', 400), {
      onProgress: (step) => {
        if (step.done === 60 && !expired) {
          expired = true;
          target.sandbox.control.setModes({ refuseFreshSessions: 2 });
          target.sandbox.control.expireSessions();
        }
      },
    });
    assert.ok(outcomes.every((outcome) => outcome.kind === 'created'), JSON.stringify(outcomes.find((outcome) => outcome.kind !== 'created')));
    assert.equal(target.sandbox.control.documents('invoices').length, 400);
    assert.equal(target.sandbox.control.modes().refuseFreshSessions, 0, 'both refusals happened');
    // Each refused write waited before signing in again.
    assert.ok(target.clock.sleeps.filter((pause) => pause === 250).length >= 1, `backoff ${target.clock.sleeps.join(', ')}`);
    const helos = target.sandbox.control.requests().filter((request) => request.path === '/helo').length;
    assert.ok(helos >= 3, `${helos} sign-ins: the first, after the expiry, after each refusal`);
  });

  for (const refused of ['apiToken', 'credentials'] as const) {
    it(`the stored ${refused === 'apiToken' ? 'API token' : 'user name and password'} refused mid-batch: the batch ends and the report says which`, async () => {
      const target = await rigIn({}, refused);
      let revoked = false;
      const documents = batchOf(`revoked ${refused}`, 200);
      const outcomes = await new BatchSender(target.sender, { concurrency: 4 }).send(documents, {
        onProgress: (step) => {
          if (step.done === 20 && !revoked) {
            revoked = true;
            // Changed in another window: this one reads the new secret, and the server refuses it.
            const origin = target.client.secretOrigin ?? '';
            const changed =
              refused === 'apiToken'
                ? serializeSignIn({ method: 'apiToken', apiToken: 'revoked-token', origin })
                : serializeSignIn({ method: 'credentials', username: target.sandbox.username, password: 'changed-elsewhere', origin });
            void target.secretStore
              .store(SIGN_IN_KEY, changed)
              .then(() => target.session.reloadFromSecrets())
              .then(() => target.sandbox.control.expireSessions());
          }
        },
      });
      const stopped = outcomes.filter((outcome) => outcome.kind === 'reauthFailed');
      assert.ok(stopped.length > 100, `${stopped.length} documents not sent`);
      assert.ok(stopped.every((outcome) => outcome.kind === 'reauthFailed' && outcome.refused === refused));
      // created ⇔ stored; nothing not stored is reported created, nothing stored is reported not sent.
      const storedNames = new Set(target.sandbox.control.documents('invoices').map((entry) => (entry.document.customer as { name: string }).name));
      outcomes.forEach((outcome, index) => {
        const name = (JSON.parse(documents[index].jsonText).customer as { name: string }).name;
        if (outcome.kind === 'created') assert.ok(storedNames.has(name), `${name} reported created, not stored`);
        else if (outcome.kind !== 'notConfirmed') assert.ok(!storedNames.has(name), `${name} stored, reported ${outcome.kind}`);
      });
      const plan: PlannedFile[] = documents.map((document, index) => ({ status: 'ready', path: `f${index}.invoice.json`, kind: 'invoices', text: document.jsonText }));
      const sentence = summarySentence(summarize(plan, new Map(plan.map((file, index) => [file.path, outcomes[index]]))));
      assert.match(sentence, refused === 'apiToken' ? /stopped: the server refused the stored API token \(GET \/helo\)$/ : /stopped: the server refused the stored user name and password \(POST \/auth\)$/);
    });
  }
});
