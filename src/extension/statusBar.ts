// The status bar item: live progress during a run, then the run's summary; it stays until the
// results are cleared, and clicking it shows the Results view. Its tooltip links to the
// run's report too.
import * as vscode from 'vscode';
import { Coalescer } from './model/coalesce';
import { LimitTracker } from './model/concurrency';
import type { Subscription } from './model/emitter';
import { countsText, progressText, summaryText } from './model/format';
import type { RunRecord } from './model/runModel';
import type { RunChange, RunStore } from './model/runStore';
import { REFRESH_MS } from './model/refreshRates';
import { preparingStatus, runAccessibilityLabel } from './model/statusText';


export class BatchStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('batchHttp.status', vscode.StatusBarAlignment.Left, 10);
  private readonly progress = new Coalescer<RunRecord>((runs) => runs.forEach((run) => this.update(run)), REFRESH_MS.progress);
  private readonly subscription: Subscription;
  /** The concurrency limits in force during a run (model/concurrency.ts), from its `concurrency` events; null between runs. */
  private limits: LimitTracker | null = null;

  constructor(private readonly store: RunStore) {
    this.item.name = 'Batch HTTP';
    this.item.command = { command: SHOW_RESULTS, title: 'Show Batch HTTP Results' };
    this.subscription = store.onDidChange((change) => this.onRunChange(change));
  }

  private onRunChange(change: RunChange): void {
    switch (change.kind) {
      case 'runs':
        if (this.store.runs.length === 0) this.hide();
        break;
      case 'preparing':
        if (change.fileName !== null) this.preparing(change.fileName);
        else this.showLatest();
        break;
      case 'started':
        this.limits = new LimitTracker(change.plan.settings);
        this.update(change.run);
        break;
      case 'event':
        if (change.event.type === 'finished' || (this.limits?.apply(change.event) ?? false)) this.progress.add(change.run);
        break;
      case 'ended':
        this.progress.flushNow();
        this.limits = null;
        this.update(change.run);
        break;
    }
  }

  update(run: RunRecord): void {
    if (run.running) {
      this.item.text = `$(loading~spin) Batch HTTP: ${progressText(run.counts.done, run.total, run.counts.failed)}${this.limits ? ` · ${this.limits.text()}` : ''}`;
      this.item.tooltip = tooltip(`${run.fileName} is running.`);
      this.item.backgroundColor = undefined;
    } else {
      const bad = run.counts.failed + run.counts.cancelled + run.counts.skipped > 0 || run.error !== null;
      this.item.text = `$(${bad ? 'error' : 'pass'}) Batch HTTP: ${countsText(run.counts)}`;
      const detail = run.report ? summaryText(run.report.summary, run.report.durationMs) : (run.error ?? '');
      this.item.tooltip = tooltip(`${run.fileName}: ${detail}.`);
      this.item.backgroundColor = run.counts.failed > 0 || run.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    const c = run.counts;
    this.item.accessibilityInformation = { label: runAccessibilityLabel({ ...c, fileName: run.fileName, running: run.running, total: run.total, error: run.error }) };
    this.item.show();
  }

  /** At once after the click: the run is being planned. */
  private preparing(fileName: string): void {
    const status = preparingStatus(fileName);
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: status.accessibilityLabel };
    this.item.show();
  }

  /** Back to the newest run's state (or nothing) after a preparation that did not start a run. */
  private showLatest(): void {
    const latest = this.store.runs[0];
    if (latest) this.update(latest);
    else this.hide();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.subscription.dispose();
    this.progress.dispose();
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
