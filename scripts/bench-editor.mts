// The real-editor part of `npm run bench` (`npm run bench -- editor`): VS Code's own activation
// figure for Gestix, as Developer: Show Running Extensions shows it (loading the extension's code
// plus running its activate()), and for built-ins that activate in every window, read in the same
// window. Each run is a window load: the first start, then Developer: Reload Window. The workspace
// holds Gestix document files, so Gestix too activates while the window starts. The editor is the
// one GESTIX_EDITORS names (the floor when unset); GESTIX_BENCH_EDITOR_RUNS sets the number of runs.
// Writes bench-results-editor.md. scripts/bench.mjs runs this under the editor lock.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';

// The harness is CommonJS and loads the editor environment script relative to its own file, which
// an ES import through tsx would not give it.
const require = createRequire(import.meta.url);
const { Editor } = require('../test/editor/harness/index.ts') as typeof import('../test/editor/harness/index.js');
const { repoRoot } = require('../test/editor/harness/vsix.ts') as typeof import('../test/editor/harness/vsix.js');

const RUNS = Math.max(1, Number(process.env.GESTIX_BENCH_EDITOR_RUNS ?? 10));
const GOAL_MS = 10;
const GESTIX = 'Gestix for VS Code';
/** Built-ins the same window activates: one with every window (`*`), one when startup has finished. */
const BASELINES: Readonly<Record<string, string>> = { 'Git Base': 'vscode.git-base', 'Node Debug Auto-attach': 'vscode.debug-auto-launch' };

interface Figures {
  times: number[];
  atStartup: boolean;
  activatedBy: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const range = (values: readonly number[]) => `${Math.min(...values)}–${Math.max(...values)} ms`;

const startedAt = new Date();
const editor = await Editor.start({ scenario: 'bench-activation' });
const figures = new Map<string, Figures>();
const ids: Record<string, string> = { [GESTIX]: editor.extensionId, ...BASELINES };
try {
  for (let run = 1; run <= RUNS; run += 1) {
    if (run > 1) await editor.reloadWindow();
    const rows = await editor.runningExtensions.waitForActivated(Object.keys(ids), 60_000);
    for (const [name, id] of Object.entries(ids)) {
      const row = rows.find((candidate) => candidate.name === name)!;
      const entry = figures.get(name) ?? { times: [], atStartup: row.atStartup, activatedBy: '' };
      entry.times.push(row.activationMs!);
      entry.activatedBy = editor.logs.activations(id).at(-1)?.event.replace(/^(workspaceContains:[^,]*),.*/, '$1, …') ?? '?';
      figures.set(name, entry);
    }
    console.log(`run ${run}/${RUNS}: ${Object.keys(ids).map((name) => `${name} ${figures.get(name)!.times.at(-1)} ms`).join(', ')}`);
  }
  await editor.screenshot('bench-activation');
} finally {
  await editor.stop();
}

const gestix = median(figures.get(GESTIX)!.times);
const gitBase = median(figures.get('Git Base')!.times);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${process.platform}/${process.arch}`;
const table = [
  '| Extension | Activated by | Median | Range | Each run |',
  '|---|---|---|---|---|',
  ...[...figures].map(
    ([name, entry]) => `| ${name} | ${entry.atStartup ? 'startup' : 'after startup'}: \`${entry.activatedBy}\` | ${median(entry.times)} ms | ${range(entry.times)} | ${entry.times.join(', ')} |`,
  ),
].join('\n');
const met = gestix <= GOAL_MS && gestix <= gitBase;
const report = `## Activation in a real editor

Measured ${startedAt.toISOString().slice(0, 10)} in code-server ${editor.installed.codeServerVersion} (VS Code ${editor.installed.vscodeVersion}) on ${machine}: ${RUNS} window loads of a workspace with Gestix document files, each read from Developer: Show Running Extensions (VS Code's figure: loading the extension's code plus running its activate()).

${table}

Goal: Gestix ≤ ${GOAL_MS} ms and no more than Git Base (medians): ${met ? 'met' : 'not met'} (${gestix} ms against ${gitBase} ms).
`;
writeFileSync(join(repoRoot, 'bench-results-editor.md'), report);
console.log(`\n${report}\nWritten to bench-results-editor.md.`);
