// The packaged extension under test: the one the test runner built (GESTIX_VSIX), else a fresh package.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runToCompletion } from './processes';

export const repoRoot = join(__dirname, '..', '..', '..');

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path, { recursive: true })
    .map((entry) => statSync(join(path, String(entry))).mtimeMs)
    .reduce((newest, time) => Math.max(newest, time), stats.mtimeMs);
}

/** What goes into the package; a .vsix newer than all of it is current. */
const PACKAGE_INPUTS = ['src', 'media', 'syntaxes', 'package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', '.vscodeignore', 'scripts/build.mjs', 'scripts/package.mjs'];

function isCurrent(vsix: string): boolean {
  if (!existsSync(vsix)) return false;
  const built = statSync(vsix).mtimeMs;
  return PACKAGE_INPUTS.map((input) => join(repoRoot, input))
    .filter((input) => existsSync(input))
    .every((input) => newestModification(input) < built);
}

export async function packagedExtension(): Promise<string> {
  const given = process.env.GESTIX_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`GESTIX_VSIX points to ${given}, which does not exist`);
    return given;
  }
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  if (isCurrent(vsix)) return vsix;
  const output = await runToCompletion('node scripts/package.mjs', process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], {
    cwd: repoRoot,
    timeoutMs: 180_000,
  });
  const printed = output.trim().split('\n').pop() ?? '';
  if (!printed.endsWith('.vsix') || !existsSync(printed)) throw new Error(`Packaging did not produce a .vsix:\n${output}`);
  return printed;
}

/**
 * A test-only extension from test/editor/fixtures/<name> (never part of the product's VSIX), packaged
 * into `outDir` to be installed next to it.
 */
export async function packagedFixtureExtension(name: string, outDir: string): Promise<string> {
  const folder = join(repoRoot, 'test', 'editor', 'fixtures', name);
  const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
  const vsix = join(outDir, `${name}-${version}.vsix`);
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await runToCompletion('vsce package (fixture)', process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: folder, timeoutMs: 60_000 });
  if (!existsSync(vsix)) throw new Error(`Packaging the fixture extension ${name} did not produce ${vsix}`);
  return vsix;
}

export interface ExtensionManifest {
  publisher: string;
  name: string;
  version: string;
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

/**
 * The project's package.json, or the one of an installed extension folder, with `%key%` strings
 * replaced by their English text from package.nls.json, as the editor shows them.
 */
export function extensionManifest(folder = repoRoot): ExtensionManifest {
  const nlsFile = join(folder, 'package.nls.json');
  const nls = existsSync(nlsFile) ? (JSON.parse(readFileSync(nlsFile, 'utf8')) as Record<string, string>) : {};
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'), (_key, value: unknown) => {
    const placeholder = typeof value === 'string' ? /^%([^%]+)%$/.exec(value) : null;
    return placeholder && nls[placeholder[1]] !== undefined ? nls[placeholder[1]] : value;
  }) as ExtensionManifest;
}

export interface ContributedCommand {
  command: string;
  /** As the palette shows it: "Category: Title". */
  title: string;
  /** The `when` clause that limits where the palette offers the command. */
  paletteWhen?: string | undefined;
}

/** The commands an extension's manifest contributes. */
export function contributedCommands(manifest: ExtensionManifest): ContributedCommand[] {
  const paletteRules = manifest.contributes?.menus?.commandPalette ?? [];
  return (manifest.contributes?.commands ?? []).map((command) => ({
    command: command.command,
    title: command.category ? `${command.category}: ${command.title}` : command.title,
    paletteWhen: paletteRules.find((rule) => rule.command === command.command)?.when,
  }));
}
