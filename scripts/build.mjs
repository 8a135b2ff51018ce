// Bundles the extension with esbuild, with parts in files of their own that the extension loads on
// first use: the features that answer a person's action (dist/features.js: sending, the error panel,
// hover texts), undici (dist/http.js, at the first request) and the sandbox server (dist/sandbox.js,
// when Gestix: Start Local Sandbox runs). Copies the panel's codicons next to the webview assets.
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

/** Imports of these source modules become requires of their own bundle, next to the importer's. */
const SEPARATE_BUNDLES = { './undiciLoad': './http.js', './vscode/features': './features.js' };

const separateBundles = {
  name: 'separate-bundles',
  setup(builder) {
    const filter = new RegExp(`^(${Object.keys(SEPARATE_BUNDLES).map((path) => path.replace(/[./]/g, '\\$&')).join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: SEPARATE_BUNDLES[args.path], external: true }));
  },
};

const options = {
  entryPoints: {
    extension: join(root, 'src', 'extension.ts'),
    features: join(root, 'src', 'vscode', 'features.ts'),
    http: join(root, 'src', 'core', 'http', 'undiciLoad.ts'),
    sandbox: join(root, 'src', 'sandbox', 'index.ts'),
  },
  plugins: [separateBundles],
  outdir: join(root, 'dist'),
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
// A production build writes no source maps: remove those of an earlier development build.
rmSync(join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  const ctx = await context(options);
  await ctx.watch();
} else {
  const result = await build(options);
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KB`);
  console.log(`built ${sizes.join(', ')}${production ? ' (minified)' : ''}`);
}
