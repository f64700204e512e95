// The Problems entries for variables that only environment files define while no
// environment (or another one) is selected (model/envDiagnostics.ts), kept in their own
// collection and refreshed when the file, the selection or an environment file changes.
import * as vscode from 'vscode';
import { DocumentProblems, toVscodeDiagnostic } from '../documentProblems';
import { environmentDiagnostics } from '../model/envDiagnostics';
import type { Session } from '../session';
import { onEnvironmentChange, type EnvironmentIndexes } from './environments';
import type { LanguageScopes } from './providers';

const DEBOUNCE_MS = 400;

export class EnvironmentWarnings implements vscode.Disposable {
  private readonly problems: DocumentProblems;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly scopes: LanguageScopes,
    applies: (document: vscode.TextDocument) => boolean,
    session: Session,
    environments: EnvironmentIndexes,
  ) {
    this.problems = new DocumentProblems({ name: 'batch-http-environment', debounceMs: DEBOUNCE_MS, applies, compute: (d) => this.compute(d) });
    this.subscriptions = onEnvironmentChange(session, environments, () => this.refreshAll());
    this.refreshAll();
  }

  refreshAll(): void {
    this.problems.refreshAll();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.problems.dispose();
  }

  private compute(document: vscode.TextDocument): void {
    const version = document.version;
    void this.scopes.scope(document).then((scope) => {
      if (document.isClosed || document.version !== version) return;
      const diagnostics = environmentDiagnostics(scope).map((d) => {
        const out = toVscodeDiagnostic(document, d, vscode.DiagnosticSeverity.Warning);
        out.code = 'environment';
        return out;
      });
      this.problems.set(document, diagnostics);
    });
  }
}
