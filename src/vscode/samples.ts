// Gestix: Open Sample Invoice / Open Sample Log. The invoice is copied into global storage with a
// fresh number and today's date, named *.invoice.json so the JSON schema, the title-bar Send button
// and Send Invoice all apply, and so it can be edited to try a rejection. The log is opened
// read-only from the extension's own copy.
import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { COMMAND, registerCommand } from './commands';

/** Read-only documents served from media/samples. */
export const SAMPLE_SCHEME = 'gestix-sample';
const SAMPLE_LOG = 'sample.log';

/** Gestix limits seq_number to 15 characters: "FT2026/" and 8 base-36 digits of the time. */
function freshSeqNumber(now: Date): string {
  return `FT${now.getFullYear()}/${now.getTime().toString(36).toUpperCase().slice(-8)}`;
}

function isoDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function samplesFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'samples');
}

/** Whether a document is one of the sample copies Open Sample Invoice wrote. */
export function isSampleDocument(context: vscode.ExtensionContext, uri: vscode.Uri): boolean {
  const folder = samplesFolder(context);
  return uri.scheme === folder.scheme && uri.authority === folder.authority && uri.path.startsWith(`${folder.path}/`);
}

async function readShipped(context: vscode.ExtensionContext, name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'media', 'samples', name)));
}

/** Earlier copies nobody has open any more. */
async function removeUnusedCopies(folder: vscode.Uri): Promise<void> {
  const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
  const entries = await vscode.workspace.fs.readDirectory(folder).then(
    (found) => found,
    () => [] as [string, vscode.FileType][],
  );
  for (const [name, type] of entries) {
    const file = vscode.Uri.joinPath(folder, name);
    if (type === vscode.FileType.File && !open.has(file.toString())) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
  }
}

async function openSampleInvoice(context: vscode.ExtensionContext, now = new Date()): Promise<vscode.TextEditor> {
  const invoice = JSON.parse(await readShipped(context, 'sample.invoice.json')) as Record<string, unknown>;
  const due = new Date(now);
  due.setDate(due.getDate() + 30);
  Object.assign(invoice, { seq_number: freshSeqNumber(now), date: isoDate(now), due_date: isoDate(due) });
  const folder = samplesFolder(context);
  await vscode.workspace.fs.createDirectory(folder);
  await removeUnusedCopies(folder);
  const file = vscode.Uri.joinPath(folder, `sample-${now.getTime().toString(36)}.invoice.json`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(invoice, null, 2)}\n`));
  return vscode.window.showTextDocument(file, { preview: false });
}

async function openSampleLog(): Promise<vscode.TextEditor> {
  // The .log name gives it the Log language, so the hovers and the code colouring apply.
  return vscode.window.showTextDocument(vscode.Uri.from({ scheme: SAMPLE_SCHEME, path: `/${SAMPLE_LOG}` }), { preview: false });
}

export function registerSamples(context: vscode.ExtensionContext): Disposable {
  const shipped: vscode.TextDocumentContentProvider = {
    // Only the shipped sample: any extension or link can ask for a gestix-sample: address.
    provideTextDocumentContent: (uri) => (uri.path === `/${SAMPLE_LOG}` ? readShipped(context, SAMPLE_LOG) : undefined),
  };
  const store = new DisposableStore();
  store.add(vscode.workspace.registerTextDocumentContentProvider(SAMPLE_SCHEME, shipped));
  store.add(registerCommand(COMMAND.openSampleInvoice, () => openSampleInvoice(context)));
  store.add(registerCommand(COMMAND.openSampleLog, () => openSampleLog()));
  return store;
}
