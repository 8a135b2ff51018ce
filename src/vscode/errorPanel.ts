import vscode = require('vscode');
import { randomBytes } from 'node:crypto';
import { redact } from '../core/text/redact';
import { plainText } from '../core/text/sanitize';
import { isPanelActionId, panelModelFromState, redactPanelModel, type PanelModel, type PanelOrigin } from '../core/codes/panelModel';
import { ERROR_PANEL_VIEW_TYPE } from './errorPanelType';

/** A tab title: the first badge, such as "HTTP 400" or a code looked up. */
const TITLE_LIMIT = 60;

export interface PanelActionHandlers {
  signInAgain(): Thenable<unknown>;
  retry(origin: PanelOrigin): Thenable<unknown>;
  goToField(origin: PanelOrigin, field: string): Thenable<unknown>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function cspNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * One error panel per window, reused for each new failure. The page gets its data by message and
 * builds its DOM with textContent; the HTML shell below contains no server data at all. The page
 * keeps what it is sent as its state, on disk: every model is redacted before it is posted.
 */
export class ErrorPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: PanelModel | undefined;
  /** The whole body of the failure shown, when the model only holds a capped copy. */
  private fullRaw: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: PanelActionHandlers,
    /** The secrets this window knows, removed from every model shown and every body opened. */
    private readonly secrets: Iterable<string>,
  ) {}

  /** Takes over a panel VS Code restored after a reload, with the state the page saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const model = panelModelFromState(state);
    if (model) this.adopt(panel, redactPanelModel(model, this.secrets), undefined);
    else panel.dispose();
  }

  show(shown: PanelModel, fullRaw?: string): void {
    const model = redactPanelModel(shown, this.secrets);
    if (this.panel) {
      this.panel.title = this.titleFor(model);
      this.model = model;
      this.fullRaw = fullRaw;
      void this.panel.webview.postMessage({ type: 'render', model });
      this.panel.reveal(vscode.ViewColumn.Beside, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(ERROR_PANEL_VIEW_TYPE, this.titleFor(model), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, this.options());
    this.adopt(panel, model, fullRaw);
  }

  /** For tests and the hover's "open in panel": what is shown now. */
  get current(): PanelModel | undefined {
    return this.model;
  }

  private titleFor(model: PanelModel): string {
    return vscode.l10n.t('Gestix: {title}', { title: plainText(model.badges[0], TITLE_LIMIT) || vscode.l10n.t('Error') });
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  private adopt(panel: vscode.WebviewPanel, model: PanelModel, fullRaw: string | undefined): void {
    this.panel = panel;
    this.model = model;
    this.fullRaw = fullRaw;
    panel.webview.options = this.options();
    panel.webview.html = this.html(panel.webview);
    const messages = panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message));
    panel.onDidDispose(() => {
      messages.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.model = undefined;
        this.fullRaw = undefined;
      }
    });
  }

  private async onMessage(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { type, action } = message as { type?: unknown; action?: unknown };
    const model = this.model;
    if (!model) return;
    if (type === 'ready') {
      void this.panel?.webview.postMessage({ type: 'render', model });
      return;
    }
    if (type !== 'action' || !isPanelActionId(action)) return;
    if (!model.actions.some((offered) => offered.id === action)) return;
    switch (action) {
      case 'copySupportDetails':
        await vscode.env.clipboard.writeText(model.supportText);
        void vscode.window.showInformationMessage(vscode.l10n.t('Support details copied. Send them to support@gestix.com.'));
        return;
      case 'openRawBody': {
        const document = await vscode.workspace.openTextDocument({ content: this.fullRaw === undefined ? model.raw : redact(this.fullRaw, this.secrets), language: model.rawLanguage });
        await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Active });
        return;
      }
      case 'signInAgain':
        await this.handlers.signInAgain();
        return;
      case 'retry':
        if (model.origin) await this.handlers.retry(model.origin);
        return;
      case 'goToField':
        if (model.origin && model.field) await this.handlers.goToField(model.origin, model.field);
        return;
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = cspNonce();
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', file)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('errorPanel.css')}">
<title>${escapeHtml(vscode.l10n.t('Gestix error'))}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${media('errorPanel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
