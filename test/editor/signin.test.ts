import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { Editor } from './harness';
import { confirmUnencryptedDestination, sandboxHost, waitFor } from './steps';

describe('signing in through the real input boxes', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'signin' });
  });
  after(async () => {
    await editor?.stop();
  });

  function heloStatuses(sandbox: RunningSandbox): (number | undefined)[] {
    return sandbox.control.requests().filter((request) => request.path === '/helo').map((request) => request.status);
  }

  /** Runs Sign In (unless something else already started it) against `sandbox`, the scenario's unless given. */
  async function enterAccountAndToken(token: string, sandbox: RunningSandbox = editor.sandbox, started = false): Promise<void> {
    const host = new URL(sandbox.origin).host;
    if (!started) await editor.quickInput.runCommand('Gestix: Sign In');
    const accountBox = await editor.quickInput.waitForInputBox(/Sign In \(1\/2\)/);
    assert.equal(accountBox.value, sandbox.account, 'the account box is prefilled from gestix.account');
    assert.equal(accountBox.password, false);
    assert.ok(accountBox.prompt.includes(`at ${host}`), `the account box names the server: ${accountBox.prompt}`);
    await editor.quickInput.accept();
    // The scenario's sandbox is a local server this window did not start: the person is asked first.
    const question = await confirmUnencryptedDestination(editor, host);
    assert.ok(question.includes(`Send your Gestix API token to ${host} over unencrypted http?`), question);
    assert.match(question, /not the local sandbox this window started/);
    const tokenBox = await editor.quickInput.waitForInputBox(/Sign In \(2\/2\)/);
    assert.equal(tokenBox.password, true, 'the API token box hides what is typed');
    assert.equal(tokenBox.value, '');
    assert.ok(tokenBox.prompt.includes(`API token for account ${sandbox.account} at ${host}`), `the token box names the destination: ${tokenBox.prompt}`);
    await editor.quickInput.type(token, { password: true });
    await editor.quickInput.accept();
  }

  it(
    'declining to send a secret over plain http to a server this window did not start asks for nothing and sends nothing',
    () =>
      editor.scenario('signin-declined', async () => {
        await editor.quickInput.runCommand('Gestix: Sign In');
        await editor.quickInput.waitForInputBox(/Sign In \(1\/2\)/);
        await editor.quickInput.accept();
        await confirmUnencryptedDestination(editor, sandboxHost(editor), 'cancel');
        assert.equal(await editor.quickInput.titled(/Sign In \(2\/2\)/).isVisible(), false, 'no token box');
        assert.deepEqual(heloStatuses(editor.sandbox), []);
      })(),
  );

  it(
    'sign-in is one multi-step input: placeholders, and Back from the token returns to the account with what was typed kept',
    () =>
      editor.scenario('signin-back', async () => {
        await editor.quickInput.runCommand('Gestix: Sign In');
        const accountBox = await editor.quickInput.waitForInputBox(/Sign In \(1\/2\)/);
        assert.match(accountBox.placeholder, /Account id, e\.g\. 03101176/);
        assert.ok(accountBox.prompt.includes(`at ${sandboxHost(editor)}`), `the account step names the server: ${accountBox.prompt}`);
        // Another account than the setting's, so that what Back shows is what was typed.
        await editor.quickInput.type('typed-account');
        await editor.quickInput.accept();
        await confirmUnencryptedDestination(editor);
        const tokenBox = await editor.quickInput.waitForInputBox(/Sign In \(2\/2\)/);
        assert.match(tokenBox.placeholder, /Paste the API token/);
        assert.ok(tokenBox.prompt.includes(`API token for account typed-account at ${sandboxHost(editor)}`), tokenBox.prompt);
        assert.equal(tokenBox.password, true);
        await editor.screenshot('signin-back-token-step');

        await editor.quickInput.back();
        const backAtAccount = await editor.quickInput.waitForInputBox(/Sign In \(1\/2\)/);
        assert.equal(backAtAccount.value, 'typed-account', 'Back keeps the account typed');
        assert.equal(await editor.quickInput.titled(/Sign In \(2\/2\)/).isVisible(), false);
        await editor.screenshot('signin-back-account-step');

        // The plain-http question was answered in this sign-in: forward again goes straight to the token.
        await editor.quickInput.type(editor.sandbox.account);
        await editor.quickInput.accept();
        await editor.quickInput.waitForInputBox(/Sign In \(2\/2\)/);
        assert.equal(await editor.dialog.isOpen(), false, 'not asked twice');
        await editor.dismiss();
        await editor.quickInput.titled(/Sign In/).waitFor({ state: 'hidden' });
        assert.deepEqual(heloStatuses(editor.sandbox), [], 'Escape signs in nowhere');
      })(),
  );

  it(
    'a wrong API token is rejected and nothing is stored',
    () =>
      editor.scenario('signin-wrong-token', async () => {
        await enterAccountAndToken('not-the-sandbox-token');
        const message = await editor.notifications.waitFor(/rejected/);
        assert.match(message, /API token/);
        assert.match(message, /Nothing was stored/);
        assert.deepEqual(heloStatuses(editor.sandbox), [403]);
        assert.equal(await editor.quickInput.paletteOffers('Gestix: Sign Out'), false, 'still signed out');
        assert.doesNotMatch(editor.logs.writtenOutputChannelText(), /not-the-sandbox-token/, 'the token never reaches the log');
        assert.match(await editor.notifications.showCenter(), /rejected the API token/);
      })(),
  );

  it(
    'the sandbox API token signs in',
    () =>
      editor.scenario('signin', async () => {
        await editor.notifications.clear();
        await enterAccountAndToken(editor.sandbox.apiToken);
        const message = await editor.notifications.waitFor(/Signed in/);
        assert.match(message, new RegExp(`Signed in to Gestix account ${editor.sandbox.account}\\.`));
        assert.equal(heloStatuses(editor.sandbox).at(-1), 200);
        assert.equal(await editor.quickInput.paletteOffers('Gestix: Sign Out'), true, 'Sign Out is offered once signed in');
        assert.doesNotMatch(editor.logs.writtenOutputChannelText(), new RegExp(editor.sandbox.apiToken), 'the token never reaches the log');
        assert.match(await editor.notifications.showCenter(), /Signed in to Gestix account/);
        // The "Signing in…" progress closes once the sign-in is done.
        await editor.notifications.centerItem('Signing in to Gestix').waitFor({ state: 'detached' });
      })(),
  );

  it(
    'after the server URL changes, the stored token is not sent to the new server; signing in there asks for its own',
    () =>
      editor.scenario('signin-server-changed', async () => {
        const other = await startSandbox({ account: 'other-account' });
        try {
          await editor.notifications.clear();
          const statusItem = editor.statusBar.session;
          await statusItem.waitForIcon('check');
          // As a person editing settings.json would: the server setting is machine-scoped, so code-server's
          // extension host reads it from the machine's settings file.
          writeFileSync(
            join(editor.userDataDir, 'Machine', 'settings.json'),
            `${JSON.stringify({ 'gestix.serverUrl': other.origin, 'gestix.account': other.account }, null, 2)}\n`,
          );
          await statusItem.waitForIcon('account');
          assert.match(await statusItem.text(), /Gestix: Sign in/);

          await editor.files.open('invoices/good.invoice.json');
          await editor.quickInput.runCommand('Gestix: Send Invoice');
          const asked = await editor.notifications.waitFor(/Your stored Gestix sign-in is for/);
          assert.ok(asked.includes(`is for ${editor.sandbox.origin}/api/${editor.sandbox.account}, and is not sent anywhere else`), asked);
          assert.ok(asked.includes(`Sign in to ${other.origin} before sending documents there`), asked);
          assert.deepEqual(other.control.requests(), [], 'the new server saw nothing, least of all the stored token');

          await editor.notifications.clickButton(/Your stored Gestix sign-in is for/, 'Sign In');
          await enterAccountAndToken(other.apiToken, other, true);
          await waitFor('the invoice to be stored by the new server', () => other.control.documents('invoices').length === 1, 20_000);
          await statusItem.waitForIcon('check');
          assert.deepEqual(heloStatuses(other), [200], 'the new server got its own token, once');
          assert.deepEqual(heloStatuses(editor.sandbox), [403, 200], 'the first server saw only the sign-ins made for it');
          assert.equal(editor.sandbox.control.documents('invoices').length, 0);
          await waitFor('the status check of the new server', () => other.control.requests().some((request) => request.path === '/status'));
        } finally {
          await other.close();
        }
      })(),
  );
});
