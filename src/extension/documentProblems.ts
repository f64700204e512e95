// A collection of Problems kept per open document: computed when a document opens,
// debounced while it is edited, cleared when it closes. The parser's diagnostics
// (diagnostics.ts) and the environment warnings (language/envWarnings.ts) are two of them.
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/types';
import { Debouncer } from './model/coalesce';
import { diagnosticRange } from './model/diagnostics';

export interface ProblemsSource {
  /** The diagnostic collection's name. */
  readonly name: string;
  readonly debounceMs: number;
  /** Whether a document gets problems from this source. */
  applies(document: vscode.TextDocument): boolean;
  /** Computes a document's problems and hands them to `DocumentProblems.set` (now or later). */
  compute(document: vscode.TextDocument): void;
  /** After a document closed and its problems were cleared. */
  closed?(document: vscode.TextDocument): void;
}

export class DocumentProblems implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly debouncer: Debouncer<string>;
  private readonly subscriptions: vscode.Disposable[];

  /** Listens from now on; the owner calls `refreshAll()` once it is ready to compute. */
  constructor(private readonly source: ProblemsSource) {
    this.collection = vscode.languages.createDiagnosticCollection(source.name);
    this.debouncer = new Debouncer<string>((uri) => this.refreshUri(uri), source.debounceMs);
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (source.applies(e.document)) this.debouncer.trigger(e.document.uri.toString());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debouncer.cancel(d.uri.toString());
        this.collection.delete(d.uri);
        source.closed?.(d);
      }),
    ];
  }

  /** Computes a document's problems now (nothing for a document the source does not apply to). */
  refresh(document: vscode.TextDocument): void {
    if (this.source.applies(document)) this.source.compute(document);
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  set(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): void {
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private refreshUri(uri: string): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (document) this.refresh(document);
  }
}

/** A core diagnostic as the editor shows it (source "Batch HTTP"); `severity` defaults to the diagnostic's. */
export function toVscodeDiagnostic(document: vscode.TextDocument, d: Diagnostic, severity = severityOf(d)): vscode.Diagnostic {
  const r = diagnosticRange(d, document.lineCount, (n) => document.lineAt(n).text.length);
  const out = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter), d.message, severity);
  out.source = 'Batch HTTP';
  return out;
}

function severityOf(d: Diagnostic): vscode.DiagnosticSeverity {
  return d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}
