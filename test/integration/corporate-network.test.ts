// Real TLS on loopback: the sandbox behind an HTTPS front whose certificate comes from a private
// authority made by the test, reached only through a CONNECT proxy that wants Basic credentials;
// and a front that requires a client certificate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GestixClient, type ClientSettings } from '../../src/core/http/client';
import { PersistentNonceSource } from '../../src/core/session/nonce';
import type { NetworkPrompts, ProxyCredentials } from '../../src/core/host/ports';
import { KnownSecrets } from '../../src/core/text/redact';
import type { Failure, Result } from '../../src/core/http/result';
import { DocumentSender } from '../../src/core/sending/send';
import { GestixSession } from '../../src/core/session/session';
import { nodeTrustSources } from '../../src/core/http/tls';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { CollectingLogger, FakeClock, MemorySecretStore, MemoryValueStore } from '../unit/api-support';
import { assertNoSecretsLogged, invoice } from './client-support';
import { CORPORATE_HOST, makePrivateCa, startAuthenticatingProxy, startHttpsFront, type PrivateCa, type RunningFront, type RunningProxy } from './corporate-network';

/** Prompts that answer from a script and record what they were asked. */
class ScriptedPrompts implements NetworkPrompts {
  readonly asked: string[] = [];
  readonly directFailures: string[] = [];

  constructor(
    private readonly proxyAnswers: Array<ProxyCredentials | undefined> = [],
    private readonly passphraseAnswers: Array<string | undefined> = [],
  ) {}

  async proxyCredentials(proxy: string, refused: boolean): Promise<ProxyCredentials | undefined> {
    this.asked.push(`proxy ${proxy}${refused ? ' (refused)' : ''}`);
    return this.proxyAnswers.shift();
  }

  async clientCertificatePassphrase(file: string, refused: boolean): Promise<string | undefined> {
    this.asked.push(`passphrase ${file}${refused ? ' (refused)' : ''}`);
    return this.passphraseAnswers.shift();
  }

  directConnectionFailed(server: string, reason: string): void {
    this.directFailures.push(`${server} ${reason}`);
  }
}

function networkFailureOf(result: Result<unknown>): Failure & { kind: 'network' } {
  assert.equal(result.ok, false, 'the request failed');
  assert.ok(!result.ok && result.failure.kind === 'network', `a network failure, got ${JSON.stringify(result)}`);
  return result.failure;
}

describe('behind a TLS-inspecting proxy that requires credentials', { timeout: 60_000 }, () => {
  let ca: PrivateCa;
  let sandbox: RunningSandbox;
  let front: RunningFront;
  let proxy: RunningProxy;
  const clients: GestixClient[] = [];

  before(async () => {
    ca = makePrivateCa();
    sandbox = await startSandbox();
    front = await startHttpsFront(ca, Number(new URL(sandbox.origin).port));
    proxy = await startAuthenticatingProxy(front.port);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await proxy?.close();
    await front?.close();
    await sandbox?.close();
    ca?.remove();
  });

  const settings = (overrides: Partial<ClientSettings> = {}): ClientSettings => ({
    serverUrl: `https://${CORPORATE_HOST}`,
    account: sandbox.account,
    apiVersion: 'v4.0.0',
    timeoutMs: 5_000,
    proxy: { url: `http://127.0.0.1:${proxy.port}`, strictSSL: true, noProxy: [] },
    ...overrides,
  });
  const newClient = (clientSettings: ClientSettings, logger: CollectingLogger, secrets: KnownSecrets, prompts?: NetworkPrompts) => {
    const client = new GestixClient(clientSettings, { logger, secrets, env: {}, ...(prompts ? { prompts } : {}) });
    clients.push(client);
    return client;
  };

  it('without the authority, fails with a message naming gestix.tls.caCertificates, after asking the proxy credentials once', async () => {
    const logger = new CollectingLogger();
    const prompts = new ScriptedPrompts([{ username: proxy.username, password: proxy.password }]);
    const client = newClient(settings(), logger, new KnownSecrets(), prompts);
    const failure = networkFailureOf(await client.helo(sandbox.apiToken));
    assert.equal(failure.reason, 'tls');
    assert.equal(failure.mayHaveReachedServer, false);
    assert.match(failure.message, /gestix\.tls\.caCertificates/);
    assert.match(failure.message, new RegExp(`${CORPORATE_HOST.replace(/\./g, '\\.')}:443`));
    assert.deepEqual(prompts.asked, [`proxy http://127.0.0.1:${proxy.port}`]);
    assert.equal(sandbox.control.requests().length, 0, 'nothing reached the server');
    assertNoSecretsLogged(logger, [proxy.password, sandbox.apiToken, Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')]);
  });

  it('with the authority and credentials asked after a 407: sign-in, send and status work, and no credential is logged', async () => {
    const logger = new CollectingLogger();
    const secrets = new KnownSecrets();
    const prompts = new ScriptedPrompts([{ username: proxy.username, password: proxy.password }]);
    const client = newClient(settings({ tls: { caCertificates: [ca.caFile] } }), logger, secrets, prompts);
    const session = new GestixSession(client, new MemorySecretStore(), { logger, secrets });
    const sender = new DocumentSender(session, new PersistentNonceSource(new MemoryValueStore()), { logger, secrets, clock: new FakeClock(), random: () => 0.5 });
    const tunnelsBefore = proxy.tunnels.length;

    const signedIn = await session.signInWithApiToken(sandbox.apiToken);
    assert.ok(signedIn.ok, JSON.stringify(signedIn));
    const outcome = await sender.send('invoices', JSON.stringify(invoice()));
    assert.equal(outcome.kind, 'created', JSON.stringify(outcome));
    const status = await session.withSession((token) => client.status(token));
    assert.equal(status.kind, 'answered');
    assert.ok(status.kind === 'answered' && status.result.ok && status.result.value.status.length > 0, JSON.stringify(status));

    assert.deepEqual(prompts.asked, [`proxy http://127.0.0.1:${proxy.port}`], 'asked once, though several requests went out');
    assert.ok(proxy.tunnels.length > tunnelsBefore, 'the requests went through the proxy');
    assert.equal(sandbox.control.documents('invoices').length, 1);
    assert.match(logger.lines.join('\n'), /gestix\.tls\.caCertificates 1\)/, 'the log says where trust comes from');
    assertNoSecretsLogged(logger, [proxy.password, sandbox.apiToken, ...sandbox.control.sessionTokens(), Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')]);
  });

  it('takes the credentials from the proxy URL, and never shows them', async () => {
    const logger = new CollectingLogger();
    const url = `http://${proxy.username}:${encodeURIComponent(proxy.password)}@127.0.0.1:${proxy.port}`;
    const client = newClient(settings({ proxy: { url }, tls: { caCertificates: [ca.caFile] } }), logger, new KnownSecrets());
    const helo = await client.helo(sandbox.apiToken);
    assert.ok(helo.ok, JSON.stringify(helo));
    assert.equal(proxy.authorizations.at(-1), `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`);
    assertNoSecretsLogged(logger, [proxy.password, sandbox.apiToken]);
  });

  it("sends VS Code's http.proxyAuthorization from the first CONNECT, without asking", async () => {
    const logger = new CollectingLogger();
    const prompts = new ScriptedPrompts();
    const authorization = `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`;
    const client = newClient(settings({ proxy: { url: `http://127.0.0.1:${proxy.port}`, authorization }, tls: { caCertificates: [ca.caFile] } }), logger, new KnownSecrets(), prompts);
    const before = proxy.authorizations.length;
    const helo = await client.helo(sandbox.apiToken);
    assert.ok(helo.ok, JSON.stringify(helo));
    assert.deepEqual(proxy.authorizations.slice(before), [authorization]);
    assert.deepEqual(prompts.asked, []);
    assertNoSecretsLogged(logger, [proxy.password, authorization.slice('Basic '.length)]);
  });

  it('asks again when the credentials given are refused, and reports the 407 when none are given', async () => {
    const logger = new CollectingLogger();
    const prompts = new ScriptedPrompts([{ username: proxy.username, password: 'wrong-password' }, undefined]);
    const client = newClient(settings({ tls: { caCertificates: [ca.caFile] } }), logger, new KnownSecrets(), prompts);
    const failure = networkFailureOf(await client.helo(sandbox.apiToken));
    assert.equal(failure.reason, 'proxy');
    assert.equal(failure.mayHaveReachedServer, false);
    assert.match(failure.message, /requires a user name and password \(it answered HTTP 407\)/);
    assert.deepEqual(prompts.asked, [`proxy http://127.0.0.1:${proxy.port}`, `proxy http://127.0.0.1:${proxy.port} (refused)`]);
    assertNoSecretsLogged(logger, ['wrong-password', sandbox.apiToken]);
  });

  it('trusts the authority named by NODE_EXTRA_CA_CERTS', async () => {
    const url = `http://${proxy.username}:${encodeURIComponent(proxy.password)}@127.0.0.1:${proxy.port}`;
    const client = new GestixClient(settings({ proxy: { url } }), { env: {}, trustSources: nodeTrustSources({ NODE_EXTRA_CA_CERTS: ca.caFile }) });
    clients.push(client);
    const helo = await client.helo(sandbox.apiToken);
    assert.ok(helo.ok, JSON.stringify(helo));
  });

  it('reports an unreadable authority file by its setting, before anything is sent', async () => {
    const tunnelsBefore = proxy.authorizations.length;
    const client = newClient(settings({ tls: { caCertificates: [`${ca.folder}/missing.pem`] } }), new CollectingLogger(), new KnownSecrets());
    const failure = networkFailureOf(await client.helo(sandbox.apiToken));
    assert.equal(failure.reason, 'settings');
    assert.match(failure.message, /missing\.pem \(setting gestix\.tls\.caCertificates\) cannot be read/);
    assert.equal(proxy.authorizations.length, tunnelsBefore, 'the proxy was not contacted');
  });
});

describe('a server that requires a client certificate', { timeout: 60_000 }, () => {
  let ca: PrivateCa;
  let sandbox: RunningSandbox;
  let front: RunningFront;
  const clients: GestixClient[] = [];

  before(async () => {
    ca = makePrivateCa();
    sandbox = await startSandbox();
    front = await startHttpsFront(ca, Number(new URL(sandbox.origin).port), { requireClientCertificate: true });
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await front?.close();
    await sandbox?.close();
    ca?.remove();
  });

  const connect = (clientCertificate: string | undefined, prompts?: NetworkPrompts, logger = new CollectingLogger()) => {
    const client = new GestixClient(
      {
        serverUrl: `https://127.0.0.1:${front.port}`,
        account: sandbox.account,
        apiVersion: 'v4.0.0',
        timeoutMs: 5_000,
        tls: { caCertificates: [ca.caFile], ...(clientCertificate ? { clientCertificate } : {}) },
      },
      { env: {}, logger, ...(prompts ? { prompts } : {}) },
    );
    clients.push(client);
    return client;
  };

  it('refuses a client without a certificate, with a message naming gestix.tls.clientCertificate', async () => {
    const refusedBefore = front.refusedHandshakes;
    const failure = networkFailureOf(await connect(undefined).helo(sandbox.apiToken));
    assert.ok(failure.reason === 'tls' || failure.reason === 'reset', failure.reason);
    assert.match(failure.message, /gestix\.tls\.clientCertificate/);
    assert.ok(front.refusedHandshakes > refusedBefore, 'the server refused the handshake');
    assert.equal(sandbox.control.requests().length, 0);
  });

  it('works with the certificate and key in one PEM file', async () => {
    const client = connect(ca.clientPem);
    const helo = await client.helo(sandbox.apiToken);
    assert.ok(helo.ok, JSON.stringify(helo));
    const status = await client.status(helo.value.sessionToken);
    assert.ok(status.ok, JSON.stringify(status));
  });

  it('asks once for the passphrase of an encrypted key, for every request waiting, and never logs it', async () => {
    const logger = new CollectingLogger();
    const prompts = new ScriptedPrompts([], [ca.passphrase]);
    const client = connect(ca.clientEncryptedPem, prompts, logger);
    const [first, second] = await Promise.all([client.helo(sandbox.apiToken), client.helo(sandbox.apiToken)]);
    assert.ok(first.ok && second.ok, JSON.stringify([first, second]));
    assert.deepEqual(prompts.asked, [`passphrase ${ca.clientEncryptedPem}`]);
    assertNoSecretsLogged(logger, [ca.passphrase, sandbox.apiToken]);
  });

  it('asks again after a wrong passphrase, and opens a PKCS#12 file', async () => {
    const prompts = new ScriptedPrompts([], ['not-the-passphrase', ca.passphrase]);
    const client = connect(ca.clientPfx, prompts);
    const helo = await client.helo(sandbox.apiToken);
    assert.ok(helo.ok, JSON.stringify(helo));
    assert.deepEqual(prompts.asked, [`passphrase ${ca.clientPfx}`, `passphrase ${ca.clientPfx} (refused)`]);
  });

  it('reports a missing passphrase by the setting when none is given', async () => {
    const failure = networkFailureOf(await connect(ca.clientEncryptedPem, new ScriptedPrompts([], [undefined])).helo(sandbox.apiToken));
    assert.equal(failure.reason, 'settings');
    assert.match(failure.message, /\(setting gestix\.tls\.clientCertificate\) is protected by a passphrase/);
  });
});
