// Behind a corporate network, in a real editor: the sandbox is served over HTTPS with a certificate
// from a private authority made by the test, and reached only through a CONNECT proxy that wants
// Basic credentials (VS Code's http.proxy, without credentials: the extension asks for them).
// Without the authority, signing in and sending fail with a message naming
// gestix.tls.caCertificates; with it, sign-in, send and status work; the credentials end up in no
// file, log or screen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CORPORATE_HOST, makePrivateCa, startAuthenticatingProxy, startHttpsFront, type PrivateCa, type RunningFront, type RunningProxy } from '../integration/corporate-network';
import { Editor } from './harness';
import { delay } from './harness/processes';
import { filesHoldingSecrets, signIn, startSignIn } from './steps';

/** Text of the toasts and of the error panel, whichever shows the failure. */
async function failureText(editor: Editor): Promise<string> {
  // Either may show it, so a panel that is not there is no failure; the caller checks the text.
  const panel = await editor.panel.text(1000).catch(() => '');
  return `${await editor.notifications.toastsText()}\n${panel}`;
}

describe('behind a TLS-inspecting proxy that requires credentials', { timeout: 400_000 }, () => {
  let ca: PrivateCa;
  let front: RunningFront;
  let proxy: RunningProxy;
  let editor: Editor;

  before(async () => {
    ca = makePrivateCa();
    front = await startHttpsFront(ca, () => Number(new URL(editor.sandbox.origin).port));
    proxy = await startAuthenticatingProxy(front.port);
    editor = await Editor.start({
      scenario: 'corporate-network',
      settings: {
        'gestix.serverUrl': `https://${CORPORATE_HOST}`,
        'http.proxy': `http://127.0.0.1:${proxy.port}`,
        'http.proxyStrictSSL': true,
      },
    });
  });
  after(async () => {
    await editor?.stop();
    await proxy?.close();
    await front?.close();
    ca?.remove();
  });

  const basic = () => `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`;

  it(
    'without the authority: the proxy asks for credentials once, and signing in fails naming gestix.tls.caCertificates',
    () =>
      editor.scenario('corporate-network-without-ca', async () => {
        await startSignIn(editor, editor.sandbox.apiToken);

        const user = await editor.quickInput.waitForInputBox(/Proxy Sign-In \(1\/2\)/);
        assert.match(user.prompt, new RegExp(`127\\.0\\.0\\.1:${proxy.port}`));
        assert.match(user.placeholder, /User name for the proxy/);
        await editor.quickInput.type(proxy.username);
        await editor.quickInput.accept();
        // One input of two steps: Back returns to the user name as typed.
        await editor.quickInput.waitForInputBox(/Proxy Sign-In \(2\/2\)/);
        await editor.quickInput.back();
        assert.equal((await editor.quickInput.waitForInputBox(/Proxy Sign-In \(1\/2\)/)).value, proxy.username);
        await editor.quickInput.accept();
        const password = await editor.quickInput.waitForInputBox(/Proxy Sign-In \(2\/2\)/);
        assert.ok(password.password, 'the proxy password box hides what is typed');
        assert.match(password.placeholder, /Password for the proxy/);
        await editor.quickInput.type(proxy.password, { password: true });
        await editor.quickInput.accept();

        const message = await editor.notifications.waitFor(/Could not sign in to Gestix/, 20_000);
        assert.match(message, /gestix\.tls\.caCertificates/);
        assert.match(message, new RegExp(CORPORATE_HOST.replace(/\./g, '\\.')));
        assert.equal(proxy.authorizations[0], undefined, 'the first CONNECT went without credentials');
        assert.ok(proxy.authorizations.includes(basic()), 'the credentials typed were sent to the proxy');
        assert.ok(proxy.tunnels.length > 0, 'the proxy let the connection through');
        assert.equal(editor.sandbox.control.requests().length, 0, 'nothing reached the server');
      })(),
  );

  it(
    'with the authority: sign-in (credentials not asked again), send and status work',
    () =>
      editor.scenario('corporate-network-signed-in', async () => {
        await editor.notifications.clear();
        editor.updateSettings({ 'gestix.tls.caCertificates': [ca.caFile] });
        // The settings file is watched; give the new setting a moment to reach the extension.
        await delay(2000);
        await signIn(editor, { overPlainHttp: false });
        assert.ok(editor.sandbox.control.requests().some((request) => request.path === '/helo' && request.status === 200));

        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.waitFor(/created in Gestix/, 20_000);
        assert.equal(editor.sandbox.control.documents('invoices').length, 1);
        await editor.notifications.clear();

        await editor.quickInput.runCommand('Gestix: Check Session Status');
        await editor.notifications.waitFor(/healthy/);
        assert.ok(editor.sandbox.control.requests().some((request) => request.path === '/status' && request.status === 200));
        assert.match(editor.logs.outputChannelText(), /TLS: trusting \d+ certificate authorities .*gestix\.tls\.caCertificates 1\)/);
      })(),
  );

  it(
    'without the authority again, sending fails with a message naming gestix.tls.caCertificates',
    () =>
      editor.scenario('corporate-network-send-without-ca', async () => {
        await editor.notifications.clear();
        editor.updateSettings({ 'gestix.tls.caCertificates': undefined });
        await delay(2000);
        const postsBefore = editor.sandbox.control.requests().filter((request) => request.method === 'POST').length;
        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        let text = '';
        for (const deadline = Date.now() + 20_000; !/gestix\.tls\.caCertificates/.test(text) && Date.now() < deadline; await delay(500)) {
          text = await failureText(editor);
        }
        assert.match(text, /gestix\.tls\.caCertificates/, text);
        assert.equal(editor.sandbox.control.requests().filter((request) => request.method === 'POST').length, postsBefore, 'nothing was sent');
      })(),
  );

  it('no proxy credential or token is in any file VS Code wrote, in the log or on screen', async () => {
    const secrets = [proxy.password, basic().slice('Basic '.length), editor.sandbox.apiToken, ...editor.sandbox.control.sessionTokens()];
    assert.deepEqual(filesHoldingSecrets(editor, secrets.map((secret) => ['a secret', secret] as const)), []);
    const log = editor.logs.outputChannelText();
    assert.match(log, /Proxy credentials for http:\/\/127\.0\.0\.1:\d+ kept in secret storage/, 'the log was written and checked');
    const screen = await editor.workbenchText();
    assert.match(screen, /Gestix/, 'the workbench text was read');
    for (const secret of secrets) assert.ok(!screen.includes(secret), 'no secret on screen');
  });
});

describe('a server that requires a client certificate', { timeout: 400_000 }, () => {
  let ca: PrivateCa;
  let front: RunningFront;
  let editor: Editor;

  before(async () => {
    ca = makePrivateCa();
    front = await startHttpsFront(ca, () => Number(new URL(editor.sandbox.origin).port), { requireClientCertificate: true });
    editor = await Editor.start({
      scenario: 'client-certificate',
      settings: { 'gestix.serverUrl': `https://127.0.0.1:${front.port}`, 'gestix.tls.caCertificates': [ca.caFile] },
    });
  });
  after(async () => {
    await editor?.stop();
    await front?.close();
    ca?.remove();
  });

  it(
    'refuses a sign-in without a certificate, naming gestix.tls.clientCertificate; with one, asks its passphrase once and works',
    () =>
      editor.scenario('client-certificate', async () => {
        await startSignIn(editor, editor.sandbox.apiToken);
        const refused = await editor.notifications.waitFor(/Could not sign in to Gestix/, 20_000);
        assert.match(refused, /gestix\.tls\.clientCertificate/);
        assert.ok(front.refusedHandshakes > 0, 'the server refused the handshake');
        assert.equal(editor.sandbox.control.requests().length, 0);
        await editor.notifications.clear();

        editor.updateSettings({ 'gestix.tls.clientCertificate': ca.clientEncryptedPem });
        await delay(2000);
        await startSignIn(editor, editor.sandbox.apiToken);
        const box = await editor.quickInput.waitForInputBox(/Client Certificate Passphrase/);
        assert.ok(box.password, 'the passphrase box hides what is typed');
        assert.match(box.placeholder, /Passphrase of the client certificate/);
        assert.ok(box.prompt.includes(ca.clientEncryptedPem), `the box names the file: ${box.prompt}`);
        await editor.quickInput.type(ca.passphrase, { password: true });
        await editor.quickInput.accept();
        await editor.notifications.waitFor(/Signed in/, 20_000);
        await editor.notifications.clear();

        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.waitFor(/created in Gestix/, 20_000);
        assert.equal(editor.sandbox.control.documents('invoices').length, 1);

        assert.deepEqual(filesHoldingSecrets(editor, [['the passphrase', ca.passphrase]]), []);
        assert.match(editor.logs.outputChannelText(), /The passphrase of .*client-encrypted\.pem kept in secret storage/);
      })(),
  );

  it(
    'a failed direct connection says once that PAC and system proxies need http.proxy',
    () =>
      editor.scenario('pac-notice', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        // The sign-in belongs to the previous server, so nothing goes to the new one until a sign-in there.
        editor.updateSettings({ 'gestix.serverUrl': 'https://gestix.invalid' });
        await delay(2000);
        await startSignIn(editor, 'a-token-for-the-new-server');
        const notice = await editor.notifications.waitFor(/PAC script/, 20_000);
        assert.match(notice, /gestix\.invalid:443/);
        assert.match(notice, /http\.proxySupport/);
        assert.match(notice, /http\.proxy\b/);
        assert.match(notice, /Open Setting/);
        await editor.screenshot('pac-notice-shown');
        await editor.notifications.clear();
        await startSignIn(editor, 'a-token-for-the-new-server');
        await editor.notifications.waitFor(/could not be found/, 20_000);
        await delay(1000);
        // Read where the failure was found (a toast, or the centre if its toast hid), so that "not said" is seen, not assumed.
        const shown = await editor.notifications.allText();
        assert.match(shown, /could not be found/, 'the notifications were read');
        assert.doesNotMatch(shown, /PAC script/, 'said once');
      })(),
  );
});
