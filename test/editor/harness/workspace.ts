// A scratch copy of the fixture workspace, so scenarios may edit and send documents freely.
import { randomBytes } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_WORKSPACE = join(__dirname, '..', 'fixtures', 'workspace');

/** Gestix limits seq_number to 15 characters. */
const SEQ_NUMBER_MAX = 15;

/**
 * Gives every valid document a seq_number no earlier run used (keeping its series prefix), so a
 * server that remembers documents never answers 409 to a re-run. Broken JSON stays as it is.
 */
function makeSeqNumbersUnique(folder: string): void {
  for (const entry of readdirSync(folder, { recursive: true }).map(String)) {
    if (!entry.endsWith('.json')) continue;
    const file = join(folder, entry);
    const text = readFileSync(file, 'utf8');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof document !== 'object' || document === null || typeof (document as { seq_number?: unknown }).seq_number !== 'string') continue;
    const current = (document as { seq_number: string }).seq_number;
    const prefix = current.includes('/') ? current.slice(0, current.lastIndexOf('/') + 1) : '';
    const unique = `${prefix}${randomBytes(8).toString('hex').toUpperCase()}`.slice(0, SEQ_NUMBER_MAX);
    writeFileSync(file, text.replace(JSON.stringify(current), JSON.stringify(unique)));
  }
}

export function copyFixtureWorkspace(destination: string, options: { uniqueSeqNumbers: boolean }): string {
  cpSync(FIXTURE_WORKSPACE, destination, { recursive: true });
  if (options.uniqueSeqNumbers) makeSeqNumbersUnique(destination);
  return destination;
}
