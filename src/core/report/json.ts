// The JSON report of `batch-http run --reporter json` (docs: cli.md), secrets redacted.
import type { Redactor } from '../redact';
import { reportRedactor } from './redactor';

export { reportRedactor };
import type { HttpVersion, RequestIdentity, RequestResult, ResultTimings, RunReport } from '../types';
import { jsonAssertions, type JsonAssertion } from './assertions';
import { redactBase64, redactedBodyText } from './body-text';
import { AssertionTextMemo, jsonResultText } from './json-result-text';
import { round1 } from './summary';

export { AssertionTextMemo, jsonResultText, jsonAssertions, type JsonAssertion };

/** A result as the JSON report prints it: fields in the spec's order. */
export interface JsonResult extends RequestIdentity {
  outcome: RequestResult['outcome'];
  status: number | null;
  /**
   * The protocol of the final response, "1.1" or "2" (format spec, section 13 item 12); null
   * without a response. `jsonResult` always sets it (optional for results made by hand).
   */
  httpVersion?: HttpVersion | null;
  attempts: number;
  durationMs: number | null;
  timings: JsonTimings | null;
  trace: { traceId: string; spanId: string } | null;
  error: { code: string; message: string } | null;
  assertions: JsonAssertion[];
  /** `@until`: the polls made (0 without `@until`). `jsonResult` always sets it. */
  polls?: number;
  responseHeaders: Record<string, string> | null;
  bodyBytes: number;
  body: string | null;
  bodyBase64?: string;
  truncated: boolean;
}

/** The timings of a result as the JSON report prints them (cli.md, second round). */
export interface JsonTimings {
  queuedMs: number;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  downloadMs: number | null;
  totalMs: number;
  reused: boolean;
}

export interface JsonReport extends Pick<RunReport, 'version' | 'file' | 'startedAt' | 'durationMs' | 'summary'> {
  /** As the run's, but `concurrency` is "auto" with `maxConcurrency` under adaptive concurrency (format spec, section 9). */
  settings: JsonSettings;
  results: JsonResult[];
}

export type JsonSettings = Omit<RunReport['settings'], 'concurrency' | 'adaptive'> & { concurrency: number | 'auto'; maxConcurrency?: number };

/** The report object (redacted, durations rounded to 0.1 ms). */
export function toJsonReportObject(report: RunReport, secrets: readonly string[] = []): JsonReport {
  const redactor = reportRedactor(report, secrets);
  return { ...jsonReportHeadObject(report), results: report.results.map((r) => jsonResult(r, redactor)) };
}

/** Everything of the report object but its results. */
function jsonReportHeadObject(report: Omit<RunReport, 'results'>): Omit<JsonReport, 'results'> {
  const s = report.settings;
  return {
    version: 1,
    file: report.file,
    startedAt: report.startedAt,
    durationMs: round1(report.durationMs),
    settings: {
      ...(s.adaptive ? { concurrency: 'auto' as const, maxConcurrency: s.concurrency } : { concurrency: s.concurrency }),
      perHost: s.perHost,
      timeoutMs: s.timeoutMs,
      deadlineMs: s.deadlineMs,
      retries: s.retries,
      rate: s.rate,
      bail: s.bail,
    },
    summary: {
      total: report.summary.total,
      succeeded: report.summary.succeeded,
      failed: report.summary.failed,
      cancelled: report.summary.cancelled,
      skipped: report.summary.skipped,
      notNeeded: report.summary.notNeeded ?? 0,
      retries: report.summary.retries,
      requestsPerSecond: report.summary.requestsPerSecond,
      latencyMs: report.summary.latencyMs,
      statusCounts: report.summary.statusCounts,
      errorCounts: report.summary.errorCounts,
      assertions: report.summary.assertions ?? { total: 0, passed: 0, failed: 0 },
      // Each origin's adaptive limit; null for a fixed-concurrency run (cli.md, second round).
      concurrency: report.summary.concurrency ?? null,
    },
  };
}

function ms(n: number | null | undefined): number | null {
  return n === null || n === undefined ? null : round1(n);
}

function jsonTimings(t: ResultTimings): JsonTimings {
  return {
    queuedMs: round1(t.queuedMs),
    dnsMs: ms(t.dnsMs),
    connectMs: ms(t.connectMs),
    tlsMs: ms(t.tlsMs),
    ttfbMs: ms(t.ttfbMs),
    downloadMs: ms(t.downloadMs),
    totalMs: round1(t.totalMs),
    reused: t.reused === true,
  };
}

/** One result as the JSON report prints it, redacted. */
export function jsonResult(r: RequestResult, redactor: Redactor): JsonResult {
  const body = redactedBodyText(r.body, r.truncated, redactor);
  // A literal of one shape (no spreads): this runs once per result of a big batch.
  const out: Omit<JsonResult, 'truncated'> & { truncated?: boolean } = {
    index: r.index,
    name: r.name,
    title: r.title === null ? null : redactor.text(r.title),
    line: r.line,
    method: r.method,
    url: redactor.text(r.url),
    outcome: r.outcome,
    status: r.status,
    httpVersion: r.httpVersion ?? null,
    attempts: r.attempts,
    durationMs: r.durationMs === null ? null : round1(r.durationMs),
    timings: r.timings && jsonTimings(r.timings),
    trace: r.trace ? { traceId: r.trace.traceId, spanId: r.trace.spanId } : null,
    error: r.error && { code: r.error.code, message: redactor.text(r.error.message) },
    assertions: jsonAssertions(r.assertions, redactor),
    polls: r.polls ?? 0,
    responseHeaders: redactor.headerRecord(r.responseHeaders),
    bodyBytes: r.bodyBytes,
    body: body.text,
  };
  if (body.base64 !== null) out.bodyBase64 = body.base64;
  out.truncated = r.truncated;
  return out as JsonResult;
}

/**
 * A result already redacted with fewer secrets, redacted again with `redactor` (the run
 * learned a secret after the result was rendered): the same fields `jsonResult` redacts.
 */
export function redactJsonResult(result: JsonResult, redactor: Redactor): JsonResult {
  return {
    ...result,
    url: redactor.text(result.url),
    error: result.error && { code: result.error.code, message: redactor.text(result.error.message) },
    assertions: jsonAssertions(result.assertions, redactor),
    responseHeaders: redactor.headerRecord(result.responseHeaders),
    title: result.title === null ? null : redactor.text(result.title),
    body: result.body === null ? null : redactor.bodyText(result.body, result.truncated),
    ...(result.bodyBase64 === undefined ? {} : { bodyBase64: redactBase64(result.bodyBase64, result.truncated, redactor) }),
  };
}

/**
 * The JSON report's text around its results: `head` up to the opening `[` of `results`,
 * `tail` from its closing `]` to the final newline. Fragments of `jsonResultText` go in
 * between, separated by `,`. `empty` is the whole text when there are no results.
 */
export function jsonReportFrame(report: Omit<RunReport, 'results'>): { head: string; tail: string; empty: string } {
  const head = JSON.stringify(jsonReportHeadObject(report), null, 2);
  const open = `${head.slice(0, -2)},\n  "results": [`;
  return { head: open, tail: '\n  ]\n}\n', empty: `${open}]\n}\n` };
}

/**
 * The JSON report in pieces: the head, one piece per result, the tail. Joined they are
 * exactly `toJsonReport`; writing them one by one never holds the whole text.
 */
export function* jsonReportChunks(report: RunReport, secrets: readonly string[] = []): Generator<string> {
  const frame = jsonReportFrame(report);
  if (report.results.length === 0) {
    yield frame.empty;
    return;
  }
  const redactor = reportRedactor(report, secrets);
  yield frame.head;
  let first = true;
  const memo = new AssertionTextMemo();
  for (const r of report.results) {
    const text = jsonResultText(jsonResult(r, redactor), memo);
    yield first ? text : `,${text}`;
    first = false;
  }
  yield frame.tail;
}

/** The JSON report as text (two-space indented, newline at the end). */
export function toJsonReport(report: RunReport, secrets: readonly string[] = []): string {
  let out = '';
  for (const chunk of jsonReportChunks(report, secrets)) out += chunk;
  return out;
}
