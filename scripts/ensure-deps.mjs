// Installs the project's npm dependencies when they are missing or differ from the lock file,
// so that `npm start` and `npm test` work on a fresh clone without a separate install step.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Whether every package the lock file names is installed in its version. A lock file newer than the
 * install (a fresh checkout touches it) is compared by content, so it does not wipe a good install.
 */
function installedAsLocked(lock, marker) {
  if (!existsSync(marker)) return false;
  if (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return true;
  try {
    const wanted = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
    const installed = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {};
    return Object.entries(wanted).every(([path, entry]) => path === '' || entry.optional || installed[path]?.version === entry.version);
  } catch {
    return false;
  }
}

export function ensureDependencies() {
  const lock = join(projectRoot, 'package-lock.json');
  const marker = join(projectRoot, 'node_modules', '.package-lock.json');
  if (installedAsLocked(lock, marker)) return;
  console.log('Installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('npm could not install the dependencies; see the output above.');
    process.exit(result.status ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDependencies();
