// Gestix: Send Folder… — every JSON document in a folder (and its subfolders), checked locally,
// then sent in one pipelined batch with a cancellable progress notification, a summary and a
// per-file Markdown report.
import vscode = require('vscode');
import { BatchSender } from '../api/batch';
import type { DocumentSender, SendOutcome } from '../api/send';
import { DOCUMENT_KINDS, type DocumentKind } from '../api/types';
import { filesWithoutKind, planFolderSend, renderFolderReport, summarize, summarySentence, type FolderFile, type PlannedFile } from '../documents/folderSend';
import { withCancellableProgress } from './progress';
import { kindLabel } from './kindLabels';
import { ensureSignedIn } from './send';
import type { Services } from './services';

/** More files than this is almost certainly the wrong folder (a whole project, node_modules…). */
const MAX_FILES = 20_000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
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

/** JSON files below `folder`, as paths relative to it; undefined when there are too many. */
async function jsonFiles(folder: vscode.Uri): Promise<string[] | undefined> {
  const found: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const entries = await vscode.workspace.fs.readDirectory(relative ? vscode.Uri.joinPath(folder, relative) : folder);
    for (const [name, type] of entries) {
      const path = relative ? `${relative}/${name}` : name;
      if (type & vscode.FileType.Directory) {
        if (!name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) pending.push(path);
      } else if (name.toLowerCase().endsWith('.json')) {
        found.push(path);
        if (found.length > MAX_FILES) return undefined;
      }
    }
  }
  return found;
}

type KindChoice = { kind: DocumentKind | undefined } | 'cancelled';

async function kindForUnnamed(unnamed: string[]): Promise<KindChoice> {
  if (unnamed.length === 0) return { kind: undefined };
  const example = unnamed.slice(0, 3).join(', ');
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

async function readFiles(folder: vscode.Uri, paths: string[]): Promise<FolderFile[]> {
  const decoder = new TextDecoder('utf-8');
  return Promise.all(paths.map(async (path) => ({ path, text: decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, path))) })));
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

async function sendPlanned(sender: DocumentSender, ready: Extract<PlannedFile, { status: 'ready' }>[]): Promise<Map<string, SendOutcome>> {
  const outcomes = new Map<string, SendOutcome>();
  const title = ready.length === 1 ? vscode.l10n.t('Sending 1 document to Gestix') : vscode.l10n.t('Sending {count} documents to Gestix', { count: ready.length.toLocaleString() });
  const results = await withCancellableProgress(title, (signal, report) => {
    let lastReport = 0;
    return new BatchSender(sender).send(
      ready.map((file) => ({ kind: file.kind, jsonText: file.text })),
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
  ready.forEach((file, index) => outcomes.set(file.path, results[index]!));
  return outcomes;
}

export async function sendFolder(services: Services, sender: DocumentSender, uri?: unknown): Promise<void> {
  const folder = await pickFolder(uri);
  if (!folder) return;
  const folderName = vscode.workspace.asRelativePath(folder, true);
  const paths = await jsonFiles(folder);
  if (paths === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{folder} holds more than {max} JSON files; choose the folder with the documents.', { folder: folderName, max: MAX_FILES.toLocaleString() }));
    return;
  }
  if (paths.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no JSON files in {folder}.', { folder: folderName }));
    return;
  }
  const choice = await kindForUnnamed(filesWithoutKind(paths));
  if (choice === 'cancelled') return;

  const plan = planFolderSend(await readFiles(folder, paths), choice.kind);
  const ready = plan.filter((file): file is Extract<PlannedFile, { status: 'ready' }> => file.status === 'ready');
  const started = Date.now();
  let outcomes = new Map<string, SendOutcome>();
  if (ready.length > 0) {
    if (!(await ensureSignedIn(services))) return;
    const account = services.settings.account;
    const sendLabel = vscode.l10n.t('Send');
    const confirmed = await vscode.window.showWarningMessage(
      vscode.l10n.t('Send {count} document(s) from {folder} to Gestix account {account}?', { count: ready.length.toLocaleString(), folder: folderName, account }),
      {
        modal: true,
        detail: vscode.l10n.t('{others} other file(s) will not be sent; the report lists why. When an answer is lost, the document list on the server is checked before anything is sent again, so nothing is created twice.', {
          others: plan.length - ready.length,
        }),
      },
      sendLabel,
    );
    if (confirmed !== sendLabel) return;
    outcomes = await sendPlanned(sender, ready);
  }

  const summary = summarize(plan, outcomes);
  const sentence = `${folderName}: ${summarySentence(summary)}.`;
  services.logger.info(`Send Folder ${sentence}`);
  const finishedAt = new Date();
  const report = renderFolderReport(plan, outcomes, { folder: folderName, account: services.settings.account, finishedAt, durationMs: Date.now() - started });
  await showReport(services.context.globalStorageUri, report, finishedAt);
  // The summary sentence comes from the core, which speaks English like the report it heads.
  const message = vscode.l10n.t('Gestix: {summary}', { summary: sentence });
  if (summary.rejected + summary.uncertain + summary.other > 0) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}
