// Every client method against the sandbox, including each injected fault, at the level of one request.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GestixClient } from '../../src/core/http/client';
import type { Failure, HttpFailure, NetworkFailure, Result } from '../../src/core/http/result';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { CollectingLogger } from '../unit/api-support';
import { assertNoSecretsLogged, invoice, waitForRequests } from './client-support';

let sandbox: RunningSandbox;
let client: GestixClient;
let logger: CollectingLogger;
let session: string;
let nonce = Date.now();
const sessionTokens: string[] = [];

function failureOf<T>(result: Result<T>): Failure {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result).slice(0, 300)}`);
  return (result as { failure: Failure }).failure;
}

function httpFailureOf<T>(result: Result<T>, status: number): HttpFailure {
  const failure = failureOf(result);
  assert.equal(failure.kind, 'http', JSON.stringify(failure));
  assert.equal((failure).status, status);
  return failure;
}

function networkFailureOf<T>(result: Result<T>): NetworkFailure {
  const failure = failureOf(result);
  assert.equal(failure.kind, 'network', JSON.stringify(failure));
  return failure;
}

async function freshSession(): Promise<string> {
  const helo = await client.helo(sandbox.apiToken);
  assert.ok(helo.ok);
  sessionTokens.push(helo.value.sessionToken);
  return helo.value.sessionToken;
}

function create(body: unknown, signal?: AbortSignal) {
  nonce += 1;
  return client.createDocument(session, 'invoices', JSON.stringify(body), nonce, signal);
}

before(async () => {
  sandbox = await startSandbox();
  logger = new CollectingLogger();
  client = new GestixClient({ serverUrl: sandbox.origin, account: sandbox.account, apiVersion: 'v4.0.0', timeoutMs: 5_000 }, { logger, env: {} });
});

after(async () => {
  assertNoSecretsLogged(logger, [sandbox.apiToken, sandbox.password, ...sessionTokens]);
  await client.close();
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.control.reset();
  session = await freshSession();
});

describe('sign-in endpoints', () => {
  it('helo exchanges the API token for a session token', async () => {
    assert.equal(typeof session, 'string');
    assert.ok(session.length > 10);
    assert.notEqual(session, sandbox.apiToken);
  });

  it('helo with a wrong API token is a 403 AUTH_FAILED', async () => {
    const failure = httpFailureOf(await client.helo('not-the-token'), 403);
    assert.ok(failure.shape.kind === 'apiError' && failure.shape.error.code === 'AUTH_FAILED');
  });

  it('auth exchanges user name and password for a session token', async () => {
    const result = await client.auth(sandbox.username, sandbox.password, Date.now());
    assert.ok(result.ok);
    sessionTokens.push(result.value.sessionToken);
    assert.ok((await client.status(result.value.sessionToken)).ok);
  });

  it('auth with a wrong password is a 403 AUTH_FAILED', async () => {
    const failure = httpFailureOf(await client.auth(sandbox.username, 'wrong-password', Date.now()), 403);
    assert.ok(failure.shape.kind === 'apiError' && failure.shape.error.code === 'AUTH_FAILED');
  });
});

describe('status', () => {
  it('returns the documented statusResponse', async () => {
    const result = await client.status(session);
    assert.ok(result.ok);
    assert.match(result.value.status, /^ready/);
    assert.equal(result.value.versions.called_api_version, 'v4.0.0');
    assert.deepEqual(result.value.errors, []);
  });

  it('a timeout setting beyond what a timer can hold does not time every request out at once', async () => {
    // 99 999 999 s, as a hostile workspace once set: setTimeout ran the deadline after 1 ms.
    const patient = new GestixClient({ serverUrl: sandbox.origin, account: sandbox.account, apiVersion: 'v4.0.0', timeoutMs: 99_999_999_000 }, { logger, env: {} });
    try {
      sandbox.control.injectFault({ fault: 'delay', delayMs: 300, path: '/status' });
      const result = await patient.status(session);
      assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
    } finally {
      await patient.close();
    }
  });

  it('is a 403 once the session expired', async () => {
    sandbox.control.expireSessions();
    httpFailureOf(await client.status(session), 403);
  });
});

describe('documents', () => {
  it('creates, lists, fetches and prints a document', async () => {
    const body = invoice();
    const created = await create(body);
    assert.ok(created.ok, JSON.stringify(created));
    assert.equal(created.status, 201);
    assert.equal(created.value.documentSeries, 'FT');
    assert.ok(created.value.url?.includes(`id=${created.value.id}`));

    const list = await client.listDocuments(session, 'invoices', { skip: 0, limit: 10 });
    assert.ok(list.ok);
    assert.equal(list.value.length, 1);
    const skipped = await client.listDocuments(session, 'invoices', { skip: 1, limit: 10 });
    assert.ok(skipped.ok);
    assert.deepEqual(skipped.value, []);

    const one = await client.getDocument(session, 'invoices', created.value.id);
    assert.ok(one.ok);
    assert.equal((one.value as Record<string, unknown>).seq_number, body.seq_number);

    const pdf = await client.getDocumentPdf(session, 'invoices', created.value.id);
    assert.ok(pdf.ok);
    assert.equal(Buffer.from(pdf.value.subarray(0, 5)).toString('latin1'), '%PDF-');
  });

  it('a missing currency is a 400 apiError naming the field', async () => {
    const body = invoice();
    delete body.currency;
    const failure = httpFailureOf(await create(body), 400);
    assert.ok(failure.shape.kind === 'apiError');
    assert.equal(failure.shape.error.code, 'INVALID_ARGUMENT');
    assert.match(failure.shape.error.message, /currency/);
  });

  it('a tax-engine rejection is a 400 in Sovos Format 1', async () => {
    const failure = httpFailureOf(await create(invoice({ items: [] })), 400);
    assert.ok(failure.shape.kind === 'sovosFormat1');
    assert.ok(failure.shape.body.errors.some((error) => error.subcode === 'SMAR-1010'));
  });

  it('the same document twice is a 409 DUPLICATE_ENTRY', async () => {
    const body = invoice();
    assert.ok((await create(body)).ok);
    const failure = httpFailureOf(await create(body), 409);
    assert.ok(failure.shape.kind === 'apiError' && failure.shape.error.code === 'DUPLICATE_ENTRY');
  });

  it('a reused nonce is refused', async () => {
    nonce += 1;
    const first = await client.createDocument(session, 'invoices', JSON.stringify(invoice()), nonce);
    assert.ok(first.ok);
    const again = await client.createDocument(session, 'invoices', JSON.stringify(invoice()), nonce);
    httpFailureOf(again, 400);
  });
});

describe('faults, one request at a time', () => {
  it('dropBeforeStore: a dropped connection that may have reached the server; nothing stored', async () => {
    sandbox.control.injectFault({ fault: 'dropBeforeStore', method: 'POST', path: '/invoices' });
    const failure = networkFailureOf(await create(invoice()));
    assert.equal(failure.reason, 'reset');
    assert.equal(failure.mayHaveReachedServer, true);
    assert.equal(sandbox.control.documents('invoices').length, 0);
  });

  it('dropAfterStore: the same failure, but the document exists', async () => {
    sandbox.control.injectFault({ fault: 'dropAfterStore', method: 'POST', path: '/invoices' });
    const failure = networkFailureOf(await create(invoice()));
    assert.equal(failure.reason, 'reset');
    assert.equal(failure.mayHaveReachedServer, true);
    assert.equal(sandbox.control.documents('invoices').length, 1);
  });

  it('dbTimeout: 503 DB_TIMEOUT with Retry-After', async () => {
    sandbox.control.injectFault({ fault: 'dbTimeout', path: '/invoices' });
    const failure = httpFailureOf(await create(invoice()), 503);
    assert.ok(failure.shape.kind === 'apiError' && failure.shape.error.code === 'DB_TIMEOUT');
    assert.equal(failure.retryAfterSeconds, 1);
  });

  it('taxTimeout: 408 Sovos Format 1 with SMAR-0202', async () => {
    sandbox.control.injectFault({ fault: 'taxTimeout', path: '/invoices' });
    const failure = httpFailureOf(await create(invoice()), 408);
    assert.ok(failure.shape.kind === 'sovosFormat1' && failure.shape.body.errors[0]?.subcode === 'SMAR-0202');
  });

  it('html502: an HTML page, recognised as not JSON', async () => {
    sandbox.control.injectFault({ fault: 'html502', path: '/status' });
    const failure = httpFailureOf(await client.status(session), 502);
    assert.equal(failure.shape.kind, 'notJson');
    assert.match(failure.contentType ?? '', /html/);
  });

  it('emptyBody on a 201: unexpected, although the document was stored', async () => {
    sandbox.control.injectFault({ fault: 'emptyBody', method: 'POST', path: '/invoices' });
    const failure = failureOf(await create(invoice()));
    assert.ok(failure.kind === 'unexpected' && failure.status === 201 && /empty/.test(failure.message));
    assert.equal(sandbox.control.documents('invoices').length, 1);
  });

  it('truncatedJson on a 201: unexpected', async () => {
    sandbox.control.injectFault({ fault: 'truncatedJson', method: 'POST', path: '/invoices' });
    const failure = failureOf(await create(invoice()));
    assert.ok(failure.kind === 'unexpected' && /not valid JSON/.test(failure.message));
  });

  it('truncatedJson on helo: unexpected, no half token taken for a session', async () => {
    sandbox.control.injectFault({ fault: 'truncatedJson', path: '/helo' });
    assert.equal(failureOf(await client.helo(sandbox.apiToken)).kind, 'unexpected');
  });

  it('expireSession: the request gets a 403', async () => {
    sandbox.control.injectFault({ fault: 'expireSession', path: '/status' });
    httpFailureOf(await client.status(session), 403);
  });

  it('delay longer than the timeout: a timeout that may have reached the server', async () => {
    const impatient = new GestixClient({ serverUrl: sandbox.origin, account: sandbox.account, apiVersion: 'v4.0.0', timeoutMs: 250 }, { logger, env: {} });
    try {
      sandbox.control.injectFault({ fault: 'delay', delayMs: 1_000, path: '/status' });
      const failure = networkFailureOf(await impatient.status(session));
      assert.equal(failure.reason, 'timeout');
      assert.equal(failure.mayHaveReachedServer, true);
      await waitForRequests(sandbox, (request) => request.fault === 'delay', 1);
    } finally {
      await impatient.close();
    }
  });

  it('cancellation while the server delays: aborted', async () => {
    sandbox.control.injectFault({ fault: 'delay', delayMs: 1_000, path: '/status' });
    const controller = new AbortController();
    const pending = client.status(session, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const failure = networkFailureOf(await pending);
    assert.equal(failure.reason, 'aborted');
    await waitForRequests(sandbox, (request) => request.fault === 'delay', 1);
  });
});
