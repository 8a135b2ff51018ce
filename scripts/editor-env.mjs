// Makes sure a real VS Code (code-server) and a browser to drive it are available for the
// real-editor tests and `npm start`. Installs what is missing when it can (root + apt-get),
// otherwise stops with the exact command to run. Fast when everything is already there.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { projectRoot } from './ensure-deps.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = join(projectRoot, '.vscode-test', 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.GESTIX_CHROMIUM ?? '/usr/bin/chromium';

const vscodeDir = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
const ptyBinary = join(vscodeDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node');

// code-server 4.100.3 ships @vscode/ripgrep 1.15.11, whose postinstall fetches ripgrep v13.0.0-10.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASES = { '1.15.11': 'v13.0.0-10' };

class EditorEnvironmentError extends Error {}

/** The full path of an executable on PATH, or undefined. */
export function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function pkgConfigKnows(library) {
  return spawnSync('pkg-config', ['--exists', library], { stdio: 'ignore' }).status === 0;
}

/** What the browser needs at run time. */
const runtimeRequirements = [
  { what: `Chromium at ${chromiumPath}`, debianPackage: 'chromium', present: () => existsSync(chromiumPath) },
];

/** What `npm install code-server` needs to build its native modules and place ripgrep. */
const buildRequirements = [
  { what: 'ripgrep (rg)', debianPackage: 'ripgrep', present: () => Boolean(onPath('rg')) },
  { what: 'pkg-config', debianPackage: 'pkg-config', present: () => Boolean(onPath('pkg-config')) },
  { what: 'Kerberos headers (gssapi/gssapi.h)', debianPackage: 'libkrb5-dev', present: () => existsSync('/usr/include/gssapi/gssapi.h') },
  { what: 'X11 headers (X11/Xlib.h)', debianPackage: 'libx11-dev', present: () => existsSync('/usr/include/X11/Xlib.h') },
  { what: 'xkbfile headers (X11/extensions/XKBfile.h)', debianPackage: 'libxkbfile-dev', present: () => existsSync('/usr/include/X11/extensions/XKBfile.h') },
  { what: 'libsecret headers (pkg-config libsecret-1)', debianPackage: 'libsecret-1-dev', present: () => Boolean(onPath('pkg-config')) && pkgConfigKnows('libsecret-1') },
  { what: 'a C/C++ toolchain (make, g++)', debianPackage: 'build-essential', present: () => Boolean(onPath('make') && onPath('g++')) },
  { what: 'python3 (for node-gyp)', debianPackage: 'python3', present: () => Boolean(onPath('python3')) },
];

function codeServerInstalled() {
  if (!existsSync(codeServerBin) || !existsSync(ptyBinary)) return false;
  try {
    const manifest = JSON.parse(readFileSync(join(codeServerDir, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    return manifest.version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function missingOf(requirements) {
  return requirements.filter((requirement) => !requirement.present());
}

function installDebianPackages(missing) {
  const packages = [...new Set(missing.map((requirement) => requirement.debianPackage))];
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && Boolean(onPath('apt-get'));
  if (!canInstall) {
    throw new EditorEnvironmentError(
      [
        'The real-editor tests need system packages that are missing:',
        ...missing.map((requirement) => `  - ${requirement.what} (Debian package ${requirement.debianPackage})`),
        `Install them with:  sudo ${command.replace('&& apt-get', '&& sudo apt-get')}`,
      ].join('\n'),
    );
  }
  console.log(`Installing Debian packages: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', ...packages]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new EditorEnvironmentError(`apt-get ${args.join(' ')} failed; run it yourself: ${command}`);
  }
  const stillMissing = missingOf(missing);
  if (stillMissing.length > 0) {
    throw new EditorEnvironmentError(`Still missing after apt-get: ${stillMissing.map((r) => r.what).join(', ')}`);
  }
}

function ripgrepTarget() {
  const cpu = process.env.npm_config_arch || arch();
  if (cpu === 'x64') return 'x86_64-unknown-linux-musl';
  if (cpu === 'arm64') return 'aarch64-unknown-linux-musl';
  throw new EditorEnvironmentError(`No ripgrep cache recipe for CPU architecture ${cpu}.`);
}

/** The ripgrep version code-server pins, read from its shrinkwrap when a previous attempt left one. */
function ripgrepVersions() {
  const shrinkwrap = join(vscodeDir, 'npm-shrinkwrap.json');
  let packageVersion = RIPGREP_PACKAGE_VERSION;
  if (existsSync(shrinkwrap)) {
    const entry = JSON.parse(readFileSync(shrinkwrap, 'utf8')).packages?.['node_modules/@vscode/ripgrep'];
    if (entry?.version) packageVersion = entry.version;
  }
  let release = RIPGREP_RELEASES[packageVersion];
  const postinstall = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'lib', 'postinstall.js');
  if (existsSync(postinstall)) {
    release = readFileSync(postinstall, 'utf8').match(/const VERSION = '([^']+)'/)?.[1] ?? release;
  }
  if (!release) throw new EditorEnvironmentError(`Unknown ripgrep release for @vscode/ripgrep ${packageVersion}; add it to RIPGREP_RELEASES.`);
  return { packageVersion, release };
}

/**
 * @vscode/ripgrep downloads rg from GitHub during its postinstall, which fails without internet
 * access; it first looks in a cache folder, so we place the system's rg there as the archive it expects.
 */
function seedRipgrepCache() {
  const { packageVersion, release } = ripgrepVersions();
  const cache = join(tmpdir(), `vscode-ripgrep-cache-${packageVersion}`);
  const archive = join(cache, `ripgrep-${release}-${ripgrepTarget()}.tar.gz`);
  if (existsSync(archive)) return;
  const staging = join(cache, 'staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync(onPath('rg'), join(staging, 'rg'));
  const tar = spawnSync('tar', ['czf', archive, '-C', staging, 'rg'], { stdio: 'inherit' });
  rmSync(staging, { recursive: true, force: true });
  if (tar.status !== 0) throw new EditorEnvironmentError(`Could not write the ripgrep cache archive ${archive}.`);
}

function npmInstallCodeServer() {
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(
    join(codeServerDir, 'package.json'),
    `${JSON.stringify({ name: 'code-server-cache', private: true, description: 'code-server for the real-editor tests' }, null, 2)}\n`,
  );
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (takes a few minutes the first time)…`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    stdio: 'inherit',
    env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  return result.status === 0 && codeServerInstalled();
}

function installCodeServer() {
  seedRipgrepCache();
  if (npmInstallCodeServer()) return;
  // A failed attempt may leave code-server's shrinkwrap behind, naming the ripgrep version it really wants.
  seedRipgrepCache();
  if (npmInstallCodeServer()) return;
  throw new EditorEnvironmentError(
    `code-server ${CODE_SERVER_VERSION} did not install completely (expected ${codeServerBin} and ${ptyBinary}); see the npm output above.`,
  );
}

/**
 * Throws an error whose message says what to install when something cannot be set up here.
 * `browser: false` when a person opens the workbench in their own browser (`npm start`).
 */
export async function ensureEditorEnvironment({ browser = true } = {}) {
  const needsCodeServer = !codeServerInstalled();
  const requirements = [...(browser ? runtimeRequirements : []), ...(needsCodeServer ? buildRequirements : [])];
  const missing = missingOf(requirements);
  if (missing.length > 0) installDebianPackages(missing);
  if (needsCodeServer) installCodeServer();
  return { codeServerBin, chromiumPath };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { codeServerBin: bin } = await ensureEditorEnvironment();
    console.log(`code-server ${CODE_SERVER_VERSION}: ${bin}\nChromium: ${chromiumPath}`);
  } catch (error) {
    console.error(error instanceof EditorEnvironmentError ? error.message : error);
    process.exit(1);
  }
}
