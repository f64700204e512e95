// Small builders of core objects for the extension's model tests.
import type { BatchPlan, PlannedRequest, RequestResult, RunReport } from '../../src/core/types';

export function planned(index: number, over: Partial<PlannedRequest> = {}): PlannedRequest {
  return {
    index, name: null, title: null, line: 1 + index * 3, column: 1, blockIndex: index, copyIndex: null,
    method: 'GET', url: `http://127.0.0.1:1/r${index}`, headers: [], body: null, dependsOn: [], hasResponseRefs: false,
    unresolved: [], timeoutMs: 30_000, connectionTimeoutMs: null, retries: 2, followRedirects: true, expectStatus: null, idempotent: false,
    ...over,
  };
}

export function result(index: number, outcome: RequestResult['outcome'], over: Partial<RequestResult> = {}): RequestResult {
  const sent = outcome === 'succeeded' || outcome === 'failed';
  return {
    index, name: null, title: null, line: 1 + index * 3, method: 'GET', url: `http://127.0.0.1:1/r${index}`, outcome,
    status: outcome === 'succeeded' ? 200 : null, attempts: sent ? 1 : 0, durationMs: sent ? 10 : null,
    timings: sent ? { queuedMs: 0, ttfbMs: 5, totalMs: 10 } : null,
    error: outcome === 'succeeded' ? null : { code: outcome === 'failed' ? 'TIMEOUT' : outcome === 'skipped' ? 'DEPENDENCY_FAILED' : 'CANCELLED', message: 'x' },
    responseHeaders: outcome === 'succeeded' ? { 'content-type': 'application/json' } : null,
    bodyBytes: 0, body: null, truncated: false, queuedAtMs: 0, startedAtMs: sent ? 0 : null, endedAtMs: 10, attemptLog: [],
    ...over,
  };
}

/** A finished run's report around `results` (the summary's counts are not derived). */
export function runReport(results: RequestResult[]): RunReport {
  return {
    version: 1, file: 'api.batch.http', startedAt: new Date(0).toISOString(), durationMs: 20,
    settings: { concurrency: 8, perHost: 8, timeoutMs: 30_000, deadlineMs: null, retries: 2, rate: null, bail: false },
    summary: { total: results.length, succeeded: 0, failed: 0, cancelled: 0, skipped: 0, retries: 0, requestsPerSecond: 0, latencyMs: null, statusCounts: {}, errorCounts: {} },
    results,
  };
}

export function plan(requests: PlannedRequest[], over: Partial<BatchPlan> = {}): BatchPlan {
  return {
    file: '/w/a.batch.http',
    settings: { concurrency: 8, perHost: 8, timeoutMs: 30_000, deadlineMs: null, retries: 2, rate: null, bail: false },
    requests, blocks: [], diagnostics: [], secrets: [],
    ...over,
  };
}
