// Gestix: Send Folder… — every JSON document in a folder (and its subfolders), checked locally,
// then sent in one pipelined batch with a cancellable progress notification, a summary and a
// per-file Markdown report.
import { realpath } from 'node:fs/promises';
import vscode = require('vscode');
import { BatchSender } from '../core/sending/batch';
import { redact } from '../core/text/redact';
import { plainText } from '../core/text/sanitize';
import type { DocumentSender, SendOutcome } from '../core/sending/send';
import { DOCUMENT_KINDS, type DocumentKind } from '../core/wire';
import { readFolderFiles, scanFolder, type EntryType, type FolderReader } from '../core/documents/folderScan';
import { filesWithoutKind, inSendingOrder, planFile, renderFolderReport, summarize, summarySentence, type PlannedFile } from '../core/documents/folderSend';
import { withCancellableProgress } from './progress';
import { sendSourceOf } from './send';
import { kindLabel } from './kindLabels';
import type { ConnectionState, Services } from './services';
import { ensureSignedIn } from './signInGate';

/** More files than this is almost certainly the wrong folder (a whole project, node_modules…). */
const MAX_FILES = 20_000;
/** Progress messages at most this often: a batch finishes thousands of documents per second. */
const PROGRESS_INTERVAL_MS = 100;
const REPORTS_KEPT = 20;

async function pickFolder(uri: unknown): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return uri;
  }
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Gestix: Send Folder…'),
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Send Documents in Folder'),
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}

function entryType(type: vscode.FileType): EntryType {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

/** The folder through the editor's file system; links are resolved on disk, the only place they exist. */
function folderReader(folder: vscode.Uri): FolderReader {
  const uri = (relative: string) => (relative === '' ? folder : vscode.Uri.joinPath(folder, relative));
  return {
    list: async (relative) =>
      (await vscode.workspace.fs.readDirectory(uri(relative))).map(([name, type]) => ({
        name,
        type: entryType(type),
        symbolicLink: (type & vscode.FileType.SymbolicLink) !== 0,
      })),
    realPath: async (relative) =>
      folder.scheme === 'file' ? realpath(uri(relative).fsPath).then((path) => path.replace(/\\/g, '/'), () => undefined) : undefined,
    size: async (relative) => (await vscode.workspace.fs.stat(uri(relative))).size,
    read: (relative) => Promise.resolve(vscode.workspace.fs.readFile(uri(relative))),
  };
}

type KindChoice = { kind: DocumentKind | undefined } | 'cancelled';

async function kindForUnnamed(unnamed: string[]): Promise<KindChoice> {
  if (unnamed.length === 0) return { kind: undefined };
  const example = plainText(unnamed.slice(0, 3).join(', '));
  const items: (vscode.QuickPickItem & { choice: DocumentKind | undefined })[] = [
    { label: vscode.l10n.t('Skip them'), description: vscode.l10n.t('send only files named like *.invoice.json'), choice: undefined },
    ...DOCUMENT_KINDS.map((kind) => ({ label: vscode.l10n.t('Send them as: {kind}', { kind: kindLabel(kind) }), description: `POST /${kind}`, choice: kind })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Gestix: Send Folder…'),
    placeHolder:
      unnamed.length === 1
        ? vscode.l10n.t('1 JSON file has no document kind in its name ({examples}). What is it?', { examples: example })
        : vscode.l10n.t('{count} JSON files have no document kind in their names ({examples}). What are they?', { count: unnamed.length, examples: `${example}${unnamed.length > 3 ? ', …' : ''}` }),
    ignoreFocusOut: true,
  });
  return picked ? { kind: picked.choice } : 'cancelled';
}

/**
 * Saved in the extension's storage rather than opened untitled, so that closing it asks nothing and
 * the last reports stay at hand; older ones are removed.
 */
async function showReport(storage: vscode.Uri, report: string, finishedAt: Date): Promise<void> {
  const folder = vscode.Uri.joinPath(storage, 'send-folder-reports');
  await vscode.workspace.fs.createDirectory(folder);
  const file = vscode.Uri.joinPath(folder, `send-folder-${finishedAt.toISOString().replace(/[:.]/g, '-')}.md`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(report));
  const reports = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).filter((name) => /^send-folder-.*\.md$/.test(name)).sort();
  for (const old of reports.slice(0, Math.max(0, reports.length - REPORTS_KEPT))) {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, old)).then(undefined, () => undefined);
  }
  await vscode.window.showTextDocument(file, { preview: false });
}

async function sendPlanned(sender: DocumentSender, folder: vscode.Uri, ready: Extract<PlannedFile, { status: 'ready' }>[]): Promise<Map<string, SendOutcome>> {
  const outcomes = new Map<string, SendOutcome>();
  const title = ready.length === 1 ? vscode.l10n.t('Sending 1 document to Gestix') : vscode.l10n.t('Sending {count} documents to Gestix', { count: ready.length.toLocaleString() });
  const results = await withCancellableProgress(title, (signal, report) => {
    let lastReport = 0;
    return new BatchSender(sender).send(
      ready.map((file) => ({ kind: file.kind, jsonText: file.text, source: sendSourceOf(vscode.Uri.joinPath(folder, file.path)) })),
      {
        signal,
        onProgress: (progress) => {
          const now = Date.now();
          if (now - lastReport < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
          lastReport = now;
          report(vscode.l10n.t('{done} / {total} ({created} created)', { done: progress.done.toLocaleString(), total: progress.total.toLocaleString(), created: progress.created.toLocaleString() }));
        },
      },
    );
  });
  ready.forEach((file, index) => outcomes.set(file.path, results[index]));
  return outcomes;
}

export async function sendFolder(services: Services, senderFor: (connection: ConnectionState) => DocumentSender, uri?: unknown): Promise<void> {
  // The connection in use when the person asked; a switch while the folder is read changes nothing.
  const connection = services.active;
  const folder = await pickFolder(uri);
  if (!folder) return;
  // Folder and file names come from whatever was cloned or unpacked: as hostile as server text.
  const folderName = plainText(vscode.workspace.asRelativePath(folder, true));
  const reader = folderReader(folder);
  const scan = await withCancellableProgress(vscode.l10n.t('Gestix: looking for documents in {folder}', { folder: folderName }), (signal, report) =>
    scanFolder(reader, {
      maxFiles: MAX_FILES,
      signal,
      onProgress: (found) => report(vscode.l10n.t('{count} JSON files found', { count: found.toLocaleString() })),
    }),
  );
  if (scan.kind === 'cancelled') return;
  if (scan.kind === 'tooMany') {
    void vscode.window.showWarningMessage(vscode.l10n.t('{folder} holds more than {max} JSON files; choose the folder with the documents.', { folder: folderName, max: MAX_FILES.toLocaleString() }));
    return;
  }
  if (scan.files.length === 0 && scan.notRead.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no JSON files in {folder}.', { folder: folderName }));
    return;
  }
  const choice = await kindForUnnamed(filesWithoutKind(scan.files));
  if (choice === 'cancelled') return;

  const checked: PlannedFile[] = scan.notRead.map(({ path, reason }) => ({ path, status: 'skipped', reason }));
  const total = scan.files.length;
  const completed = await withCancellableProgress(vscode.l10n.t('Gestix: checking {count} files in {folder}', { count: total.toLocaleString(), folder: folderName }), (signal, report) => {
    let lastReport = 0;
    return readFolderFiles(
      reader,
      scan.files,
      (outcome) => {
        checked.push('text' in outcome ? planFile(outcome, choice.kind) : { path: outcome.path, status: 'skipped', reason: outcome.reason });
        const now = Date.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        report(vscode.l10n.t('{done} / {total}', { done: checked.length.toLocaleString(), total: (total + scan.notRead.length).toLocaleString() }));
      },
      { signal },
    );
  });
  if (!completed) return;
  const plan = inSendingOrder(checked);
  const ready = plan.filter((file): file is Extract<PlannedFile, { status: 'ready' }> => file.status === 'ready');
  const started = Date.now();
  let outcomes = new Map<string, SendOutcome>();
  if (ready.length > 0) {
    if (!(await ensureSignedIn(services, connection))) return;
    const { account } = connection.settings;
    const sendLabel = vscode.l10n.t('Send');
    const confirmed = await vscode.window.showWarningMessage(
      vscode.l10n.t('Send {count} document(s) from {folder} to Gestix account {account} (connection {connection})?', {
        count: ready.length.toLocaleString(),
        folder: folderName,
        account,
        connection: plainText(connection.name, 80),
      }),
      {
        modal: true,
        detail: vscode.l10n.t('{others} other file(s) will not be sent; the report lists why. When an answer is lost, the document list on the server is checked before anything is sent again, so nothing is created twice.', {
          others: plan.length - ready.length,
        }),
      },
      sendLabel,
    );
    if (confirmed !== sendLabel) return;
    outcomes = await sendPlanned(senderFor(connection), folder, ready);
  }

  const summary = summarize(plan, outcomes);
  const sentence = `${folderName}: ${summarySentence(summary)}.`;
  services.logger.info(`Send Folder ${sentence}`);
  const finishedAt = new Date();
  const report = renderFolderReport(plan, outcomes, { folder: folderName, account: connection.settings.account, finishedAt, durationMs: Date.now() - started });
  await showReport(services.context.globalStorageUri, redact(report, services.knownSecrets), finishedAt);
  // The summary sentence comes from the core, which speaks English like the report it heads.
  const message = vscode.l10n.t('Gestix: {summary}', { summary: sentence });
  if (summary.rejected + summary.uncertain + summary.other > 0) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}
