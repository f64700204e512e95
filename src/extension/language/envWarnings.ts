// The Problems entries for variables that only environment files define while no
// environment (or another one) is selected (model/envDiagnostics.ts), kept in their own
// collection and refreshed when the file, the selection or an environment file changes.
import * as vscode from 'vscode';
import { Debouncer } from '../model/coalesce';
import { diagnosticRange } from '../model/diagnostics';
import { environmentDiagnostics } from '../model/envDiagnostics';
import type { Session } from '../session';
import type { EnvironmentIndexes } from './environments';
import type { LanguageScopes } from './providers';

const DEBOUNCE_MS = 400;

export class EnvironmentWarnings implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('batch-http-environment');
  private readonly debouncer = new Debouncer<string>((uri) => this.refreshUri(uri), DEBOUNCE_MS);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly scopes: LanguageScopes,
    private readonly applies: (document: vscode.TextDocument) => boolean,
    session: Session,
    environments: EnvironmentIndexes,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.applies(e.document)) this.debouncer.trigger(e.document.uri.toString());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debouncer.cancel(d.uri.toString());
        this.collection.delete(d.uri);
      }),
      session.onDidChange(() => this.refreshAll()),
      environments.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('batchHttp.environment')) this.refreshAll();
      }),
    ];
    this.refreshAll();
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
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

  private refresh(document: vscode.TextDocument): void {
    if (!this.applies(document)) return;
    const version = document.version;
    void this.scopes.scope(document).then((scope) => {
      if (document.isClosed || document.version !== version) return;
      const diagnostics = environmentDiagnostics(scope).map((d) => {
        const r = diagnosticRange(d, document.lineCount, (n) => document.lineAt(n).text.length);
        const out = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter), d.message, vscode.DiagnosticSeverity.Warning);
        out.source = 'Batch HTTP';
        out.code = 'environment';
        return out;
      });
      this.collection.set(document.uri, diagnostics);
    });
  }
}
