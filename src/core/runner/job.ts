// The mutable state of one request during a run, and the result it ends with.
import type { AttemptInfo, Header, Outcome, PlannedRequest, RequestBody, RequestResult } from '../types';
import { redactUserinfo } from '../redact';
import type { RunError } from './errors';
import type { ResponseSource } from './refs';
import type { Hop, OriginSlots, Waiter } from './scheduler';
import type { CircuitBreaker } from './breaker';

/** Per-origin state shared by the requests to that origin. */
export interface OriginState extends OriginSlots {
  readonly origin: string;
  readonly breaker: CircuitBreaker;
}

export type JobState = 'waiting' | 'ready' | 'running' | 'done';

export class Job implements Waiter {
  readonly index: number;
  state: JobState = 'waiting';
  /** Dependencies (names) still to succeed. */
  pendingDeps = 0;
  /** Set while a retry waits for a slot. */
  slotWaiter: ((granted: boolean) => void) | null = null;
  /** Set while a retry's exchange is in flight. */
  attemptDone: ((retry: boolean) => void) | null = null;
  /** The slot of a retry's ended attempt, freed by the retry loop once it has emitted `retrying` or `finished`. */
  heldSlots: OriginState | null = null;
  inRetryLoop = false;
  /** The origin of the request's URL: where every attempt starts, and whose breaker it counts for. */
  home: OriginState | null = null;
  /** The origin whose slot the attempt holds (another one after a cross-origin redirect). */
  slots: OriginState | null = null;
  /** Set while the attempt waits for a slot of the origin a redirect leads to. */
  hop: Hop | null = null;

  // What is sent (response values substituted).
  url: string;
  parsedUrl: URL | null = null;
  headers: Header[];
  /** `headers` as undici's flat array, built at the first attempt. */
  flatHeaders: string[] | null = null;
  body: RequestBody | null;
  retryAllowed = false;

  // Progress.
  attempts = 0;
  attemptLog: AttemptInfo[] = [];
  queuedAtMs = 0;
  startedAtMs: number | null = null;
  endedAtMs = 0;
  isProbe = false;

  // The last attempt's response (or failure).
  status: number | null = null;
  responseHeaders: Record<string, string> | null = null;
  body_: Uint8Array | null = null;
  bodyBytes = 0;
  truncated = false;
  ttfbMs: number | null = null;
  attemptStartMs = 0;
  error: RunError | null = null;
  /** The run stopped this request (cancel, deadline, bail). */
  stopped = false;
  /** ...while an attempt was in flight. */
  stoppedInFlight = false;
  /** Retry-After of the last response, in ms, or null. */
  retryAfterMs: number | null = null;

  outcome: Outcome | null = null;
  /** Cached view of the response for references (parsed bodies are cached on it). */
  source: ResponseSource | null = null;

  constructor(readonly request: PlannedRequest) {
    this.index = request.index;
    this.url = request.url;
    this.headers = request.headers;
    this.body = request.body;
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
  }

  toResult(): RequestResult {
    const r = this.request;
    // From the first attempt's start to the end of the last attempt (not to a cancel that
    // came during a backoff, nor to a retry refused by an open circuit).
    const last = this.attemptLog.length > 0 ? this.attemptLog[this.attemptLog.length - 1] : null;
    const durationMs = this.attempts > 0 && this.startedAtMs !== null ? (last ? last.endMs : this.endedAtMs) - this.startedAtMs : null;
    return {
      index: r.index,
      name: r.name,
      title: r.title,
      line: r.line,
      method: r.method,
      url: redactUserinfo(this.url),
      outcome: this.outcome!,
      status: this.status,
      attempts: this.attempts,
      durationMs,
      timings:
        durationMs === null
          ? null
          : { queuedMs: this.startedAtMs! - this.queuedAtMs, ttfbMs: this.ttfbMs, totalMs: durationMs },
      error: this.error ? this.error.toResultError() : null,
      responseHeaders: this.responseHeaders,
      bodyBytes: this.bodyBytes,
      body: this.body_,
      truncated: this.truncated,
      queuedAtMs: this.queuedAtMs,
      startedAtMs: this.startedAtMs,
      endedAtMs: this.endedAtMs,
      attemptLog: this.attemptLog,
    };
  }
}
