// When VS Code activates the extension (package.json activationEvents): in a workspace with Gestix
// document files, named by the same rule the code uses (kinds.ts), for logs, the error panel and the
// sample documents; never in every window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_KIND_INFO, kindFromFileName } from '../../src/core/documents/kinds';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const events: string[] = manifest.activationEvents;
const source = (path: string) => readFileSync(join(root, path), 'utf8');

test('the extension activates only where Gestix is needed, never in every window', () => {
  for (const everywhere of ['*', 'onStartupFinished', 'onLanguage:plaintext', 'onLanguage:json', 'onLanguage:jsonc']) {
    assert.ok(!events.includes(everywhere), `${everywhere} would activate it in windows that have nothing to do with Gestix`);
  }
  assert.ok(events.includes('onLanguage:log'));
});

test('workspaceContains names every Gestix document file name, and only those', () => {
  const patterns = events.filter((event) => event.startsWith('workspaceContains:')).map((event) => event.slice('workspaceContains:'.length));
  const suffixes = Object.values(DOCUMENT_KIND_INFO).flatMap((info) => info.fileSuffixes);
  assert.deepEqual(patterns.sort(), suffixes.map((suffix) => `**/*${suffix}`).sort());
  for (const pattern of patterns) assert.ok(kindFromFileName(`folder/sample${pattern.slice('**/*'.length)}`), `${pattern} names a document kind`);
});

test('the other activation events name what the code registers', () => {
  const webviewPanels = events.filter((event) => event.startsWith('onWebviewPanel:')).map((event) => event.slice('onWebviewPanel:'.length));
  assert.deepEqual(webviewPanels, [/ERROR_PANEL_VIEW_TYPE = '([^']+)'/.exec(source('src/vscode/errorPanelType.ts'))?.[1]]);
  // A sample log or a server document restored after a reload needs its provider before the extension would otherwise be active.
  const fileSystems = events.filter((event) => event.startsWith('onFileSystem:')).map((event) => event.slice('onFileSystem:'.length));
  assert.deepEqual(fileSystems, [
    /SAMPLE_SCHEME = '([^']+)'/.exec(source('src/vscode/samples.ts'))?.[1],
    /SERVER_DOCUMENT_SCHEME = '([^']+)'/.exec(source('src/core/serverDocuments/serverDocumentPath.ts'))?.[1],
  ]);
  const known = /^(workspaceContains|onLanguage|onWebviewPanel|onFileSystem):/;
  assert.deepEqual(
    events.filter((event) => !known.test(event)),
    [],
    'commands, the walkthrough, the chat tools and the authentication provider activate it implicitly (VS Code 1.74 and later)',
  );
  // Another extension asking for a Gestix session activates it through contributes.authentication: the id must be the one registered.
  const providers = (manifest.contributes.authentication as { id: string }[]).map((provider) => provider.id);
  assert.deepEqual(providers, [/PROVIDER_ID = '([^']+)'/.exec(source('src/vscode/authentication.ts'))?.[1]]);
});
