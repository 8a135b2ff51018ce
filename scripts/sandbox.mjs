// `npm run sandbox -- [options]`: installs what is missing, then runs the sandbox server
// (src/sandbox/main.ts) through tsx, passing options and stop signals on.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, projectRoot } from './ensure-deps.mjs';

ensureDependencies();

const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'sandbox', 'main.ts'), ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}

child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
