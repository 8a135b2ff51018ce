// The context key behind the Explorer's Send Folder… entry (package.json menus, explorer/context):
// the folders that hold Gestix documents, as the workbench names them in `resourcePath`; and whether
// there are any, for the status item, which shows in such a workspace even while signed out. The
// workspace is searched once after activation, and again, after a burst of changes has settled,
// when document files appear or go or when folders are renamed or deleted in the workbench.
import vscode = require('vscode');
import { DisposableStore, Emitter, type Disposable, type Event } from '../core/host/events';
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

/**
 * The one search for Gestix documents in the workspace: it sets the Explorer's context key, and tells
 * whoever asks (the status item) whether any folder holds documents.
 */
export class DocumentFolders implements Disposable {
  private readonly store = new DisposableStore();
  private readonly changes = this.store.add(new Emitter<boolean>());
  /** Told when `present` changes, and when the first search answers. */
  readonly onDidChange: Event<boolean> = this.changes.event;
  private found: boolean | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private searching = false;
  private searchAgain = false;
  private disposed = false;

  constructor() {
    const searchSoon = () => this.searchSoon();
    const watcher = this.store.add(vscode.workspace.createFileSystemWatcher(DOCUMENT_FILE_GLOB, false, true, false));
    this.store.add(watcher.onDidCreate(searchSoon));
    this.store.add(watcher.onDidDelete(searchSoon));
    // A folder renamed or deleted in the workbench takes its documents with it, without an event per file.
    this.store.add(vscode.workspace.onDidRenameFiles(searchSoon));
    this.store.add(vscode.workspace.onDidDeleteFiles(searchSoon));
    this.store.add(vscode.workspace.onDidChangeWorkspaceFolders(searchSoon));
    void this.search();
  }

  /** Whether a folder of the workspace holds document files; undefined until the first search has answered. */
  get present(): boolean | undefined {
    return this.found;
  }

  private searchSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), SEARCH_DELAY_MS);
  }

  private async search(): Promise<void> {
    if (this.searching) {
      this.searchAgain = true;
      return;
    }
    this.searching = true;
    try {
      do {
        this.searchAgain = false;
        const folders = await searchDocumentFolders().catch(
          // A file system the editor cannot search: Send Folder… stays in the palette, only the menu lacks it.
          () => ({}),
        );
        if (this.disposed) return;
        await setContext(DOCUMENT_FOLDERS_CONTEXT_KEY, folders);
        this.set(Object.keys(folders).length > 0);
      } while (this.searchAgain);
    } finally {
      this.searching = false;
    }
  }

  private set(found: boolean): void {
    if (found === this.found) return;
    this.found = found;
    this.changes.fire(found);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.store.dispose();
  }
}
