import vscode = require('vscode');
import type { Failure } from '../core/http/result';
import { plainText } from '../core/text/sanitize';
import type { ApiErrorBody } from '../core/wire';
import { decodeFailure, decodeFailureBody, decodeText } from '../core/decoding/decode';
import type { DecodedError } from '../core/decoding/decodedView';
import { lookupCode } from '../core/codes/lookup';
import { buildCodePanelModel, buildPanelModel, type PanelOrigin } from '../core/errorPanel/panelModel';
import { windowFailureOf, type FailureOrigin, type WindowFailures } from '../core/problems/problems';
import { supportDetails } from '../core/decoding/support';
import type { DocumentDiagnostics } from './documentDiagnostics';
import type { ErrorPanel } from './errorPanel';
import type { SendOrigin } from './send';
import type { Services } from './services';

/** Shows decoded failures: in the panel, and as squiggles on the field a message names. */
export class ErrorPresenter {
  constructor(
    private readonly services: Services,
    private readonly panel: ErrorPanel,
    private readonly diagnostics: DocumentDiagnostics,
    /** Where each failure of a send is listed for Problems from the Server. */
    private readonly windowFailures: WindowFailures,
  ) {}

  showFailure(failure: Failure, origin?: SendOrigin): void {
    const panelOrigin = origin
      ? { uri: origin.uri.toString(), kind: origin.kind, connection: origin.connection.name, ...(origin.asNewCopy ? { asNewCopy: origin.asNewCopy } : {}) }
      : undefined;
    const { decoded, document } = this.decodeAndPresent(failure, panelOrigin);
    this.services.logger.warn(`${decoded.headline}${decoded.requestId ? ` (request_id ${decoded.requestId})` : ''}`);
    if (document && decoded.field?.where === 'body') {
      const message = vscode.l10n.t('{message} (Gestix)', { message: plainText(decoded.messages[0] ?? decoded.headline) });
      this.diagnostics.markFieldProblems(document, [{ field: decoded.field.name, message }]);
    }
    if (panelOrigin) this.windowFailures.record(windowFailureOf(decoded, failure, panelOrigin, Date.now()));
  }

  /** A failure this window met, shown again from Problems from the Server: not logged, marked or listed twice. */
  reopenFailure(failure: Failure, origin: FailureOrigin): void {
    this.decodeAndPresent(failure, origin);
  }

  showCode(code: string): void {
    this.panel.show(buildCodePanelModel(lookupCode(code)));
  }

  showText(text: string): void {
    this.present(decodeText(text), undefined, text);
  }

  /** One entry of `errors[]` from GET /status: an apiError body the server returned earlier. */
  showApiError(error: ApiErrorBody): void {
    const body = JSON.stringify(error, null, 2);
    this.present(decodeFailureBody({ body, contentType: 'application/json' }), undefined, body);
  }

  private decodeAndPresent(failure: Failure, origin: PanelOrigin | undefined): { decoded: DecodedError; document: vscode.TextDocument | undefined } {
    const document = origin ? vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === origin.uri) : undefined;
    const decoded = decodeFailure(failure, document ? { sentDocument: document.getText() } : {});
    this.present(decoded, origin, failure.kind === 'network' ? undefined : failure.body);
    return { decoded, document };
  }

  private present(decoded: DecodedError, origin: PanelOrigin | undefined, fullRaw: string | undefined): void {
    const settings = ((origin?.connection !== undefined && this.services.stateOf(origin.connection)) || this.services.active).settings;
    const supportText = supportDetails(decoded, {
      account: settings.account,
      serverUrl: settings.serverUrl,
      apiVersion: settings.apiVersion,
      extensionVersion: (this.services.context.extension.packageJSON as { version?: string }).version ?? '',
      secrets: this.services.knownSecrets,
      now: new Date(),
    });
    this.panel.show(buildPanelModel(decoded, { supportText, ...(origin ? { origin } : {}) }), fullRaw);
  }
}

/** The text Explain Error Response decodes: the selection, else the whole document, else the clipboard. */
export async function textToExplain(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = editor.selections.map((selection) => editor.document.getText(selection)).join('\n');
    if (selected.trim()) return selected;
    const whole = editor.document.getText();
    if (whole.trim()) return whole;
  }
  const clipboard = await vscode.env.clipboard.readText();
  return clipboard.trim() ? clipboard : undefined;
}
