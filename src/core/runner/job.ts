// The mutable state of one request during a run, and the result it ends with.
import { uncheckedAssertions } from '../conditions/assertions';
import type { AssertionResult, PlannedCheck } from '../conditions/model';
import type { AttemptInfo, AttemptPhases, Header, HttpVersion, Outcome, PlannedRequest, RequestBody, RequestResult, ResultCookies, ResultTimings, TimerHandle, TraceInfo } from '../types';
import { redactUserinfo } from '../redact';
import type { RunError } from './errors';
import type { ResponseSource } from './refs';
import type { OriginSlots, Waiter } from './scheduler';
import type { AttemptOutcome, DecideRequest, RequestState, WaitReason } from './lifecycle';
import type { CircuitBreaker } from './breaker';

/** Per-origin state shared by the requests to that origin. */
export interface OriginState extends OriginSlots {
  readonly origin: string;
  readonly breaker: CircuitBreaker;
}

/**
 * One request during a run: where it is in its lifecycle (`state`), what it sends, and the
 * last attempt's response, recorded from each `AttemptOutcome` by `record`.
 */
export class Job implements Waiter, DecideRequest {
  readonly index: number;
  state: RequestState = 'queued';
  /** Dependencies (names) still to succeed. */
  pendingDeps = 0;
  /** The origin of the request's URL: where every attempt starts, and whose breaker it counts for. */
  home: OriginState | null = null;
  /** The origin whose slot the attempt holds (another one after a cross-origin redirect). */
  slots: OriginState | null = null;
  /** The timer of a `waiting` request, and why it waits. */
  timer: TimerHandle | null = null;
  waitReason: WaitReason | null = null;
  /** The attempt in flight (to abort it alone: a `@first` copy no longer needed). */
  exchange: { abort(error: RunError, stopped: boolean): void } | null = null;
  /** Set when the scheduler must pass over this waiter (it finished while waiting for a slot). */
  withdrawn = false;

  // What is sent (response values substituted).
  url: string;
  parsedUrl: URL | null = null;
  headers: Header[];
  /** `headers` as undici's flat array, built at the first attempt. */
  flatHeaders: string[] | null = null;
  body: RequestBody | null;
  retryAllowed = false;
  /** The `??` assertions, response values substituted in EXPECTED when the request starts. */
  checks: readonly PlannedCheck[];
  /** `@until`, response values substituted in EXPECTED when the request starts (for polling). */
  until: PlannedCheck | null;
  /** The assertions as checked on the final response; null until then (or when none arrived). */
  assertions: AssertionResult[] | null = null;

  // Progress.
  attempts = 0;
  /** Attempts that retried a failure (not new polls). */
  retries = 0;
  /** `@until`: polls so far, and the attempts made up to the last one (each poll's retry budget starts there). */
  polls = 0;
  attemptsBeforePoll = 0;
  /** `@until`: the value the condition found on the last poll. */
  lastPollValue: string | null = null;
  attemptLog: AttemptInfo[] = [];
  queuedAtMs = 0;
  startedAtMs: number | null = null;
  endedAtMs = 0;

  // The last attempt's response (or failure).
  status: number | null = null;
  responseHeaders: Record<string, string> | null = null;
  body_: Uint8Array | null = null;
  bodyBytes = 0;
  truncated = false;
  ttfbMs: number | null = null;
  /** The last attempt's phases and length (the result's timings). */
  phases: AttemptPhases | null = null;
  attemptMs: number | null = null;
  /** With `@traceparent`: the current attempt's ids (or those of the request's own header). */
  trace: TraceInfo | null = null;
  httpVersion: HttpVersion | null = null;
  /** What the cookie jar sent and stored in the last attempt. */
  cookies: ResultCookies | null = null;
  error: RunError | null = null;

  outcome: Outcome | null = null;
  /** Cached view of the response for references (parsed bodies are cached on it). */
  source: ResponseSource | null = null;

  constructor(readonly request: PlannedRequest) {
    this.index = request.index;
    this.url = request.url;
    this.headers = request.headers;
    this.body = request.body;
    this.checks = request.assertions ?? [];
    this.until = request.until ?? null;
  }

  /** Keeps what the attempt's outcome says of the response (the result shows the last one). */
  record(outcome: AttemptOutcome): void {
    if (outcome.kind !== 'refused') {
      this.phases = outcome.phases ?? null;
      this.attemptMs = outcome.endMs - outcome.startMs;
    }
    if (outcome.kind === 'response') {
      this.status = outcome.status;
      this.responseHeaders = outcome.headers;
      this.body_ = outcome.body;
      this.bodyBytes = outcome.bodyBytes;
      this.truncated = outcome.truncated;
      this.ttfbMs = outcome.ttfbMs;
      this.httpVersion = outcome.httpVersion ?? '1.1';
      this.cookies = outcome.cookies ?? null;
      return;
    }
    this.status = null;
    this.responseHeaders = null;
    this.body_ = null;
    this.httpVersion = null;
    if (outcome.kind === 'refused') return;
    this.cookies = outcome.kind === 'failure' ? (outcome.cookies ?? null) : null;
    this.bodyBytes = outcome.bodyBytes;
    this.truncated = false;
    this.ttfbMs = outcome.ttfbMs;
  }

  /** Adds the ended attempt to `attemptLog` (a refusal by the breaker is no attempt). */
  logAttempt(outcome: AttemptOutcome): void {
    if (outcome.kind === 'refused') return;
    const status = outcome.kind === 'response' ? outcome.status : null;
    const errorCode = outcome.kind === 'response' ? null : outcome.error.code;
    const info: AttemptInfo = { attempt: this.attempts, startMs: outcome.startMs, ttfbMs: outcome.ttfbMs, endMs: outcome.endMs, status, errorCode, retryDelayMs: null };
    if (outcome.phases) info.phases = outcome.phases;
    if (this.trace) info.spanId = this.trace.spanId;
    // Most requests make one attempt: a list of exactly one (a push to an empty list makes
    // room for 17, and results keep their log as long as the run's results are kept).
    if (this.attemptLog.length === 0) this.attemptLog = [info];
    else this.attemptLog.push(info);
  }

  /** The response values a reference to this request reads. */
  asSource(): ResponseSource {
    return { status: this.status, headers: this.responseHeaders, body: this.body_, request: { headers: this.headers, body: this.body } };
  }

  /** Forgets the response and what was sent once the result is out (runs that keep no results). */
  dropResponse(): void {
    this.responseHeaders = null;
    this.body_ = null;
    this.source = null;
    this.body = null;
    this.attemptLog = [];
    this.cookies = null;
  }

  /** The result's timings: queued, the final attempt's phases and its total (cli.md). */
  private timings(durationMs: number): ResultTimings {
    const p = this.phases;
    const queuedMs = this.startedAtMs! - this.queuedAtMs;
    const totalMs = this.attemptMs ?? durationMs;
    if (!p) return { queuedMs, ttfbMs: this.ttfbMs, totalMs };
    return { queuedMs, dnsMs: p.dnsMs, connectMs: p.connectMs, tlsMs: p.tlsMs, ttfbMs: p.ttfbMs, downloadMs: p.downloadMs, totalMs, reused: p.reused };
  }

  /** The result (its `httpVersion`: the final response's protocol, null without one). */
  toResult(): RequestResult {
    const r = this.request;
    // From the first attempt's start to the end of the last attempt (not to a cancel that
    // came during a backoff, nor to a retry refused by an open circuit).
    const last = this.attemptLog.length > 0 ? this.attemptLog[this.attemptLog.length - 1] : null;
    const durationMs = this.attempts > 0 && this.startedAtMs !== null ? (last ? last.endMs : this.endedAtMs) - this.startedAtMs : null;
    const result: RequestResult = {
      index: r.index,
      name: r.name,
      title: r.title,
      line: r.line,
      method: r.method,
      url: redactUserinfo(this.url),
      outcome: this.outcome!,
      status: this.status,
      httpVersion: this.httpVersion,
      attempts: this.attempts,
      durationMs,
      timings: durationMs === null ? null : this.timings(durationMs),
      trace: this.attempts > 0 ? this.trace : null,
      error: this.error ? this.error.toResultError() : null,
      responseHeaders: this.responseHeaders,
      bodyBytes: this.bodyBytes,
      body: this.body_,
      truncated: this.truncated,
      assertions: this.assertions ?? uncheckedAssertions(this.checks),
      queuedAtMs: this.queuedAtMs,
      startedAtMs: this.startedAtMs,
      endedAtMs: this.endedAtMs,
      attemptLog: this.attemptLog,
      cookies: this.cookies,
      polls: this.polls,
      retries: this.retries,
    };
    return result;
  }
}
