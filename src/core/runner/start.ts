// The runner's entry points: `runBatch` (the report) and `startBatch` (the report and a
// handle to change the concurrency while the batch runs). Both check every option first.
import type { BatchPlan, RunReport } from '../types';
import { chosenCaps } from './caps';
import type { RunOptions } from './options';
import { BatchRun } from './run';
import { validateRun } from './validate';

/**
 * Runs the batch; resolves when every request has its result. Never rejects for request
 * failures; rejects with a TypeError, before anything runs, for a wrong option or plan value
 * (`validateRun`).
 */
export async function runBatch(plan: BatchPlan, options: RunOptions = {}): Promise<RunReport> {
  validateRun(plan, options);
  return new BatchRun(plan, options).execute();
}

/** A running batch: its report to come, and the concurrency it may change while it runs. */
export interface BatchHandle {
  /** Resolves as `runBatch` does (rejects with the same TypeError for a wrong option). */
  readonly report: Promise<RunReport>;
  /**
   * Applies to this batch at once: a number is a fixed cap (a lower one lets the requests
   * in flight finish and starts nothing until in-flight is below it); 'auto' adapts each
   * origin's limit up to `max` (default 256). Under @per-host either way. Throws a TypeError
   * for a wrong value; does nothing once the batch ended.
   */
  setConcurrency(concurrency: number | 'auto', max?: number): void;
}

/** `runBatch` with a handle to change the concurrency while the batch runs (Set Concurrency). */
export function startBatch(plan: BatchPlan, options: RunOptions = {}): BatchHandle {
  let run: BatchRun | null = null;
  let report: Promise<RunReport>;
  try {
    validateRun(plan, options);
    run = new BatchRun(plan, options);
    report = run.execute();
  } catch (err) {
    report = Promise.reject(err as Error);
  }
  return {
    report,
    setConcurrency: (concurrency, max) => {
      // An @per-host below the run's cap stays; a per-host that only followed the cap follows the new value.
      const s = plan.settings;
      const caps = chosenCaps(concurrency, max, s.perHost < s.concurrency ? s.perHost : Infinity);
      run?.setConcurrency(caps);
    },
  };
}
