import vscode = require('vscode');
import { randomBytes } from 'node:crypto';
import { DisposableStore } from '../core/host/events';
import { redact } from '../core/text/redact';
import { plainText } from '../core/text/sanitize';
import { panelModelFromState, redactPanelModel, type PanelAction, type PanelModel, type PanelOrigin } from '../core/errorPanel/panelModel';
import { PANEL_ACTION_IDS, pageMessageFrom, type HostToPageMessage, type PanelActionId, type PanelView } from '../core/errorPanel/panelProtocol';
import { buildPanelView } from '../core/errorPanel/panelView';
import { COMMAND, registerCommand, setContext } from './commands';
import { copyToClipboard } from './confirmations';
import { ERROR_PANEL_VIEW_TYPE } from './errorPanelType';
import { openBodyLabel, panelWording } from './errorPanelWording';
import { readSetting } from './settings';
import { escapeHtml } from './webviewHtml';

/** A tab title: the first badge, such as "HTTP 400" or a code looked up. */
const TITLE_LIMIT = 60;
/** The page's script, styles and icons (scripts/build.mjs writes them): all the webview may load. */
const PAGE_FOLDER = ['media', 'errorPanel'];

/** True while the failure shown offers the action: the manifest's editor/title entries show its button then. */
function offersContextKey(action: PanelActionId): string {
  return `gestix.errorPanel.offers.${action}`;
}

/** Where the panel opens and whether it takes the keyboard, as the settings say. */
function placement(): { viewColumn: vscode.ViewColumn; preserveFocus: boolean } {
  return {
    viewColumn: readSetting('gestix.errorPanel.placement') === 'active' ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside,
    preserveFocus: !readSetting('gestix.errorPanel.takeFocus'),
  };
}

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
  /** Whether the next render moves the keyboard to the headline: once per failure shown, when the panel takes focus. */
  private focusOnNextRender = false;
  private readonly titleBarCommands = new DisposableStore();

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
  ) {
    // The same actions as the page's buttons; each runs only while the failure shown offers it.
    this.titleBarCommands.add(registerCommand(COMMAND.errorPanelSignInAgain, () => this.runOffered('signInAgain')));
    this.titleBarCommands.add(registerCommand(COMMAND.errorPanelRetry, () => this.runOffered('retry')));
    this.titleBarCommands.add(registerCommand(COMMAND.errorPanelGoToField, () => this.runOffered('goToField')));
    this.titleBarCommands.add(registerCommand(COMMAND.errorPanelCopySupportDetails, () => this.runOffered('copySupportDetails')));
    this.titleBarCommands.add(registerCommand(COMMAND.errorPanelOpenRawBody, () => this.runOffered('openRawBody')));
  }

  /** Takes over a panel VS Code restored after a reload, with the state the page saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const model = panelModelFromState(state);
    // A panel coming back with the window is not a new failure: the keyboard stays where it is.
    this.focusOnNextRender = false;
    if (model) this.adopt(panel, redactPanelModel(model, this.secrets), undefined);
    else panel.dispose();
  }

  show(shown: PanelModel, fullRaw?: string): void {
    const model = redactPanelModel(shown, this.secrets);
    const { viewColumn, preserveFocus } = placement();
    this.focusOnNextRender = !preserveFocus;
    if (this.panel) {
      this.setModel(model, fullRaw);
      // An open panel stays in the group the person put it in.
      this.panel.reveal(this.panel.viewColumn, preserveFocus);
      this.render();
      return;
    }
    const panel = vscode.window.createWebviewPanel(ERROR_PANEL_VIEW_TYPE, this.titleFor(model), { viewColumn, preserveFocus }, this.options());
    // The page asks for its first render when it has loaded.
    this.adopt(panel, model, fullRaw);
  }

  /** For tests and the hover's "open in panel": what is shown now. */
  get current(): PanelModel | undefined {
    return this.model;
  }

  /** Sends the page the model with the panel's words in the window's language; it keeps both as its state. */
  private render(): void {
    const model = this.model;
    if (!this.panel || !model) return;
    const message: HostToPageMessage<PanelModel> = { type: 'render', state: { model, view: this.viewOf(model) }, focus: this.focusOnNextRender };
    this.focusOnNextRender = false;
    void this.panel.webview.postMessage(message);
  }

  private viewOf(model: PanelModel): PanelView {
    return buildPanelView(model, panelWording((action, shown) => this.actions[action.id].label(action, shown)));
  }

  private titleFor(model: PanelModel): string {
    return vscode.l10n.t('Gestix: {title}', { title: plainText(this.viewOf(model).badges[0], TITLE_LIMIT) || vscode.l10n.t('Error') });
  }

  /** What the panel shows from now on, and so which title-bar buttons apply. */
  private setModel(model: PanelModel | undefined, fullRaw: string | undefined): void {
    this.model = model;
    this.fullRaw = fullRaw;
    if (this.panel && model) this.panel.title = this.titleFor(model);
    for (const action of PANEL_ACTION_IDS) void setContext(offersContextKey(action), model?.actions.some((offered) => offered.id === action) ?? false);
  }

  /** Runs an action of the failure shown, if it offers it: the page, or a command, may ask for any. */
  private async runOffered(action: PanelActionId): Promise<void> {
    const model = this.model;
    if (model?.actions.some((offered) => offered.id === action)) await this.actions[action].run(model);
  }

  private pageFolder(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, ...PAGE_FOLDER);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [this.pageFolder()] };
  }

  private adopt(panel: vscode.WebviewPanel, model: PanelModel, fullRaw: string | undefined): void {
    this.panel = panel;
    this.setModel(model, fullRaw);
    panel.webview.options = this.options();
    panel.webview.html = this.html(panel.webview);
    const messages = panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message));
    panel.onDidDispose(() => {
      messages.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.setModel(undefined, undefined);
      }
    });
  }

  private async onMessage(received: unknown): Promise<void> {
    const message = pageMessageFrom(received);
    switch (message?.type) {
      case 'ready':
        this.render();
        return;
      case 'action':
        await this.runOffered(message.action);
        return;
      case undefined:
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
<main id="root"></main>
<script nonce="${nonce}" src="${page('errorPanel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.titleBarCommands.dispose();
  }
}
