// Bundles the extension with esbuild, with parts in files of their own that the extension loads on
// first use: the window's session (dist/session.js: sign-in, the status item, the local sandbox;
// right after activation, so that activation itself only registers), the features that answer a
// person's action (dist/features.js: sending, the error panel, hover texts), undici (dist/http.js,
// at the first request) and the sandbox server (dist/sandbox.js, when Gestix: Start Local Sandbox
// runs). Bundles the error panel's page for the browser and writes
// its icons next to its styles, in media/errorPanel, the one folder the webview may load from.
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const panelPage = join(root, 'media', 'errorPanel');

/** The codicons the error panel shows, as its protocol module lists them (compiled here, not copied). */
async function panelIcons() {
  const compiled = await build({
    entryPoints: [join(root, 'src', 'core', 'errorPanel', 'panelProtocol.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'warning',
  });
  const { PANEL_ICONS } = await import(`data:text/javascript,${encodeURIComponent(compiled.outputFiles[0].text)}`);
  return PANEL_ICONS;
}

// Only the few icons the panel uses are shipped, as SVGs: the whole codicon font would double the VSIX.
// Each gets a class of icons.css, which the page's codicon spans name.
function writeCodicons(icons) {
  const from = join(root, 'node_modules', '@vscode', 'codicons');
  const to = join(panelPage, 'codicons');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const icon of icons) copyFileSync(join(from, 'src', 'icons', `${icon}.svg`), join(to, `${icon}.svg`));
  copyFileSync(join(from, 'LICENSE'), join(to, 'LICENSE'));
  const classes = icons.map((icon) => `.codicon-${icon} { --icon: url(codicons/${icon}.svg); }\n`);
  writeFileSync(join(panelPage, 'icons.css'), `/* Written by scripts/build.mjs from src/core/errorPanel/panelProtocol.ts. */\n${classes.join('')}`);
}

/** Imports of these source modules become requires of their own bundle, next to the importer's. */
const SEPARATE_BUNDLES = { './undiciLoad': './http.js', './vscode/sessionParts': './session.js', './features': './features.js' };

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
    session: join(root, 'src', 'vscode', 'sessionParts.ts'),
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

/** The error panel's page, for the webview's browser. */
const pageOptions = {
  entryPoints: { errorPanel: join(root, 'src', 'webview', 'errorPanel', 'main.ts') },
  tsconfig: join(root, 'src', 'webview', 'errorPanel', 'tsconfig.json'),
  outdir: panelPage,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  // Inline: a map file beside the page would ship in the VSIX.
  sourcemap: production ? false : 'inline',
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

writeCodicons(await panelIcons());
// A production build writes no source maps: remove those of an earlier development build.
rmSync(join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  for (const watched of [options, pageOptions]) await (await context(watched)).watch();
} else {
  const results = await Promise.all([build(options), build(pageOptions)]);
  const sizes = results
    .flatMap((result) => Object.entries(result.metafile.outputs))
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KB`);
  console.log(`built ${sizes.join(', ')}${production ? ' (minified)' : ''}`);
}
