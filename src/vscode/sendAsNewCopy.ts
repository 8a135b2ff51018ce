// Gestix: Send as New Copy. The active document goes out with the next free number of its series and
// today's date, through the same checks and duplicate-safe sender as Send; the file stays as it is.
import vscode = require('vscode');
import { DOCUMENT_KIND_INFO, kindFromFileName } from '../core/documents/kinds';
import { localIsoDate, newCopy, seriesOf, type NewCopyResult, type NumbersGiven } from '../core/sending/newCopy';
import { seriesNumbers } from '../core/sending/seriesNumbers';
import { describeFailure } from '../core/http/describe';
import { plainText } from '../core/text/sanitize';
import { kindNoun } from './kindLabels';
import { withCancellableProgress } from './progress';
import {
  confirmSampleDestination,
  connectionToSendWith,
  describeProgress,
  documentToSend,
  passesLocalChecks,
  pickDocumentKind,
  reportOutcome,
  sendSourceOf,
  type SendDependencies,
} from './send';
import type { ConnectionState } from './services';
import { ensureSignedIn } from './signInGate';
import type { DocumentKind } from '../core/wire';

function copyProblem(result: Extract<NewCopyResult, { ok: false }>, noun: string): string {
  switch (result.reason) {
    case 'notAnObject':
      return vscode.l10n.t('The {kind} is not a JSON object, so no copy can be made.', { kind: noun });
    case 'noSeries':
      return vscode.l10n.t('The {kind} has no document_set, so there is no series to number a copy in.', { kind: noun });
    case 'noNumber':
      return vscode.l10n.t('The {kind} has no seq_number to number a copy after.', { kind: noun });
    case 'tooLong':
      return vscode.l10n.t('The next number of the series, {number}, is longer than the 15 characters Gestix allows; nothing was sent.', { number: plainText(result.detail, 80) });
  }
}

/** The numbers already taken in the document's series: the server's list, and what this window gave. */
async function takenNumbers(dependencies: SendDependencies, given: NumbersGiven, connection: ConnectionState, kind: DocumentKind, documentSet: string, signal: AbortSignal): Promise<string[]> {
  const own = given.of(connection.name, kind, documentSet);
  const listed = await seriesNumbers(connection.session, kind, documentSet, signal);
  const { logger } = dependencies.services;
  if (listed.kind === 'unavailable') {
    logger.warn(`Send as New Copy: the ${kind} list could not be read (${listed.failure ? describeFailure(listed.failure) : 'not signed in'}); numbering after the highest number seen`);
    return [...own];
  }
  if (!listed.complete) logger.warn(`Send as New Copy: series ${documentSet} has more ${kind} than are read; numbering after the highest of those read`);
  return [...listed.numbers, ...own];
}

/** Sends a new copy with the connection in use, or with `connectionName` (the error panel's Retry uses the one of the failed copy). */
export async function sendAsNewCopy(dependencies: SendDependencies, given: NumbersGiven, resource: unknown, connectionName?: string): Promise<void> {
  const { services } = dependencies;
  const connection = connectionToSendWith(services, connectionName);
  if (!connection) return;
  const document = await documentToSend(resource);
  if (!document) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the JSON document you want to send a new copy of.'));
    return;
  }
  const kind = kindFromFileName(document.fileName) ?? (await pickDocumentKind(document));
  if (!kind) return;
  const text = document.getText();
  if (!(await passesLocalChecks(dependencies.diagnostics, document, text, kind))) return;
  if (!(await ensureSignedIn(services, connection))) return;
  if (!(await confirmSampleDestination(services, connection, document))) return;

  const noun = kindNoun(kind);
  const sent = await withCancellableProgress(vscode.l10n.t('Sending a new copy of the {kind} to Gestix', { kind: noun }), async (signal, report) => {
    report(vscode.l10n.t('finding the next free number…'));
    const documentSet = seriesOf(text);
    const taken = documentSet === undefined ? [] : await takenNumbers(dependencies, given, connection, kind, documentSet, signal);
    const copy = newCopy(text, localIsoDate(new Date()), taken);
    if (!copy.ok || signal.aborted) return { copy, outcome: undefined };
    // Taken from now on, whatever the send's outcome: a copy whose answer is lost may be stored.
    given.note(connection.name, kind, copy.copy.documentSet, copy.copy.seqNumber);
    services.logger.info(`Sending a new copy of the ${DOCUMENT_KIND_INFO[kind].label.toLowerCase()}: ${copy.copy.seqNumber} dated ${copy.copy.date} (content ${copy.copy.fingerprint})`);
    const outcome = await dependencies.senderFor(connection).send(kind, copy.copy.jsonText, { signal, source: sendSourceOf(document.uri), onProgress: (step) => report(describeProgress(step)) });
    return { copy, outcome };
  });
  if (!sent.copy.ok) {
    void vscode.window.showErrorMessage(copyProblem(sent.copy, noun));
    return;
  }
  if (!sent.outcome) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sending the {kind} was cancelled.', { kind: noun }));
    return;
  }
  await reportOutcome(dependencies, { uri: document.uri, kind, connection, asNewCopy: true }, sent.outcome);
}
