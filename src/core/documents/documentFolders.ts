// Which folders hold Gestix documents, so that the Explorer offers Send Folder… on those only. Send
// Folder reads a folder and everything below it, so a folder holds documents when any file below it
// is one: the file's own folder and each folder above it, up to the workspace folder.
import { DOCUMENT_KINDS } from '../wire';
import { DOCUMENT_KIND_INFO } from './kinds';

/** Files named like a document kind (`*.invoice.json`…), as a glob for the editor's file search. */
export const DOCUMENT_FILE_GLOB = `**/*{${DOCUMENT_KINDS.flatMap((kind) => DOCUMENT_KIND_INFO[kind].fileSuffixes).join(',')}}`;

/** What Send Folder skips (folderScan.ts): dependencies and hidden folders such as `.git`. */
export const FOLDERS_NOT_SEARCHED_GLOB = '{**/node_modules/**,**/.*/**}';

function parentOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? undefined : path.slice(0, slash);
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * The folders that hold the given files, from each file's own folder up to the outermost workspace
 * folder it is in; files outside every workspace folder are left out. Paths use `/` (URI paths).
 * Each folder is visited once, whatever the number of files in it.
 */
export function foldersHolding(files: Iterable<string>, workspaceFolders: readonly string[]): Set<string> {
  const folders = new Set<string>();
  const shortestFirst = workspaceFolders.map((root) => (root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root)).sort((a, b) => a.length - b.length);
  for (const file of files) {
    const outermost = shortestFirst.find((root) => isInside(file, root));
    if (outermost === undefined) continue;
    for (let folder = parentOf(file); folder !== undefined && !folders.has(folder); folder = parentOf(folder)) {
      folders.add(folder);
      if (folder.length <= outermost.length) break;
    }
  }
  return folders;
}
