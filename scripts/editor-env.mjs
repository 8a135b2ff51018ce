// Makes sure the real editors and a browser to drive them are available for the real-editor
// tests and `npm start`: code-server at the engines floor (4.100.3, VS Code 1.100.3) and the
// newest code-server on npm, each run by a Node of the major its package asks for (this Node when
// it matches, else the `node-linux-<arch>` package from the npm registry). Installs what is
// missing when it can (root + apt-get), otherwise stops with the exact command to run. Fast when
// everything is already there.
//   node scripts/editor-env.mjs [floor|newest|both]   installs them (default: GESTIX_EDITORS, else both)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { projectRoot } from './ensure-deps.mjs';

export const FLOOR_CODE_SERVER_VERSION = '4.100.3';
export const EDITOR_NAMES = ['floor', 'newest'];
export const chromiumPath = process.env.GESTIX_CHROMIUM ?? '/usr/bin/chromium';

const cacheDir = join(projectRoot, '.vscode-test');
const installFolders = { floor: join(cacheDir, 'code-server'), newest: join(cacheDir, 'code-server-newest') };

// code-server 4.100.3 ships @vscode/ripgrep 1.15.11, whose postinstall fetches ripgrep v13.0.0-10.
// The newest ones ship rg in a package without an install script, so only the floor needs the cache.
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

/** Where the parts of a code-server installed into `folder` are. */
function codeServerLayout(folder) {
  const packageDir = join(folder, 'node_modules', 'code-server');
  const vscodeDir = join(packageDir, 'lib', 'vscode');
  return {
    folder,
    packageDir,
    vscodeDir,
    bin: join(folder, 'node_modules', '.bin', 'code-server'),
    // code-server's postinstall links this once VS Code's own dependencies (native modules) are installed.
    remoteCli: join(vscodeDir, 'bin', 'remote-cli', 'code-server'),
  };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The code-server version completely installed in the layout's folder, if any. */
function installedVersion(layout) {
  if (!existsSync(layout.bin) || !existsSync(layout.remoteCli)) return undefined;
  return readJson(join(layout.packageDir, 'package.json'))?.version;
}

/** The first number of an `engines.node` range ("24", ">=20"). */
function nodeMajorOf(range) {
  const major = /\d+/.exec(range ?? '')?.[0];
  if (!major) throw new EditorEnvironmentError(`Cannot tell which Node major code-server's engines.node "${range}" asks for.`);
  return Number(major);
}

function npmView(spec, field) {
  const result = spawnSync('npm', ['view', spec, field], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

/**
 * The newest code-server on npm. GESTIX_NEWEST_CODE_SERVER pins one (`npm test` resolves it once
 * for all test files); without the registry, the one installed before is used.
 */
export function newestCodeServerVersion() {
  const pinned = process.env.GESTIX_NEWEST_CODE_SERVER?.trim();
  if (pinned) {
    if (!VERSION_PATTERN.test(pinned)) throw new EditorEnvironmentError(`GESTIX_NEWEST_CODE_SERVER=${pinned} is not a version like 4.139.1.`);
    return pinned;
  }
  const published = npmView('code-server', 'version');
  if (published && VERSION_PATTERN.test(published)) return published;
  const installed = installedVersion(codeServerLayout(installFolders.newest));
  if (installed) {
    console.warn(`npm view code-server version failed; testing the newest code-server installed before, ${installed}.`);
    return installed;
  }
  throw new EditorEnvironmentError('Cannot ask the npm registry for the newest code-server (npm view code-server version failed), and none is installed.');
}

/** The editors GESTIX_EDITORS names: `floor`, `newest` or `both` (the default). */
export function selectedEditors(value = process.env.GESTIX_EDITORS) {
  const wanted = value?.trim() || 'both';
  if (wanted === 'both') return [...EDITOR_NAMES];
  if (EDITOR_NAMES.includes(wanted)) return [wanted];
  throw new EditorEnvironmentError(`GESTIX_EDITORS=${wanted}: use floor, newest or both.`);
}

/** The one editor a single run uses (a test file run directly, `npm start`): GESTIX_EDITORS, else floor. */
export function singleEditor(value = process.env.GESTIX_EDITORS) {
  if (!value?.trim()) return 'floor';
  const editors = selectedEditors(value);
  if (editors.length !== 1) {
    throw new EditorEnvironmentError(`GESTIX_EDITORS=${value.trim()} names more than one editor; \`npm test -- editor\` runs each, a single run needs floor or newest.`);
  }
  return editors[0];
}

function majorOfNodeAt(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? Number(/^v(\d+)\./.exec(result.stdout)?.[1]) : undefined;
}

/**
 * A Node of the given major: this one when it matches, else the `node-linux-<arch>` package of the
 * npm registry unpacked into .vscode-test/node-<major> (its tarball holds bin/node and the headers
 * node-gyp builds native modules against).
 */
function ensureNode(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return { binDir: dirname(process.execPath), headersDir: undefined };
  const dir = join(cacheDir, `node-${major}`);
  const binary = join(dir, 'bin', 'node');
  if (majorOfNodeAt(binary) !== major) {
    const spec = `node-linux-${process.env.npm_config_arch || arch()}@${major}`;
    console.log(`Installing Node ${major} from the npm registry (${spec}) into ${dir}…`);
    // Unpacked next to its final place, then renamed, so an interrupted download never looks installed.
    const staging = `${dir}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const pack = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', staging], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = readdirSync(staging).find((file) => file.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) throw new EditorEnvironmentError(`npm pack ${spec} failed; see the npm output above.`);
    const tar = spawnSync('tar', ['xzf', join(staging, tarball), '-C', staging, '--strip-components=1'], { stdio: 'inherit' });
    rmSync(join(staging, tarball), { force: true });
    if (tar.status !== 0 || majorOfNodeAt(join(staging, 'bin', 'node')) !== major) {
      throw new EditorEnvironmentError(`The ${spec} package did not give a working bin/node.`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return { binDir: join(dir, 'bin'), headersDir: dir };
}

/** The environment of a process that must run under `node`: its Node first on PATH, for that process only. */
function environmentWith(node, base = process.env) {
  return { ...base, PATH: [node.binDir, base.PATH].filter(Boolean).join(delimiter) };
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
function ripgrepVersions(vscodeDir) {
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
function seedRipgrepCache(vscodeDir) {
  const { packageVersion, release } = ripgrepVersions(vscodeDir);
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

/**
 * The environment without what an enclosing `npm test` or `npm start` put there about itself. npm
 * reads `npm_config_*` variables as its own settings, so an inherited `npm_config_user_agent`
 * ("npm/… node/v20…") would make the nested install tell code-server's install script that it runs
 * on the outer npm's Node, whatever Node runs it.
 */
function withoutOuterNpmRun(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^npm_(config_user_agent|node_execpath|execpath|command|lifecycle_|package_)/i.test(name)),
  );
}

function npmInstallCodeServer(layout, version, node) {
  mkdirSync(layout.folder, { recursive: true });
  writeFileSync(
    join(layout.folder, 'package.json'),
    `${JSON.stringify({ name: 'code-server-cache', private: true, description: 'code-server for the real-editor tests' }, null, 2)}\n`,
  );
  console.log(`Installing code-server ${version} into ${layout.folder} (takes a few minutes the first time)…`);
  const env = {
    ...withoutOuterNpmRun(environmentWith(node)),
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    // node-gyp would otherwise download headers (impossible offline) or use another Node's.
    ...(node.headersDir ? { npm_config_nodedir: node.headersDir } : {}),
  };
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${version}`], {
    cwd: layout.folder,
    stdio: 'inherit',
    env,
  });
  return result.status === 0 && installedVersion(layout) === version;
}

function installCodeServer(layout, version, node, { seedsRipgrep }) {
  if (seedsRipgrep) seedRipgrepCache(layout.vscodeDir);
  if (npmInstallCodeServer(layout, version, node)) return;
  if (seedsRipgrep) {
    // A failed attempt may leave code-server's shrinkwrap behind, naming the ripgrep version it really wants.
    seedRipgrepCache(layout.vscodeDir);
    if (npmInstallCodeServer(layout, version, node)) return;
  }
  throw new EditorEnvironmentError(
    `code-server ${version} did not install completely (expected ${layout.bin} and ${layout.remoteCli}); see the npm output above.`,
  );
}

/** The Node major code-server `version` asks for: from its installed manifest, else from the registry. */
function nodeMajorFor(layout, version) {
  const manifest = readJson(join(layout.packageDir, 'package.json'));
  if (manifest?.version === version && manifest.engines?.node) return nodeMajorOf(manifest.engines.node);
  const range = npmView(`code-server@${version}`, 'engines.node');
  if (!range) throw new EditorEnvironmentError(`npm view code-server@${version} engines.node failed.`);
  return nodeMajorOf(range);
}

/**
 * Installs what is missing for one editor (`floor` or `newest`), or throws an error whose message
 * says what to install, and says where it is and how to run it: `env` puts its Node first on PATH
 * and is meant for code-server's own processes only. `browser: false` when a person opens the
 * workbench in their own browser (`npm start`).
 */
export async function ensureEditorEnvironment({ browser = true, editor = 'floor' } = {}) {
  if (!EDITOR_NAMES.includes(editor)) throw new EditorEnvironmentError(`Unknown editor "${editor}": use floor or newest.`);
  const version = editor === 'floor' ? FLOOR_CODE_SERVER_VERSION : newestCodeServerVersion();
  const layout = codeServerLayout(installFolders[editor]);
  const needsCodeServer = installedVersion(layout) !== version;
  const requirements = [...(browser ? runtimeRequirements : []), ...(needsCodeServer ? buildRequirements : [])];
  const missing = missingOf(requirements);
  if (missing.length > 0) installDebianPackages(missing);
  const node = ensureNode(nodeMajorFor(layout, version));
  if (needsCodeServer) installCodeServer(layout, version, node, { seedsRipgrep: editor === 'floor' });
  return {
    editor,
    codeServerVersion: version,
    vscodeVersion: readJson(join(layout.vscodeDir, 'package.json'))?.version ?? 'unknown',
    codeServerBin: layout.bin,
    env: environmentWith(node),
    chromiumPath,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    for (const editor of selectedEditors(process.argv[2] ?? process.env.GESTIX_EDITORS)) {
      const { codeServerVersion, vscodeVersion, codeServerBin } = await ensureEditorEnvironment({ editor });
      console.log(`${editor}: code-server ${codeServerVersion} (VS Code ${vscodeVersion}): ${codeServerBin}`);
    }
    console.log(`Chromium: ${chromiumPath}`);
  } catch (error) {
    console.error(error instanceof EditorEnvironmentError ? error.message : error);
    process.exit(1);
  }
}
