// Where the manifest offers sending: menus and the keybinding name Gestix document files by the same
// rule as the code (kindFromFileName), Send Folder… only folders that hold documents, and Explain
// Error Response only the languages an error response comes in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DOCUMENT_FILE_GLOB, foldersHolding } from '../../src/core/documents/documentFolders';
import { DOCUMENT_KIND_INFO, kindFromFileName } from '../../src/core/documents/kinds';
import { COMMAND } from '../../src/vscode/commandIds';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface MenuEntry {
  command: string;
  when?: string;
}
interface Keybinding extends MenuEntry {
  key: string;
  mac?: string;
}

const menus: Record<string, MenuEntry[]> = manifest.contributes.menus;
const keybindings: Keybinding[] = manifest.contributes.keybindings;

function entry(menu: string, command: string): MenuEntry {
  const found = menus[menu]?.find((candidate) => candidate.command === command);
  assert.ok(found, `${command} is in ${menu}`);
  return found;
}

/** The regular expression a `when` clause tests the file name with, as the workbench reads it. */
function fileNameRule(when: string | undefined): RegExp {
  const match = /resourceFilename =~ \/(.+?)\/([a-z]*)(?:\s|$)/.exec(when ?? '');
  assert.ok(match, `"${when}" tests the file name`);
  return new RegExp(match[1], match[2]);
}

const DOCUMENT_NAMES = Object.values(DOCUMENT_KIND_INFO).flatMap((info) => info.fileSuffixes.map((suffix) => `2026-0001${suffix}`));
const OTHER_NAMES = ['package.json', 'tsconfig.json', 'package-lock.json', 'invoice.json', 'invoices.json', 'a.invoice.json.bak', 'a.invoice.jsonc', 'a.reorder.json', 'a.invoice-json', '.vscode/settings.json'];
const SAMPLES = [...DOCUMENT_NAMES, 'UPPER.INVOICE.JSON', 'Mixed.Purchase_Order.Json', ...OTHER_NAMES];

describe('menus and the keybinding name Gestix documents as the code does', () => {
  const documentEntries: [string, MenuEntry][] = [
    ['editor/title', entry('editor/title', COMMAND.sendDocument)],
    ['editor/context', entry('editor/context', COMMAND.sendDocument)],
    ['explorer/context', entry('explorer/context', COMMAND.sendDocument)],
    ['keybindings', keybindings.find((binding) => binding.command === COMMAND.sendDocument) ?? { command: '' }],
  ];

  for (const [where, { when }] of documentEntries) {
    test(`Send Document in ${where}: exactly the files named like a document kind`, () => {
      const rule = fileNameRule(when);
      for (const name of SAMPLES) assert.equal(rule.test(name), kindFromFileName(name) !== undefined, name);
    });
  }

  const copyEntries: [string, string][] = [
    ['editor/title', COMMAND.sendAsNewCopy],
    ['editor/title', COMMAND.copyAsCurl],
    ['editor/context', COMMAND.sendAsNewCopy],
    ['editor/context', COMMAND.copyAsCurl],
    ['explorer/context', COMMAND.sendAsNewCopy],
  ];
  for (const [menu, command] of copyEntries) {
    test(`${command} in ${menu}: exactly the files named like a document kind`, () => {
      const rule = fileNameRule(entry(menu, command).when);
      for (const name of SAMPLES) assert.equal(rule.test(name), kindFromFileName(name) !== undefined, name);
    });
  }

  for (const menu of ['editor/context', 'explorer/context']) {
    test(`Send Invoice in ${menu}: exactly the invoice files`, () => {
      const rule = fileNameRule(entry(menu, COMMAND.sendInvoice).when);
      for (const name of SAMPLES) assert.equal(rule.test(name), kindFromFileName(name) === 'invoices', name);
    });
  }

  test('the Explorer offers sending files on files and Send Folder… on folders that hold documents', () => {
    assert.match(entry('explorer/context', COMMAND.sendDocument).when ?? '', /!explorerResourceIsFolder/);
    assert.match(entry('explorer/context', COMMAND.sendInvoice).when ?? '', /!explorerResourceIsFolder/);
    assert.equal(entry('explorer/context', COMMAND.sendFolder).when, 'explorerResourceIsFolder && resourcePath in gestix.documentFolders');
    assert.match(readFileSync(join(root, 'src', 'vscode', 'documentFolders.ts'), 'utf8'), /'gestix\.documentFolders'/, 'the code sets the context key');
  });

  test('Explain Error Response is in the editor menu on a selection of JSON, a log or plain text only', () => {
    const when = entry('editor/context', COMMAND.explainError).when ?? '';
    assert.match(when, /\beditorHasSelection\b/);
    const languages = /editorLangId =~ \/(.+?)\//.exec(when);
    assert.ok(languages);
    const rule = new RegExp(languages[1]);
    for (const language of ['json', 'jsonc', 'jsonl', 'log', 'plaintext']) assert.ok(rule.test(language), language);
    for (const language of ['typescript', 'python', 'markdown', 'http', 'jsonnet', 'xml']) assert.ok(!rule.test(language), language);
  });
});

describe('the Send keybinding', () => {
  const [binding] = keybindings;

  test('is a chord of its own, never Ctrl+Alt+letter (AltGr on European layouts, and REST Client’s keys)', () => {
    assert.equal(keybindings.length, 1);
    assert.equal(binding?.command, COMMAND.sendDocument);
    for (const key of [binding?.key, binding?.mac]) {
      assert.ok(key, 'a key for each platform');
      for (const press of key.split(' ')) assert.doesNotMatch(press, /^ctrl\+alt\+[a-z]$/, key);
    }
    // Preferences: Open Default Keyboard Shortcuts (JSON) of code-server 4.100.3 binds `ctrl+k enter`
    // (Keep Editor) and `ctrl+k shift+enter`, but not this chord; the real-editor scenario checks it.
    assert.equal(binding?.key, 'ctrl+k ctrl+enter');
  });

  test('only where the text of a document file has the keyboard', () => {
    assert.match(binding?.when ?? '', /^editorTextFocus && !isInDiffEditor && resourceFilename =~ /);
  });
});

describe('folders that hold documents', () => {
  test('the search glob names every document suffix', () => {
    for (const info of Object.values(DOCUMENT_KIND_INFO)) for (const suffix of info.fileSuffixes) assert.ok(DOCUMENT_FILE_GLOB.includes(suffix), suffix);
    assert.match(DOCUMENT_FILE_GLOB, /^\*\*\/\*\{[^{}]+\}$/);
  });

  test('a folder holds documents when any file below it is one, up to the workspace folder', () => {
    const folders = foldersHolding(['/w/invoices/2026/a.invoice.json', '/w/invoices/b.invoice.json', '/w/purchases/c.purchase.json', '/elsewhere/d.invoice.json'], ['/w']);
    assert.deepEqual([...folders].sort(), ['/w', '/w/invoices', '/w/invoices/2026', '/w/purchases']);
  });

  test('nested workspace folders: the outermost one holds them too; a trailing slash changes nothing', () => {
    assert.deepEqual([...foldersHolding(['/w/sub/x/a.order.json'], ['/w/sub', '/w/'])].sort(), ['/w', '/w/sub', '/w/sub/x']);
    assert.deepEqual([...foldersHolding(['/w/a.order.json'], ['/w'])], ['/w']);
    assert.deepEqual([...foldersHolding(['/wx/a.order.json'], ['/w'])], [], '/wx is not inside /w');
  });

  test('each folder is visited once, whatever the number of files', () => {
    const files = Array.from({ length: 50_000 }, (_, index) => `/w/a/b/c/d/${index}.invoice.json`);
    assert.deepEqual([...foldersHolding(files, ['/w'])].sort(), ['/w', '/w/a', '/w/a/b', '/w/a/b/c', '/w/a/b/c/d']);
  });
});
