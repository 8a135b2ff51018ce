// Bundles the extension with esbuild and copies the codicon font next to the webview assets.
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** The codicons the error panel shows; media/errorPanel.css has a class for each. */
const WEBVIEW_ICONS = ['error', 'copy', 'go-to-file', 'account', 'refresh', 'file-code', 'play'];

// Only the few icons the panel uses are shipped, as SVGs: the whole codicon font would double the VSIX.
function copyCodicons() {
  const from = join(root, 'node_modules', '@vscode', 'codicons');
  const to = join(root, 'media', 'codicons');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const icon of WEBVIEW_ICONS) copyFileSync(join(from, 'src', 'icons', `${icon}.svg`), join(to, `${icon}.svg`));
  copyFileSync(join(from, 'LICENSE'), join(to, 'LICENSE'));
}

const options = {
  entryPoints: [join(root, 'src', 'extension.ts')],
  outfile: join(root, 'dist', 'extension.js'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  // jsonc-parser's UMD entry (main) loads its parts at run time; its ES module entry bundles.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

copyCodicons();
if (watch) {
  const ctx = await context(options);
  await ctx.watch();
} else {
  const result = await build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`built dist/extension.js (${(bytes / 1024).toFixed(0)} KB${production ? ', minified' : ''})`);
}
