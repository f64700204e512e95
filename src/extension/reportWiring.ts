// Feeds the report view (src/extension/report) from the runs: which run a command means, a
// live recorder per running run, and reveal-in-tree for clicks in the report.
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { LiveRunRecorder } from '../core/report/live';
import type { BatchPlan, RunEvent } from '../core/types';
import type { CoreApi } from './core';
import type { RunRecord } from './model/runModel';
import type { RunStore } from './model/runStore';
import { registerReportView, type ReportSource, type ReportView } from './report';
import type { ResultNode } from './resultsTree';

/** What the run controller tells about each run. */
export interface RunObserver {
  started(run: RunRecord, plan: BatchPlan): void;
  event(run: RunRecord, event: RunEvent): void;
  finished(run: RunRecord): void;
}

export function wireReportView(
  context: vscode.ExtensionContext,
  deps: { core: CoreApi; store: RunStore; treeView: vscode.TreeView<ResultNode> },
): RunObserver {
  const live = new Map<RunRecord, { recorder: LiveRunRecorder; startedMono: number }>();

  const sourceOf = (run: RunRecord): ReportSource | undefined => {
    if (run.report) return { runId: run.id, report: run.report, secrets: run.secrets };
    const rec = live.get(run);
    if (!rec) return undefined;
    return { runId: run.id, secrets: run.secrets, ...rec.recorder.snapshot(performance.now() - rec.startedMono) };
  };

  const view: ReportView = registerReportView(context, {
    resolveRun: (arg) => {
      const run = isRun(arg) ? arg : deps.store.runs[0];
      return run && sourceOf(run);
    },
    revealInTree: async (runId, index) => {
      const entry = deps.store.find(runId)?.entry(index);
      if (entry) await deps.treeView.reveal(entry, { select: true, focus: false });
    },
  });

  return {
    started(run, plan) {
      const recorder = new LiveRunRecorder({
        file: plan.file,
        startedAt: run.startedAt.toISOString(),
        settings: plan.settings,
        summarize: deps.core.summarize,
      });
      live.set(run, { recorder, startedMono: performance.now() });
      const source = sourceOf(run);
      if (view.openRunId !== undefined && source) view.follow(source);
    },
    event(run, event) {
      const rec = live.get(run);
      if (!rec) return;
      rec.recorder.record(event);
      view.update(run.id, () => sourceOf(run) as ReportSource);
    },
    finished(run) {
      const source = sourceOf(run);
      live.delete(run);
      if (source) view.update(run.id, () => source, true);
    },
  };
}

function isRun(arg: unknown): arg is RunRecord {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'run';
}
