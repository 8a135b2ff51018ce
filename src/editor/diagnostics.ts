import vscode = require('vscode');
import { locateField, parseFieldPath } from '../codes/field';
import { jsonSyntaxProblems, type TextSpan } from '../documents/jsonText';

export interface FieldProblem {
  field: string;
  message: string;
}

function rangeOf(document: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

/** Squiggles on documents that could not be sent; they disappear as soon as the document changes. */
export class DocumentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gestix');
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.contentChanges.length > 0) this.collection.delete(event.document.uri);
  });

  /** Puts JSON syntax errors on the document; returns how many there are. */
  markSyntaxProblems(document: vscode.TextDocument): number {
    const problems = jsonSyntaxProblems(document.getText());
    this.collection.set(
      document.uri,
      problems.map((problem) => this.diagnostic(rangeOf(document, problem), vscode.l10n.t('{problem}. Nothing was sent.', { problem: problem.message }))),
    );
    return problems.length;
  }

  markFieldProblems(document: vscode.TextDocument, problems: readonly FieldProblem[]): void {
    const text = document.getText();
    this.collection.set(
      document.uri,
      problems.map((problem) => {
        const span = this.spanOf(text, problem.field);
        return this.diagnostic(rangeOf(document, span), problem.message);
      }),
    );
  }

  /** The field's key, or — when the field is missing — the opening brace where it belongs. */
  fieldRange(document: vscode.TextDocument, field: string): vscode.Range {
    return rangeOf(document, this.spanOf(document.getText(), field));
  }

  private spanOf(text: string, field: string): TextSpan {
    const located = locateField(text, { path: parseFieldPath(field) });
    if (located) return located;
    const brace = text.indexOf('{');
    return { offset: Math.max(0, brace), length: 1 };
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
    this.subscription.dispose();
    this.collection.dispose();
  }
}
