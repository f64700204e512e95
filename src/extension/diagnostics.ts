// The parser's diagnostics in the Problems panel, updated (debounced) as the user types.
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/types';
import { DocumentProblems, toVscodeDiagnostic } from './documentProblems';
import { isBatchDocument, type ParseCache } from './parseCache';

const DEBOUNCE_MS = 300;

export class DiagnosticsController implements vscode.Disposable {
  private readonly problems: DocumentProblems;

  constructor(private readonly parses: ParseCache) {
    this.problems = new DocumentProblems({
      name: 'batch-http',
      debounceMs: DEBOUNCE_MS,
      applies: isBatchDocument,
      compute: (d) => this.show(d, this.parses.get(d).diagnostics),
      closed: (d) => this.parses.forget(d),
    });
    this.problems.refreshAll();
  }

  refreshNow(document: vscode.TextDocument): void {
    this.problems.refresh(document);
  }

  /** Shows a plan's diagnostics (they include what planning found: missing files, environments). */
  show(document: vscode.TextDocument, diagnostics: readonly Diagnostic[]): void {
    const own = diagnostics.filter((d) => !d.file || d.file === document.uri.fsPath);
    this.problems.set(document, own.map((d) => toVscodeDiagnostic(document, d)));
  }

  dispose(): void {
    this.problems.dispose();
  }
}
