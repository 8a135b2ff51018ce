import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';

describe('signing in through the real input boxes', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'signin' });
  });
  after(async () => {
    await editor?.stop();
  });

  async function enterAccountAndToken(token: string): Promise<void> {
    await editor.runCommand('Gestix: Sign In');
    const accountBox = await editor.waitForInputBox(/Sign In \(1\/2\)/);
    assert.equal(accountBox.value, editor.sandbox.account, 'the account box is prefilled from gestix.account');
    assert.equal(accountBox.password, false);
    await editor.pressEnter();
    const tokenBox = await editor.waitForInputBox(/Sign In \(2\/2\)/);
    assert.equal(tokenBox.password, true, 'the API token box hides what is typed');
    assert.equal(tokenBox.value, '');
    await editor.typeIntoInput(token, { password: true });
    await editor.pressEnter();
  }

  it(
    'a wrong API token is rejected and nothing is stored',
    () =>
      editor.scenario('signin-wrong-token', async () => {
        await enterAccountAndToken('not-the-sandbox-token');
        const message = await editor.waitForNotification(/rejected/);
        assert.match(message, /API token/);
        assert.match(message, /Nothing was stored/);
        const helo = editor.sandbox.control.requests().filter((request) => request.path === '/helo');
        assert.deepEqual(helo.map((request) => request.status), [403]);
        assert.equal(await editor.paletteOffers('Gestix: Sign Out'), false, 'still signed out');
        assert.doesNotMatch(editor.outputChannelText(), /not-the-sandbox-token/, 'the token never reaches the log');
        assert.match(await editor.showNotificationCenter(), /rejected the API token/);
      })(),
  );

  it(
    'the sandbox API token signs in',
    () =>
      editor.scenario('signin', async () => {
        await editor.clearNotifications();
        await enterAccountAndToken(editor.sandbox.apiToken);
        const message = await editor.waitForNotification(/Signed in/);
        assert.match(message, new RegExp(`Signed in to Gestix account ${editor.sandbox.account}\\.`));
        const helo = editor.sandbox.control.requests().filter((request) => request.path === '/helo');
        assert.equal(helo.at(-1)?.status, 200);
        assert.equal(await editor.paletteOffers('Gestix: Sign Out'), true, 'Sign Out is offered once signed in');
        assert.doesNotMatch(editor.outputChannelText(), new RegExp(editor.sandbox.apiToken), 'the token never reaches the log');
        assert.match(await editor.showNotificationCenter(), /Signed in to Gestix account/);
        // The "Signing in…" progress closes once the sign-in is done.
        await editor.page.locator('.notifications-center .notification-list-item', { hasText: 'Signing in to Gestix' }).waitFor({ state: 'detached' });
      })(),
  );
});
