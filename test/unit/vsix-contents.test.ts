// What `vsce package` would put in the VSIX: the bundles, media, grammar and the manifest files,
// and nothing else (no sources, tests, source maps or dev tooling).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const SHIPPED_FILES = ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const SHIPPED_FOLDERS = ['dist/', 'media/', 'syntaxes/'];
const BUNDLES = ['dist/extension.js', 'dist/session.js', 'dist/features.js', 'dist/http.js', 'dist/sandbox.js'];

/** Builds the bundles on a tree that has not been built, so that the check of the bundles always runs. */
function buildUnlessBuilt(): void {
  if (BUNDLES.every((bundle) => existsSync(join(root, bundle)))) return;
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  assert.equal(built.status, 0, `node scripts/build.mjs failed: ${built.stderr}`);
}

function packagedFiles(): string[] {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(listed.status, 0, `vsce ls failed: ${listed.stderr}`);
  return listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

test('the VSIX holds only what ships', { timeout: 270_000 }, () => {
  buildUnlessBuilt();
  const files = packagedFiles();
  const unexpected = files.filter((file) => !SHIPPED_FILES.includes(file) && !SHIPPED_FOLDERS.some((folder) => file.startsWith(folder)));
  assert.deepEqual(unexpected, []);
  assert.deepEqual(files.filter((file) => /\.(map|ts|mts|mjs)$/.test(file) || /(^|\/)(src|test|node_modules)\//.test(file)), []);
  for (const required of [...SHIPPED_FILES, 'media/icon.png', 'media/samples/sample.invoice.json', 'media/samples/sample.log']) {
    assert.ok(files.includes(required), `${required} is packaged`);
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const step of manifest.contributes.walkthroughs[0].steps) assert.ok(files.includes(step.media.markdown), `${step.media.markdown} is packaged`);
  // All bundles must ship: the extension loads the session part right after activation, the
  // features on first use, undici (http.js) at the first request and the sandbox when Start Local
  // Sandbox runs.
  for (const bundle of BUNDLES) assert.ok(files.includes(bundle), `${bundle} is packaged`);
  assert.deepEqual(files.filter((file) => file.startsWith('dist/') && !BUNDLES.includes(file)), []);
});
