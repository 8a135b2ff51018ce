import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyNetworkError, type NetworkErrorContext } from '../../src/core/http/networkErrors';
import { GestixClient } from '../../src/core/http/client';
import type { NetworkPrompts } from '../../src/core/host/ports';
import { basicProxyAuthorization, proxyUrlCredentials } from '../../src/core/http/proxy';
import { redact } from '../../src/core/text/redact';
import { buildTrust, pemCertificates, readClientIdentity, type TrustSources } from '../../src/core/http/tls';

/** A PEM block whose body is `seed` in base64, wrapped like the source it pretends to come from. */
function pem(seed: string, lineLength = 64): string {
  const body = Buffer.from(seed.repeat(8)).toString('base64');
  const lines = body.match(new RegExp(`.{1,${lineLength}}`, 'g'))!.join('\r\n');
  return `-----BEGIN CERTIFICATE-----\r\n${lines}\r\n-----END CERTIFICATE-----\r\n`;
}

function sources(files: Record<string, string>, overrides: Partial<TrustSources> = {}): TrustSources {
  return {
    env: {},
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return Buffer.from(text);
    },
    bundled: [pem('node-root')],
    systemBundleFiles: ['/etc/missing.crt', '/etc/os.crt', '/etc/other.crt'],
    ...overrides,
  };
}

describe('pemCertificates', () => {
  it('finds every certificate, whatever the line endings and wrapping, and skips other blocks', () => {
    const text = `subject=CN x\n${pem('a', 76)}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${pem('b')}`;
    const found = pemCertificates(text);
    assert.equal(found.length, 2);
    assert.deepEqual(pemCertificates(pem('a', 76)), pemCertificates(pem('a', 64)), 'equal certificates compare equal');
    assert.match(found[0], /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  });

  it('ignores a block without an end or with a body that is not base64', () => {
    assert.deepEqual(pemCertificates('-----BEGIN CERTIFICATE-----\nAAAA'), []);
    assert.deepEqual(pemCertificates('-----BEGIN CERTIFICATE-----\n<script>\n-----END CERTIFICATE-----'), []);
  });

  it('takes linear time on hostile text (many openings, no end)', () => {
    const hostile = '-----BEGIN CERTIFICATE-----A'.repeat(200_000);
    const started = performance.now();
    assert.deepEqual(pemCertificates(hostile), []);
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
  });
});

describe('buildTrust', () => {
  it("trusts Node's roots, the first readable OS bundle, NODE_EXTRA_CA_CERTS and the setting's files, once each", () => {
    const result = buildTrust(
      { caCertificates: ['/corp/root.pem', '  '] },
      sources(
        { '/etc/os.crt': pem('os-1') + pem('node-root'), '/etc/other.crt': pem('never-read'), '/extra.pem': pem('extra'), '/corp/root.pem': pem('corp') },
        { env: { NODE_EXTRA_CA_CERTS: '/extra.pem' } },
      ),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.trust.counts, { bundled: 1, system: 2, environment: 1, settings: 1 });
    assert.equal(result.trust.ca.length, 4, 'the OS copy of a Node root is trusted once');
    assert.ok(!result.trust.ca.some((certificate) => certificate === pemCertificates(pem('never-read'))[0]), 'only the first bundle counts');
    assert.deepEqual(result.trust.warnings, []);
  });

  it("prefers the running Node's own view of the OS store over the bundle files", () => {
    const result = buildTrust({}, sources({ '/etc/os.crt': pem('from-file') }, { system: () => [pem('from-node')] }));
    assert.ok(result.ok);
    assert.ok(result.trust.ca.includes(pemCertificates(pem('from-node'))[0]));
    assert.ok(!result.trust.ca.includes(pemCertificates(pem('from-file'))[0]));
  });

  it('warns about an unreadable NODE_EXTRA_CA_CERTS, as Node does, and goes on', () => {
    const result = buildTrust({}, sources({}, { env: { NODE_EXTRA_CA_CERTS: '/nowhere.pem' } }));
    assert.ok(result.ok);
    assert.deepEqual(result.trust.warnings, ['NODE_EXTRA_CA_CERTS names /nowhere.pem, which cannot be read.']);
    assert.equal(result.trust.counts.system, 0);
  });

  it('refuses a setting file that cannot be read or holds no certificate, naming the setting', () => {
    const missing = buildTrust({ caCertificates: ['/corp/missing.pem'] }, sources({}));
    assert.deepEqual(missing, { ok: false, message: 'The certificate file /corp/missing.pem (setting gestix.tls.caCertificates) cannot be read.' });
    const empty = buildTrust({ caCertificates: ['/corp/key.pem'] }, sources({ '/corp/key.pem': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }));
    assert.equal(empty.ok, false);
    assert.match(!empty.ok ? empty.message : '', /\/corp\/key\.pem \(setting gestix\.tls\.caCertificates\) holds no PEM certificate/);
  });
});

describe('readClientIdentity', () => {
  const key = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n';

  it('takes a PEM with certificate and key as both, and any other file as PKCS#12', () => {
    const files = { '/me.pem': pem('me') + key, '/me.pfx': '\u0030\u0082binary' };
    assert.deepEqual(readClientIdentity({ clientCertificate: '/me.pem' }, sources(files)), { ok: true, identity: { cert: files['/me.pem'], key: files['/me.pem'] } });
    const pfx = readClientIdentity({ clientCertificate: ' /me.pfx ' }, sources(files));
    assert.ok(pfx.ok && pfx.identity && 'pfx' in pfx.identity && Buffer.isBuffer(pfx.identity.pfx));
    assert.deepEqual(readClientIdentity({}, sources(files)), { ok: true, identity: undefined });
  });

  it('names the setting when the file is unreadable or a PEM lacks its key', () => {
    assert.deepEqual(readClientIdentity({ clientCertificate: '/gone.pem' }, sources({})), {
      ok: false,
      message: 'The client certificate /gone.pem (setting gestix.tls.clientCertificate) cannot be read.',
    });
    const certificateOnly = readClientIdentity({ clientCertificate: '/cert.pem' }, sources({ '/cert.pem': pem('me') }));
    assert.match(!certificateOnly.ok ? certificateOnly.message : '', /must hold both the certificate and its private key/);
  });
});

describe('network errors on corporate networks', () => {
  const context: NetworkErrorContext = { server: 'gestix.pt:443', proxy: 'http://proxy.corp:3128', timeoutMs: 30_000, deadlineExpired: false, cancelled: false };

  it("flags a proxy's 407 as asking for credentials, without the credentials", () => {
    const classified = classifyNetworkError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), context);
    assert.equal(classified.proxyAuthenticationRequired, true);
    assert.equal(classified.reason, 'proxy');
    assert.equal(classified.mayHaveReachedServer, false);
    assert.match(classified.message, /http:\/\/proxy\.corp:3128 requires a user name and password/);
    assert.equal(classifyNetworkError(new Error('Proxy response (403) !== 200 when HTTP Tunneling'), context).proxyAuthenticationRequired, undefined);
  });

  it('names gestix.tls.caCertificates for an authority this machine does not trust, and only then', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      const classified = classifyNetworkError(Object.assign(new Error('x'), { code }), context);
      assert.equal(classified.reason, 'tls');
      assert.match(classified.message, /add its certificate authority \(a PEM file\) to the setting gestix\.tls\.caCertificates/, code);
    }
    assert.doesNotMatch(classifyNetworkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), context).message, /caCertificates/);
  });

  it('names gestix.tls.clientCertificate when the server asks for a client certificate', () => {
    const alert = classifyNetworkError(Object.assign(new Error('x'), { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' }), context);
    assert.match(alert.message, /set gestix\.tls\.clientCertificate/);
    const closedAtOnce = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { bytesRead: 0 } });
    assert.match(classifyNetworkError(closedAtOnce, { ...context, withoutClientCertificate: true }).message, /requires a client certificate, set gestix\.tls\.clientCertificate/);
    assert.doesNotMatch(classifyNetworkError(closedAtOnce, context).message, /clientCertificate/, 'not when one is configured');
    const closedLater = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { bytesRead: 120 } });
    assert.doesNotMatch(classifyNetworkError(closedLater, { ...context, withoutClientCertificate: true }).message, /clientCertificate/);
  });
});

describe('proxy credentials', () => {
  it('reads them, decoded, from a proxy URL', () => {
    assert.deepEqual(proxyUrlCredentials('http://corp%5Cjo:p%40ss@proxy.corp:3128'), { username: 'corp\\jo', password: 'p@ss' });
    assert.equal(proxyUrlCredentials('http://proxy.corp:3128'), undefined);
    assert.equal(proxyUrlCredentials('not a url'), undefined);
  });

  it('sends them as Basic, in UTF-8', () => {
    assert.equal(basicProxyAuthorization({ username: 'jo', password: 'pässword' }), `Basic ${Buffer.from('jo:pässword', 'utf8').toString('base64')}`);
  });

  it('are redacted from any text that carries them in a URL, in linear time', () => {
    assert.equal(redact('CONNECT via http://corp%5Cjo:s3cr3t@proxy.corp:3128 failed'), 'CONNECT via http://(redacted)@proxy.corp:3128 failed');
    assert.equal(redact('see https://docs.gestix.com/a@b and mail jo@corp.pt'), 'see https://docs.gestix.com/a@b and mail jo@corp.pt');
    const hostile = '://'.repeat(100_000) + 'a'.repeat(100_000);
    const started = performance.now();
    redact(hostile);
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
  });
});

describe('a direct connection that fails', () => {
  class Recording implements NetworkPrompts {
    readonly failures: string[] = [];
    async proxyCredentials() {
      return undefined;
    }
    async clientCertificatePassphrase() {
      return undefined;
    }
    directConnectionFailed(server: string, reason: string) {
      this.failures.push(`${server} ${reason}`);
    }
  }

  it('is reported, so the extension can mention PAC and system proxies; loopback and proxied traffic are not', async () => {
    const prompts = new Recording();
    const settings = { account: '1', apiVersion: 'v4.0.0', timeoutMs: 5_000 };
    const remote = new GestixClient({ ...settings, serverUrl: 'https://gestix.invalid' }, { env: {}, prompts });
    const local = new GestixClient({ ...settings, serverUrl: 'http://127.0.0.1:9' }, { env: {}, prompts });
    try {
      assert.equal((await remote.helo('token-value')).ok, false);
      assert.equal((await local.helo('token-value')).ok, false);
      assert.deepEqual(prompts.failures, ['gestix.invalid:443 dns']);
    } finally {
      await Promise.all([remote.close(), local.close()]);
    }
  });
});
