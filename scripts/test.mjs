// `npm test`: installs what is missing, type-checks and lints, then runs every suite — unit and integration
// tests of the core in Node, then the real-editor scenarios in code-server + Chromium — and ends
// with one summary line counting all tests.
//   npm test                      every suite
//   npm test -- unit integration  only the named suites (unit, integration, editor)
//   GESTIX_EDITORS=floor|newest|both (default both): which code-servers the editor suite runs in
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureDependencies, projectRoot } from './ensure-deps.mjs';

const SUITES = ['unit', 'integration', 'editor'];
const requested = process.argv.slice(2).filter((arg) => SUITES.includes(arg));
const suites = requested.length > 0 ? requested : SUITES;

function testFiles(folder) {
  const dir = join(projectRoot, 'test', folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => relative(projectRoot, join(dir, file)));
}

function runNodeTests(files, extraArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extraArgs, ...files], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
    let partial = '';
    // The runner's own summary lines ("ℹ pass 12") come at the top level, unindented.
    const readSummary = (line) => {
      const match = /^ℹ (pass|fail|skipped|todo|cancelled) (\d+)$/.exec(line);
      if (match) counts[match[1]] = Number(match[2]);
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(readSummary);
    });
    child.on('close', (code) => {
      readSummary(partial);
      if (code !== 0 && counts.fail === 0 && counts.cancelled === 0) counts.fail = 1; // crashed runner
      resolve(counts);
    });
  });
}

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

ensureDependencies();
const totals = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const add = (counts) => {
  for (const key of Object.keys(totals)) totals[key] += counts[key];
};

// The error panel's page runs in the browser, with a tsconfig of its own (the DOM, no Node).
const pageProject = join('src', 'webview', 'errorPanel');
if (!step(`Type check (tsc --noEmit -p ${pageProject})`, process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', pageProject])) {
  totals.fail += 1;
}

if (!step('Type check (tsc --noEmit)', process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'])) {
  totals.fail += 1;
}

if (!step('Lint (eslint, type-aware)', process.execPath, [join(projectRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '.'])) {
  totals.fail += 1;
}

const coreFiles = suites.filter((s) => s !== 'editor').flatMap(testFiles);
if (coreFiles.length > 0) {
  console.log(`\n▶ Unit and integration tests (${coreFiles.length} files)`);
  add(await runNodeTests(coreFiles, []));
}

/** Installs each editor GESTIX_EDITORS selects (floor, newest or both), or says why it cannot. */
async function installedEditors() {
  const { ensureEditorEnvironment, newestCodeServerVersion, selectedEditors } = await import('./editor-env.mjs');
  try {
    const names = selectedEditors();
    // Asked once, so every test file runs on the same newest version even if one is published meanwhile.
    if (names.includes('newest')) process.env.GESTIX_NEWEST_CODE_SERVER = newestCodeServerVersion();
    const editors = [];
    for (const editor of names) editors.push(await ensureEditorEnvironment({ editor }));
    return editors;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return [];
  }
}

if (suites.includes('editor')) {
  const editors = await installedEditors();
  const packaged = editors.length > 0
    ? spawnSync(process.execPath, [join(projectRoot, 'scripts', 'package.mjs')], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    : undefined;
  const vsix = packaged?.stdout.trim().split('\n').pop();
  if (!packaged) {
    console.error('The real-editor tests cannot run without their editors.');
    totals.fail += 1;
  } else if (packaged.status !== 0 || !vsix?.endsWith('.vsix')) {
    console.error(packaged.stdout);
    console.error('Packaging the extension failed; the real-editor tests cannot run.');
    totals.fail += 1;
  } else {
    const files = testFiles('editor');
    for (const editor of editors) {
      console.log(
        `\n▶ Real-editor tests in code-server ${editor.codeServerVersion} (VS Code ${editor.vscodeVersion}) + Chromium (${files.length} files, ${relative(projectRoot, vsix)})`,
      );
      add(await runNodeTests(files, ['--test-concurrency=1'], { GESTIX_VSIX: vsix, GESTIX_EDITORS: editor.editor }));
    }
  }
}

const failed = totals.fail + totals.cancelled;
console.log(`\ntests: ${totals.pass} passed, ${failed} failed${totals.skipped + totals.todo ? `, ${totals.skipped + totals.todo} skipped` : ''}`);
process.exit(failed > 0 || totals.skipped + totals.todo > 0 ? 1 : 0);
