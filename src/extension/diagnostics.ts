// The parser's diagnostics in the Problems panel, updated (debounced) as the user types.
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/types';
import { Debouncer } from './model/coalesce';
import { diagnosticRange } from './model/diagnostics';
import { isBatchDocument, type ParseCache } from './parseCache';

const DEBOUNCE_MS = 300;

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('batch-http');
  private readonly debouncer: Debouncer<string>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly parses: ParseCache) {
    this.debouncer = new Debouncer((uri) => this.refreshUri(uri), DEBOUNCE_MS);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.refreshNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isBatchDocument(e.document)) this.debouncer.trigger(e.document.uri.toString());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debouncer.cancel(d.uri.toString());
        this.collection.delete(d.uri);
        this.parses.forget(d);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.refreshNow(d);
  }

  refreshNow(document: vscode.TextDocument): void {
    if (!isBatchDocument(document)) return;
    this.show(document, this.parses.get(document).diagnostics);
  }

  /** Shows a plan's diagnostics (they include what planning found: missing files, environments). */
  show(document: vscode.TextDocument, diagnostics: readonly Diagnostic[]): void {
    const own = diagnostics.filter((d) => !d.file || d.file === document.uri.fsPath);
    this.collection.set(document.uri, own.map((d) => toVscode(document, d)));
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private refreshUri(uri: string): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (document) this.refreshNow(document);
  }
}

function toVscode(document: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const r = diagnosticRange(d, document.lineCount, (n) => document.lineAt(n).text.length);
  const range = new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const out = new vscode.Diagnostic(range, d.message, severity);
  out.source = 'Batch HTTP';
  return out;
}
