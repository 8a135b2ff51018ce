// Documents the server holds, as read-only JSON files on the `gestix:` scheme, so that they open in
// an ordinary editor tab: searchable, copyable, and one side of a diff. Registered at activation
// (VS Code restores a `gestix:` tab after a reload and asks for it at once); the reading itself,
// through the connection the address names, comes from the features part on first use.
import vscode = require('vscode');
import { parseServerDocumentPath, SERVER_DOCUMENT_SCHEME, serverDocumentPath, type ServerDocumentReference } from '../core/serverDocuments/serverDocumentPath';

/** A read, worded for the person: messages are already sanitised. */
export type ServerDocumentAnswer =
  | { kind: 'document'; bytes: Uint8Array; fetchedAt: number }
  | { kind: 'notFound' }
  | { kind: 'unavailable'; message: string };

export interface ServerDocumentSource {
  read(reference: ServerDocumentReference): Promise<ServerDocumentAnswer>;
}

/** The address a server document opens at. */
export function serverDocumentUri(reference: ServerDocumentReference): vscode.Uri {
  return vscode.Uri.from({ scheme: SERVER_DOCUMENT_SCHEME, path: serverDocumentPath(reference) });
}

class ServerDocumentFiles implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly source: () => ServerDocumentSource) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const document = await this.document(uri);
    return { type: vscode.FileType.File, ctime: document.fetchedAt, mtime: document.fetchedAt, size: document.bytes.byteLength, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.document(uri)).bytes;
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  dispose(): void {
    this.changes.dispose();
  }

  private async document(uri: vscode.Uri): Promise<Extract<ServerDocumentAnswer, { kind: 'document' }>> {
    const reference = parseServerDocumentPath(uri.path);
    if (!reference) throw vscode.FileSystemError.FileNotFound(uri);
    const answer = await this.source().read(reference);
    if (answer.kind === 'notFound') throw vscode.FileSystemError.FileNotFound(uri);
    if (answer.kind === 'unavailable') throw vscode.FileSystemError.Unavailable(answer.message);
    return answer;
  }
}

export function registerServerDocumentFiles(source: () => ServerDocumentSource): vscode.Disposable {
  const files = new ServerDocumentFiles(source);
  const registration = vscode.workspace.registerFileSystemProvider(SERVER_DOCUMENT_SCHEME, files, {
    isCaseSensitive: true,
    // VS Code's own read-only message: a message of ours, localised at activation, cost 1–2 ms of the activation time VS Code reports.
    isReadonly: true,
  });
  return vscode.Disposable.from(registration, files);
}
