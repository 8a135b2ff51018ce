// Gestures several scenarios share, built from the harness's page objects.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox';
import type { Editor } from './harness';

/**
 * Signs in with the scenario sandbox's API token. Over plain http to the scenario's sandbox (not one
 * this window started) the extension asks first; an https server is not asked about.
 */
export async function signIn(editor: Editor, { overPlainHttp = true } = {}): Promise<void> {
  await startSignIn(editor, editor.sandbox.apiToken, overPlainHttp ? sandboxHost(editor) : undefined);
  await editor.notifications.waitFor(/Signed in/);
  await editor.notifications.clear();
}

/** Runs Gestix: Sign In with the prefilled account and `token`, answering yes when asked about plain http to `httpHost`. */
export async function startSignIn(editor: Editor, token: string, httpHost?: string): Promise<void> {
  await editor.quickInput.runCommand('Gestix: Sign In');
  await answerSignIn(editor, token, httpHost);
}

/** Answers the steps of a sign-in someone already started (the command, or Send's Sign In) with the prefilled account and `token`. */
export async function answerSignIn(editor: Editor, token: string, httpHost?: string): Promise<void> {
  await editor.quickInput.waitForInputBox(/Sign In \(1\/2\)/);
  await editor.quickInput.accept();
  if (httpHost) await confirmUnencryptedDestination(editor, httpHost);
  await editor.quickInput.waitForInputBox(/Sign In \(2\/2\)/);
  await editor.quickInput.type(token, { password: true });
  await editor.quickInput.accept();
}

/** The host of the scenario's sandbox, as the extension's prompts name it. */
export function sandboxHost(editor: Editor): string {
  return new URL(editor.sandbox.origin).host;
}

/**
 * Answers yes to the question asked before a typed secret goes over plain http to a local server
 * this window did not start, as the scenario's sandbox is; returns the question's text.
 */
export async function confirmUnencryptedDestination(editor: Editor, host = sandboxHost(editor), answer: 'send' | 'cancel' = 'send'): Promise<string> {
  const text = await editor.dialog.waitForOpen();
  await editor.dialog.answer(answer === 'send' ? `Send to ${host}` : 'Cancel');
  return text;
}

/**
 * Writes invoices/<name>.invoice.json, the good invoice under a seq_number of its own, for a
 * scenario that needs one more invoice the sandbox has not stored yet.
 */
export function freshInvoice(editor: Editor, name: string): string {
  const path = `invoices/${name}.invoice.json`;
  const invoice = JSON.parse(readFileSync(join(editor.workspace, 'invoices', 'good.invoice.json'), 'utf8'));
  invoice.seq_number = `FT2026/${randomBytes(4).toString('hex').toUpperCase()}`;
  writeFileSync(join(editor.workspace, path), `${JSON.stringify(invoice, null, 2)}\n`);
  return path;
}

/** Requests the sandbox saw for a document path, e.g. '/invoices' (POST only). */
export function posts(editor: Editor, path: string): { status: number | undefined }[] {
  return editor.sandbox.control.requests().filter((request) => request.method === 'POST' && request.path === path);
}

export async function waitFor(description: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs Send Folder… from the Explorer's menu on the workspace folder `name`; returns the confirmation's text. */
export async function sendFolderFromExplorer(editor: Editor, name: string): Promise<string> {
  await editor.explorer.runFolderMenuItem(name, 'Send Folder…');
  return editor.dialog.waitForOpen(30_000);
}

/**
 * The files VS Code and the extension wrote (user data, logs, global state, the workspace) that hold
 * one of `secrets`, as "<file> holds <what>". Fails unless the scan read the extension's own log,
 * so that a scan of the wrong folders cannot pass.
 */
export function filesHoldingSecrets(editor: Editor, secrets: readonly (readonly [what: string, value: string])[]): string[] {
  const leaks: string[] = [];
  let readTheLog = false;
  for (const root of [editor.userDataDir, editor.workspace]) {
    for (const file of filesUnder(root)) {
      const content = readFileSync(file, 'latin1');
      if (file.includes(`/${editor.extensionId}/`) && file.endsWith('/Gestix.log')) readTheLog ||= content.length > 0;
      for (const [what, value] of secrets) if (content.includes(value)) leaks.push(`${relative(root, file)} holds ${what}`);
    }
  }
  assert.ok(readTheLog, 'the scan read the Gestix log');
  return leaks;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map((entry) => join(folder, String(entry)))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}

export interface ConnectionFields {
  name: string;
  serverUrl: string;
  account: string;
  apiToken: string;
}

/** A sandbox's connection as Add Connection asks for it, under `name`. */
export function connectionTo(sandbox: RunningSandbox, name: string): ConnectionFields {
  return { name, serverUrl: sandbox.origin, account: sandbox.account, apiToken: sandbox.apiToken };
}

/**
 * Runs Gestix: Add Connection… and answers its steps (the API version as prefilled, an API token),
 * saying yes to plain http to the server's host; the check with the server follows.
 */
export async function startAddConnection(editor: Editor, fields: ConnectionFields): Promise<void> {
  await editor.quickInput.runCommand('Gestix: Add Connection…');
  await answerStep(editor, addConnectionStep(1), fields.name);
  await answerStep(editor, addConnectionStep(2), fields.serverUrl);
  await answerStep(editor, addConnectionStep(3), fields.account);
  await answerStep(editor, addConnectionStep(4), undefined);
  await editor.quickInput.titled(addConnectionStep(5)).waitFor({ state: 'visible' });
  await editor.quickInput.pick('API token');
  // Once it knows which secret would go there, it asks about plain http.
  await confirmUnencryptedDestination(editor, new URL(fields.serverUrl).host);
  await editor.quickInput.waitForInputBox(addConnectionStep(6));
  await editor.quickInput.type(fields.apiToken, { password: true });
  await editor.quickInput.accept();
}

/** Adds a connection through the UI and waits for it to be checked and saved; returns the notification's text. */
export async function addConnection(editor: Editor, fields: ConnectionFields): Promise<string> {
  await startAddConnection(editor, fields);
  const added = await editor.notifications.waitFor(/Connection .* added/, 20_000);
  await editor.notifications.clear();
  return added;
}

/** The title of Add Connection's step `step` (of however many its sign-in method needs). */
export function addConnectionStep(step: number): RegExp {
  return stepTitle('Add Connection', step);
}

/** The title of Edit Connection's step `step`, after the connection was picked. */
export function editConnectionStep(step: number): RegExp {
  return stepTitle('Edit Connection', step);
}

function stepTitle(command: string, step: number): RegExp {
  return new RegExp(`${command} \\(${step}/\\d+\\)`);
}

/** Types `text` into the step titled `step`, or accepts what it shows when `text` is undefined. */
async function answerStep(editor: Editor, step: RegExp, text: string | undefined): Promise<void> {
  await editor.quickInput.waitForInputBox(step);
  if (text !== undefined) await editor.quickInput.type(text);
  await editor.quickInput.accept();
}

/**
 * Runs Gestix: Edit Connection… on the connection `name` and answers its steps up to the secret,
 * typing the fields in `changes` and keeping the others as shown (API version, API token as the
 * sign-in method). A new server is asked about plain http to its host. The secret's step is left
 * showing.
 */
export async function editConnectionUpToSecret(editor: Editor, name: string, changes: Partial<Omit<ConnectionFields, 'apiToken'>>): Promise<void> {
  await editor.quickInput.runCommand('Gestix: Edit Connection…');
  await editor.quickInput.titled(/^Gestix: Edit Connection$/).waitFor({ state: 'visible' });
  await editor.quickInput.pick(name);
  await answerStep(editor, editConnectionStep(1), changes.name);
  await answerStep(editor, editConnectionStep(2), changes.serverUrl);
  await answerStep(editor, editConnectionStep(3), changes.account);
  await answerStep(editor, editConnectionStep(4), undefined);
  await editor.quickInput.titled(editConnectionStep(5)).waitFor({ state: 'visible' });
  await editor.quickInput.pick('API token');
  if (changes.serverUrl) await confirmUnencryptedDestination(editor, new URL(changes.serverUrl).host);
  await editor.quickInput.waitForInputBox(editConnectionStep(6));
}

/**
 * Opens the status bar item's menu, then its Switch Connection…, and returns the rows of the
 * connections' list (open until a row is picked or Escape).
 */
export async function openSwitchConnectionFromStatusBar(editor: Editor): Promise<string[]> {
  // The widget stays in the page once closed, holding its last title: a closed list is hidden, not gone.
  await editor.quickInput.titled(/Switch Connection/).waitFor({ state: 'hidden' });
  await editor.statusBar.session.click();
  await editor.quickInput.titled(/Gestix Session/).waitFor({ state: 'visible' });
  await editor.quickInput.pick('Switch Connection…');
  await editor.quickInput.titled(/Switch Connection/).waitFor({ state: 'visible' });
  return editor.quickInput.rowTexts();
}

/** Switches to the connection `name` from the status bar's menu; the item then names it. */
export async function switchConnectionFromStatusBar(editor: Editor, name: string): Promise<void> {
  await openSwitchConnectionFromStatusBar(editor);
  await editor.quickInput.pick(name);
  await editor.statusBar.session.waitForText(new RegExp(escapeRegExp(name)));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
