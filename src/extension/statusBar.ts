// The status bar item: live progress during a run, then the run's summary; it stays until the
// results are cleared, and clicking it shows the Results view. Its tooltip links to the
// run's report too.
import * as vscode from 'vscode';
import { countsText, progressText, summaryText } from './model/format';
import type { RunRecord } from './model/runModel';

export class BatchStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('batchHttp.status', vscode.StatusBarAlignment.Left, 10);
  /** The concurrency limit in force during a run (model/concurrency.ts), or null. */
  private limit: string | null = null;

  constructor() {
    this.item.name = 'Batch HTTP';
    this.item.command = { command: SHOW_RESULTS, title: 'Show Batch HTTP Results' };
  }

  update(run: RunRecord): void {
    if (run.running) {
      this.item.text = `$(loading~spin) Batch HTTP: ${progressText(run.counts.done, run.total, run.counts.failed)}${this.limit ? ` · ${this.limit}` : ''}`;
      this.item.tooltip = tooltip(`${run.fileName} is running.`);
      this.item.backgroundColor = undefined;
    } else {
      const bad = run.counts.failed + run.counts.cancelled + run.counts.skipped > 0 || run.error !== null;
      this.item.text = `$(${bad ? 'error' : 'pass'}) Batch HTTP: ${countsText(run.counts)}`;
      const detail = run.report ? summaryText(run.report.summary, run.report.durationMs) : (run.error ?? '');
      this.item.tooltip = tooltip(`${run.fileName}: ${detail}.`);
      this.item.backgroundColor = run.counts.failed > 0 || run.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    this.item.show();
  }

  setLimit(text: string | null): void {
    this.limit = text;
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

const SHOW_RESULTS = 'workbench.view.extension.batchHttp';
const OPEN_REPORT = 'batchHttp.openReport';

/** The summary, then links to the Results view and to the report (live while running). */
function tooltip(summary: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendText(summary);
  md.appendMarkdown(`\n\n[$(list-tree) Show Results](command:${SHOW_RESULTS}) · [$(graph) Open Report](command:${OPEN_REPORT})`);
  md.isTrusted = { enabledCommands: [SHOW_RESULTS, OPEN_REPORT] };
  return md;
}
