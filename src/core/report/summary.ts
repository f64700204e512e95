// The run summary: outcome counts, retries, throughput and nearest-rank latency percentiles.
import type { LatencySummary, RequestResult, RunSummary } from '../types';

/** Nearest-rank percentile of ascending `sorted` (p in (0, 100]). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function latencySummary(durations: ArrayLike<number>): LatencySummary | null {
  if (durations.length === 0) return null;
  const sorted = Float64Array.from(durations).sort();
  return {
    p50: round1(nearestRank(sorted, 50)),
    p90: round1(nearestRank(sorted, 90)),
    p95: round1(nearestRank(sorted, 95)),
    p99: round1(nearestRank(sorted, 99)),
    max: round1(sorted[sorted.length - 1]!),
  };
}

/**
 * Builds the run summary one result at a time, keeping only counts and the latencies (a
 * growing Float64Array), so a caller need not hold every result for exact percentiles.
 */
export class SummaryBuilder {
  private readonly summary: RunSummary = {
    total: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
    retries: 0,
    requestsPerSecond: 0,
    latencyMs: null,
    statusCounts: {},
    errorCounts: {},
    notNeeded: 0,
    assertions: { total: 0, passed: 0, failed: 0 },
  };
  private readonly asserted = { total: 0, passed: 0, failed: 0 };
  private durations = new Float64Array(64);
  private count = 0;
  private responded = 0;

  add(r: RequestResult): void {
    const summary = this.summary;
    summary.total++;
    // A NOT_NEEDED copy (`@first`) is counted apart from the cancelled ones.
    if (r.error?.code === 'NOT_NEEDED') summary.notNeeded!++;
    else summary[r.outcome]++;
    if (r.assertions) {
      for (const a of r.assertions) {
        this.asserted.total++;
        if (a.ok === true) this.asserted.passed++;
        else if (a.ok === false) this.asserted.failed++;
      }
    }
    // Only retries: the new polls of an `@until` request are attempts but not retries.
    const retries = r.retries ?? r.attempts - 1;
    if (retries > 0) summary.retries += retries;
    if (r.status !== null) {
      this.responded++;
      summary.statusCounts[r.status] = (summary.statusCounts[r.status] ?? 0) + 1;
      if (r.durationMs !== null) this.addDuration(r.durationMs);
    }
    if (r.error) summary.errorCounts[r.error.code] = (summary.errorCounts[r.error.code] ?? 0) + 1;
  }

  private addDuration(ms: number): void {
    if (this.count === this.durations.length) {
      const grown = new Float64Array(this.durations.length * 2);
      grown.set(this.durations);
      this.durations = grown;
    }
    this.durations[this.count++] = ms;
  }

  /** The summary of the results added so far, for a run of `runDurationMs`. */
  build(runDurationMs: number): RunSummary {
    const latencyMs = latencySummary(this.durations.subarray(0, this.count));
    const requestsPerSecond = runDurationMs > 0 ? Math.round((this.responded / (runDurationMs / 1000)) * 100) / 100 : 0;
    return {
      ...this.summary,
      statusCounts: { ...this.summary.statusCounts },
      errorCounts: { ...this.summary.errorCounts },
      assertions: { ...this.asserted },
      requestsPerSecond,
      latencyMs,
    };
  }
}

/**
 * Summarises results. Latency is each request's `durationMs` (first attempt start to end of
 * the last), over the requests that got a response; req/s is those requests per second of
 * the run.
 */
export function summarize(results: readonly RequestResult[], runDurationMs: number): RunSummary {
  const builder = new SummaryBuilder();
  for (const r of results) builder.add(r);
  return builder.build(runDurationMs);
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
