import vscode = require('vscode');
import { randomBytes } from 'node:crypto';
import { redact } from '../core/text/redact';
import { plainText } from '../core/text/sanitize';
import { panelModelFromState, redactPanelModel, type PanelAction, type PanelModel, type PanelOrigin } from '../core/errorPanel/panelModel';
import { pageMessageFrom, type HostToPageMessage, type PanelActionId } from '../core/errorPanel/panelProtocol';
import { buildPanelView } from '../core/errorPanel/panelView';
import { copyToClipboard } from './confirmations';
import { ERROR_PANEL_VIEW_TYPE } from './errorPanelType';
import { openBodyLabel, panelWording } from './errorPanelWording';

/** A tab title: the first badge, such as "HTTP 400" or a code looked up. */
const TITLE_LIMIT = 60;
/** The page's script, styles and icons (scripts/build.mjs writes them): all the webview may load. */
const PAGE_FOLDER = ['media', 'errorPanel'];

export interface PanelActionHandlers {
  signInAgain(): Thenable<unknown>;
  retry(origin: PanelOrigin): Thenable<unknown>;
  goToField(origin: PanelOrigin, field: string): Thenable<unknown>;
}

/** One action of the panel: the text of its button and what a click does. */
interface PanelActionBinding {
  label(action: PanelAction, model: PanelModel): string;
  run(model: PanelModel): Thenable<unknown>;
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

  private readonly actions: Record<PanelActionId, PanelActionBinding> = {
    copySupportDetails: {
      label: () => vscode.l10n.t('Copy Support Details'),
      run: (model) => copyToClipboard(model.supportText, vscode.l10n.t('Support details copied. Send them to support@gestix.com.')),
    },
    goToField: {
      label: (_action, model) => vscode.l10n.t('Go to "{field}"', { field: model.field ?? '' }),
      run: async (model) => {
        if (model.origin && model.field) await this.handlers.goToField(model.origin, model.field);
      },
    },
    signInAgain: {
      label: () => vscode.l10n.t('Sign In Again'),
      run: () => this.handlers.signInAgain(),
    },
    retry: {
      label: (action) =>
        action.afterSeconds ? vscode.l10n.t('Retry (server asks to wait {seconds} s)', { seconds: String(action.afterSeconds) }) : vscode.l10n.t('Retry'),
      run: async (model) => {
        if (model.origin) await this.handlers.retry(model.origin);
      },
    },
    openRawBody: {
      label: openBodyLabel,
      run: async (model) => {
        const document = await vscode.workspace.openTextDocument({ content: this.fullRaw === undefined ? model.raw : redact(this.fullRaw, this.secrets), language: model.rawLanguage });
        await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Active });
      },
    },
  };

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
    const message = this.renderMessage(model);
    const title = this.titleFor(message);
    if (this.panel) {
      this.panel.title = title;
      this.model = model;
      this.fullRaw = fullRaw;
      void this.panel.webview.postMessage(message);
      this.panel.reveal(vscode.ViewColumn.Beside, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(ERROR_PANEL_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, this.options());
    this.adopt(panel, model, fullRaw);
  }

  /** For tests and the hover's "open in panel": what is shown now. */
  get current(): PanelModel | undefined {
    return this.model;
  }

  /** The model with the panel's words in the window's language; both go to the page, which keeps them as its state. */
  private renderMessage(model: PanelModel): HostToPageMessage<PanelModel> {
    const view = buildPanelView(model, panelWording((action, shown) => this.actions[action.id].label(action, shown)));
    return { type: 'render', state: { model, view } };
  }

  private titleFor(message: HostToPageMessage): string {
    return vscode.l10n.t('Gestix: {title}', { title: plainText(message.state.view.badges[0], TITLE_LIMIT) || vscode.l10n.t('Error') });
  }

  private pageFolder(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, ...PAGE_FOLDER);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [this.pageFolder()] };
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

  private async onMessage(received: unknown): Promise<void> {
    const message = pageMessageFrom(received);
    const model = this.model;
    if (!message || !model) return;
    switch (message.type) {
      case 'ready':
        void this.panel?.webview.postMessage(this.renderMessage(model));
        return;
      case 'action':
        // The page may ask for any action; only those this failure offers run.
        if (model.actions.some((offered) => offered.id === message.action)) await this.actions[message.action].run(model);
        return;
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = cspNonce();
    const page = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.pageFolder(), file)).toString();
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
<link rel="stylesheet" href="${page('errorPanel.css')}">
<link rel="stylesheet" href="${page('icons.css')}">
<title>${escapeHtml(vscode.l10n.t('Gestix error'))}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${page('errorPanel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
