// Finding and reading the JSON files of a folder for Send Folder, whatever the folder holds: symbolic
// links are followed only when they stay inside the folder, each real folder and file is taken once
// (so a link loop ends), large files are reported instead of read, and reads run a few at a time.
// The file system comes through `FolderReader`, so the editor and the tests bring their own.

export type EntryType = 'file' | 'directory' | 'other';

export interface FolderEntry {
  name: string;
  /** What the entry is, or what a symbolic link points to ('other' when it points nowhere). */
  type: EntryType;
  symbolicLink: boolean;
}

export interface FolderReader {
  /** Entries of a folder given relative to the scanned folder ('' is the folder itself). */
  list(relativePath: string): Promise<FolderEntry[]>;
  /**
   * The canonical absolute path, every link resolved, with `/` separators; undefined when it cannot
   * be resolved (a broken link, or a file system without paths).
   */
  realPath(relativePath: string): Promise<string | undefined>;
  size(relativePath: string): Promise<number>;
  read(relativePath: string): Promise<Uint8Array>;
}

/** A file or link that is not sent, and why (worded for the report). */
export interface NotRead {
  path: string;
  reason: string;
}

export interface ScanOptions {
  /** More JSON files than this ends the scan: it is almost certainly the wrong folder. */
  maxFiles: number;
  signal?: AbortSignal;
  /** Called after each folder with the number of JSON files found so far. */
  onProgress?: (found: number) => void;
}

export type ScanResult =
  | { kind: 'done'; files: string[]; notRead: NotRead[] }
  | { kind: 'tooMany' }
  | { kind: 'cancelled' };

const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const READ_CONCURRENCY = 8;

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

function isJsonName(name: string): boolean {
  return name.toLowerCase().endsWith('.json');
}

function isScannedFolderName(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED_FOLDERS.has(name);
}

function shownFolder(path: string): string {
  return path === '' ? 'the folder itself' : path;
}

/**
 * The JSON files below the folder, as paths relative to it, in no particular order. Folders and files
 * reached through links come after everything reached directly, so a link to a subfolder reports the
 * link, not the subfolder, as the second way in.
 */
export async function scanFolder(reader: FolderReader, options: ScanOptions): Promise<ScanResult> {
  const root = await reader.realPath('');
  const folders = new Map<string, string>();
  const files = new Map<string, string>();
  const found: string[] = [];
  const notRead: NotRead[] = [];
  const direct: Array<{ path: string; real: string | undefined }> = [{ path: '', real: root }];
  const links: Array<{ path: string; type: EntryType }> = [];
  if (root !== undefined) folders.set(root, '');

  const takeFile = (path: string, real: string | undefined): boolean => {
    if (real !== undefined) {
      const first = files.get(real);
      if (first !== undefined) {
        notRead.push({ path, reason: `the same file as ${first}, which is sent once` });
        return true;
      }
      files.set(real, path);
    }
    found.push(path);
    return found.length <= options.maxFiles;
  };

  const followLink = async (path: string, type: EntryType): Promise<void> => {
    if (root === undefined) {
      notRead.push({ path, reason: 'a symbolic link on a file system that does not say where links lead: not followed' });
      return;
    }
    const real = await reader.realPath(path);
    if (real === undefined) {
      notRead.push({ path, reason: 'a symbolic link that leads nowhere: not followed' });
      return;
    }
    if (!isInside(real, root)) {
      notRead.push({ path, reason: 'a symbolic link to a place outside the folder: not followed' });
      return;
    }
    if (type === 'file') {
      takeFile(path, real);
      return;
    }
    const seen = folders.get(real);
    if (seen !== undefined) {
      const loop = seen === '' || path.startsWith(`${seen}/`);
      notRead.push({
        path,
        reason: loop
          ? `a symbolic link loop (it leads back to ${shownFolder(seen)}): not followed`
          : `a symbolic link to ${seen}, which is read once`,
      });
      return;
    }
    folders.set(real, path);
    direct.push({ path, real });
  };

  while (direct.length > 0 || links.length > 0) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const folder = direct.pop();
    if (folder === undefined) {
      const link = links.shift()!;
      await followLink(link.path, link.type);
      continue;
    }
    const entries = await reader.list(folder.path);
    for (const entry of entries) {
      const path = join(folder.path, entry.name);
      if (entry.type === 'directory' && !isScannedFolderName(entry.name)) continue;
      if (entry.type !== 'directory' && !isJsonName(entry.name)) continue;
      if (entry.symbolicLink) {
        links.push({ path, type: entry.type });
        continue;
      }
      const real = folder.real === undefined ? undefined : join(folder.real, entry.name);
      if (entry.type === 'directory') {
        if (real !== undefined) folders.set(real, path);
        direct.push({ path, real });
      } else if (entry.type === 'file') {
        if (!takeFile(path, real)) return { kind: 'tooMany' };
      }
    }
    options.onProgress?.(found.length);
  }
  if (found.length > options.maxFiles) return { kind: 'tooMany' };
  return { kind: 'done', files: found, notRead };
}

export interface ReadOptions {
  signal?: AbortSignal;
  maxBytes?: number;
  concurrency?: number;
}

export type ReadOutcome = { path: string; text: string } | NotRead;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Reads each file (at most `concurrency` at a time), handing each to `onFile` as soon as it is read;
 * a file over `maxBytes` is reported, not read. Resolves false when cancelled.
 */
export async function readFolderFiles(
  reader: FolderReader,
  paths: readonly string[],
  onFile: (outcome: ReadOutcome) => void,
  options: ReadOptions = {},
): Promise<boolean> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const decoder = new TextDecoder('utf-8');
  let next = 0;
  const readOne = async (path: string): Promise<ReadOutcome> => {
    try {
      const size = await reader.size(path);
      if (size > maxBytes) return { path, reason: `larger than ${megabytes(maxBytes)} (${megabytes(size)}): not read` };
      const bytes = await reader.read(path);
      // The file may have grown since it was measured.
      if (bytes.byteLength > maxBytes) return { path, reason: `larger than ${megabytes(maxBytes)} (${megabytes(bytes.byteLength)}): not read` };
      return { path, text: decoder.decode(bytes) };
    } catch (error) {
      return { path, reason: `could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  const worker = async (): Promise<void> => {
    while (next < paths.length && !options.signal?.aborted) {
      const path = paths[next];
      next += 1;
      onFile(await readOne(path));
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? READ_CONCURRENCY, paths.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return !options.signal?.aborted;
}
