// Connections in a real editor: two sandboxes on two ports stand for two companies' servers, each
// with its own account and API token. Both are added through Add Connection…, the status bar names
// the one in use and its menu switches, a document lands only on the server of the connection it
// was sent with, the built-in "Local sandbox" changes no settings file, and a workspace picks a
// connection by name unless it is opened in Restricted Mode. Edit Connection… renames a connection
// or moves it to a third server, and Remove Connection… forgets one.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningSandbox, SandboxOptions } from '../../src/sandbox';
import { Editor, type EditorOptions } from './harness';
import {
  addConnection,
  addConnectionStep,
  connectionTo,
  editConnectionStep,
  editConnectionUpToSecret,
  escapeRegExp,
  freshInvoice,
  openSwitchConnectionFromStatusBar,
  startAddConnection,
  switchConnectionFromStatusBar,
  waitFor,
} from './steps';

const EMPRESA_A = 'Empresa A (prod)';
const EMPRESA_B = 'Empresa B (test)';
/** Two companies' servers: each its own port, account and (random) API token. */
const TWO_COMPANIES: SandboxOptions[] = [{ account: '50100001' }, { account: '50200002' }];
/** The settings of version 0.2 name no server, so only the connections added here (and the sandbox) are offered. */
const NO_LEGACY_CONNECTION = { 'gestix.serverUrl': undefined, 'gestix.account': undefined, 'gestix.sandbox.port': 0 };

function companies(editor: Editor): { a: RunningSandbox; b: RunningSandbox } {
  const [a, b] = editor.moreSandboxes;
  return { a, b };
}

/** The seq_numbers of the invoices a sandbox stored. */
function storedInvoices(sandbox: RunningSandbox): unknown[] {
  return sandbox.control.documents('invoices').map((stored) => stored.document.seq_number);
}

function helos(sandbox: RunningSandbox): (number | undefined)[] {
  return sandbox.control.requests().filter((request) => request.path === '/helo').map((request) => request.status);
}

/** What gestix.connections in the user's settings.json says of each connection: name, server and account. */
function storedConnections(editor: Editor): { name: string; serverUrl: string; account: string }[] {
  const listed = (editor.userSettings()['gestix.connections'] ?? []) as { name: string; serverUrl: string; account: string }[];
  return listed.map(({ name, serverUrl, account }) => ({ name, serverUrl, account }));
}

/** Sends a new invoice with the connection in use; returns its seq_number. */
async function sendFreshInvoice(editor: Editor, name: string): Promise<string> {
  const path = freshInvoice(editor, name);
  await editor.files.open(path);
  await editor.quickInput.runCommand('Gestix: Send Invoice');
  const created = await editor.notifications.waitFor(/created in Gestix/, 20_000);
  const number = /Invoice (FT2026\/\S+) created/.exec(created)?.[1];
  assert.ok(number, created);
  await editor.notifications.clear();
  return number;
}

describe('two connections side by side', { timeout: 600_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'connections', moreSandboxes: TWO_COMPANIES, settings: NO_LEGACY_CONNECTION });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Add Connection… checks each server with /helo before saving anything, and keeps the token out of the settings',
    () =>
      editor.scenario('connections-added', async () => {
        const { a, b } = companies(editor);
        const untouched = editor.settingsFiles();

        // B's token typed for A: A refuses it, and nothing is written down.
        await startAddConnection(editor, { ...connectionTo(a, EMPRESA_A), apiToken: b.apiToken });
        const refused = await editor.notifications.waitFor(new RegExp(`The connection ${escapeRegExp(EMPRESA_A)} was not saved`), 20_000);
        assert.deepEqual(helos(a), [403], `A was asked once and refused: ${refused}`);
        assert.deepEqual(editor.settingsFiles(), untouched, 'no settings file changed');
        await editor.notifications.clear();

        // The multi-step input goes back a step, keeping what was typed.
        await editor.quickInput.runCommand('Gestix: Add Connection…');
        await editor.quickInput.waitForInputBox(addConnectionStep(1));
        await editor.quickInput.type(EMPRESA_A);
        await editor.quickInput.accept();
        const serverStep = await editor.quickInput.waitForInputBox(addConnectionStep(2));
        assert.equal(serverStep.value, 'https://gestix.pt:443', 'the server is prefilled');
        await editor.quickInput.back();
        assert.equal((await editor.quickInput.waitForInputBox(addConnectionStep(1))).value, EMPRESA_A, 'Back shows the name typed');
        await editor.dismiss();

        const addedA = await addConnection(editor, connectionTo(a, EMPRESA_A));
        assert.match(addedA, new RegExp(`Connection ${escapeRegExp(EMPRESA_A)} added; signed in to account ${a.account}\\.`));
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_A)}$`));
        await editor.statusBar.session.waitForIcon('check');
        // The session of the check is the connection's: one /helo per connection added.
        assert.deepEqual(helos(a), [403, 200]);

        const addedB = await addConnection(editor, connectionTo(b, EMPRESA_B));
        assert.match(addedB, new RegExp(`Connection ${escapeRegExp(EMPRESA_B)} added; signed in to account ${b.account}\\.`));
        await editor.statusBar.session.waitForIcon('check');
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_B)}$`));
        assert.deepEqual(helos(b), [200], 'B took its own token, once');
        assert.deepEqual(helos(a), [403, 200], 'A was not asked again');

        assert.deepEqual(storedConnections(editor), [
          { name: EMPRESA_A, serverUrl: a.origin, account: a.account },
          { name: EMPRESA_B, serverUrl: b.origin, account: b.account },
        ]);
        const settingsText = Object.values(editor.settingsFiles()).join('\n');
        for (const token of [a.apiToken, b.apiToken]) assert.ok(!settingsText.includes(token), 'no token in a settings file');
      })(),
  );

  it(
    "the status bar's menu lists both connections and switches to the one chosen",
    () =>
      editor.scenario('connections-switch-from-status-bar', async () => {
        const { a, b } = companies(editor);
        const rows = await openSwitchConnectionFromStatusBar(editor);
        const rowOf = (name: string) => rows.find((row) => row.startsWith(name)) ?? '';
        assert.match(rowOf(EMPRESA_A), new RegExp(`${a.account} · ${escapeRegExp(new URL(a.origin).host)}.*signed in`));
        assert.doesNotMatch(rowOf(EMPRESA_A), /in use/);
        assert.match(rowOf(EMPRESA_B), new RegExp(`${b.account} · ${escapeRegExp(new URL(b.origin).host)}.*\\(in use\\).*signed in`));
        assert.ok(rowOf('Local sandbox'), `the built-in sandbox is offered: ${JSON.stringify(rows)}`);
        assert.match(rows.at(-1) ?? '', /Add Connection…/);
        await editor.screenshot('connections-switch-list');

        await editor.quickInput.pick(EMPRESA_A);
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_A)}$`));
        await editor.statusBar.session.waitForIcon('check');
      })(),
  );

  it(
    'a document lands only on the server of the connection in use',
    () =>
      editor.scenario('connections-send-to-each', async () => {
        const { a, b } = companies(editor);
        await editor.notifications.clear();
        const toA = await sendFreshInvoice(editor, 'to-empresa-a');
        assert.deepEqual(storedInvoices(a), [toA]);
        assert.deepEqual(storedInvoices(b), []);

        await editor.quickInput.runCommand('Gestix: Switch Connection…');
        await editor.quickInput.titled(/Switch Connection/).waitFor({ state: 'visible' });
        await editor.quickInput.pick(EMPRESA_B);
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_B)}$`));
        const toB = await sendFreshInvoice(editor, 'to-empresa-b');
        assert.deepEqual(storedInvoices(b), [toB]);
        assert.deepEqual(storedInvoices(a), [toA], 'A got nothing more');
        assert.deepEqual(storedInvoices(editor.sandbox), [], 'and the scenario sandbox, which no connection names, nothing');
      })(),
  );

  it(
    'choosing "Local sandbox" starts it and changes no settings file; the other connections stay signed in',
    () =>
      editor.scenario('connections-local-sandbox', async () => {
        const { a, b } = companies(editor);
        await editor.notifications.clear();
        const before = editor.settingsFiles();
        await switchConnectionFromStatusBar(editor, 'Local sandbox');
        await editor.notifications.waitFor(/local Gestix sandbox runs at/, 20_000);
        await editor.statusBar.session.waitForIcon('check');
        assert.equal(await editor.statusBar.session.text(), 'Gestix: Local sandbox');
        await editor.notifications.clear();

        const invoicesBefore = [storedInvoices(a).length, storedInvoices(b).length];
        await sendFreshInvoice(editor, 'to-local-sandbox');
        await editor.logs.waitForOutputLine(/POST \/invoices -> 201/, 10_000, 'Gestix Sandbox');
        assert.deepEqual([storedInvoices(a).length, storedInvoices(b).length], invoicesBefore, 'the invoice went to the local sandbox only');
        assert.deepEqual(editor.settingsFiles(), before, 'every settings file is byte for byte as it was');
        await editor.screenshot('connections-local-sandbox-in-use');

        const rows = await openSwitchConnectionFromStatusBar(editor);
        for (const name of [EMPRESA_A, EMPRESA_B]) assert.match(rows.find((row) => row.startsWith(name)) ?? '', /(?<!not )signed in/, `${name} is still signed in`);
        const helosOfB = helos(b).length;
        await editor.quickInput.pick(EMPRESA_B);
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_B)}$`));
        await waitFor('a status check of B', () => b.control.requests().some((request) => request.path === '/status' && request.status === 200));
        await editor.statusBar.session.waitForIcon('check');
        assert.equal(helos(b).length, helosOfB, 'back on B without signing in again');
        assert.deepEqual(editor.settingsFiles(), before, 'switching back wrote nothing either');
      })(),
  );
});

const EMPRESA_B_RENAMED = 'Empresa B (staging)';
/** Where Empresa B's connection moves to: another server, with another account and API token. */
const MOVED_SERVER: SandboxOptions = { account: '50300003' };

function statusChecks(sandbox: RunningSandbox): number {
  return sandbox.control.requests().filter((request) => request.path === '/status' && request.status === 200).length;
}

describe('editing and removing a connection', { timeout: 600_000 }, () => {
  let editor: Editor;
  const movedServer = () => editor.moreSandboxes[2];
  before(async () => {
    editor = await Editor.start({ scenario: 'connections-edit-remove', moreSandboxes: [...TWO_COMPANIES, MOVED_SERVER], settings: NO_LEGACY_CONNECTION });
    const { a, b } = companies(editor);
    await addConnection(editor, connectionTo(a, EMPRESA_A));
    await addConnection(editor, connectionTo(b, EMPRESA_B));
    await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_B)}$`));
    await editor.statusBar.session.waitForIcon('check');
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Edit Connection… renaming the connection in use keeps it signed in without asking its server again',
    () =>
      editor.scenario('connections-edit-rename', async () => {
        const { b } = companies(editor);
        const helosOfB = helos(b).length;
        const statusChecksOfB = statusChecks(b);

        await editConnectionUpToSecret(editor, EMPRESA_B, { name: EMPRESA_B_RENAMED });
        assert.match((await editor.quickInput.inputBox()).placeholder, /Leave empty to keep the stored sign-in/);
        await editor.quickInput.accept();
        await editor.notifications.waitFor(new RegExp(`Connection ${escapeRegExp(EMPRESA_B_RENAMED)} saved\\.`), 20_000);
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_B_RENAMED)}$`));
        await waitFor('a status check under the new name', () => statusChecks(b) > statusChecksOfB);
        await editor.statusBar.session.waitForIcon('check');
        assert.equal(helos(b).length, helosOfB, 'no new /helo: the session went along with the name');
        assert.deepEqual(storedConnections(editor).map(({ name }) => name), [EMPRESA_A, EMPRESA_B_RENAMED]);
        await editor.notifications.clear();

        const rows = await openSwitchConnectionFromStatusBar(editor);
        assert.match(rows.find((row) => row.startsWith(EMPRESA_B_RENAMED)) ?? '', /\(in use\).*(?<!not )signed in/, rows.join(' | '));
        assert.ok(!rows.some((row) => row.startsWith(EMPRESA_B)), `the old name is gone: ${rows.join(' | ')}`);
        await editor.screenshot('connections-edit-renamed-in-switch-list');
        await editor.dismiss();
      })(),
  );

  it(
    'Edit Connection… pointing the connection at another server asks for its secret, checks it there, and sends there only',
    () =>
      editor.scenario('connections-edit-server', async () => {
        const { b } = companies(editor);
        const moved = movedServer();
        const helosOfB = helos(b).length;
        const invoicesOfB = storedInvoices(b);

        await editConnectionUpToSecret(editor, EMPRESA_B_RENAMED, { serverUrl: moved.origin, account: moved.account });
        const secretStep = await editor.quickInput.inputBox();
        assert.ok(secretStep.password, 'the secret step hides what is typed');
        assert.ok(secretStep.prompt.includes(`API token for account ${moved.account} at ${new URL(moved.origin).host}`), secretStep.prompt);
        await editor.quickInput.accept();
        const refusal = await editor.quickInput.waitForMessage(/Paste the API token/);
        await editor.screenshot('connections-edit-secret-required');
        assert.equal(await editor.quickInput.titled(editConnectionStep(6)).count(), 1, `an empty secret is refused: ${refusal}`);
        assert.deepEqual(helos(moved), [], 'nothing was sent before the secret was typed');

        await editor.quickInput.type(moved.apiToken, { password: true });
        await editor.quickInput.accept();
        await editor.notifications.waitFor(new RegExp(`Connection ${escapeRegExp(EMPRESA_B_RENAMED)} saved\\.`), 20_000);
        assert.deepEqual(helos(moved), [200], 'checked with /helo on the new server');
        assert.equal(helos(b).length, helosOfB, 'the old server was not asked');
        const requestsOfB = b.control.requests().length;
        await editor.notifications.clear();
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_B_RENAMED)}$`));
        await editor.statusBar.session.waitForIcon('check');
        const { a } = companies(editor);
        assert.deepEqual(storedConnections(editor), [
          { name: EMPRESA_A, serverUrl: a.origin, account: a.account },
          { name: EMPRESA_B_RENAMED, serverUrl: moved.origin, account: moved.account },
        ]);

        const sent = await sendFreshInvoice(editor, 'to-moved-server');
        assert.deepEqual(storedInvoices(moved), [sent]);
        assert.deepEqual(storedInvoices(b), invoicesOfB, 'the old server stored nothing more');
        assert.equal(b.control.requests().length, requestsOfB, 'and was asked nothing since the edit');
      })(),
  );

  it(
    'Remove Connection… names the connection, forgets it, and the other connection is used and still sends',
    () =>
      editor.scenario('connections-remove', async () => {
        const { a } = companies(editor);
        const invoicesOfMoved = storedInvoices(movedServer());

        await editor.quickInput.runCommand('Gestix: Remove Connection…');
        await editor.quickInput.titled(/Remove Connection/).waitFor({ state: 'visible' });
        await editor.quickInput.pick(EMPRESA_B_RENAMED);
        const question = await editor.dialog.waitForOpen();
        assert.match(question, new RegExp(`Remove the connection ${escapeRegExp(EMPRESA_B_RENAMED)}\\?`));
        await editor.screenshot('connections-remove-question');
        await editor.dialog.answer('Remove');

        const removed = await editor.notifications.waitFor(/Connection .* removed/);
        assert.match(removed, new RegExp(`Connection ${escapeRegExp(EMPRESA_B_RENAMED)} removed\\. Gestix uses ${escapeRegExp(EMPRESA_A)}\\.`));
        await editor.notifications.clear();
        assert.deepEqual(storedConnections(editor).map(({ name }) => name), [EMPRESA_A]);
        await editor.statusBar.session.waitForText(new RegExp(`^Gestix: ${escapeRegExp(EMPRESA_A)}$`));
        await editor.statusBar.session.waitForIcon('check');

        const rows = await openSwitchConnectionFromStatusBar(editor);
        assert.ok(!rows.some((row) => row.startsWith(EMPRESA_B_RENAMED)), `no longer offered: ${rows.join(' | ')}`);
        await editor.dismiss();

        const sent = await sendFreshInvoice(editor, 'after-removal');
        assert.deepEqual(storedInvoices(a), [sent]);
        assert.deepEqual(storedInvoices(movedServer()), invoicesOfMoved, 'nothing went to the removed connection\'s server');
      })(),
  );
});

/** A workspace whose .vscode/settings.json names B, with A and B in the user's connections (A first). */
function workspaceNamingB(scenario: string, restrictedMode: boolean): EditorOptions {
  return {
    scenario,
    restrictedMode,
    moreSandboxes: TWO_COMPANIES,
    settings: ({ moreSandboxes: [a, b] }) => ({
      ...NO_LEGACY_CONNECTION,
      'gestix.connections': [
        { name: EMPRESA_A, serverUrl: a.origin, account: a.account },
        { name: EMPRESA_B, serverUrl: b.origin, account: b.account },
      ],
    }),
    prepareWorkspace: (workspace) => {
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'gestix.connection': EMPRESA_B }, null, 2)}\n`);
    },
  };
}

/**
 * The connection Switch Connection… marks as in use (run from the palette: signed out, the status
 * item's click signs in instead of opening its menu).
 */
async function connectionInUse(editor: Editor): Promise<string | undefined> {
  await editor.quickInput.runCommand('Gestix: Switch Connection…');
  await editor.quickInput.titled(/Switch Connection/).waitFor({ state: 'visible' });
  const rows = await editor.quickInput.rowTexts();
  await editor.dismiss();
  return rows.filter((row) => /\(in use\)/.test(row)).map((row) => [EMPRESA_A, EMPRESA_B, 'Local sandbox'].find((name) => row.startsWith(name)))[0];
}

describe('a workspace that names a connection', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start(workspaceNamingB('connections-workspace', false));
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'uses the connection it names',
    () =>
      editor.scenario('connections-workspace-picks', async () => {
        await editor.statusBar.session.waitForText(new RegExp(`Gestix: Sign in · ${escapeRegExp(EMPRESA_B)}$`));
        assert.equal(await connectionInUse(editor), EMPRESA_B);
        // Signed out with a choice of connections, the item's menu offers both ways on.
        const rows = await openSwitchConnectionFromStatusBar(editor);
        assert.ok(rows.some((row) => row.startsWith(EMPRESA_A)), rows.join(' | '));
        await editor.screenshot('connections-workspace-switch-while-signed-out');
        await editor.dismiss();
      })(),
  );
});

describe('a workspace that names a connection, in Restricted Mode', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start(workspaceNamingB('connections-workspace-restricted', true));
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'does not get to choose: the first of the user\'s connections is used',
    () =>
      editor.scenario('connections-workspace-restricted', async () => {
        assert.match(await editor.statusBar.text(), /Restricted Mode/);
        await editor.statusBar.session.waitForText(new RegExp(`Gestix: Sign in · ${escapeRegExp(EMPRESA_A)}$`));
        assert.equal(await connectionInUse(editor), EMPRESA_A);
      })(),
  );
});
