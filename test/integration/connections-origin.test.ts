// A secret is only ever sent to its own connection's server and account. Two sandboxes with
// different accounts and secrets stand for two companies; each is reached through a loopback relay
// that keeps every byte it is sent, so "never received" is read from the wire, not inferred.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_API_VERSION, nonceKeyOf, signInKeyOf, type Connection } from '../../src/core/connections/connection';
import { GestixClient } from '../../src/core/http/client';
import { DocumentSender } from '../../src/core/sending/send';
import { PersistentNonceSource } from '../../src/core/session/nonce';
import { GestixSession } from '../../src/core/session/session';
import { KnownSecrets } from '../../src/core/text/redact';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { CollectingLogger, FakeClock, MemorySecretStore, MemoryValueStore, startTcpServer, type LocalServer } from '../unit/api-support';
import { assertNoSecretsLogged, invoice } from './client-support';

/** A sandbox as reached through a relay that records what the sandbox is sent. */
interface Company {
  sandbox: RunningSandbox;
  relay: LocalServer;
  connection: Connection;
  /** Every byte sent to this company's server so far, as text. */
  received(): string;
}

async function startCompany(name: string, account: string, credentials: { username: string; password: string }): Promise<Company> {
  const sandbox = await startSandbox({ account, ...credentials });
  const chunks: Buffer[] = [];
  const relay = await startTcpServer((socket) => {
    const upstream = net.connect(Number(new URL(sandbox.origin).port), '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  const connection: Connection = { name, serverUrl: relay.origin, account, apiVersion: DEFAULT_API_VERSION, signInMethod: 'apiToken', source: 'connections' };
  return { sandbox, relay, connection, received: () => Buffer.concat(chunks).toString('latin1') };
}

/** The forms a secret takes on the wire: in a header as it is, in a query string encoded. */
function wireForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret)];
}

const logger = new CollectingLogger();
const knownSecrets = new KnownSecrets();
/** One SecretStorage and one globalState for the window, as VS Code gives an extension. */
const secretStore = new MemorySecretStore();
const valueStore = new MemoryValueStore();
const clients: GestixClient[] = [];
let empresaA: Company;
let empresaB: Company;

function clientFor(serverUrl: string, account: string): GestixClient {
  const client = new GestixClient({ serverUrl, account, apiVersion: DEFAULT_API_VERSION, timeoutMs: 5_000 }, { logger, secrets: knownSecrets, env: {} });
  clients.push(client);
  return client;
}

/** A connection's session and nonces, made as the window makes them. */
function wire(connection: Connection): { session: GestixSession; sender: DocumentSender } {
  const nonces = new PersistentNonceSource(valueStore, Date.now, nonceKeyOf(connection));
  const session = new GestixSession(clientFor(connection.serverUrl, connection.account), secretStore, {
    logger,
    secrets: knownSecrets,
    nonces,
    clock: new FakeClock(),
    signInKey: signInKeyOf(connection),
  });
  return { session, sender: new DocumentSender(session, nonces, { logger, secrets: knownSecrets, clock: new FakeClock(), random: () => 0.5 }) };
}

/** What company A must never send anywhere but to its own server. */
function secretsOf(company: Company): string[] {
  return [company.sandbox.apiToken, company.sandbox.password, ...company.sandbox.control.sessionTokens()];
}

function invoiceNumbers(company: Company): unknown[] {
  return company.sandbox.control.documents('invoices').map((stored) => stored.document.seq_number);
}

function assertNeverReceived(receiver: Company, owner: Company): void {
  const bytes = receiver.received();
  for (const secret of secretsOf(owner)) {
    for (const form of wireForms(secret)) assert.ok(!bytes.includes(form), `${receiver.connection.name} was sent a secret of ${owner.connection.name}`);
  }
}

before(async () => {
  empresaA = await startCompany('Empresa A (prod)', 'empresa-a', { username: 'user-of-a', password: 'password-of-a' });
  empresaB = await startCompany('Empresa B (test)', 'empresa-b', { username: 'user-of-b', password: 'password-of-b' });
});

after(async () => {
  assertNoSecretsLogged(logger, [...secretsOf(empresaA), ...secretsOf(empresaB)]);
  await Promise.all(clients.map((client) => client.close()));
  for (const company of [empresaA, empresaB]) {
    await company.relay.close();
    await company.sandbox.close();
  }
});

describe('two connections, two servers', () => {
  it('each signs in to its own server, and documents land only there', async () => {
    const a = wire(empresaA.connection);
    const b = wire(empresaB.connection);
    assert.ok((await a.session.signInWithApiToken(empresaA.sandbox.apiToken)).ok);
    assert.ok((await b.session.signInWithPassword(empresaB.sandbox.username, empresaB.sandbox.password)).ok);

    const sentToA = await a.sender.send('invoices', JSON.stringify(invoice({ seq_number: 'FT2025/A001' })));
    const sentToB = await b.sender.send('invoices', JSON.stringify(invoice({ seq_number: 'FT2025/B001' })));
    assert.equal(sentToA.kind, 'created');
    assert.equal(sentToB.kind, 'created');
    assert.deepEqual(invoiceNumbers(empresaA), ['FT2025/A001']);
    assert.deepEqual(invoiceNumbers(empresaB), ['FT2025/B001']);

    // The relays see each company's own secrets: what they saw is what the servers were sent.
    assert.ok(empresaA.received().includes(empresaA.sandbox.apiToken));
    assert.ok(empresaB.received().includes(encodeURIComponent(empresaB.sandbox.password)));
    assertNeverReceived(empresaA, empresaB);
    assertNeverReceived(empresaB, empresaA);
  });

  it('a session pointed at the other server is signed out there and sends it nothing, whichever account it names', async () => {
    const a = wire(empresaA.connection);
    await a.session.ensureLoaded();
    assert.equal(a.session.signedIn, true, 'signed in to A by the previous test, through the shared SecretStore');
    const requestsOfB = empresaB.sandbox.control.requests().length;
    const bytesOfB = empresaB.received().length;

    for (const account of [empresaA.connection.account, empresaB.connection.account]) {
      a.session.useClient(clientFor(empresaB.connection.serverUrl, account));
      assert.equal(a.session.signedIn, false, account);
      assert.deepEqual(await a.session.withSession(async () => assert.fail('nothing is sent to B with A’s secret')), { kind: 'notSignedIn' });
      assert.equal(await a.session.sessionTokenNow(), undefined);
      const sent = await a.sender.send('invoices', JSON.stringify(invoice({ seq_number: 'FT2025/A002' })));
      assert.equal(sent.kind, 'notSignedIn', account);
    }

    assert.equal(empresaB.sandbox.control.requests().length, requestsOfB, 'B recorded no request');
    assert.equal(empresaB.received().length, bytesOfB, 'B was sent not one byte');
    assert.deepEqual(invoiceNumbers(empresaB), ['FT2025/B001']);

    a.session.useClient(clientFor(empresaA.connection.serverUrl, empresaA.connection.account));
    assert.equal(a.session.signedIn, true, 'back on its own server, the secret is used again');
    assert.equal((await a.sender.send('invoices', JSON.stringify(invoice({ seq_number: 'FT2025/A003' })))).kind, 'created');
    assertNeverReceived(empresaB, empresaA);
  });

  it('a connection edited to name the other server, read after a restart, is signed out and sends nothing there', async () => {
    const edited: Connection = { ...empresaA.connection, serverUrl: empresaB.connection.serverUrl };
    const bytesOfB = empresaB.received().length;
    const a = wire(edited);
    await a.session.reloadFromSecrets();
    assert.equal(a.session.signedIn, false);
    assert.equal(a.session.storedOrigin, `${empresaA.connection.serverUrl}/api/${empresaA.connection.account}`, 'the secret stays bound to A');
    assert.deepEqual(await a.session.withSession(async () => assert.fail('nothing is sent')), { kind: 'notSignedIn' });
    assert.equal(empresaB.received().length, bytesOfB);
  });

  it('signing out of one leaves the other working', async () => {
    const a = wire(empresaA.connection);
    const b = wire(empresaB.connection);
    await a.session.ensureLoaded();
    await b.session.ensureLoaded();
    await a.session.signOut();
    assert.equal(a.session.signedIn, false);
    assert.deepEqual([...secretStore.values.keys()], [signInKeyOf(empresaB.connection)]);

    const sent = await b.sender.send('invoices', JSON.stringify(invoice({ seq_number: 'FT2025/B002' })));
    assert.equal(sent.kind, 'created', 'B signs in again with its stored credentials');
    assert.deepEqual(invoiceNumbers(empresaB), ['FT2025/B001', 'FT2025/B002']);
    assertNeverReceived(empresaA, empresaB);
    assertNeverReceived(empresaB, empresaA);
  });
});
