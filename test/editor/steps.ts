// Gestures several scenarios share, built from the harness's primitives.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { Editor } from './harness';

/**
 * Signs in with the scenario sandbox's API token. Over plain http to the scenario's sandbox (not one
 * this window started) the extension asks first; an https server is not asked about.
 */
export async function signIn(editor: Editor, { overPlainHttp = true } = {}): Promise<void> {
  await startSignIn(editor, editor.sandbox.apiToken, overPlainHttp ? sandboxHost(editor) : undefined);
  await editor.waitForNotification(/Signed in/);
  await editor.clearNotifications();
}

/** Runs Gestix: Sign In with the prefilled account and `token`, answering yes when asked about plain http to `httpHost`. */
export async function startSignIn(editor: Editor, token: string, httpHost?: string): Promise<void> {
  await editor.runCommand('Gestix: Sign In');
  await editor.waitForInputBox(/Sign In \(1\/2\)/);
  await editor.pressEnter();
  if (httpHost) await confirmUnencryptedDestination(editor, httpHost);
  await editor.waitForInputBox(/Sign In \(2\/2\)/);
  await editor.typeIntoInput(token, { password: true });
  await editor.pressEnter();
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
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible' });
  const text = await dialog.innerText();
  await dialog.locator('.monaco-button', { hasText: answer === 'send' ? `Send to ${host}` : 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  return text;
}

/** Clicks a button of the notification toast whose text matches. */
export async function clickNotificationButton(editor: Editor, toast: RegExp, button: string): Promise<void> {
  await editor.waitForNotification(toast);
  const item = editor.page.locator('.notifications-toasts .notification-toast', { hasText: toast });
  await item.locator('.monaco-button', { hasText: button }).first().click();
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

/** Gives the keyboard back to the workbench (a webview may hold it) by clicking into the active editor. */
export async function focusEditor(editor: Editor): Promise<void> {
  await editor.page.locator('.part.editor .monaco-editor .view-lines').first().click();
}

/**
 * The hover of a token. The mouse is tried first, as a user would. Once a webview has had the
 * pointer, synthetic mouse events can stay with its frame; then the cursor is moved onto the token
 * with Find and the hover is asked for from the keyboard, which runs the same providers.
 */
export async function hoverTextOf(editor: Editor, token: string): Promise<string> {
  await editor.hoverOver(token);
  try {
    return await editor.hoverText(4000);
  } catch {
    await editor.page.keyboard.press('Control+F');
    await editor.page.keyboard.type(token);
    await editor.page.keyboard.press('Enter');
    await editor.page.keyboard.press('Escape');
    // Find leaves the token selected; ArrowLeft puts the cursor on its first character.
    await editor.page.keyboard.press('ArrowLeft');
    await editor.runCommand('Show or Focus Hover');
    return editor.hoverText();
  }
}

/** Runs Send Folder… from the Explorer's menu on the workspace folder `name`; returns the confirmation dialog. */
export async function sendFolderFromExplorer(editor: Editor, name: string): Promise<Locator> {
  await editor.runCommand('View: Show Explorer');
  const row = editor.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name}$`) });
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click({ button: 'right' });
  // The workbench's menus act on the highlighted item; a synthetic click can land before they listen.
  await editor.page.locator('.context-view .action-item', { hasText: 'Send Folder…' }).hover();
  await editor.page.keyboard.press('Enter');
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  return dialog;
}
