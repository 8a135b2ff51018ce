import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { answerSignIn, freshInvoice, sandboxHost, signIn, waitFor } from './steps';

/** The label VS Code gives the extension's authentication provider (package.json contributes.authentication). */
const GESTIX = 'Gestix';
const LOCAL_SANDBOX = 'Local sandbox';
/** The scenario sandbox serves another account than the local sandbox, so that the two are told apart by more than their port. */
const ACCOUNT = 'empresa-a';

/** What the test-only extension wrote after asking VS Code for a Gestix session. */
interface SessionGot {
  ok: boolean;
  account?: string;
  accessToken?: string;
  error?: string;
}

describe("the connections in VS Code's Accounts menu", { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'accounts-menu', sandbox: { account: ACCOUNT }, companionExtensions: ['session-asker'] });
  });
  after(async () => {
    await editor?.stop();
  });

  function helos(): number {
    return editor.sandbox.control.requests().filter((request) => request.path === '/helo').length;
  }

  async function startLocalSandbox(): Promise<void> {
    await editor.notifications.clear();
    await editor.quickInput.runCommand('Gestix: Start Local Sandbox');
    const started = await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
    assert.match(started, /you are signed in to it/);
    await editor.notifications.clear();
  }

  async function stopLocalSandbox(): Promise<void> {
    await editor.quickInput.runCommand('Gestix: Stop Local Sandbox');
    await editor.notifications.waitFor(/sandbox was stopped/);
    await editor.notifications.clear();
  }

  /**
   * Runs the companion extension's command, which asks VS Code for a Gestix session, and agrees when
   * VS Code asks the person; `answerTheSignIn` answers the sign-in that follows. Returns what the extension got.
   */
  async function sessionAskedByAnotherExtension(screenshot: string, answerTheSignIn: () => Promise<void>): Promise<SessionGot> {
    const outcome = join(editor.workspace, 'gestix-session.json');
    rmSync(outcome, { force: true });
    await editor.quickInput.runCommand('Session Asker: Ask for a Gestix Session');
    const question = await editor.dialog.waitForOpen();
    assert.match(question, /The extension 'Gestix Session Asker \(test only\)' wants to sign in using Gestix\./);
    await editor.screenshot(screenshot);
    await editor.dialog.answer('Allow');
    await answerTheSignIn();
    await waitFor('the extension to write what it got', () => existsSync(outcome), 30_000);
    return JSON.parse(readFileSync(outcome, 'utf8')) as SessionGot;
  }

  /** Chooses Sign Out for `account` in the Accounts menu and confirms VS Code's question; returns the question. */
  async function signOutInAccountsMenu(account: string, screenshot?: string): Promise<string> {
    assert.deepEqual(await editor.accounts.openAccount(account, GESTIX), ['Manage Trusted Extensions', 'Sign Out']);
    if (screenshot) await editor.screenshot(screenshot);
    await editor.accounts.chooseInAccount('Sign Out');
    const question = await editor.dialog.waitForOpen();
    await editor.dialog.answer('Sign Out');
    return question;
  }

  it(
    'lists each signed-in connection under Gestix: the settings one, named after its account, and the local sandbox',
    () =>
      editor.scenario('accounts-menu-listed', async () => {
        assert.deepEqual(await editor.accounts.accountsOf(GESTIX), [], 'nothing is listed before a sign-in');
        await signIn(editor);
        await editor.accounts.waitForAccounts(GESTIX, [ACCOUNT]);

        await startLocalSandbox();
        const listed = await editor.accounts.waitForAccounts(GESTIX, [ACCOUNT, LOCAL_SANDBOX]);
        assert.deepEqual(listed, [ACCOUNT, LOCAL_SANDBOX], 'in the order of the connections');
        const rows = await editor.accounts.open();
        assert.ok(rows.includes(`${ACCOUNT} (${GESTIX})`) && rows.includes(`${LOCAL_SANDBOX} (${GESTIX})`), JSON.stringify(rows));
        await editor.screenshot('accounts-menu-two-connections');
        await editor.accounts.close();
        assert.doesNotMatch(editor.logs.writtenOutputChannelText(), new RegExp(editor.sandbox.apiToken), 'no token reaches the log');
        for (const token of editor.sandbox.control.sessionTokens()) assert.ok(!editor.logs.writtenOutputChannelText().includes(token), 'no session token reaches the log');
      })(),
  );

  it(
    'signing out of the local sandbox there signs out of it alone; the other connection still sends, its sign-in untouched',
    () =>
      editor.scenario('accounts-menu-sign-out-sandbox', async () => {
        const helosBefore = helos();
        const question = await signOutInAccountsMenu(LOCAL_SANDBOX, 'accounts-menu-sandbox-submenu');
        assert.match(question, new RegExp(`Sign out of '${LOCAL_SANDBOX}'\\?`));
        await editor.accounts.waitForAccounts(GESTIX, [ACCOUNT]);
        // The sandbox is the connection in use: the status item asks for a sign-in, naming it.
        await editor.statusBar.session.waitForIcon('account');
        assert.match(await editor.statusBar.session.text(), new RegExp(`Gestix: Sign in.*${LOCAL_SANDBOX}`));
        await editor.screenshot('accounts-menu-sandbox-signed-out');

        // Stopping the sandbox goes back to the other connection, whose sign-in was never touched.
        await stopLocalSandbox();
        await editor.statusBar.session.waitForIcon('check');
        await editor.files.open(freshInvoice(editor, 'after-sandbox-sign-out'));
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.waitFor(/created in Gestix/, 20_000);
        await waitFor('the invoice to be stored by the scenario sandbox', () => editor.sandbox.control.documents('invoices').length === 1, 20_000);
        assert.equal(helos(), helosBefore, 'the scenario connection did not have to sign in again');
        await editor.notifications.clear();
      })(),
  );

  it(
    'signing out there of a connection not in use removes its sign-in; the connection in use keeps working',
    () =>
      editor.scenario('accounts-menu-sign-out-connection', async () => {
        await startLocalSandbox();
        await editor.accounts.waitForAccounts(GESTIX, [ACCOUNT, LOCAL_SANDBOX]);
        const requestsBefore = editor.sandbox.control.requests().length;

        const question = await signOutInAccountsMenu(ACCOUNT, 'accounts-menu-connection-submenu');
        assert.match(question, new RegExp(`Sign out of '${ACCOUNT}'\\?`));
        await editor.accounts.waitForAccounts(GESTIX, [LOCAL_SANDBOX]);

        // The local sandbox, in use, still works.
        await editor.quickInput.runCommand('Gestix: Check Session Status');
        assert.match(await editor.notifications.waitFor(/The Gestix session/), /The Gestix session is healthy/);
        await editor.notifications.clear();
        assert.match(await editor.statusBar.session.text(), new RegExp(`Gestix: ${LOCAL_SANDBOX}`));

        // Back on the connection signed out of: it asks for a sign-in, and its token went nowhere.
        await stopLocalSandbox();
        await editor.statusBar.session.waitForIcon('account');
        assert.match(await editor.statusBar.session.text(), /Gestix: Sign in/);
        assert.equal(await editor.quickInput.paletteOffers('Gestix: Sign Out'), false, 'signed out: Sign Out is not offered');
        await editor.accounts.waitForAccounts(GESTIX, []);
        assert.equal(editor.sandbox.control.requests().length, requestsBefore, 'the scenario sandbox heard nothing more');
      })(),
  );

  it(
    'another extension asks for a Gestix session: VS Code asks the person, the connection in use is signed in to, and the extension gets its session',
    () =>
      editor.scenario('accounts-menu-extension-signs-in', async () => {
        const got = await sessionAskedByAnotherExtension('accounts-menu-extension-asks', async () => {
          await answerSignIn(editor, editor.sandbox.apiToken, sandboxHost(editor));
          await editor.notifications.waitFor(/Signed in to Gestix account/);
        });
        assert.equal(got.ok, true, got.error);
        assert.equal(got.account, ACCOUNT);
        assert.ok(got.accessToken && editor.sandbox.control.sessionTokens().includes(got.accessToken), 'a session token the scenario sandbox issued');
        await editor.accounts.waitForAccounts(GESTIX, [ACCOUNT]);
        await editor.statusBar.session.waitForIcon('check');
        await editor.notifications.clear();
      })(),
  );

  it(
    'when the session expires and a send renews it, the extension that was given it hears of the new token',
    () =>
      editor.scenario('accounts-menu-renewal-told', async () => {
        const changed = join(editor.workspace, 'gestix-session-changed.json');
        rmSync(changed, { force: true });
        editor.sandbox.control.expireSessions();
        await editor.files.open(freshInvoice(editor, 'after-expiry'));
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        await editor.notifications.waitFor(/created in Gestix/, 20_000);
        await waitFor('the extension to be told of the new session', () => existsSync(changed), 20_000);
        const { accessToken } = JSON.parse(readFileSync(changed, 'utf8')) as { accessToken: string | null };
        const tokens = editor.sandbox.control.sessionTokens();
        assert.ok(accessToken && tokens.includes(accessToken), 'a token the sandbox issued');
        assert.equal(accessToken, tokens[tokens.length - 1], 'the newest one, issued by the renewal');
        await editor.notifications.clear();
      })(),
  );

  it(
    'asked while the local sandbox is in use and signed out of, the sandbox is signed in to again',
    () =>
      editor.scenario('accounts-menu-extension-signs-in-sandbox', async () => {
        await startLocalSandbox();
        await editor.accounts.waitForAccounts(GESTIX, [ACCOUNT, LOCAL_SANDBOX]);
        await signOutInAccountsMenu(LOCAL_SANDBOX);
        // The extension was given this one before: VS Code names it when asking.
        assert.match(await signOutInAccountsMenu(ACCOUNT), /Gestix Session Asker/);
        await editor.accounts.waitForAccounts(GESTIX, []);

        const got = await sessionAskedByAnotherExtension('accounts-menu-extension-asks-sandbox', async () => {
          const signedIn = await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
          assert.match(signedIn, /you are signed in to it/);
        });
        assert.equal(got.ok, true, got.error);
        assert.equal(got.account, LOCAL_SANDBOX);
        assert.ok(got.accessToken && !editor.sandbox.control.sessionTokens().includes(got.accessToken), "the local sandbox's session, not the scenario one's");
        await editor.accounts.waitForAccounts(GESTIX, [LOCAL_SANDBOX]);
        assert.match(await editor.statusBar.session.text(), new RegExp(`Gestix: ${LOCAL_SANDBOX}`));
      })(),
  );
});
