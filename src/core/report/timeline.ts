// Derives everything the run report draws from a RunReport: one timeline row per request,
// in-flight attempts over time, attempt starts per time bucket, a latency histogram and
// counts by status and error code. Pure and JSON-serialisable: the standalone HTML file
// embeds the result and the VS Code webview receives it by postMessage.
import type { Redactor } from '../redact';
import type { AttemptPhases, ErrorCode, Outcome, RequestIdentity, RequestResult, RunReport } from '../types';
import type { PhaseTotals } from './phase-totals';
import { bucketStarts, countEntries, histogramOf, inFlightFromTimes, ModelTotals, type ModelTail } from './model-totals';
import { jsonAssertions, type JsonAssertion } from './assertions';
import { reportRedactor } from './redactor';

export { limitSeries, shareAtLeast, niceStep } from './model-totals';

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
  const totals = new ModelTotals();
  const rows: TimelineRow[] = [];
  for (const r of report.results) {
    const row = rowFromResult(r, redactor);
    totals.add(r, row.attempts);
    rows.push(row);
  }
  for (const p of pending) totals.seen(pendingLastTime(p));
  const lastKnown = totals.lastKnown(report.durationMs);
  const nowMs = options.nowMs ?? lastKnown;
  for (const p of pending) {
    const row = rowFromPending(p, nowMs, redactor);
    for (const a of row.attempts) totals.addAttempt(a);
    rows.push(row);
  }
  rows.sort((a, b) => a.index - b.index);
  const spanMs = Math.max(1, nowMs, lastKnown);
  return { ...modelHead(report, redactor, pending.length > 0, spanMs), rows, ...totals.tail(report, spanMs, options) };
}

/**
 * The model's fields before and after its rows, over finished results given in index order
 * (a stream read once; no live rows): with `rowFromResult` of each between them, the model.
 */
export function modelParts(report: Omit<RunReport, 'results'>, redactor: Redactor, results: Iterable<RequestResult>): { head: ModelHead; tail: ModelTail } {
  const totals = new ModelTotals();
  for (const r of results) totals.add(r, attemptsOf(r));
  const spanMs = Math.max(1, totals.lastKnown(report.durationMs));
  return { head: modelHead(report, redactor, false, spanMs), tail: totals.tail(report, spanMs) };
}

/** The model's fields before its rows. */
export type ModelHead = Omit<ReportModel, 'rows' | keyof ModelTail>;

/** The model's fields before its rows: `spanMs` from the last time known (`ModelTotals`). */
export function modelHead(report: Omit<RunReport, 'results'>, redactor: Redactor, live: boolean, spanMs: number): ModelHead {
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

/** A result's attempts on the timeline. */
export function attemptsOf(result: RequestResult): TimelineAttempt[] {
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

/** A finished request's row, redacted. */
export function rowFromResult(r: RequestResult, redactor: Redactor): TimelineRow {
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

/** Attempts in flight over time (see `inFlightFromTimes`); a request waiting out a retry backoff holds no slot. */
export function inFlightSeries(attempts: readonly TimelineAttempt[]): StepSeries {
  return inFlightFromTimes(Float64Array.from(attempts, (a) => a.startMs), Float64Array.from(attempts, (a) => a.endMs));
}

/** Attempt starts counted per bucket of a "nice" width giving about `target` buckets over the span. */
export function startsPerBucket(attempts: readonly TimelineAttempt[], spanMs: number, target = 60): BucketSeries {
  return bucketStarts(attempts.map((a) => a.startMs), spanMs, target);
}

/** Histogram of the durations of requests that got a response (as the latency percentiles are). */
export function latencyHistogram(results: readonly RequestResult[], target = 40): BucketSeries {
  const durations: number[] = [];
  for (const r of results) if (r.status !== null && r.durationMs !== null) durations.push(r.durationMs);
  return histogramOf(durations, target);
}

/** Counts by key, most frequent first (ties by label); null keys are not counted. */
export function countBy(results: readonly RequestResult[], key: (r: RequestResult) => string | null): CountEntry[] {
  const counts = new Map<string, number>();
  for (const r of results) {
    const k = key(r);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return countEntries(counts);
}
