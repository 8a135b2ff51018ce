import * as vscode from 'vscode';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Failure } from '../api/result';
import type { SendOutcome, SendProgress } from '../api/send';
import { DOCUMENT_KINDS, type DocumentCreated, type DocumentKind } from '../api/types';
import { DOCUMENT_KIND_INFO, kindFromFileName } from '../documents/kinds';
import { documentProblems } from '../documents/schema';
import type { DocumentDiagnostics } from './diagnostics';
import { withCancellableProgress } from './progress';
import type { Services } from './services';

/** Where a failed send came from, so the error panel can offer Retry and Go to field. */
export interface SendOrigin {
  uri: vscode.Uri;
  kind: DocumentKind;
}

export interface SendDependencies {
  services: Services;
  diagnostics: DocumentDiagnostics;
  showFailure(failure: Failure, origin: SendOrigin): void;
}

function describeProgress(step: SendProgress): string {
  switch (step.stage) {
    case 'checkingSession':
      return 'checking the session…';
    case 'sending':
      return step.attempt > 1 ? `sending (attempt ${step.attempt})…` : 'sending…';
    case 'waitingToRetry':
      return `${step.because}; retrying in ${Math.ceil(step.delayMs / 1000)} s…`;
    case 'lookingUpStoredDocument':
      return 'the answer was lost; looking up the stored document…';
  }
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function documentToSend(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  return vscode.window.activeTextEditor?.document;
}

export async function pickDocumentKind(document: vscode.TextDocument | undefined): Promise<DocumentKind | undefined> {
  const suggested = document ? kindFromFileName(document.fileName) : undefined;
  const items: (vscode.QuickPickItem & { documentKind: DocumentKind })[] = DOCUMENT_KINDS.map((kind) => ({
    label: DOCUMENT_KIND_INFO[kind].label,
    description: `POST /${kind}`,
    documentKind: kind,
    picked: kind === suggested,
  }));
  if (suggested) items.sort((a, b) => Number(b.documentKind === suggested) - Number(a.documentKind === suggested));
  const choice = await vscode.window.showQuickPick(items, { title: 'Gestix: Send Document…', placeHolder: 'What kind of document is this?' });
  return choice?.documentKind;
}

async function ensureSignedIn(services: Services): Promise<boolean> {
  await services.session.reloadFromSecrets();
  if (services.session.signedIn) return true;
  const choice = await vscode.window.showWarningMessage('Sign in to Gestix before sending documents.', 'Sign In', 'Sign In with Username and Password');
  if (choice === 'Sign In') await vscode.commands.executeCommand('gestix.signIn');
  if (choice === 'Sign In with Username and Password') await vscode.commands.executeCommand('gestix.signInWithPassword');
  return services.session.signedIn;
}

async function savePdf(dependencies: SendDependencies, kind: DocumentKind, created: DocumentCreated): Promise<void> {
  const { services } = dependencies;
  const outcome = await withCancellableProgress(`Downloading the PDF of ${created.documentNumber ?? created.id}…`, (signal) =>
    services.session.withSession((token) => services.client.getDocumentPdf(token, kind, created.id, signal), { signal }),
  );
  if (outcome.kind !== 'answered' || !outcome.result.ok) {
    const failure = outcome.kind === 'answered' && !outcome.result.ok ? outcome.result.failure : outcome.kind === 'signInFailed' ? outcome.failure : undefined;
    void vscode.window.showErrorMessage(`Could not download the PDF${failure?.kind === 'network' ? `: ${failure.message}` : '.'}`);
    return;
  }
  const folder = vscode.Uri.joinPath(services.context.globalStorageUri, 'pdf');
  await mkdir(folder.fsPath, { recursive: true });
  const file = vscode.Uri.joinPath(folder, `${kind}-${created.id}.pdf`);
  await writeFile(file.fsPath, outcome.result.value);
  services.logger.info(`Saved the PDF of ${kind} ${created.id} to ${file.fsPath}`);
  const opened = await vscode.env.openExternal(file);
  if (!opened) void vscode.window.showInformationMessage(`PDF saved to ${file.fsPath}`);
}

async function reportCreated(dependencies: SendDependencies, kind: DocumentKind, outcome: Extract<SendOutcome, { kind: 'created' }>): Promise<void> {
  const label = DOCUMENT_KIND_INFO[kind].label;
  const created = outcome.document;
  const number = created?.documentNumber ?? outcome.identity?.seqNumber ?? (created ? `#${created.id}` : 'the document');
  const recovered = outcome.recoveredAfterUncertainAttempt ? ' The connection dropped during sending, but the first attempt had been stored, so nothing was sent twice.' : '';
  dependencies.services.logger.info(`${label} ${number} created${created ? ` (id ${created.id})` : ''} after ${outcome.attempts} attempt(s)${outcome.recoveredAfterUncertainAttempt ? ', recovered from a lost answer' : ''}`);
  const actions = created ? ['Open PDF', 'Copy Number'] : ['Copy Number'];
  const choice = await vscode.window.showInformationMessage(`${label} ${number} created in Gestix.${recovered}`, ...actions);
  if (choice === 'Copy Number') await vscode.env.clipboard.writeText(number);
  if (choice === 'Open PDF' && created) await savePdf(dependencies, kind, created);
}

async function offerSignIn(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Sign In');
  if (choice === 'Sign In') await vscode.commands.executeCommand('gestix.signIn');
}

const MAY_EXIST =
  ' It may have been created: sending it again is safe (a second copy is refused as a duplicate), or check the document list in Gestix.';

export async function sendDocument(dependencies: SendDependencies, kind: DocumentKind | undefined, uri?: vscode.Uri): Promise<void> {
  const { services, diagnostics } = dependencies;
  const document = await documentToSend(uri);
  if (!document) {
    void vscode.window.showWarningMessage('Open the JSON document you want to send to Gestix.');
    return;
  }
  const chosenKind = kind ?? (await pickDocumentKind(document));
  if (!chosenKind) return;
  const label = DOCUMENT_KIND_INFO[chosenKind].label;

  const syntaxErrors = diagnostics.markSyntaxProblems(document);
  if (syntaxErrors > 0) {
    void vscode.window.showErrorMessage(`The ${label.toLowerCase()} is not valid JSON (${syntaxErrors} problem${syntaxErrors > 1 ? 's' : ''}); nothing was sent.`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return;
  }
  const text = document.getText();
  const problems = documentProblems(chosenKind, parsedOrUndefined(text));
  if (problems.length > 0) {
    diagnostics.markFieldProblems(document, problems);
    const choice = await vscode.window.showErrorMessage(
      `The ${label.toLowerCase()} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} Gestix would reject: ${problems[0]!.message}${problems.length > 1 ? ', …' : ''}. Nothing was sent.`,
      'Show Problems',
      'Send Anyway',
    );
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice !== 'Send Anyway') return;
  } else {
    diagnostics.clear(document.uri);
  }
  if (!(await ensureSignedIn(services))) return;

  const outcome = await withCancellableProgress(`Sending ${label.toLowerCase()} to Gestix`, (signal, report) =>
    services.sender.send(chosenKind, text, { signal, onProgress: (step) => report(describeProgress(step)) }),
  );
  const origin: SendOrigin = { uri: document.uri, kind: chosenKind };
  switch (outcome.kind) {
    case 'created':
      diagnostics.clear(document.uri);
      await reportCreated(dependencies, chosenKind, outcome);
      return;
    case 'rejected':
      dependencies.showFailure(outcome.failure, origin);
      return;
    case 'notSignedIn':
      await offerSignIn('Sign in to Gestix before sending documents.');
      return;
    case 'reauthFailed':
      services.logger.warn(`Signing in again failed while sending a ${label.toLowerCase()}`);
      await offerSignIn(
        outcome.failure.kind === 'network'
          ? `The Gestix session expired and signing in again failed: ${outcome.failure.message}`
          : 'The Gestix session expired and the stored API token was refused. Sign in again.',
      );
      return;
    case 'gaveUp':
      if (outcome.lastFailure.kind !== 'network') dependencies.showFailure(outcome.lastFailure, origin);
      void vscode.window.showErrorMessage(
        `Could not send the ${label.toLowerCase()} after ${outcome.attempts} attempts${outcome.lastFailure.kind === 'network' ? `: ${outcome.lastFailure.message}` : '.'}${outcome.mayHaveBeenCreated ? MAY_EXIST : ''}`,
      );
      return;
    case 'cancelled':
      void vscode.window.showInformationMessage(`Sending the ${label.toLowerCase()} was cancelled.${outcome.mayHaveBeenCreated ? MAY_EXIST : ''}`);
      return;
  }
}
