// After a run, each `??` line of the file shows its result at the end of the line (✓, or ✗
// with the value found), until the file changes or it runs again.
import * as vscode from 'vscode';
import { assertionMarks, type AssertionMark } from './model/assertionMarks';
import type { RunRecord } from './model/runModel';
import type { RunObserver } from './reportWiring';

interface Shown {
  version: number;
  marks: AssertionMark[];
}

export class AssertionDecorations implements Pick<RunObserver, 'started' | 'finished'>, vscode.Disposable {
  private readonly passed = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('testing.iconPassed') },
  });
  private readonly failed = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('testing.iconFailed') },
  });
  private readonly unchecked = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('disabledForeground') },
  });
  /** Marks by document URI, for the document version they were made for. */
  private readonly shown = new Map<string, Shown>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.shown.delete(e.document.uri.toString())) this.paint(e.document.uri.toString());
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => {
        for (const uri of this.shown.keys()) this.paint(uri);
      }),
    );
  }

  started(run: RunRecord): void {
    if (!run.source || !this.shown.delete(run.source)) return;
    this.paint(run.source);
  }

  finished(run: RunRecord): void {
    if (!run.source) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === run.source);
    const results = run.report?.results ?? run.entriesInOrder().map((e) => e.result);
    const marks = assertionMarks(results, run.redactor);
    if (!doc || marks.length === 0) return;
    this.shown.set(run.source, { version: doc.version, marks });
    this.paint(run.source);
  }

  private paint(uri: string): void {
    const shown = this.shown.get(uri);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri) continue;
      const current = shown && shown.version === editor.document.version ? shown.marks : [];
      const options = (ok: boolean | null): vscode.DecorationOptions[] =>
        current
          .filter((m) => m.ok === ok && m.line - 1 < editor.document.lineCount)
          .map((m) => {
            const end = editor.document.lineAt(m.line - 1).range.end;
            return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: m.text } }, hoverMessage: `Batch HTTP: ${m.text}` };
          });
      editor.setDecorations(this.passed, options(true));
      editor.setDecorations(this.failed, options(false));
      editor.setDecorations(this.unchecked, options(null));
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.passed.dispose();
    this.failed.dispose();
    this.unchecked.dispose();
  }
}
