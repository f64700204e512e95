// The run summary: outcome counts, retries, throughput and nearest-rank latency percentiles.
import type { LatencySummary, RequestResult, RunSummary } from '../types';

/** Nearest-rank percentile of ascending `sorted` (p in (0, 100]). */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function latencySummary(durations: number[]): LatencySummary | null {
  if (durations.length === 0) return null;
  const sorted = Float64Array.from(durations).sort();
  const arr = Array.from(sorted);
  return {
    p50: round1(nearestRank(arr, 50)),
    p90: round1(nearestRank(arr, 90)),
    p95: round1(nearestRank(arr, 95)),
    p99: round1(nearestRank(arr, 99)),
    max: round1(arr[arr.length - 1]),
  };
}

/**
 * Summarises results. Latency is each request's `durationMs` (first attempt start to end of
 * the last), over the requests that got a response; req/s is those requests per second of
 * the run.
 */
export function summarize(results: readonly RequestResult[], runDurationMs: number): RunSummary {
  const summary: RunSummary = {
    total: results.length,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
    retries: 0,
    requestsPerSecond: 0,
    latencyMs: null,
    statusCounts: {},
    errorCounts: {},
  };
  const durations: number[] = [];
  for (const r of results) {
    summary[r.outcome]++;
    if (r.attempts > 1) summary.retries += r.attempts - 1;
    if (r.status !== null) {
      summary.statusCounts[r.status] = (summary.statusCounts[r.status] ?? 0) + 1;
      if (r.durationMs !== null) durations.push(r.durationMs);
    }
    if (r.error) summary.errorCounts[r.error.code] = (summary.errorCounts[r.error.code] ?? 0) + 1;
  }
  summary.latencyMs = latencySummary(durations);
  const responded = Object.values(summary.statusCounts).reduce((a, b) => a + b, 0);
  summary.requestsPerSecond = runDurationMs > 0 ? Math.round((responded / (runDurationMs / 1000)) * 100) / 100 : 0;
  return summary;
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
