// The status bar item: live progress during a run, then the run's summary; it stays until the
// results are cleared, and clicking it shows the Results view.
import * as vscode from 'vscode';
import { countsText, progressText, summaryText } from './model/format';
import type { RunRecord } from './model/runModel';

export class BatchStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('batchHttp.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Batch HTTP';
    this.item.command = { command: 'workbench.view.extension.batchHttp', title: 'Show Batch HTTP Results' };
  }

  update(run: RunRecord): void {
    if (run.running) {
      this.item.text = `$(loading~spin) Batch HTTP: ${progressText(run.counts.done, run.total, run.counts.failed)}`;
      this.item.tooltip = `${run.fileName} is running. Click to show the results.`;
      this.item.backgroundColor = undefined;
    } else {
      const bad = run.counts.failed + run.counts.cancelled + run.counts.skipped > 0 || run.error !== null;
      this.item.text = `$(${bad ? 'error' : 'pass'}) Batch HTTP: ${countsText(run.counts)}`;
      const detail = run.report ? summaryText(run.report.summary, run.report.durationMs) : (run.error ?? '');
      this.item.tooltip = `${run.fileName}: ${detail}. Click to show the results.`;
      this.item.backgroundColor = run.counts.failed > 0 || run.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
