// `npm start`: try the extension in one command. Installs what is missing, packages the extension,
// starts the sandbox server and a real VS Code (code-server) with the extension installed on a
// sample workspace whose settings point at the sandbox, and prints how to get in. Ctrl-C stops
// everything it started.
//   npm start                  code-server on 127.0.0.1:8080 (or the next free port); open the URL
//   npm start -- --use-code    the desktop VS Code on PATH, with --extensionDevelopmentPath
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, projectRoot } from './ensure-deps.mjs';

const SANDBOX_PORT = 8787;
const EDITOR_PORT = 8080;
const demoRoot = join(projectRoot, '.vscode-test');
const demoWorkspace = join(demoRoot, 'demo-workspace');
const demoUserData = join(demoRoot, 'demo-user');
const demoExtensions = join(demoRoot, 'demo-extensions');
const demoCredentials = join(demoRoot, 'demo-credentials.json');

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

/** The same token and password on every start, so a sign-in kept in the demo profile keeps working. */
function demoSecrets() {
  if (existsSync(demoCredentials)) return JSON.parse(readFileSync(demoCredentials, 'utf8'));
  const secrets = { apiToken: randomBytes(24).toString('base64url'), password: randomBytes(9).toString('base64url') };
  mkdirSync(demoRoot, { recursive: true });
  writeFileSync(demoCredentials, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Copies fixture files that are not there yet; keeps whatever the person changed last time. */
function prepareWorkspace() {
  cpSync(join(projectRoot, 'test', 'editor', 'fixtures', 'workspace'), demoWorkspace, { recursive: true, force: false, errorOnExist: false });
}

function demoSettings(quietSettings, sandbox) {
  const file = join(demoUserData, 'User', 'settings.json');
  let current = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first start, or a file the person broke: start over
  }
  return { ...quietSettings, ...current, 'gestix.serverUrl': sandbox.origin, 'gestix.account': sandbox.account };
}

ensureDependencies();
const { ensureEditorEnvironment, codeServerBin, onPath } = await import('./editor-env.mjs');
// Loaded as CommonJS, as the tests load them: the harness finds the project from __dirname.
const { require: tsRequire } = await import('tsx/cjs/api');
const load = async (path) => tsRequire(join(projectRoot, path), import.meta.url);
const { startSandbox } = await load('src/sandbox/index.ts');
const { freePort, startProcess } = await load('test/editor/harness/processes.ts');
const { installExtension, startCodeServer, writeUserSettings, QUIET_WORKBENCH_SETTINGS } = await load('test/editor/harness/code-server.ts');

const desktopCode = onPath('code');
if (useCode && !desktopCode) fail('--use-code needs the `code` command of a desktop VS Code on PATH.');

let vsix;
if (useCode) {
  runStep('Building the extension', [join(projectRoot, 'scripts', 'build.mjs')]);
} else {
  try {
    await ensureEditorEnvironment({ browser: false });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  vsix = runStep('Packaging the extension', [join(projectRoot, 'scripts', 'package.mjs')]);
  if (!vsix.endsWith('.vsix')) fail(`packaging printed no .vsix path (${vsix})`);
}

const { apiToken, password } = demoSecrets();
const sandbox = await startSandbox({ port: await freePort(SANDBOX_PORT), apiToken, password });
const started = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const child of started.reverse()) await child.stop();
  await sandbox.close();
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

let url;
try {
  prepareWorkspace();
  const settings = demoSettings(QUIET_WORKBENCH_SETTINGS, sandbox);

  if (useCode) {
    const codeUserData = join(demoRoot, 'demo-code-user');
    writeUserSettings(codeUserData, settings);
    const code = startProcess('code', desktopCode, [
      `--extensionDevelopmentPath=${projectRoot}`,
      `--user-data-dir=${codeUserData}`,
      '--new-window',
      demoWorkspace,
    ]);
    // Stopping its process group on Ctrl-C also closes the window it opened with this profile.
    started.push(code);
  } else {
    writeUserSettings(demoUserData, settings);
    const profile = { codeServerBin, userDataDir: demoUserData, extensionsDir: demoExtensions };
    console.log('▶ Installing the extension into code-server');
    await installExtension(profile, vsix);
    console.log('▶ Starting code-server');
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
  `Sandbox server  ${sandbox.origin}   (account ${sandbox.account}, API ${sandbox.apiBase})`,
  `API token       ${sandbox.apiToken}`,
  `Username        ${sandbox.username}   password ${sandbox.password}`,
  `Control         ${sandbox.controlUrl}   header x-sandbox-secret: ${sandbox.controlSecret}`,
  '',
  'Try this:',
  `  1. F1 → "Gestix: Sign In", keep the account, confirm sending to ${new URL(sandbox.origin).host} (this sandbox`,
  '     runs outside the editor, so the extension asks), paste the API token above.',
  '  2. Open invoices/good.invoice.json → F1 → "Gestix: Send Invoice".',
  '  3. Send invoices/missing-currency.invoice.json, then hover the codes in logs/app.log.',
  '',
];
if (!useCode && desktopCode) {
  lines.push(`Prefer your desktop VS Code? npm start -- --use-code   (runs: code --extensionDevelopmentPath=${projectRoot} ${demoWorkspace})`, '');
}
lines.push('Ctrl-C stops the sandbox' + (useCode ? '.' : ' and code-server.'));
console.log(lines.join('\n'));
