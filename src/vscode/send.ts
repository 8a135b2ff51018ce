import vscode = require('vscode');
import type { Failure, NetworkFailure } from '../core/http/result';
import type { DocumentSender, SendOutcome, SendProgress, SendSource } from '../core/sending/send';
import { DOCUMENT_KINDS, type DocumentKind } from '../core/wire';
import { DOCUMENT_KIND_INFO, kindFromFileName } from '../core/documents/kinds';
import { documentProblems } from '../core/documents/schema';
import { FAILURE_TEXT_LIMIT, plainText } from '../core/text/sanitize';
import { isLoopbackHost } from '../core/http/url';
import { COMMAND, executeCommand } from './commands';
import { copyDocumentNumber } from './confirmations';
import type { DocumentDiagnostics } from './documentDiagnostics';
import { kindLabel, kindNoun } from './kindLabels';
import { saveAndOpenPdf } from './pdfFiles';
import { withCancellableProgress } from './progress';
import { isSampleDocument } from './samples';
import type { ConnectionState, Services } from './services';
import { ensureSignedIn } from './signInGate';

/** Where a failed send came from, so the error panel can offer Retry and Go to field. */
export interface SendOrigin {
  uri: vscode.Uri;
  kind: DocumentKind;
  connection: ConnectionState;
  /** Sent by Send as New Copy, whose Retry sends another new copy. */
  asNewCopy?: true;
}

export interface SendDependencies {
  services: Services;
  /** One per connection: it keeps the order of nonces and the time of the last session check. */
  senderFor(connection: ConnectionState): DocumentSender;
  diagnostics: DocumentDiagnostics;
  /** Without an origin (a failure reopened from the Sent history whose file is gone), the panel offers no Retry. */
  showFailure(failure: Failure, origin?: SendOrigin): void;
}

export function describeProgress(step: SendProgress): string {
  switch (step.stage) {
    case 'checkingSession':
      return vscode.l10n.t('checking the session…');
    case 'sending':
      return step.attempt > 1 ? vscode.l10n.t('sending (attempt {attempt})…', { attempt: step.attempt }) : vscode.l10n.t('sending…');
    case 'waitingToRetry':
      return vscode.l10n.t('{reason}; retrying in {seconds} s…', { reason: plainText(step.because), seconds: Math.ceil(step.delayMs / 1000) });
    case 'lookingUpStoredDocument':
      return vscode.l10n.t('the answer was lost; looking up the stored document…');
  }
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The file a send came from, as the Sent history names it. */
export function sendSourceOf(uri: vscode.Uri): SendSource {
  return { uri: uri.toString(), label: uri.path.split('/').pop() || uri.toString() };
}

/** The document a menu was opened on, else the one in the active editor. */
export async function documentToSend(resource: unknown): Promise<vscode.TextDocument | undefined> {
  if (resource instanceof vscode.Uri) return vscode.workspace.openTextDocument(resource);
  return vscode.window.activeTextEditor?.document;
}

export async function pickDocumentKind(document: vscode.TextDocument | undefined): Promise<DocumentKind | undefined> {
  const suggested = document ? kindFromFileName(document.fileName) : undefined;
  const items: (vscode.QuickPickItem & { documentKind: DocumentKind })[] = DOCUMENT_KINDS.map((kind) => ({
    label: kindLabel(kind),
    description: `POST /${kind}`,
    documentKind: kind,
    picked: kind === suggested,
  }));
  if (suggested) items.sort((a, b) => Number(b.documentKind === suggested) - Number(a.documentKind === suggested));
  const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Gestix: Send Document…'), placeHolder: vscode.l10n.t('What kind of document is this?') });
  return choice?.documentKind;
}

/** A sample sent to a real server creates a real document there, so that needs a yes. */
export async function confirmSampleDestination(services: Services, connection: ConnectionState, document: vscode.TextDocument): Promise<boolean> {
  if (!isSampleDocument(services.context, document.uri)) return true;
  const { serverUrl, account } = connection.settings;
  let host: string;
  try {
    host = new URL(serverUrl).hostname;
  } catch {
    return true; // the client reports the invalid URL
  }
  if (isLoopbackHost(host)) return true;
  const send = vscode.l10n.t('Send Sample');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('This is a sample document. Sending it with connection {connection} to {server} creates a real document in account {account}.', { connection: plainText(connection.name, 80), server: serverUrl, account }),
    { modal: true, detail: vscode.l10n.t('To try sending without touching real data, run Gestix: Start Local Sandbox first.') },
    send,
  );
  return choice === send;
}

async function reportCreated(dependencies: SendDependencies, { kind, connection }: SendOrigin, outcome: Extract<SendOutcome, { kind: 'created' }>): Promise<void> {
  const created = outcome.document;
  // The server's number (or the file's seq_number) goes to a notification, the clipboard and the status bar.
  const number = plainText(created?.documentNumber ?? outcome.identity?.seqNumber) || (created ? `#${created.id}` : undefined);
  // The log is for support and stays English, like the core's messages.
  const logged = number ?? 'the document';
  dependencies.services.logger.info(`${DOCUMENT_KIND_INFO[kind].label} ${logged} created${created ? ` (id ${created.id})` : ''} after ${outcome.attempts} attempt(s)${outcome.recoveredAfterUncertainAttempt ? ', recovered from a lost answer' : ''}`);
  dependencies.services.milestones.reach('documentCreated');
  const headline = number === undefined ? vscode.l10n.t('{kind} created in Gestix.', { kind: kindLabel(kind) }) : vscode.l10n.t('{kind} {number} created in Gestix.', { kind: kindLabel(kind), number });
  const message = outcome.recoveredAfterUncertainAttempt
    ? vscode.l10n.t('{created} The connection dropped during sending, but the first attempt had been stored, so nothing was sent twice.', { created: headline })
    : headline;
  const openPdf = vscode.l10n.t('Open PDF');
  const copyNumber = vscode.l10n.t('Copy Number');
  const actions = [...(created ? [openPdf] : []), ...(number ? [copyNumber] : [])];
  const choice = await vscode.window.showInformationMessage(message, ...actions);
  if (choice === copyNumber && number) await copyDocumentNumber(created?.documentNumber || outcome.identity?.seqNumber || number);
  if (choice === openPdf && created) await saveAndOpenPdf(dependencies.services, connection, kind, created.id, created.documentNumber);
}

async function offerSignIn(message: string): Promise<void> {
  const signIn = vscode.l10n.t('Sign In');
  const choice = await vscode.window.showErrorMessage(message, signIn);
  if (choice === signIn) await executeCommand(COMMAND.signIn);
}

function showProblemsView(): void {
  void vscode.commands.executeCommand('workbench.actions.view.problems');
}

/**
 * Sends a document with the connection in use, or with `connectionName` (Retry uses the one the
 * document was sent with).
 */
export async function sendDocument(dependencies: SendDependencies, kind: DocumentKind | undefined, resource?: unknown, connectionName?: string): Promise<void> {
  const { services } = dependencies;
  const connection = connectionToSendWith(services, connectionName);
  if (!connection) return;
  const document = await documentToSend(resource);
  if (!document) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the JSON document you want to send to Gestix.'));
    return;
  }
  const chosenKind = kind ?? (await pickDocumentKind(document));
  if (!chosenKind) return;
  // What is checked is what is sent, whatever happens to the editor while the prompts below are open.
  const text = document.getText();
  if (!(await passesLocalChecks(dependencies.diagnostics, document, text, chosenKind))) return;
  if (!(await ensureSignedIn(services, connection))) return;
  if (!(await confirmSampleDestination(services, connection, document))) return;

  const outcome = await withCancellableProgress(vscode.l10n.t('Sending {kind} to Gestix', { kind: kindNoun(chosenKind) }), (signal, report) =>
    dependencies.senderFor(connection).send(chosenKind, text, { signal, source: sendSourceOf(document.uri), onProgress: (step) => report(describeProgress(step)) }),
  );
  await reportOutcome(dependencies, { uri: document.uri, kind: chosenKind, connection }, outcome);
}

/** The connection in use, or the one named; undefined, after saying so, when that one no longer exists. */
export function connectionToSendWith(services: Services, connectionName: string | undefined): ConnectionState | undefined {
  const connection = connectionName === undefined ? services.active : services.stateOf(connectionName);
  if (!connection) void vscode.window.showWarningMessage(vscode.l10n.t('The connection {connection} no longer exists; nothing was sent.', { connection: plainText(connectionName, 80) }));
  return connection;
}

/** The JSON syntax and the fields Gestix would reject, marked in the editor; true when sending goes on. */
export async function passesLocalChecks(diagnostics: DocumentDiagnostics, document: vscode.TextDocument, text: string, kind: DocumentKind): Promise<boolean> {
  const noun = kindNoun(kind);
  const showProblems = vscode.l10n.t('Show Problems');
  const syntaxErrors = diagnostics.markSyntaxProblems(document);
  if (syntaxErrors > 0) {
    const message =
      syntaxErrors === 1
        ? vscode.l10n.t('The {kind} is not valid JSON (1 problem); nothing was sent.', { kind: noun })
        : vscode.l10n.t('The {kind} is not valid JSON ({count} problems); nothing was sent.', { kind: noun, count: syntaxErrors });
    void vscode.window.showErrorMessage(message, showProblems).then((choice) => choice && showProblemsView());
    return false;
  }
  const problems = documentProblems(kind, parsedOrUndefined(text));
  const [firstProblem] = problems;
  if (!firstProblem) {
    diagnostics.clear(document.uri);
    return true;
  }
  diagnostics.markFieldProblems(document, problems);
  // Problem texts come from the core's schema table and stay English.
  const first = plainText(firstProblem.message);
  const message =
    problems.length === 1
      ? vscode.l10n.t('The {kind} has a problem Gestix would reject: {problem}. Nothing was sent.', { kind: noun, problem: first })
      : vscode.l10n.t('The {kind} has {count} problems Gestix would reject: {problem}, …. Nothing was sent.', { kind: noun, count: problems.length, problem: first });
  const sendAnyway = vscode.l10n.t('Send Anyway');
  const choice = await vscode.window.showErrorMessage(message, showProblems, sendAnyway);
  if (choice === showProblems) showProblemsView();
  return choice === sendAnyway;
}

export async function reportOutcome(dependencies: SendDependencies, origin: SendOrigin, outcome: SendOutcome): Promise<void> {
  const noun = kindNoun(origin.kind);
  switch (outcome.kind) {
    case 'created':
      dependencies.diagnostics.clear(origin.uri);
      await reportCreated(dependencies, origin, outcome);
      return;
    case 'rejected':
      dependencies.showFailure(outcome.failure, origin);
      return;
    case 'notSignedIn':
      await offerSignIn(vscode.l10n.t('Sign in to Gestix before sending documents.'));
      return;
    case 'reauthFailed':
      dependencies.services.logger.warn(`Signing in again failed while sending a ${DOCUMENT_KIND_INFO[origin.kind].label.toLowerCase()}`);
      await offerSignIn(
        outcome.failure.kind === 'network'
          ? vscode.l10n.t('The Gestix session expired and signing in again failed: {reason}', { reason: plainText(outcome.failure.message, FAILURE_TEXT_LIMIT) })
          : outcome.refused === 'credentials'
            ? vscode.l10n.t('The Gestix session expired and the stored user name and password were refused. Sign in again.')
            : vscode.l10n.t('The Gestix session expired and the stored API token was refused. Sign in again.'),
      );
      return;
    case 'notConfirmed':
      void vscode.window.showWarningMessage(notConfirmedMessage(noun, outcome));
      return;
    case 'gaveUp':
      // An answer is explained in the panel, which is enough; a failure without one has only a notification.
      if (outcome.lastFailure.kind === 'network') void vscode.window.showErrorMessage(gaveUpMessage(noun, outcome.attempts, outcome.lastFailure));
      else dependencies.showFailure(outcome.lastFailure, origin);
      return;
    case 'cancelled':
      void vscode.window.showInformationMessage(
        outcome.mayHaveBeenCreated
          ? vscode.l10n.t('Sending the {kind} was cancelled. It may have been created: check the document list in Gestix before sending it again.', { kind: noun })
          : vscode.l10n.t('Sending the {kind} was cancelled.', { kind: noun }),
      );
      return;
  }
}

/** A failure before the first attempt (the session check met a TLS error, say) names no attempt count. */
function gaveUpMessage(noun: string, attempts: number, failure: NetworkFailure): string {
  const values = { kind: noun, attempts, reason: plainText(failure.message, FAILURE_TEXT_LIMIT) };
  return attempts > 0 ? vscode.l10n.t('Could not send the {kind} after {attempts} attempts: {reason}', values) : vscode.l10n.t('Could not send the {kind}: {reason}', values);
}

function notConfirmedMessage(noun: string, outcome: Extract<SendOutcome, { kind: 'notConfirmed' }>): string {
  if (outcome.candidates.length > 1) {
    const candidates = outcome.candidates.map((document) => plainText(document.documentNumber ?? `#${document.id}`)).join(', ');
    return vscode.l10n.t('An answer from Gestix was lost, and {count} documents match the {kind}: {candidates}. Check which one it is; nothing was sent again.', {
      kind: noun,
      count: outcome.candidates.length,
      candidates,
    });
  }
  if (outcome.refusedSignIn) {
    return outcome.refusedSignIn === 'credentials'
      ? vscode.l10n.t('An answer from Gestix was lost, so the {kind} may have been created, and then the stored user name and password were refused. Sign in again and check the document list in Gestix before sending it again.', { kind: noun })
      : vscode.l10n.t('An answer from Gestix was lost, so the {kind} may have been created, and then the stored API token was refused. Sign in again and check the document list in Gestix before sending it again.', { kind: noun });
  }
  return vscode.l10n.t('An answer from Gestix was lost, so the {kind} may have been created, and it could not be checked. Check the document list in Gestix before sending it again.', { kind: noun });
}
