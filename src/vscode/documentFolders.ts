// The context key behind the Explorer's Send Folder… entry (package.json menus, explorer/context):
// the folders that hold Gestix documents, as the workbench names them in `resourcePath`. The
// workspace is searched once after activation, and again, after a burst of changes has settled,
// when document files appear or go or when folders are renamed or deleted in the workbench.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { DOCUMENT_FILE_GLOB, FOLDERS_NOT_SEARCHED_GLOB, foldersHolding } from '../core/documents/documentFolders';
import { setContext } from './commands';

const DOCUMENT_FOLDERS_CONTEXT_KEY = 'gestix.documentFolders';
/** The search stops here, so a huge tree costs no more than this many results. */
const MAX_FILES_SEARCHED = 10_000;
/** A checkout or an unpacked archive writes many files at once: one search after the burst. */
const SEARCH_DELAY_MS = 300;

/** How the workbench names a resource in `resourcePath`: the file system path of a file, else the URI's path. */
function resourcePathOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** The folders holding documents, as an object whose keys a `when` clause's `in` looks up. */
async function searchDocumentFolders(): Promise<Record<string, true>> {
  const roots = vscode.workspace.workspaceFolders ?? [];
  if (roots.length === 0) return {};
  const files = await vscode.workspace.findFiles(DOCUMENT_FILE_GLOB, FOLDERS_NOT_SEARCHED_GLOB, MAX_FILES_SEARCHED);
  const found: Record<string, true> = {};
  // Paths only compare within one file system, named by a URI's scheme and authority.
  const fileSystems = new Map(roots.map((root) => [`${root.uri.scheme}://${root.uri.authority}`, root.uri]));
  for (const [fileSystem, anyRoot] of fileSystems) {
    const onThisFileSystem = (uri: vscode.Uri) => `${uri.scheme}://${uri.authority}` === fileSystem;
    const rootPaths = roots.filter((root) => onThisFileSystem(root.uri)).map((root) => root.uri.path);
    const paths = files.filter(onThisFileSystem).map((file) => file.path);
    for (const folder of foldersHolding(paths, rootPaths)) found[resourcePathOf(anyRoot.with({ path: folder }))] = true;
  }
  return found;
}

export function trackDocumentFolders(): Disposable {
  const store = new DisposableStore();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let searching = false;
  let searchAgain = false;
  let disposed = false;
  const search = async (): Promise<void> => {
    if (searching) {
      searchAgain = true;
      return;
    }
    searching = true;
    try {
      do {
        searchAgain = false;
        const folders = await searchDocumentFolders();
        if (disposed) return;
        await setContext(DOCUMENT_FOLDERS_CONTEXT_KEY, folders);
      } while (searchAgain);
    } catch {
      // A file system the editor cannot search: Send Folder… stays in the palette, only the menu lacks it.
    } finally {
      searching = false;
    }
  };
  const searchSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(), SEARCH_DELAY_MS);
  };
  const watcher = store.add(vscode.workspace.createFileSystemWatcher(DOCUMENT_FILE_GLOB, false, true, false));
  store.add(watcher.onDidCreate(searchSoon));
  store.add(watcher.onDidDelete(searchSoon));
  // A folder renamed or deleted in the workbench takes its documents with it, without an event per file.
  store.add(vscode.workspace.onDidRenameFiles(searchSoon));
  store.add(vscode.workspace.onDidDeleteFiles(searchSoon));
  store.add(vscode.workspace.onDidChangeWorkspaceFolders(searchSoon));
  store.add({
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
    },
  });
  searchSoon();
  return store;
}
