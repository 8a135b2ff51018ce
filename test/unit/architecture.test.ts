import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const CORE_FOLDERS = ['src/api', 'src/codes', 'src/documents', 'src/sandbox'];
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
  const outside = adapters.map((file) => relative(root, file)).filter((file) => !file.startsWith('src/editor/') && file !== 'src/extension.ts');
  assert.deepEqual(outside, []);
});

test('every contributed command is registered, and every registered command is contributed', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
  const sources = sourceFiles('src').map((file) => readFileSync(file, 'utf8'));
  const constants = new Map(sources.flatMap((text) => [...text.matchAll(/export const ([A-Z_]+) = '(gestix\.[A-Za-z]+)'/g)].map((match) => [match[1]!, match[2]!] as const)));
  const registered = [
    ...new Set(
      sources.flatMap((text) =>
        [...text.matchAll(/registerCommand\(\s*(?:'(gestix\.[A-Za-z]+)'|([A-Z_]+))/g)].map((match) => match[1] ?? constants.get(match[2]!) ?? `unknown constant ${match[2]}`),
      ),
    ),
  ].sort();
  assert.deepEqual(registered, contributed);
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
