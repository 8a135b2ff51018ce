// A PDF in an editor tab when no installed extension can show PDFs. VS Code has no PDF viewer of its
// own, and a webview cannot be one: browsers refuse to show a PDF in a sandboxed frame, and every
// webview is one. So the page says what the file is and opens it in the person's browser, which
// shows PDFs, wherever the extension host runs: the file is served on a loopback address for as long
// as the tab is open, and the editor forwards that address (vscode.env.asExternalUri) when the
// browser is on another machine (code-server, Remote-SSH, WSL, Codespaces).
import vscode = require('vscode');
import { serveFile, type ServedFile } from '../core/pdf/loopbackServer';
import { escapeHtml } from './webviewHtml';

const VIEW_TYPE = 'gestix.pdf';
/** The page's stylesheet: all the webview may load. */
const PAGE_FOLDER = ['media', 'pdf'];
/** VS Code's search of the Marketplace, the one command the page links to. */
const SEARCH_EXTENSIONS = 'workbench.extensions.search';

export interface PdfToShow {
  file: vscode.Uri;
  bytes: Uint8Array;
  /** The tab's title and the page's headline, e.g. "Invoice FT2026/7 (PDF)". */
  title: string;
}

/** The open pages by the file they show: opening the same PDF again brings its tab to the front. */
const openPages = new Map<string, vscode.WebviewPanel>();

/** The address the browser reaches the served file at, forwarded by the editor when it runs elsewhere. */
async function browserAddressOf(served: ServedFile): Promise<vscode.Uri> {
  const forwarded = await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${served.port}/`));
  // code-server forwards the port and drops any path: the file's path is added to what comes back.
  return vscode.Uri.joinPath(forwarded, ...served.path.split('/').filter(Boolean));
}

function sizeText(bytes: number): string {
  return vscode.l10n.t('{size} KB', { size: String(Math.max(1, Math.round(bytes / 1024))) });
}

function html(webview: vscode.Webview, stylesheet: vscode.Uri, pdf: PdfToShow, fileName: string, browserAddress: vscode.Uri): string {
  const text = escapeHtml;
  const findViewer = `command:${SEARCH_EXTENSIONS}?${encodeURIComponent(JSON.stringify(['pdf viewer']))}`;
  return `<!DOCTYPE html>
<html lang="${text(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${text(webview.asWebviewUri(stylesheet).toString())}">
<title>${text(pdf.title)}</title>
</head>
<body>
<main>
<h1>${text(pdf.title)}</h1>
<p class="file">${text(vscode.l10n.t('{file}, {size}, saved in the extension\'s storage.', { file: fileName, size: sizeText(pdf.bytes.byteLength) }))}</p>
<p>${text(vscode.l10n.t('VS Code shows PDFs only through an extension that views them, and none is installed. Your browser shows this one.'))}</p>
<p class="actions">
<a class="button" id="open-in-browser" href="${text(browserAddress.toString(true))}">${text(vscode.l10n.t('Open in Browser'))}</a>
<a class="button secondary" id="find-viewer" href="${text(findViewer)}">${text(vscode.l10n.t('Find a PDF Viewer Extension'))}</a>
</p>
<p class="notice">${text(vscode.l10n.t('The browser reads the PDF from this window through a private address that works while this tab is open.'))}</p>
</main>
</body>
</html>`;
}

/** Opens (or brings to the front) the page of a PDF saved on the extension host's machine. */
export async function showPdfPage(context: vscode.ExtensionContext, pdf: PdfToShow): Promise<void> {
  const key = pdf.file.toString();
  const open = openPages.get(key);
  if (open) {
    open.reveal();
    return;
  }
  const fileName = pdf.file.path.split('/').pop() ?? 'document.pdf';
  const served = await serveFile({ bytes: pdf.bytes, fileName, contentType: 'application/pdf' });
  let browserAddress: vscode.Uri;
  try {
    browserAddress = await browserAddressOf(served);
  } catch (error) {
    await served.close();
    throw error;
  }
  const pageFolder = vscode.Uri.joinPath(context.extensionUri, ...PAGE_FOLDER);
  const panel = vscode.window.createWebviewPanel(
    VIEW_TYPE,
    pdf.title,
    { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
    { enableScripts: false, enableCommandUris: [SEARCH_EXTENSIONS], localResourceRoots: [pageFolder] },
  );
  panel.webview.html = html(panel.webview, vscode.Uri.joinPath(pageFolder, 'pdf.css'), pdf, fileName, browserAddress);
  openPages.set(key, panel);
  // The address lives as long as the tab, or as the window when that closes first.
  const stopServing = { dispose: () => void served.close() };
  context.subscriptions.push(stopServing);
  panel.onDidDispose(() => {
    openPages.delete(key);
    stopServing.dispose();
    const index = context.subscriptions.indexOf(stopServing);
    if (index >= 0) context.subscriptions.splice(index, 1);
  });
}
