// Sending documents from a real editor: success, local checks, server rejections decoded in the
// panel with a squiggle on the field, a transparent re-authentication, and what a send tells and
// does not: Copy Number in the status bar, the panel alone when retries run out, no "Signed in"
// between the sign-in a send asks for and its result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { delay } from './harness/processes';
import { answerSignIn, freshInvoice, posts, sandboxHost, signIn, waitFor } from './steps';

describe('sending documents', { timeout: 600_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'send' });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'a good invoice is created and the notification shows its number',
    () =>
      editor.scenario('send-good-invoice', async () => {
        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const message = await editor.notifications.waitFor(/created in Gestix/, 20_000);
        const [stored] = editor.sandbox.control.documents('invoices');
        assert.ok(stored, 'the sandbox stored the invoice');
        assert.equal(editor.sandbox.control.documents('invoices').length, 1);
        assert.match(message, /Invoice FT2026\/\S+ created in Gestix/);
        assert.match(message, /Open PDF/);
        assert.match(message, /Copy Number/);
        await editor.logs.waitForOutputLine(/Invoice FT2026\/\S+ created \(id \d+\)/);
      })(),
  );

  it(
    'a JSON syntax error is shown where it is, and nothing is sent',
    () =>
      editor.scenario('send-broken-json', async () => {
        await editor.notifications.clear();
        const before = posts(editor, '/invoices').length;
        await editor.files.open('invoices/broken.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const message = await editor.notifications.waitFor(/not valid JSON/);
        assert.match(message, /nothing was sent/);
        await editor.files.waitForErrorSquiggle();
        assert.equal(posts(editor, '/invoices').length, before, 'no request reached the server');
      })(),
  );

  it(
    'a missing currency is caught before sending; sent anyway, the panel explains the 400 and the field is underlined',
    () =>
      editor.scenario('send-missing-currency', async () => {
        await editor.notifications.clear();
        const before = posts(editor, '/invoices').length;
        await editor.files.open('invoices/missing-currency.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const warning = await editor.notifications.waitFor(/Gestix would reject/);
        assert.match(warning, /Field 'currency' is required/);
        assert.equal(posts(editor, '/invoices').length, before, 'the local check sent nothing');
        await editor.notifications.clickButton(/Gestix would reject/, 'Send Anyway');
        await waitFor('the rejected POST', () => posts(editor, '/invoices').some((request) => request.status === 400));
        const panel = editor.panel;
        await panel.locator('h1', { hasText: 'currency' }).waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await panel.locator('.entry .code').first().innerText(), /INVALID_ARGUMENT/);
        assert.match(await panel.locator('.server-message').first().innerText(), /Field 'currency' is required/);
        assert.match(await panel.locator('dl.details').innerText(), /req-[0-9a-f]+/);
        assert.ok(await panel.button('goToField').isVisible(), 'Go to field is offered');
        await editor.files.waitForErrorSquiggle();
        const problems = await editor.statusBar.text();
        assert.match(problems, /\b1\b/, 'one problem is counted in the status bar');
        await editor.screenshot('send-missing-currency-panel');
        await panel.button('goToField').click();
        // The field is missing, so Go to field lands on the object where it belongs, in the sent file.
        await editor.files.activeTab('missing-currency.invoice.json').waitFor({ state: 'visible' });
        await editor.files.waitForFocus();
      })(),
  );

  it(
    'a negative discount is answered by the tax engine and decoded as Sovos SMAR-1004',
    () =>
      editor.scenario('send-sovos-discount', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        await editor.files.open('invoices/negative-discount.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const panel = editor.panel;
        await panel.locator('.entry .code', { hasText: 'SMAR-1004' }).waitFor({ state: 'visible', timeout: 20_000 });
        const entry = await panel.locator('.entry').first().innerText();
        assert.match(entry, /discount/i);
        assert.match(entry, /receivables/);
        assert.match(await panel.badges(), /Sovos Format 1/);
      })(),
  );

  it(
    'an expired session is renewed transparently and exactly one document is created',
    () =>
      editor.scenario('send-after-expiry', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        editor.sandbox.control.expireSessions();
        const helosBefore = editor.sandbox.control.requests().filter((request) => request.path === '/helo').length;
        await editor.files.open('purchases/supplier.purchase.json');
        await editor.quickInput.runCommand('Gestix: Send Document…');
        const pick = editor.quickInput.row();
        await pick.waitFor({ state: 'visible' });
        assert.match(await pick.innerText(), /Purchase/, 'the kind is suggested from the file name');
        await editor.quickInput.accept();
        const message = await editor.notifications.waitFor(/created in Gestix/, 30_000);
        assert.match(message, /Purchase CC\S* created in Gestix/);
        assert.equal(editor.sandbox.control.documents('purchases').length, 1, 'one purchase, not two');
        const helos = editor.sandbox.control.requests().filter((request) => request.path === '/helo');
        assert.equal(helos.length, helosBefore + 1, 'signed in again once, with the stored API token');
        assert.equal(helos.at(-1)?.status, 200);
      })(),
  );

  it(
    'Copy Number confirms in the status bar, not in a notification',
    () =>
      editor.scenario('send-copy-number', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        await editor.files.open(freshInvoice(editor, 'copied'));
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const created = await editor.notifications.waitFor(/created in Gestix/, 20_000);
        const number = /Invoice (FT2026\/\S+) created/.exec(created)?.[1];
        assert.ok(number, created);
        await editor.notifications.clickButton(/created in Gestix/, 'Copy Number');
        await editor.statusBar.waitForText(new RegExp(`Copied ${number.replace(/[/.]/g, '\\$&')} to the clipboard`));
        await editor.screenshot('send-copy-number-status-bar');
        assert.doesNotMatch(await editor.notifications.toastsText(), /[Cc]opied/);
        assert.doesNotMatch((await editor.notifications.centerItems()).join('\n'), /[Cc]opied/, 'no notification says copied');
        await editor.dismiss();
      })(),
  );

  it(
    'retries that run out on an answer show the error panel and no notification',
    () =>
      editor.scenario('send-retries-run-out', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        const before = posts(editor, '/invoices').length;
        editor.sandbox.control.injectFault({ fault: 'dbTimeout', method: 'POST', path: '/invoices', count: 4 });
        await editor.files.open(freshInvoice(editor, 'timed-out'));
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.panel.locator('.entry .code', { hasText: 'DB_TIMEOUT' }).waitFor({ state: 'visible', timeout: 30_000 });
        assert.deepEqual(posts(editor, '/invoices').slice(before).map((request) => request.status), [503, 503, 503, 503], 'four attempts, all answered DB_TIMEOUT');
        // A notification about the same failure would have been shown with the panel; a moment for it to render.
        await delay(1000);
        assert.doesNotMatch(await editor.notifications.toastsText(), /Could not send/);
        assert.doesNotMatch((await editor.notifications.centerItems()).join('\n'), /Could not send/, 'the panel alone tells what happened');
        await editor.dismiss();
        assert.equal(editor.sandbox.control.faults().length, 0, 'every fault was used');
      })(),
  );

  it(
    'a send that needs a sign-in signs in without a "Signed in" notification and creates the document',
    () =>
      editor.scenario('send-signs-in-quietly', async () => {
        await editor.files.focus();
        await editor.quickInput.runCommand('Gestix: Sign Out');
        await editor.notifications.waitFor(/Signed out of Gestix/);
        await editor.notifications.clear();
        const stored = editor.sandbox.control.documents('invoices').length;
        await editor.files.open(freshInvoice(editor, 'after-sign-in'));
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.clickButton(/Sign in to Gestix before sending/, 'Sign In');
        await answerSignIn(editor, editor.sandbox.apiToken, sandboxHost(editor));
        const created = await editor.notifications.waitFor(/created in Gestix/, 30_000);
        assert.match(created, /Invoice FT2026\/\S+ created in Gestix/);
        assert.equal(editor.sandbox.control.documents('invoices').length, stored + 1);
        // The sign-in's and the send's progress close (a toast does not vanish at once).
        await editor.notifications.root().locator('.notification-toast', { hasText: /Signing in|Sending invoice/ }).first().waitFor({ state: 'detached' });
        await editor.screenshot('send-signs-in-quietly-created');
        assert.doesNotMatch(await editor.notifications.toastsText(), /Signed in/);
        assert.doesNotMatch((await editor.notifications.centerItems()).join('\n'), /Signed in/, 'no "Signed in" notification between the sign-in and the result');
        await editor.dismiss();
      })(),
  );

  it('never writes a token to the log', () => {
    assert.ok(!editor.logs.writtenOutputChannelText().includes(editor.sandbox.apiToken), 'API token absent from the Gestix log');
    assert.ok(!editor.logs.writtenExtensionHostLog().includes(editor.sandbox.apiToken), 'API token absent from the extension host log');
  });
});
