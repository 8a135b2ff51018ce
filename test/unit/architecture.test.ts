import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMMAND } from '../../src/vscode/commandIds';

const root = join(__dirname, '..', '..');
const CORE_FOLDERS = ['src/core', 'src/sandbox'];
const IMPORTS_VSCODE = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, folder, file));
}

test('the pure core never imports vscode', () => {
  const offenders = CORE_FOLDERS.flatMap(sourceFiles).filter((file) => IMPORTS_VSCODE.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders.map((file) => relative(root, file)), []);
  assert.ok(CORE_FOLDERS.flatMap(sourceFiles).length > 10, 'the core folders hold the core');
});

test('only adapters and the entry point import vscode', () => {
  const adapters = sourceFiles('src').filter((file) => IMPORTS_VSCODE.test(readFileSync(file, 'utf8')));
  const outside = adapters.map((file) => relative(root, file)).filter((file) => !file.startsWith('src/vscode/') && file !== 'src/extension.ts');
  assert.deepEqual(outside, []);
});

test('every contributed command is registered, and every registered command is contributed', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
  const sources = sourceFiles('src').map((file) => readFileSync(file, 'utf8'));
  const table: Record<string, string> = COMMAND;
  const registered = [
    ...new Set(sources.flatMap((text) => [...text.matchAll(/\bregisterCommand\(\s*COMMAND\.(\w+)/g)].map((match) => table[match[1]] ?? `unknown command COMMAND.${match[1]}`))),
  ].sort();
  assert.deepEqual(registered, contributed);
});

/** The command table, and the typed helpers that register and run what it names. */
const COMMANDS_MODULE = 'src/vscode/commands.ts';
const COMMAND_TABLE = 'src/vscode/commandIds.ts';
/** Strings spelled like a command id that name something else, which keeps its name for good. */
const NOT_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  // The SecretStorage entry of the stored sign-in: renamed, every stored sign-in would be forgotten.
  'src/core/session/session.ts': ['gestix.signIn'],
  // Walkthrough step ids (package.json walkthroughs): renamed, every step ticked would be unticked.
  'src/vscode/walkthrough.ts': ['gestix.signIn', 'gestix.sendInvoice'],
};

test("the extension's commands are registered and run only through the typed helpers", () => {
  const direct = sourceFiles('src')
    .filter((file) => relative(root, file) !== COMMANDS_MODULE)
    .filter((file) => /\bvscode\.commands\.(?:registerCommand\(|executeCommand\(\s*COMMAND\.)/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(direct.map((file) => relative(root, file)), []);
});

test('a command id is spelled out only in the command table', () => {
  const commands = new Set<string>(Object.values(COMMAND));
  const offenders = sourceFiles('src')
    .map((file) => relative(root, file))
    .filter((file) => file !== COMMAND_TABLE)
    .flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/['"`](gestix\.[A-Za-z]+)['"`]/g)]
        .map((match) => match[1])
        .filter((literal) => commands.has(literal) && !(NOT_COMMANDS[file] ?? []).includes(literal))
        .map((literal) => `${file}: '${literal}'`),
    );
  assert.deepEqual(offenders, []);
});

test('every command has the Gestix category, a title and the gestix. prefix', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const command of manifest.contributes.commands) {
    assert.match(command.command, /^gestix\./);
    assert.equal(command.category, 'Gestix', command.command);
    assert.ok(typeof command.title === 'string' && command.title.length > 0, command.command);
  }
  assert.ok(!manifest.activationEvents.includes('*'), 'never activate on *');
});

/** Modules a source file loads at run time (type-only imports vanish), as paths below the root. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'";]*?from\s+'([^']+)'/gm)].map((match) => match[1]),
    ...[...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((match) => match[1]),
    ...[...text.matchAll(/require\(\s*'([^']+)'\s*\)/g)].map((match) => match[1]),
  ];
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const base = join(file, '..', specifier);
      const candidate = [`${base}.ts`, join(base, 'index.ts')].find((path) => {
        try {
          readFileSync(path);
          return true;
        } catch {
          return false;
        }
      });
      return candidate ? relative(root, candidate) : `${relative(root, base)} (unresolved)`;
    });
}

/** Every module `entry` loads, following imports but not the lazily required bundles. */
function loadedBy(entry: string, lazy: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of runtimeImports(join(root, path))) if (!lazy.includes(imported)) visit(imported);
  };
  visit(entry);
  return seen;
}

const LAZY_BUNDLES = ['src/vscode/sessionParts.ts', 'src/vscode/features.ts', 'src/core/http/undiciLoad.ts'];

test('activation loads neither the session part, nor the features, nor what only they need', () => {
  const activation = loadedBy('src/extension.ts', LAZY_BUNDLES);
  for (const heavy of [
    'src/vscode/sessionParts.ts',
    'src/vscode/services.ts',
    'src/core/session/session.ts',
    'src/core/http/client.ts',
    'src/core/status/statusMonitor.ts',
    'src/vscode/statusBar.ts',
    'src/vscode/localSandbox.ts',
    'src/vscode/features.ts',
    'src/core/codes/catalogue.ts',
    'src/core/decoding/decode.ts',
    'src/core/sending/send.ts',
    'src/core/sending/batch.ts',
    'src/core/documents/schema.ts',
    'src/vscode/errorPanel.ts',
  ]) {
    assert.ok(!activation.has(heavy), `${heavy} is loaded at activation`);
  }
  assert.ok(![...activation].some((path) => path.endsWith('(unresolved)')), [...activation].join(', '));
});

test('the separately loaded bundles share no state', () => {
  // A module in two bundles is loaded twice, with two copies of its module-level state; memo caches
  // may be duplicated, anything else would split the window's state in two.
  const activation = loadedBy('src/extension.ts', LAZY_BUNDLES);
  const session = loadedBy('src/vscode/sessionParts.ts', LAZY_BUNDLES);
  const features = loadedBy('src/vscode/features.ts', LAZY_BUNDLES);
  assert.ok(features.has('src/core/sending/send.ts') && features.has('src/core/decoding/decode.ts'), 'the walk follows imports');
  assert.ok(session.has('src/vscode/services.ts') && !activation.has('src/vscode/services.ts'), 'the window objects are made by the session part');
  assert.ok(!features.has('src/vscode/sessionParts.ts') && !features.has('src/vscode/services.ts'), 'the window objects are made once, by the session part');
  const moduleState = /^(?:let\s+(\w+)|(?:const|let)\s+(\w+)\s*(?::[^=]+)?=\s*new\s+(?:Map|Set|WeakMap|EventEmitter)\b)/gm;
  const statefulIn = (paths: Iterable<string>) =>
    [...paths]
      .flatMap((path) => [...readFileSync(join(root, path), 'utf8').matchAll(moduleState)].map((match) => `${path}: ${match[1] ?? match[2]}`))
      .filter((entry) => !/Cache$/.test(entry));
  for (const [a, b] of [
    [activation, session],
    [activation, features],
    [session, features],
  ] as const) {
    assert.deepEqual(statefulIn([...a].filter((path) => b.has(path))), []);
  }
});
