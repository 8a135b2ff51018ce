// `npm start`: try the extension in one command. Installs what is missing, packages the extension,
// starts a real VS Code (code-server) with the extension installed on a sample workspace, opening on
// the Gestix walkthrough, whose **Use the Local Sandbox** starts the sandbox server inside the editor
// and signs in to it: one click, nothing to copy. Prints where to go. Ctrl-C stops everything.
//   npm start                  code-server on 127.0.0.1:8080 (or the next free port); open the URL
//   npm start -- --use-code    the desktop VS Code on PATH, with --extensionDevelopmentPath
//   GESTIX_EDITORS=newest npm start   the newest code-server instead of the engines floor
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, projectRoot } from './ensure-deps.mjs';

const EDITOR_PORT = 8080;
const demoRoot = join(projectRoot, '.vscode-test');
const demoWorkspace = join(demoRoot, 'demo-workspace');
/** Tells the extension to open its walkthrough when a window starts (src/vscode/walkthrough.ts). */
const OPEN_WALKTHROUGH = { GESTIX_OPEN_WALKTHROUGH: '1' };
/** What the sandbox inside the editor writes, removed at each start so that the demo begins unconnected. */
const CONNECTION_SETTINGS = ['gestix.serverUrl', 'gestix.account'];
/**
 * The demo workspace lies inside this clone, and VS Code would ask at once whether to open the
 * clone's repository: a question about the project, not about the extension being tried.
 */
const DEMO_SETTINGS = { 'git.openRepositoryInParentFolders': 'never' };

const useCode = process.argv.includes('--use-code');

function fail(message) {
  console.error(`\nnpm start: ${message}`);
  process.exit(1);
}

function runStep(title, args) {
  console.log(`▶ ${title}`);
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) fail(`${title} failed:\n${result.stdout}`);
  return result.stdout.trim().split('\n').pop() ?? '';
}

/** Copies fixture files that are not there yet; keeps whatever the person changed last time. */
function prepareWorkspace() {
  cpSync(join(projectRoot, 'test', 'editor', 'fixtures', 'workspace'), demoWorkspace, { recursive: true, force: false, errorOnExist: false });
}

/**
 * The person's settings of the last demo, without the connection: the sandbox ended with the last
 * editor, and the walkthrough's first step connects to a new one.
 */
function demoSettings(quietSettings, userDataDir) {
  let current = {};
  try {
    current = JSON.parse(readFileSync(join(userDataDir, 'User', 'settings.json'), 'utf8'));
  } catch {
    // first start, or a file the person broke: start over
  }
  for (const setting of CONNECTION_SETTINGS) delete current[setting];
  return { ...quietSettings, ...DEMO_SETTINGS, ...current };
}

ensureDependencies();
const { ensureEditorEnvironment, singleEditor, onPath } = await import('./editor-env.mjs');
let editorName = 'floor';
try {
  if (!useCode) editorName = singleEditor();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
// A newer VS Code migrates the profile it opens, so each code-server keeps its own.
const profileSuffix = editorName === 'floor' ? '' : `-${editorName}`;
const demoUserData = join(demoRoot, `demo-user${profileSuffix}`);
const demoExtensions = join(demoRoot, `demo-extensions${profileSuffix}`);
// Loaded as CommonJS, as the tests load them: the harness finds the project from __dirname.
const { require: tsRequire } = await import('tsx/cjs/api');
const load = async (path) => tsRequire(join(projectRoot, path), import.meta.url);
const { freePort, startProcess } = await load('test/editor/harness/processes.ts');
const { installExtension, startCodeServer, writeUserSettings, QUIET_WORKBENCH_SETTINGS } = await load('test/editor/harness/code-server.ts');

const desktopCode = onPath('code');
if (useCode && !desktopCode) fail('--use-code needs the `code` command of a desktop VS Code on PATH.');

let vsix;
let codeServer;
if (useCode) {
  runStep('Building the extension', [join(projectRoot, 'scripts', 'build.mjs')]);
} else {
  try {
    codeServer = await ensureEditorEnvironment({ browser: false, editor: editorName });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  vsix = runStep('Packaging the extension', [join(projectRoot, 'scripts', 'package.mjs')]);
  if (!vsix.endsWith('.vsix')) fail(`packaging printed no .vsix path (${vsix})`);
}

const started = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const child of started.reverse()) await child.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

let url;
try {
  prepareWorkspace();
  if (useCode) {
    const codeUserData = join(demoRoot, 'demo-code-user');
    writeUserSettings(codeUserData, demoSettings(QUIET_WORKBENCH_SETTINGS, codeUserData));
    const code = startProcess(
      'code',
      desktopCode,
      [`--extensionDevelopmentPath=${projectRoot}`, `--user-data-dir=${codeUserData}`, '--new-window', demoWorkspace],
      { env: { ...process.env, ...OPEN_WALKTHROUGH } },
    );
    // Stopping its process group on Ctrl-C also closes the window it opened with this profile.
    started.push(code);
  } else {
    writeUserSettings(demoUserData, demoSettings(QUIET_WORKBENCH_SETTINGS, demoUserData));
    const profile = { codeServerBin: codeServer.codeServerBin, env: { ...codeServer.env, ...OPEN_WALKTHROUGH }, userDataDir: demoUserData, extensionsDir: demoExtensions };
    console.log('▶ Installing the extension into code-server');
    await installExtension(profile, vsix);
    console.log(`▶ Starting code-server ${codeServer.codeServerVersion} (VS Code ${codeServer.vscodeVersion})`);
    const editor = await startCodeServer(profile, { port: await freePort(EDITOR_PORT), workspace: demoWorkspace });
    started.push(editor.process);
    url = editor.url;
    void editor.process.exited.then((exitCode) => {
      if (stopping) return;
      console.error(`code-server stopped unexpectedly (exit code ${exitCode}):\n${editor.process.output().slice(-2000)}`);
      void stopAll(1);
    });
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}

const lines = [
  '',
  useCode ? 'Gestix for VS Code is running in your desktop VS Code.' : `Open ${url}`,
  '',
  'It opens on the Gestix walkthrough. Try this:',
  '  1. Click "Use the Local Sandbox": the sandbox server starts inside the editor and signs you in.',
  '  2. Open invoices/good.invoice.json → F1 → "Gestix: Send Invoice".',
  '  3. Send invoices/missing-currency.invoice.json, then hover the codes in logs/app.log.',
  '',
  'To script the sandbox from a terminal (its control endpoint, faults), run `npm run sandbox` instead.',
  '',
];
if (!useCode && desktopCode) {
  lines.push(`Prefer your desktop VS Code? npm start -- --use-code   (runs: code --extensionDevelopmentPath=${projectRoot} ${demoWorkspace})`, '');
}
lines.push(useCode ? 'Ctrl-C closes that VS Code window.' : 'Ctrl-C stops code-server, and the sandbox with it.');
console.log(lines.join('\n'));
