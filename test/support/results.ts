// Builds RequestResult and RunReport objects directly for reporter tests (no run involved).
import { summarize } from '../../src/core/report';
import type { RequestResult, RunReport } from '../../src/core/types';

export function makeResult(over: Partial<RequestResult> = {}): RequestResult {
  return {
    index: 0,
    name: null,
    title: null,
    line: 1,
    method: 'GET',
    url: 'http://127.0.0.1:1/x',
    outcome: 'succeeded',
    status: 200,
    attempts: 1,
    durationMs: 10,
    timings: { queuedMs: 0.04, ttfbMs: 8.04, totalMs: 10 },
    error: null,
    responseHeaders: { 'content-type': 'application/json' },
    bodyBytes: 2,
    body: Buffer.from('{}'),
    truncated: false,
    queuedAtMs: 0,
    startedAtMs: 0,
    endedAtMs: 10,
    attemptLog: [],
    ...over,
  };
}

/** A finished report over `results`; its summary is computed from them and `durationMs`. */
export function makeReport(results: RequestResult[], over: Partial<Omit<RunReport, 'summary' | 'results'>> = {}): RunReport {
  const durationMs = over.durationMs ?? 1234.56;
  return {
    version: 1,
    file: 'examples/demo.batch.http',
    startedAt: '2026-11-22T09:35:19.123Z',
    settings: { concurrency: 8, perHost: 8, timeoutMs: 30000, deadlineMs: null, retries: 2, rate: null, bail: false },
    ...over,
    durationMs,
    summary: summarize(results, durationMs),
    results,
  };
}
