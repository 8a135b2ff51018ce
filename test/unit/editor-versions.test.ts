// The editors the real-editor suite runs in: the floor is the VS Code that the manifest promises
// and compiles against, and GESTIX_EDITORS picks them as the README says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const editorEnvironment = () => import('../../scripts/editor-env.mjs');

test('the floor editor is the VS Code of engines.vscode and @types/vscode', async () => {
  const { FLOOR_CODE_SERVER_VERSION } = await editorEnvironment();
  // code-server 4.X.Y bundles VS Code 1.X.Y.
  const minor = /^4\.(\d+)\.\d+$/.exec(FLOOR_CODE_SERVER_VERSION)?.[1];
  assert.ok(minor, FLOOR_CODE_SERVER_VERSION);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { vscode: string };
    devDependencies: Record<string, string>;
  };
  assert.equal(manifest.engines.vscode, `^1.${minor}.0`);
  assert.equal(manifest.devDependencies['@types/vscode'], `~1.${minor}.0`);
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  assert.match(lock.packages['node_modules/@types/vscode']?.version ?? '', new RegExp(`^1\\.${minor}\\.\\d+$`));
});

test('GESTIX_EDITORS: both by default for the suite, the floor by default for a single run', async () => {
  const { selectedEditors, singleEditor } = await editorEnvironment();
  assert.deepEqual(selectedEditors(''), ['floor', 'newest']);
  assert.deepEqual(selectedEditors('both'), ['floor', 'newest']);
  assert.deepEqual(selectedEditors(' newest '), ['newest']);
  assert.deepEqual(selectedEditors('floor'), ['floor']);
  assert.throws(() => selectedEditors('latest'), /use floor, newest or both/);
  assert.equal(singleEditor(''), 'floor');
  assert.equal(singleEditor('newest'), 'newest');
  assert.throws(() => singleEditor('both'), /more than one editor/);
});
