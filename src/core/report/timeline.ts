// Derives everything the run report draws from a RunReport: one timeline row per request,
// in-flight attempts over time, attempt starts per time bucket, a latency histogram and
// counts by status and error code. Pure and JSON-serialisable: the standalone HTML file
// embeds the result and the VS Code webview receives it by postMessage.
import type { Redactor } from '../redact';
import type { AttemptPhases, ErrorCode, Outcome, RequestIdentity, RequestResult, RunReport, RunSummary } from '../types';
import { phaseTotals, type PhaseTotals } from './phase-totals';
import { jsonAssertions, type JsonAssertion } from './assertions';
import { reportRedactor } from './redactor';

/** A row's state: a final outcome, or (in a live report) still waiting or running. */
export type RowState = Outcome | 'queued' | 'running';

/** One attempt on the timeline. Times in ms since the run started. */
export interface TimelineAttempt {
  startMs: number;
  /** When the response headers arrived, or null. */
  firstByteAtMs: number | null;
  endMs: number;
  /** Backoff waited after this attempt, or null. */
  retryDelayMs: number | null;
  status: number | null;
  errorCode: ErrorCode | null;
  /** Where the attempt's time went (DNS, connect, TLS, TTFB, download), when measured. */
  phases?: AttemptPhases | null;
  /** The attempt's span id with `@traceparent`. */
  spanId?: string | null;
  /** `@until`: true when the attempt was a poll; set only then. */
  poll?: true;
  /** `@until`: the wait after this poll before the next one; set only when it polled again. */
  pollDelayMs?: number;
}

/** A row of the waterfall: the request's identity (its URL redacted), with one label for its title, name or `METHOD URL`. */
export interface TimelineRow extends Pick<RequestIdentity, 'index' | 'line' | 'method' | 'url'> {
  /** Title, else name, else `METHOD URL` (redacted). */
  label: string;
  state: RowState;
  status: number | null;
  errorCode: ErrorCode | null;
  /** Redacted. */
  errorMessage: string | null;
  queuedAtMs: number;
  startedAtMs: number | null;
  /** End of the request, or for a running one the time of the snapshot. */
  endedAtMs: number;
  durationMs: number | null;
  attempts: TimelineAttempt[];
  /** With `@traceparent`: the request's trace id. */
  traceId?: string | null;
  /** The `??` lines' outcomes, redacted; left out when the request has none. */
  assertions?: JsonAssertion[];
  /** `@until`: the polls made; left out when none. */
  polls?: number;
}

/** A step function: the value `values[i]` holds from `times[i]` until `times[i + 1]`. */
export interface StepSeries {
  times: number[];
  values: number[];
  max: number;
}

/** Counts per fixed-width bucket; bucket i covers [i * widthMs, (i + 1) * widthMs). */
export interface BucketSeries {
  widthMs: number;
  counts: number[];
}

export interface CountEntry {
  label: string;
  count: number;
}

export interface ReportModel extends Pick<RunReport, 'version' | 'startedAt' | 'durationMs' | 'settings' | 'summary'> {
  /** Redacted path of the .batch.http file. */
  file: string;
  /** The file's base name, for titles. */
  title: string;
  /** True while the run goes on (the model is a snapshot). */
  live: boolean;
  /** The time axis extent in ms: from 0 to the last end (at least 1). */
  spanMs: number;
  rows: TimelineRow[];
  inFlight: StepSeries;
  /**
   * Under adaptive concurrency: the limit in force over time (the origins' limits summed,
   * never above MAX), drawn over the in-flight chart; null with a fixed cap.
   */
  limit: StepSeries | null;
  /** Share of the run's span (0..1) with as many attempts in flight as the concurrency cap allows. */
  atCapRatio: number;
  /** Attempt starts per bucket (every attempt takes a slot and a rate token). */
  starts: BucketSeries;
  /** Durations of the requests that got a response. */
  latency: BucketSeries;
  statusCounts: CountEntry[];
  errorCounts: CountEntry[];
  /** The final attempts' phases summed (the "slowest phase" card); null when none was measured. */
  phaseTotals: PhaseTotals | null;
}

/** A request that has not finished yet, for live snapshots. */
export interface PendingRequest extends RequestIdentity {
  queuedAtMs: number;
  /** Start of the current attempt, or null while queued. */
  startedAtMs: number | null;
  /** Attempts already finished (a retry is waiting or running). */
  attemptLog: RequestResult['attemptLog'];
  /** Start of the attempt in flight, or null. */
  currentAttemptStartMs: number | null;
}

export interface ReportModelOptions {
  /** Redacts URLs, labels and error messages. Default: one built from `secrets`. */
  redactor?: Redactor;
  /** Extra values to redact (the plan's secrets). */
  secrets?: readonly string[];
  /** Requests still queued or running (live report). */
  pending?: readonly PendingRequest[];
  /** Snapshot time in ms since the run started, for running rows. Default: the last known time. */
  nowMs?: number;
  /** Target bucket count for the starts chart (default 60) and the histogram (default 40). */
  startBuckets?: number;
  latencyBins?: number;
}

/** Builds the whole model the report draws. */
export function buildReportModel(report: RunReport, options: ReportModelOptions = {}): ReportModel {
  const redactor = options.redactor ?? reportRedactor(report, options.secrets);
  const pending = options.pending ?? [];
  const live = pending.length > 0;
  let lastKnown = report.durationMs;
  for (const r of report.results) lastKnown = Math.max(lastKnown, r.endedAtMs);
  for (const p of pending) lastKnown = Math.max(lastKnown, pendingLastTime(p));
  const nowMs = options.nowMs ?? lastKnown;
  const rows = [...report.results.map((r) => rowFromResult(r, redactor)), ...pending.map((p) => rowFromPending(p, nowMs, redactor))];
  rows.sort((a, b) => a.index - b.index);
  const spanMs = Math.max(1, nowMs, lastKnown);
  const attempts: TimelineAttempt[] = [];
  for (const r of rows) for (const a of r.attempts) attempts.push(a);
  const inFlight = inFlightSeries(attempts);
  const file = redactor.text(report.file);
  return {
    version: 1,
    file,
    title: file.split(/[\\/]/).pop() || file,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    settings: report.settings,
    summary: report.summary,
    live,
    spanMs,
    rows,
    inFlight,
    limit: limitSeries(report.summary.concurrency ?? null, report.settings.concurrency),
    atCapRatio: shareAtLeast(inFlight, report.settings.concurrency, spanMs),
    starts: startsPerBucket(attempts, spanMs, options.startBuckets ?? 60),
    latency: latencyHistogram(report.results, options.latencyBins ?? 40),
    statusCounts: countBy(report.results, (r) => (r.status === null ? 'no response' : String(r.status))),
    errorCounts: countBy(report.results, (r) => r.error?.code ?? null),
    phaseTotals: phaseTotals(report.results),
  };
}

function pendingLastTime(p: PendingRequest): number {
  let last = Math.max(p.queuedAtMs, p.startedAtMs ?? 0, p.currentAttemptStartMs ?? 0);
  for (const a of p.attemptLog) last = Math.max(last, a.endMs);
  return last;
}

function rowLabel(title: string | null, name: string | null, method: string, url: string): string {
  return title ?? name ?? `${method} ${url}`;
}

function attemptsOf(result: RequestResult): TimelineAttempt[] {
  if (result.attemptLog.length > 0) return result.attemptLog.map(toTimelineAttempt);
  if (result.startedAtMs === null) return [];
  // A sent request without a log: one attempt spanning the request.
  const t = result.timings;
  const ttfb = t?.ttfbMs ?? null;
  return [
    {
      startMs: result.startedAtMs,
      // Measured phases: the first byte came `downloadMs` before the end; else ttfb from the start.
      firstByteAtMs: ttfb === null ? null : typeof t?.downloadMs === 'number' ? result.endedAtMs - t.downloadMs : result.startedAtMs + ttfb,
      endMs: result.endedAtMs,
      retryDelayMs: null,
      status: result.status,
      errorCode: result.error?.code ?? null,
      phases: t && t.reused !== undefined ? { dnsMs: t.dnsMs ?? null, connectMs: t.connectMs ?? null, tlsMs: t.tlsMs ?? null, ttfbMs: ttfb, downloadMs: t.downloadMs ?? null, reused: t.reused } : null,
      spanId: result.trace?.spanId ?? null,
    },
  ];
}

function toTimelineAttempt(a: RequestResult['attemptLog'][number]): TimelineAttempt {
  const out: TimelineAttempt = {
    startMs: a.startMs,
    // AttemptInfo.ttfbMs is the time from the attempt's start to the response headers.
    firstByteAtMs: a.ttfbMs === null ? null : a.startMs + a.ttfbMs,
    endMs: Math.max(a.startMs, a.endMs),
    retryDelayMs: a.retryDelayMs,
    status: a.status,
    errorCode: a.errorCode,
    phases: a.phases ?? null,
    spanId: a.spanId ?? null,
  };
  if (a.poll) out.poll = true;
  if (a.pollDelayMs !== undefined && a.pollDelayMs !== null) out.pollDelayMs = a.pollDelayMs;
  return out;
}

function rowFromResult(r: RequestResult, redactor: Redactor): TimelineRow {
  const url = redactor.text(r.url);
  return {
    index: r.index,
    line: r.line,
    label: redactor.text(rowLabel(r.title, r.name, r.method, r.url)),
    method: r.method,
    url,
    state: r.outcome,
    status: r.status,
    errorCode: r.error?.code ?? null,
    errorMessage: r.error ? redactor.text(r.error.message) : null,
    queuedAtMs: r.queuedAtMs,
    startedAtMs: r.startedAtMs,
    endedAtMs: Math.max(r.endedAtMs, r.queuedAtMs),
    durationMs: r.durationMs,
    attempts: attemptsOf(r),
    traceId: r.trace?.traceId ?? null,
    ...(r.assertions && r.assertions.length > 0 ? { assertions: jsonAssertions(r.assertions, redactor) } : {}),
    ...(r.polls ? { polls: r.polls } : {}),
  };
}

function rowFromPending(p: PendingRequest, nowMs: number, redactor: Redactor): TimelineRow {
  const attempts = p.attemptLog.map(toTimelineAttempt);
  if (p.currentAttemptStartMs !== null) {
    attempts.push({ startMs: p.currentAttemptStartMs, firstByteAtMs: null, endMs: Math.max(nowMs, p.currentAttemptStartMs), retryDelayMs: null, status: null, errorCode: null });
  }
  return {
    index: p.index,
    line: p.line,
    label: redactor.text(rowLabel(p.title, p.name, p.method, p.url)),
    method: p.method,
    url: redactor.text(p.url),
    state: p.startedAtMs === null ? 'queued' : 'running',
    status: null,
    errorCode: null,
    errorMessage: null,
    queuedAtMs: p.queuedAtMs,
    startedAtMs: p.startedAtMs,
    endedAtMs: Math.max(nowMs, p.queuedAtMs),
    durationMs: null,
    attempts,
  };
}

/** The origins' adaptive limits summed over time (each origin counts from its first change), capped at `cap`. */
export function limitSeries(concurrency: RunSummary['concurrency'] | null, cap: number): StepSeries | null {
  if (!concurrency) return null;
  const edges: Array<[time: number, origin: number, limit: number]> = [];
  Object.values(concurrency).forEach((c, origin) => {
    for (const [t, limit] of c.changes) edges.push([t, origin, limit]);
  });
  if (edges.length === 0) return null;
  edges.sort((x, y) => x[0] - y[0]);
  const current = new Map<number, number>();
  let sum = 0;
  const times: number[] = [];
  const values: number[] = [];
  let max = 0;
  for (const [t, origin, limit] of edges) {
    sum += limit - (current.get(origin) ?? 0);
    current.set(origin, limit);
    const v = Math.min(cap, sum);
    if (times.length > 0 && times[times.length - 1] === t) values[values.length - 1] = v;
    else {
      times.push(t);
      values.push(v);
    }
    if (v > max) max = v;
  }
  return { times, values, max };
}

/**
 * Attempts in flight over time. An attempt counts from its start to its end; a request
 * waiting out a retry backoff holds no slot, so it does not count. At equal times ends
 * are applied before starts, so a slot handed straight on is not counted twice.
 */
export function inFlightSeries(attempts: readonly TimelineAttempt[]): StepSeries {
  const edges: Array<[time: number, delta: number]> = [];
  for (const a of attempts) {
    if (!(a.endMs > a.startMs)) continue;
    edges.push([a.startMs, 1], [a.endMs, -1]);
  }
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const times: number[] = [0];
  const values: number[] = [0];
  let current = 0;
  let max = 0;
  for (const [time, delta] of edges) {
    current += delta;
    if (times[times.length - 1] === time) values[values.length - 1] = current;
    else {
      times.push(time);
      values.push(current);
    }
    if (current > max) max = current;
  }
  return { times, values, max };
}

/** Share of [0, spanMs] during which the series is at least `level`. */
export function shareAtLeast(series: StepSeries, level: number, spanMs: number): number {
  if (!(spanMs > 0)) return 0;
  let total = 0;
  for (let i = 0; i < series.times.length; i++) {
    if (series.values[i] < level) continue;
    const from = Math.min(series.times[i], spanMs);
    const to = Math.min(i + 1 < series.times.length ? series.times[i + 1] : spanMs, spanMs);
    total += Math.max(0, to - from);
  }
  return total / spanMs;
}

/** Attempt starts counted per bucket of a "nice" width giving about `target` buckets over the span. */
export function startsPerBucket(attempts: readonly TimelineAttempt[], spanMs: number, target = 60): BucketSeries {
  const widthMs = Math.max(10, niceStep(spanMs / Math.max(1, target)));
  const counts = new Array<number>(Math.max(1, Math.ceil(spanMs / widthMs))).fill(0);
  for (const a of attempts) {
    const i = Math.min(counts.length - 1, Math.max(0, Math.floor(a.startMs / widthMs)));
    counts[i]++;
  }
  return { widthMs, counts };
}

/** Histogram of the durations of requests that got a response (as the latency percentiles are). */
export function latencyHistogram(results: readonly RequestResult[], target = 40): BucketSeries {
  const durations: number[] = [];
  for (const r of results) if (r.status !== null && r.durationMs !== null) durations.push(r.durationMs);
  if (durations.length === 0) return { widthMs: 1, counts: [] };
  let max = 0;
  for (const d of durations) if (d > max) max = d;
  const widthMs = niceStep(Math.max(max, 1) / Math.max(1, target));
  const counts = new Array<number>(Math.floor(max / widthMs) + 1).fill(0);
  for (const d of durations) counts[Math.floor(Math.max(0, d) / widthMs)]++;
  return { widthMs, counts };
}

/** Counts by key, most frequent first (ties by label); null keys are not counted. */
export function countBy(results: readonly RequestResult[], key: (r: RequestResult) => string | null): CountEntry[] {
  const counts = new Map<string, number>();
  for (const r of results) {
    const k = key(r);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The smallest of 1, 2, 5 x 10^k that is >= x (x > 0); 1 for anything else. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exp = Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) {
    const step = m * 10 ** exp;
    if (step >= x * (1 - 1e-12)) return Number(step.toPrecision(12));
  }
  return 10 ** (exp + 1);
}
