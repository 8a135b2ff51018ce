// Send Folder's scan and reads on real folders on disk: symbolic link loops, links out of the folder,
// two ways to the same file, oversized files, bounded concurrency and cancellation.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_FILE_BYTES, readFolderFiles, scanFolder, type FolderReader, type ReadOutcome } from '../../src/core/documents/folderScan';

/** The folder through Node's file system, as the editor's adapter sees it through VS Code's. */
function diskReader(folder: string, counters = { reading: 0, mostAtOnce: 0, listed: 0 }): FolderReader & { counters: typeof counters } {
  const absolute = (relative: string) => join(folder, relative);
  return {
    counters,
    list: async (relative) => {
      counters.listed += 1;
      const entries = await readdir(absolute(relative), { withFileTypes: true });
      return Promise.all(
        entries.map(async (entry) => {
          if (!entry.isSymbolicLink()) return { name: entry.name, type: entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other', symbolicLink: false } as const;
          const target = await stat(absolute(join(relative, entry.name))).catch(() => undefined);
          return { name: entry.name, type: target?.isDirectory() ? 'directory' : target?.isFile() ? 'file' : 'other', symbolicLink: true } as const;
        }),
      );
    },
    realPath: (relative) => realpath(absolute(relative)).catch(() => undefined),
    size: async (relative) => (await stat(absolute(relative))).size,
    read: async (relative) => {
      counters.reading += 1;
      counters.mostAtOnce = Math.max(counters.mostAtOnce, counters.reading);
      try {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return await readFile(absolute(relative));
      } finally {
        counters.reading -= 1;
      }
    },
  };
}

describe('scanning a folder for Send Folder', () => {
  let scratch: string;
  let folder: string;
  before(() => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'gestix-folder-scan-')));
    folder = join(scratch, 'documents');
    mkdirSync(join(folder, 'sub', 'deeper'), { recursive: true });
    mkdirSync(join(folder, 'node_modules'));
    mkdirSync(join(scratch, 'outside'));
    writeFileSync(join(folder, 'a.invoice.json'), '{}');
    writeFileSync(join(folder, 'notes.txt'), 'not json');
    writeFileSync(join(folder, 'sub', 'b.invoice.json'), '{}');
    writeFileSync(join(folder, 'sub', 'deeper', 'c.order.json'), '{}');
    writeFileSync(join(folder, 'node_modules', 'x.json'), '{}');
    writeFileSync(join(scratch, 'outside', 'secret.invoice.json'), '{}');
    // Two links to the folder itself and one to its parent: followed blindly, 2^n folder reads.
    symlinkSync('.', join(folder, 'loop-one'));
    symlinkSync('..', join(folder, 'sub', 'loop-two'));
    symlinkSync(join(scratch, 'outside'), join(folder, 'outside-link'));
    symlinkSync(join(scratch, 'outside', 'secret.invoice.json'), join(folder, 'secret-link.invoice.json'));
    symlinkSync('sub/b.invoice.json', join(folder, 'same-as-b.invoice.json'));
    symlinkSync('deeper', join(folder, 'sub', 'deeper-again'));
    symlinkSync('missing.invoice.json', join(folder, 'broken.invoice.json'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('takes each real folder and file once, follows no link out of the folder, and says why for each link it does not follow', async () => {
    const reader = diskReader(folder);
    const result = await scanFolder(reader, { maxFiles: 100 });
    assert.equal(result.kind, 'done');
    if (result.kind !== 'done') return;
    assert.deepEqual([...result.files].sort(), ['a.invoice.json', 'sub/b.invoice.json', 'sub/deeper/c.order.json']);
    const reasons = Object.fromEntries(result.notRead.map(({ path, reason }) => [path, reason]));
    assert.match(reasons['loop-one'], /symbolic link loop \(it leads back to the folder itself\)/);
    assert.match(reasons['sub/loop-two'], /symbolic link loop/);
    assert.match(reasons['outside-link'], /outside the folder/);
    assert.match(reasons['secret-link.invoice.json'], /outside the folder/);
    assert.match(reasons['same-as-b.invoice.json'], /the same file as sub\/b\.invoice\.json/);
    assert.match(reasons['sub/deeper-again'], /a symbolic link to sub\/deeper, which is read once/);
    assert.match(reasons['broken.invoice.json'], /leads nowhere/);
    assert.equal(Object.keys(reasons).length, 7);
    assert.equal(reader.counters.listed, 3, 'the folder, sub and sub/deeper are each listed once');
  });

  it('a link inside the folder to a folder reached no other way is followed', async () => {
    const linked = join(scratch, 'linked');
    mkdirSync(join(linked, '.hidden', 'target'), { recursive: true });
    writeFileSync(join(linked, '.hidden', 'target', 'd.invoice.json'), '{}');
    symlinkSync('.hidden/target', join(linked, 'shortcut'));
    const result = await scanFolder(diskReader(linked), { maxFiles: 100 });
    assert.deepEqual(result, { kind: 'done', files: ['shortcut/d.invoice.json'], notRead: [] });
  });

  it('stops at more files than allowed, and when cancelled', async () => {
    assert.deepEqual(await scanFolder(diskReader(folder), { maxFiles: 2 }), { kind: 'tooMany' });
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await scanFolder(diskReader(folder), {
      maxFiles: 100,
      signal: controller.signal,
      onProgress: (found) => {
        progress.push(found);
        controller.abort();
      },
    });
    assert.deepEqual(result, { kind: 'cancelled' });
    assert.equal(progress.length, 1, 'no folder is listed after the cancel');
  });

  it('reads a few files at a time, reports files over 5 MB without reading them, and stops when cancelled', async () => {
    const many = join(scratch, 'many');
    mkdirSync(many);
    const paths = Array.from({ length: 40 }, (_, index) => `f${index}.invoice.json`);
    for (const path of paths) writeFileSync(join(many, path), '{"ok":true}');
    writeFileSync(join(many, 'huge.invoice.json'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    const reader = diskReader(many);
    const outcomes: ReadOutcome[] = [];
    const completed = await readFolderFiles(reader, [...paths, 'huge.invoice.json'], (outcome) => outcomes.push(outcome), { concurrency: 4 });
    assert.equal(completed, true);
    assert.equal(outcomes.length, 41);
    assert.equal(reader.counters.mostAtOnce, 4, 'at most four reads at once');
    const huge = outcomes.find((outcome) => outcome.path === 'huge.invoice.json');
    assert.ok(huge && 'reason' in huge && /larger than 5\.0 MB \(5\.0 MB\): not read/.test(huge.reason), JSON.stringify(huge));
    assert.ok(outcomes.filter((outcome) => 'text' in outcome).every((outcome) => 'text' in outcome && outcome.text === '{"ok":true}'));

    const controller = new AbortController();
    const partial: ReadOutcome[] = [];
    const finished = await readFolderFiles(diskReader(many), paths, (outcome) => {
      partial.push(outcome);
      if (partial.length === 5) controller.abort();
    }, { concurrency: 2, signal: controller.signal });
    assert.equal(finished, false);
    assert.ok(partial.length <= 6, `${partial.length} files read after cancelling at 5`);
  });

  it('a file that cannot be read is reported, not thrown', async () => {
    const outcomes: ReadOutcome[] = [];
    await readFolderFiles(diskReader(folder), ['vanished.invoice.json'], (outcome) => outcomes.push(outcome));
    assert.equal(outcomes.length, 1);
    assert.ok('reason' in outcomes[0] && /could not be read/.test(outcomes[0].reason));
  });
});
