// Whether the workspace holds Gestix document files, named as kinds.ts names them (the rule the
// manifest's workspaceContains activation events spell out for VS Code; a unit test keeps the two
// alike). The status item shows in such a workspace even while signed out.
import vscode = require('vscode');
import { DOCUMENT_KIND_INFO } from '../core/documents/kinds';
import { DisposableStore, Emitter, type Disposable, type Event } from '../core/host/events';

const DOCUMENT_FILES = `**/*{${Object.values(DOCUMENT_KIND_INFO)
  .flatMap((info) => info.fileSuffixes)
  .join(',')}}`;

export class WorkspaceDocuments implements Disposable {
  private readonly store = new DisposableStore();
  private readonly changes = this.store.add(new Emitter<boolean>());
  /** Told when `present` changes, and when the first search answers. */
  readonly onDidChange: Event<boolean> = this.changes.event;
  private found: boolean | undefined;
  /** Counts searches, so that only the answer of the latest one counts. */
  private searches = 0;

  constructor() {
    // Deleted and changed files are not watched for: one search answers for both.
    const watcher = this.store.add(vscode.workspace.createFileSystemWatcher(DOCUMENT_FILES, false, true, false));
    // A file created now outdates the answer of a search under way.
    this.store.add(watcher.onDidCreate(() => this.set(true, ++this.searches)));
    this.store.add(watcher.onDidDelete(() => void this.search()));
    this.store.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.search()));
    void this.search();
  }

  /** Whether a document file was found; undefined until the first search has answered. */
  get present(): boolean | undefined {
    return this.found;
  }

  dispose(): void {
    this.store.dispose();
  }

  private async search(): Promise<void> {
    const search = ++this.searches;
    // Default excludes (files.exclude); the search runs in VS Code's search process and stops at the first match.
    const found = await vscode.workspace.findFiles(DOCUMENT_FILES, undefined, 1).then(
      (files) => files.length > 0,
      // A virtual workspace without a file search provider cannot tell.
      () => false,
    );
    this.set(found, search);
  }

  private set(found: boolean, search: number): void {
    if (search !== this.searches || found === this.found) return;
    this.found = found;
    this.changes.fire(found);
  }
}
