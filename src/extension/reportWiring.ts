// Feeds the report view (src/extension/report) from the run store's changes: which run a
// command means, a live recorder per running run, and reveal-in-tree for clicks in the report.
import { performance } from 'node:perf_hooks';
import { LiveRunRecorder } from '../core/report/live';
import type { BatchPlan, RunEvent } from '../core/types';
import type { RunRecord } from './model/runModel';
import { registerReportView, type ReportSource, type ReportView } from './report';
import type { Services } from './services';

/** Registers the report view and subscribes it to the runs; the subscription is disposed with the extension. */
export function wireReportView(deps: Pick<Services, 'context' | 'core' | 'store' | 'treeView'>): ReportView {
  const { context } = deps;
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

  const observer = {
    started(run: RunRecord, plan: BatchPlan) {
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
    event(run: RunRecord, event: RunEvent) {
      const rec = live.get(run);
      if (!rec) return;
      rec.recorder.record(event);
      view.update(run.id, () => sourceOf(run) as ReportSource);
    },
    finished(run: RunRecord) {
      const source = sourceOf(run);
      live.delete(run);
      if (source) view.update(run.id, () => source, true);
    },
  };
  const subscription = deps.store.onDidChange((change) => {
    if (change.kind === 'started') observer.started(change.run, change.plan);
    else if (change.kind === 'event') observer.event(change.run, change.event);
    else if (change.kind === 'ended') observer.finished(change.run);
  });
  context.subscriptions.push(subscription);
  return view;
}

function isRun(arg: unknown): arg is RunRecord {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'run';
}
