import vscode = require('vscode');
import { DisposableStore, type Disposable } from '../core/host/events';
import { locateFields, parseFieldPath } from '../core/decoding/field';
import { jsonSyntaxProblems, type TextSpan } from '../core/documents/jsonText';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Squiggles put on one document at most: a hostile file can have hundreds of thousands of problems. */
const DIAGNOSTICS_SHOWN = 100;

function rangeOf(document: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

/** Squiggles on documents that could not be sent; they disappear as soon as the document changes. */
export class DocumentDiagnostics implements Disposable {
  private readonly store = new DisposableStore();
  private readonly collection = vscode.languages.createDiagnosticCollection('gestix');

  constructor() {
    this.store.add(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.collection.delete(event.document.uri);
      }),
    );
    this.store.add(this.collection);
  }

  /** Puts JSON syntax errors on the document; returns how many there are. */
  markSyntaxProblems(document: vscode.TextDocument): number {
    const problems = jsonSyntaxProblems(document.getText());
    this.collection.set(
      document.uri,
      problems.slice(0, DIAGNOSTICS_SHOWN).map((problem) => this.diagnostic(rangeOf(document, problem), vscode.l10n.t('{problem}. Nothing was sent.', { problem: problem.message }))),
    );
    return problems.length;
  }

  markFieldProblems(document: vscode.TextDocument, problems: readonly FieldProblem[]): void {
    const text = document.getText();
    const shown = problems.slice(0, DIAGNOSTICS_SHOWN);
    const spans = this.spansOf(text, shown.map((problem) => problem.field));
    this.collection.set(
      document.uri,
      shown.map((problem, index) => this.diagnostic(rangeOf(document, spans[index]), problem.message)),
    );
  }

  /** The field's key, or — when the field is missing — the opening brace where it belongs. */
  fieldRange(document: vscode.TextDocument, field: string): vscode.Range {
    const [span] = this.spansOf(document.getText(), [field]);
    return rangeOf(document, span);
  }

  /** Every field located in one pass over the text. */
  private spansOf(text: string, fields: readonly string[]): TextSpan[] {
    const located = locateFields(text, fields.map((field) => ({ path: parseFieldPath(field) })));
    const brace = { offset: Math.max(0, text.indexOf('{')), length: 1 };
    return located.map((location) => location ?? brace);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  private diagnostic(range: vscode.Range, message: string): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Gestix';
    return diagnostic;
  }

  dispose(): void {
    this.store.dispose();
  }
}
