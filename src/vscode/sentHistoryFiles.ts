// Where the Sent history lives: one JSON file per connection in the extension's global storage,
// read and written through workspace.fs (so it stays on the extension host's machine, remote or
// not). A connection's file is read the first time its history is asked for or a send is recorded;
// writes are one at a time per connection, each writing the history as it is then, so the last
// state wins.
import { createHash } from 'node:crypto';
import vscode = require('vscode');
import { Emitter, type Disposable, type Event } from '../core/host/events';
import type { Logger } from '../core/host/ports';
import { LatestWrite } from '../core/history/latestWrite';
import { MAX_HISTORY_FILE_CHARS, parseHistory, renamedHistory, serializeHistory, withEntry, type SentEntry } from '../core/history/sentHistory';
import { nameKey } from '../core/connections/connection';
import { plainText } from '../core/text/sanitize';

const FOLDER = 'sent-history';

/** A file name from any connection name: a hash, so no character of the name matters to the file system. */
function fileNameOf(connection: string): string {
  return `${createHash('sha256').update(nameKey(connection)).digest('hex').slice(0, 32)}.json`;
}

interface ConnectionHistory {
  /** Undefined until the file has been read. */
  entries: SentEntry[] | undefined;
  loading: Promise<SentEntry[]> | undefined;
  saving: LatestWrite;
}

export class SentHistoryFiles implements Disposable {
  private readonly histories = new Map<string, ConnectionHistory>();
  private readonly changes = new Emitter<string>();
  /** A connection's history changed (by its name, as recorded). */
  readonly onDidChange: Event<string> = this.changes.event;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  /** The history of `connection`, newest first; read from its file the first time. */
  async entries(connection: string): Promise<readonly SentEntry[]> {
    const history = this.historyOf(connection);
    if (history.entries) return history.entries;
    history.loading ??= this.read(connection).then((entries) => {
      // Cleared while the file was read: what it held is gone.
      history.entries ??= entries;
      return history.entries;
    });
    return history.loading;
  }

  /** Puts `entry` (made redacted by sentEntryOf) first in its connection's history. */
  async record(entry: SentEntry): Promise<void> {
    const { connection } = entry;
    await this.entries(connection);
    const history = this.historyOf(connection);
    history.entries = withEntry(history.entries ?? [], entry);
    this.changes.fire(connection);
    await history.saving.request();
  }

  /** Empties the history of `connection`, and its file. */
  async clear(connection: string): Promise<void> {
    const history = this.historyOf(connection);
    history.entries = [];
    history.loading = undefined;
    this.changes.fire(connection);
    await history.saving.request();
  }

  /** Moves the history of `before` to `after` (a connection's new name), entries renamed. */
  async rename(before: string, after: string): Promise<void> {
    if (nameKey(before) === nameKey(after)) return;
    const moved = renamedHistory(await this.entries(before), await this.entries(after), after);
    this.historyOf(after).entries = moved;
    this.historyOf(before).entries = [];
    this.changes.fire(after);
    await Promise.all([this.historyOf(after).saving.request(), this.historyOf(before).saving.request()]);
  }

  private historyOf(connection: string): ConnectionHistory {
    const key = nameKey(connection);
    let history = this.histories.get(key);
    if (!history) {
      const made: ConnectionHistory = { entries: undefined, loading: undefined, saving: new LatestWrite(() => this.writeNow(connection, made.entries ?? [])) };
      history = made;
      this.histories.set(key, history);
    }
    return history;
  }

  private fileOf(connection: string): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, FOLDER, fileNameOf(connection));
  }

  private async read(connection: string): Promise<SentEntry[]> {
    const file = this.fileOf(connection);
    try {
      const { size } = await vscode.workspace.fs.stat(file);
      // A character takes at most 4 bytes of UTF-8: a larger file cannot be a history, so it is not read.
      if (size > MAX_HISTORY_FILE_CHARS * 4) {
        this.logger.warn(`The Sent history of ${connection} was not read: its file is ${size} bytes, larger than a history can be`);
        await this.keepAside(connection, file);
        return [];
      }
      const read = parseHistory(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
      if (read.problem) {
        this.logger.warn(`The Sent history of ${connection} was read in part: ${read.problem}`);
        await this.keepAside(connection, file);
      }
      return read.entries;
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
        this.logger.warn(`The Sent history of ${connection} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      return [];
    }
  }

  /** The next save rewrites the file with what could be read: what could not is kept beside it, not lost. */
  private async keepAside(connection: string, file: vscode.Uri): Promise<void> {
    const aside = file.with({ path: file.path.replace(/\.json$/, `.unreadable-${Date.now()}.json`) });
    try {
      await vscode.workspace.fs.copy(file, aside, { overwrite: false });
      this.logger.warn(`The Sent history file of ${connection} as it was is kept at ${aside.fsPath}`);
    } catch (error) {
      this.logger.warn(`The Sent history file of ${connection} could not be kept aside: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async writeNow(connection: string, entries: readonly SentEntry[]): Promise<void> {
    const file = this.fileOf(connection);
    try {
      if (entries.length === 0) {
        await vscode.workspace.fs.delete(file).then(undefined, (error: unknown) => {
          if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
        });
        return;
      }
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.storage, FOLDER));
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(serializeHistory(entries)));
    } catch (error) {
      this.logger.warn(`The Sent history of ${connection} could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.changes.dispose();
  }
}

/** The file an entry was sent from, when it still exists. */
export async function fileOfEntry(entry: SentEntry): Promise<vscode.Uri | undefined> {
  if (!entry.file) return undefined;
  try {
    const file = vscode.Uri.parse(entry.file.uri, true);
    await vscode.workspace.fs.stat(file);
    return file;
  } catch {
    return undefined;
  }
}

/** As fileOfEntry, and says why there is none (for Resend and Reveal File). */
export async function existingFileOf(entry: SentEntry): Promise<vscode.Uri | undefined> {
  const file = await fileOfEntry(entry);
  if (file) return file;
  if (entry.file) void vscode.window.showWarningMessage(vscode.l10n.t('{file} no longer exists.', { file: plainText(entry.file.label, 120) }));
  else void vscode.window.showInformationMessage(vscode.l10n.t('This document was not sent from a file.'));
  return undefined;
}
