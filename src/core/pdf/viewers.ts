// Which installed extension can show a PDF in an editor tab. VS Code has no PDF viewer of its own:
// a tab shows a PDF only when an extension contributes a custom editor for it (package.json
// `contributes.customEditors`), which is what this reads from the installed extensions' manifests.

export interface PdfViewer {
  viewType: string;
  /** Whether VS Code picks it by itself for a PDF (`vscode.open`); otherwise it opens only when named. */
  opensByDefault: boolean;
}

/** A filename pattern that names PDF files: `*.pdf` or `*.{pdf,PDF}`, in any folder or one. */
const PDF_FILENAME_PATTERN = /\.(?:\{(?:[^}]*,)?)?pdf(?:[,}]|$)/i;

interface CustomEditorContribution {
  viewType?: unknown;
  priority?: unknown;
  selector?: unknown;
}

function customEditorsOf(manifest: unknown): CustomEditorContribution[] {
  const editors = (manifest as { contributes?: { customEditors?: unknown } } | null | undefined)?.contributes?.customEditors;
  return Array.isArray(editors) ? editors.filter((editor): editor is CustomEditorContribution => typeof editor === 'object' && editor !== null) : [];
}

function showsPdfs(editor: CustomEditorContribution): boolean {
  return Array.isArray(editor.selector) && editor.selector.some((selector: { filenamePattern?: unknown } | null) => typeof selector?.filenamePattern === 'string' && PDF_FILENAME_PATTERN.test(selector.filenamePattern));
}

/**
 * A viewer for PDFs among the manifests of the installed extensions: one VS Code opens by itself
 * first (so that `workbench.editorAssociations` still decides between several), else one that
 * opens only when asked for by name; undefined when no extension shows PDFs.
 */
export function pdfViewerAmong(manifests: Iterable<unknown>): PdfViewer | undefined {
  const viewers: PdfViewer[] = [];
  for (const manifest of manifests) {
    for (const editor of customEditorsOf(manifest)) {
      if (typeof editor.viewType === 'string' && showsPdfs(editor)) viewers.push({ viewType: editor.viewType, opensByDefault: editor.priority !== 'option' });
    }
  }
  return viewers.find((viewer) => viewer.opensByDefault) ?? viewers[0];
}
