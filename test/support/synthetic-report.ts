// Deterministic synthetic RunReports for report tests and screenshots: a simulated batch
// under a concurrency cap with successes, unexpected statuses, retries, timeouts,
// skipped dependants and a cancelled tail.
import type { AttemptInfo, BatchSettings, ErrorCode, RequestResult, RunReport, RunSummary } from '../../src/core/types';

export interface SyntheticOptions {
  count: number;
  seed?: number;
  concurrency?: number;
  /** Values planted in URLs and error messages, to check redaction. */
  secret?: string;
  /** When set, requests still unfinished at this time are cancelled. */
  cancelAtMs?: number;
}

/** mulberry32: a small seeded PRNG, so every run builds the same report. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number): number => Math.round(x * 10) / 10;

export function syntheticReport(options: SyntheticOptions): RunReport {
  const rand = prng(options.seed ?? 42);
  const concurrency = options.concurrency ?? 16;
  const settings: BatchSettings = { concurrency, perHost: concurrency, timeoutMs: 2000, deadlineMs: null, retries: 2, rate: null, bail: false };
  const slots = new Array<number>(concurrency).fill(0);
  const results: RequestResult[] = [];
  const latency = (): number => round(5 + 40 * -Math.log(1 - rand() * 0.999) + (rand() < 0.03 ? 400 * rand() : 0));

  for (let index = 0; index < options.count; index++) {
    const path = options.secret && index % 7 === 3 ? `/items/${index}?token=${options.secret}` : `/items/${index}`;
    const base = {
      index,
      name: index % 10 === 0 ? `item${index}` : null,
      title: index % 25 === 0 ? `Fetch item ${index}` : null,
      line: 3 + (index % 40) * 4,
      method: index % 9 === 0 ? 'POST' : 'GET',
      url: `http://127.0.0.1:8080${path}`,
      queuedAtMs: 0,
    };
    // Every 50th request depends on a failed one: skipped, never sent.
    if (index % 50 === 49) {
      results.push({
        ...base, outcome: 'skipped', status: null, attempts: 0, durationMs: null, timings: null,
        error: { code: 'DEPENDENCY_FAILED', message: `skipped: request item${index - 9} did not succeed` },
        responseHeaders: null, bodyBytes: 0, body: null, truncated: false, startedAtMs: null, endedAtMs: 0, attemptLog: [],
      });
      continue;
    }
    let slot = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i] < slots[slot]) slot = i;
    const kind = rand();
    const attemptLog: AttemptInfo[] = [];
    let t = slots[slot];
    const attemptsWanted = kind < 0.06 ? 3 : kind < 0.12 ? 2 : 1;
    for (let attempt = 1; attempt <= attemptsWanted; attempt++) {
      const last = attempt === attemptsWanted;
      const timeout = last && kind < 0.02;
      const d = timeout ? settings.timeoutMs : latency();
      const status = timeout ? null : !last ? 503 : kind < 0.05 ? 404 : 200;
      const errorCode: ErrorCode | null = timeout ? 'TIMEOUT' : status === 503 || status === 404 ? 'UNEXPECTED_STATUS' : null;
      const retryDelayMs = last ? null : round(100 * 2 ** (attempt - 1) * (0.5 + rand()));
      attemptLog.push({ attempt, startMs: round(t), ttfbMs: status === null ? null : round(d * (0.6 + 0.3 * rand())), endMs: round(t + d), status, errorCode, retryDelayMs });
      t += d + (retryDelayMs ?? 0);
    }
    slots[slot] = attemptLog[attemptLog.length - 1].endMs;
    const first = attemptLog[0];
    const lastAttempt = attemptLog[attemptLog.length - 1];
    const cancelled = options.cancelAtMs !== undefined && lastAttempt.endMs > options.cancelAtMs;
    if (cancelled && first.startMs >= (options.cancelAtMs ?? 0)) {
      results.push({
        ...base, outcome: 'cancelled', status: null, attempts: 0, durationMs: null, timings: null,
        error: { code: 'CANCELLED', message: 'cancelled before it started' },
        responseHeaders: null, bodyBytes: 0, body: null, truncated: false, startedAtMs: null, endedAtMs: options.cancelAtMs ?? 0, attemptLog: [],
      });
      continue;
    }
    if (cancelled) {
      const end = options.cancelAtMs ?? 0;
      const kept = attemptLog.filter((a) => a.startMs < end);
      const cut = kept[kept.length - 1];
      cut.endMs = end;
      cut.status = null;
      cut.ttfbMs = null;
      cut.errorCode = 'CANCELLED';
      cut.retryDelayMs = null;
      slots[slot] = end;
      results.push({
        ...base, outcome: 'cancelled', status: null, attempts: kept.length, durationMs: round(end - first.startMs),
        timings: { queuedMs: first.startMs, ttfbMs: null, totalMs: round(end - first.startMs) },
        error: { code: 'CANCELLED', message: 'cancelled by the user' },
        responseHeaders: null, bodyBytes: 0, body: null, truncated: false, startedAtMs: first.startMs, endedAtMs: end, attemptLog: kept,
      });
      continue;
    }
    const ok = lastAttempt.status === 200;
    const durationMs = round(lastAttempt.endMs - first.startMs);
    results.push({
      ...base,
      outcome: ok ? 'succeeded' : 'failed',
      status: lastAttempt.status,
      attempts: attemptLog.length,
      durationMs,
      timings: { queuedMs: first.startMs, ttfbMs: lastAttempt.ttfbMs, totalMs: durationMs },
      error: ok ? null : lastAttempt.errorCode === 'TIMEOUT'
        ? { code: 'TIMEOUT', message: `no response within 2000 ms from ${base.url}` }
        : { code: 'UNEXPECTED_STATUS', message: `status ${lastAttempt.status} is not expected (2xx or 3xx)` },
      responseHeaders: lastAttempt.status === null ? null : { 'content-type': 'application/json', 'set-cookie': 'sid=abc123' },
      bodyBytes: lastAttempt.status === null ? 0 : 27,
      body: null,
      truncated: false,
      startedAtMs: first.startMs,
      endedAtMs: lastAttempt.endMs,
      attemptLog,
    });
  }
  let durationMs = 0;
  for (const r of results) durationMs = Math.max(durationMs, r.endedAtMs);
  return { version: 1, file: '/work/demo/load.batch.http', startedAt: '2026-11-22T09:35:19.123Z', durationMs, settings, summary: summarize(results, durationMs), results };
}

/** The spec's summary: nearest-rank percentiles over the requests that got a response. */
export function summarize(results: readonly RequestResult[], durationMs: number): RunSummary {
  const count = (o: RequestResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const responded = results.filter((r) => r.status !== null && r.durationMs !== null).map((r) => r.durationMs as number).sort((a, b) => a - b);
  const rank = (p: number): number => responded[Math.max(0, Math.ceil((p / 100) * responded.length) - 1)];
  const statusCounts: Record<string, number> = {};
  const errorCounts: Record<string, number> = {};
  for (const r of results) {
    if (r.status !== null) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    if (r.error) errorCounts[r.error.code] = (errorCounts[r.error.code] ?? 0) + 1;
  }
  return {
    total: results.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    skipped: count('skipped'),
    retries: results.reduce((n, r) => n + Math.max(0, r.attempts - 1), 0),
    requestsPerSecond: durationMs > 0 ? round((responded.length * 1000) / durationMs) : 0,
    latencyMs: responded.length ? { p50: rank(50), p90: rank(90), p95: rank(95), p99: rank(99), max: responded[responded.length - 1] } : null,
    statusCounts,
    errorCounts,
  };
}
