// What the chat tools do when called: the pure core (src/core/chatTools) checks inputs and writes results; this
// adds the window's connection, session and sender, the send setting, Restricted Mode and VS Code's
// confirmation. Results are written for a model and stay English, like the log.
import vscode = require('vscode');
import type { Disposable } from '../core/host/events';
import type { Result } from '../core/http/result';
import type { GestixClient } from '../core/http/client';
import type { SessionCallOutcome } from '../core/session/session';
import type { DocumentSender } from '../core/sending/send';
import { plainText } from '../core/text/sanitize';
import type { ToolId } from '../core/chatTools/names';
import {
  checkDocumentInput,
  checkExplainInput,
  checkGetInput,
  checkListInput,
  checkLookUpInput,
  documentListText,
  documentText,
  explainText,
  failureText,
  lookUpText,
  planSend,
  sendOutcomeText,
  validateText,
  type DocumentInput,
  type SendPlan,
} from '../core/chatTools/toolText';
import { kindLabel, kindNoun } from './kindLabels';
import type { ToolHandlers } from './languageModelTools';
import type { ConnectionState, Services } from './services';
import { readSetting } from './settings';

/** Sends confirmed but not yet invoked; a few, since a declined confirmation is never invoked. */
const PENDING_CONFIRMATIONS = 8;

function result(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

function abortSignalOf(token: vscode.CancellationToken): { signal: AbortSignal } & Disposable {
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  if (token.isCancellationRequested) controller.abort();
  return {
    signal: controller.signal,
    dispose: () => {
      subscription.dispose();
    },
  };
}

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

export function createToolHandlers(services: Services, senderFor: (connection: ConnectionState) => DocumentSender): ToolHandlers {
  /** What the user confirmed: the exact document, to the exact connection. */
  const confirmed: string[] = [];
  const confirmationKey = (plan: SendPlan) => JSON.stringify([services.active.name, services.settings.serverUrl, services.settings.account, plan.kind, plan.document]);

  /** Why sending is refused before anything else is looked at, or undefined when it may go on. */
  const sendRefusal = (): string | undefined => {
    if (!vscode.workspace.isTrusted) return 'Refused: this workspace is in Restricted Mode, where Gestix tools never send documents. Nothing was sent.';
    if (readSetting('gestix.tools.allowSend') !== true) {
      return 'Refused: sending documents from chat is turned off (setting gestix.tools.allowSend). Only the user can turn it on; nothing was sent. Tell the user they can send the document themselves with "Gestix: Send Document…".';
    }
    if (!services.settings.account) return 'Refused: no Gestix account is set (setting gestix.account). Ask the user to run "Gestix: Sign In"; nothing was sent.';
    return undefined;
  };

  const readOnServer = async <T>(
    what: string,
    call: (client: GestixClient, sessionToken: string, signal: AbortSignal) => Promise<Result<T>>,
    token: vscode.CancellationToken,
    answer: (value: T) => string,
  ): Promise<string> => {
    const { session } = services.active;
    if (!services.settings.account) return `${what} is not possible: no Gestix account is set (setting gestix.account). Ask the user to run "Gestix: Sign In".`;
    const cancellation = abortSignalOf(token);
    let outcome: SessionCallOutcome<T>;
    try {
      outcome = await session.withSession((sessionToken) => call(session.client, sessionToken, cancellation.signal), { signal: cancellation.signal });
    } finally {
      cancellation.dispose();
    }
    if (outcome.kind === 'notSignedIn') return `${what} is not possible: not signed in to Gestix. Ask the user to run "Gestix: Sign In".`;
    if (outcome.kind === 'signInFailed') return failureText(`${what} (signing in again)`, outcome.failure);
    return outcome.result.ok ? answer(outcome.result.value) : failureText(what, outcome.result.failure);
  };

  const send = async (input: DocumentInput, token: vscode.CancellationToken): Promise<string> => {
    const refusal = sendRefusal();
    if (refusal) return refusal;
    const planned = planSend(input);
    if (!planned.ok) return planned.message;
    const key = confirmationKey(planned.plan);
    const at = confirmed.indexOf(key);
    // Only a send VS Code asked the user about (prepareInvocation below) goes out, to the connection named.
    if (at === -1) return 'Refused: the user did not confirm this send (or the connection changed since). Nothing was sent.';
    confirmed.splice(at, 1);
    const cancellation = abortSignalOf(token);
    try {
      services.logger.info(`A chat tool sends ${planned.plan.kind} ${planned.plan.number ?? '(no number)'} after the user confirmed it`);
      const outcome = await senderFor(services.active).send(planned.plan.kind, planned.plan.document, { signal: cancellation.signal });
      if (outcome.kind === 'created') services.milestones.reach('documentCreated');
      return sendOutcomeText(planned.plan, outcome);
    } finally {
      cancellation.dispose();
    }
  };

  const run = async (id: ToolId, input: unknown, token: vscode.CancellationToken): Promise<string> => {
    switch (id) {
      case 'explain': {
        const checked = checkExplainInput(input);
        return checked.ok ? explainText(checked.value) : checked.message;
      }
      case 'lookUp': {
        const checked = checkLookUpInput(input);
        return checked.ok ? lookUpText(checked.value) : checked.message;
      }
      case 'validate': {
        const checked = checkDocumentInput(input);
        return checked.ok ? validateText(checked.value) : checked.message;
      }
      case 'list': {
        const checked = checkListInput(input);
        if (!checked.ok) return checked.message;
        const { kind, skip, limit } = checked.value;
        return readOnServer(`Listing ${kind}`, (client, sessionToken, signal) => client.listDocuments(sessionToken, kind, { skip, limit }, signal), token, (documents) => documentListText(checked.value, documents));
      }
      case 'get': {
        const checked = checkGetInput(input);
        if (!checked.ok) return checked.message;
        const { kind, id: documentId } = checked.value;
        return readOnServer(`Fetching ${kind} ${documentId}`, (client, sessionToken, signal) => client.getDocument(sessionToken, kind, documentId, signal), token, (document) => documentText(checked.value, document));
      }
      case 'send': {
        const checked = checkDocumentInput(input);
        return checked.ok ? send(checked.value, token) : checked.message;
      }
    }
  };

  /** What VS Code shows before a chat send, and the confirmation it asks for; only a send prepared here can go out. */
  const prepareSend = (input: unknown): vscode.PreparedToolInvocation => {
    if (sendRefusal() !== undefined) return { invocationMessage: vscode.l10n.t('Gestix: sending from chat is not allowed') };
    const checked = checkDocumentInput(input);
    const planned = checked.ok ? planSend(checked.value) : undefined;
    if (!planned?.ok) return { invocationMessage: vscode.l10n.t('Gestix: checking the document') };
    const { plan } = planned;
    confirmed.push(confirmationKey(plan));
    if (confirmed.length > PENDING_CONFIRMATIONS) confirmed.shift();
    const { serverUrl, account } = services.settings;
    const values = { kind: kindLabel(plan.kind), noun: kindNoun(plan.kind), number: plan.number ?? vscode.l10n.t('(no number)'), host: plainText(hostOf(serverUrl), 200), account: plainText(account, 100), connection: plainText(services.active.name, 80) };
    return {
      invocationMessage: vscode.l10n.t('Sending {kind} {number} to Gestix', values),
      confirmationMessages: {
        title: vscode.l10n.t('Send {kind} {number} to Gestix?', values),
        message: vscode.l10n.t('A chat agent asks to create {noun} {number} on {host}, account {account} (connection {connection}). It becomes a real document there.', values),
      },
    };
  };

  return {
    prepare: (id, input) => Promise.resolve(id === 'send' ? prepareSend(input) : undefined),
    invoke: async (id, options, token) => result(await run(id, options.input, token)),
  };
}
