// Where sending is offered in a real editor: the editor and Explorer menus on an invoice file (Send
// as New Copy, Copy as cURL and Compare with Server Copy too) and not on package.json, Send Folder… on a folder with documents and not on one without, Explain
// Error Response on a selection of JSON and not of TypeScript, and Ctrl+K Ctrl+Enter sending the
// document file in the editor, a chord no other command uses.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { KeyboardShortcuts } from './harness/keyboardShortcuts';
import { signIn } from './steps';

const SEND_ENTRIES = ['Send Invoice', 'Send Document…'];
const NEW_COPY = 'Send as New Copy';
const CURL = 'Copy as cURL';
const COMPARE = 'Compare with Server Copy';
const SEND_FOLDER = 'Send Folder…';
const EXPLAIN = 'Explain Error Response';

/** A project that is not Gestix's next to the documents: package.json, tsconfig.json, TypeScript and a folder of notes. */
function addOtherProjectFiles(workspace: string): void {
  writeFileSync(join(workspace, 'package.json'), `${JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { start: 'node .' } }, null, 2)}\n`);
  writeFileSync(join(workspace, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { strict: true } }, null, 2)}\n`);
  mkdirSync(join(workspace, 'notes'), { recursive: true });
  writeFileSync(join(workspace, 'notes', 'settings.json'), '{ "status": 404, "requestId": "req-1" }\n');
  writeFileSync(join(workspace, 'notes', 'server.ts'), 'export const status = 404;\n');
}

/** The Gestix entries of a menu, in menu order. */
function gestixEntries(labels: readonly string[]): string[] {
  return labels.filter((label) => [...SEND_ENTRIES, NEW_COPY, CURL, COMPARE, SEND_FOLDER, EXPLAIN].includes(label));
}

describe('menus and the Send keybinding', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'menus', prepareWorkspace: addOtherProjectFiles });
  });
  after(async () => {
    await editor?.stop();
  });

  /** Opens `path`, selects all of it and returns the Gestix entries of the editor's context menu. */
  async function editorMenu(path: string, screenshot: string): Promise<string[]> {
    await editor.files.open(path);
    await editor.files.focus();
    await editor.files.selectAll();
    const labels = await editor.files.contextMenuItems();
    await editor.screenshot(screenshot);
    await editor.dismiss();
    return gestixEntries(labels);
  }

  it(
    'the editor menu offers sending on an invoice file, not on package.json; Explain on JSON, not on TypeScript',
    () =>
      editor.scenario('menus-editor', async () => {
        assert.deepEqual(await editorMenu('invoices/good.invoice.json', 'menus-editor-invoice'), [...SEND_ENTRIES, EXPLAIN, NEW_COPY, CURL, COMPARE]);
        assert.deepEqual(await editorMenu('purchases/supplier.purchase.json', 'menus-editor-purchase'), ['Send Document…', EXPLAIN, NEW_COPY, CURL, COMPARE], 'Send Invoice only on invoices');
        assert.deepEqual(await editorMenu('package.json', 'menus-editor-package-json'), [EXPLAIN], 'package.json is not a document');
        assert.deepEqual(await editorMenu('notes/server.ts', 'menus-editor-typescript'), [], 'no error response is selected in TypeScript');
      })(),
  );

  it(
    'the Explorer menu offers sending on an invoice file, not on package.json or tsconfig.json',
    () =>
      editor.scenario('menus-explorer-files', async () => {
        await editor.quickInput.runCommand('View: Close All Editors');
        const packageJson = await editor.explorer.menuItemsOf('package.json');
        await editor.screenshot('menus-explorer-package-json');
        await editor.dismiss();
        assert.deepEqual(gestixEntries(packageJson), []);
        const tsconfig = await editor.explorer.menuItemsOf('tsconfig.json');
        await editor.dismiss();
        assert.deepEqual(gestixEntries(tsconfig), []);

        await editor.files.open('invoices/good.invoice.json');
        await editor.explorer.revealActiveFile();
        const invoice = await editor.explorer.menuItemsOf('good.invoice.json');
        await editor.screenshot('menus-explorer-invoice');
        await editor.dismiss();
        assert.deepEqual(gestixEntries(invoice), [...SEND_ENTRIES, NEW_COPY]);
      })(),
  );

  it(
    'Send Folder… is on a folder that holds documents, and not on one without',
    () =>
      editor.scenario('menus-explorer-folders', async () => {
        const notes = await editor.explorer.menuItemsOf('notes');
        await editor.screenshot('menus-explorer-folder-without-documents');
        await editor.dismiss();
        assert.deepEqual(gestixEntries(notes), [], 'notes holds JSON, but no Gestix document');
        const invoices = await editor.explorer.menuItemsOf('invoices');
        await editor.screenshot('menus-explorer-folder-with-documents');
        await editor.dismiss();
        assert.deepEqual(gestixEntries(invoices), [SEND_FOLDER]);

        // A document written into the folder by another program counts as soon as the editor hears of it.
        writeFileSync(join(editor.workspace, 'notes', 'late.order.json'), '{}\n');
        const deadline = Date.now() + 20_000;
        let later: string[] = [];
        while (!later.includes(SEND_FOLDER) && Date.now() < deadline) {
          later = gestixEntries(await editor.explorer.menuItemsOf('notes'));
          await editor.dismiss();
        }
        assert.deepEqual(later, [SEND_FOLDER]);
      })(),
  );

  it(
    'Ctrl+K Ctrl+Enter in an invoice file sends it: the kind is suggested, Enter sends, the sandbox stores it',
    () =>
      editor.scenario('keybinding-send', async () => {
        await signIn(editor);
        await editor.quickInput.runCommand('View: Close All Editors');
        await editor.files.open('invoices/good.invoice.json');
        await editor.files.focus();
        await editor.page.keyboard.press('Control+K');
        await editor.page.keyboard.press('Control+Enter');
        const suggested = editor.quickInput.row();
        await suggested.waitFor({ state: 'visible' });
        assert.match(await suggested.innerText(), /Invoice/, 'the kind is suggested from the file name');
        await editor.screenshot('keybinding-send-kind');
        await editor.quickInput.accept();
        const message = await editor.notifications.waitFor(/created in Gestix/, 30_000);
        assert.match(message, /Invoice FT2026\/\S+ created in Gestix/);
        assert.equal(editor.sandbox.control.documents('invoices').length, 1, 'the sandbox stored the invoice');
      })(),
  );

  it(
    'no other command, of VS Code or of another extension, is bound to Ctrl+K Ctrl+Enter',
    () =>
      editor.scenario('keybinding-free', async () => {
        const bound = await new KeyboardShortcuts(editor.page, editor.quickInput).commandsBoundTo('ctrl+k ctrl+enter');
        await editor.screenshot('keybinding-free-list');
        assert.equal(bound.length, 1, bound.join(' | '));
        assert.match(bound[0] ?? '', /Gestix: Send Document…/);
      })(),
  );
});
