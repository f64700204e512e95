// The results of a run: the summary over every finished request (exact even when results
// are not kept), the kept results, and the report at the end.
import { SummaryBuilder } from '../report/summary';
import type { BatchPlan, OriginConcurrency, RequestResult, RunReport } from '../types';

export class RunResults {
  private readonly kept: RequestResult[] = [];
  private readonly summary = new SummaryBuilder();

  constructor(readonly keep: boolean) {}

  add(result: RequestResult): void {
    this.summary.add(result);
    if (this.keep) this.kept.push(result);
  }

  report(plan: BatchPlan, startedAt: string, durationMs: number, secrets: string[], concurrency: Record<string, OriginConcurrency> | null = null): RunReport {
    return {
      version: 1,
      file: plan.file,
      startedAt,
      durationMs,
      settings: plan.settings,
      summary: concurrency ? { ...this.summary.build(durationMs), concurrency } : this.summary.build(durationMs),
      results: this.kept.sort((a, b) => a.index - b.index),
      secrets,
    };
  }
}
