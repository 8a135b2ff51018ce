// `vsce package`, which makes the production build first (the `vscode:prepublish` script). Prints
// the path of the .vsix it wrote.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, projectRoot } from './ensure-deps.mjs';

ensureDependencies();
const { name, version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
const vsix = join(projectRoot, `${name}-${version}.vsix`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

run(process.execPath, [
  join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--out',
  vsix,
]);
console.log(vsix);
