// Shared data model of the core: what the parser produces and what the runner, the
// reporters, the CLI and the extension consume. Pure types, no runtime code.
import type { AssertionResult, PlannedCheck } from './conditions/model';
import type { LazyRequests } from './plan-lazy';
import type { BatchSettings, PlanDefaults, RequestSettings, SettingsLayer, SettingsOverrides } from './settings-types';

export type { AssertionResult, PlannedCheck };
export type { LazyCursor, LazyRequests } from './plan-lazy';
export type { BatchSettings, PlanDefaults, RequestSettings, SettingsLayer, SettingsOverrides };

/** 1-based line and column in the source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 1-based, inclusive line of the end of the range; defaults to `line`. */
  endLine?: number;
  /** 1-based, exclusive column of the end of the range; defaults to the end of the line. */
  endColumn?: number;
  message: string;
  /** The file the diagnostic is about when it is not the .batch.http file itself (a CSV, an env file). */
  file?: string;
}

export type Header = [name: string, value: string];

/** A request body: text, or raw bytes (from `< path`). */
export type RequestBody = string | Uint8Array;

/** Who a request is, wherever it shows up (plan, result, report, tree): the fields every view of it repeats. */
export interface RequestIdentity {
  /** 0-based position in the expanded batch. */
  index: number;
  /** `@name`, else null. Copies of a repeated request share the name. */
  name: string | null;
  /** Text after `###`, else null. */
  title: string | null;
  /** 1-based line of the request line. Copies share it. */
  line: number;
  method: string;
  /**
   * Planned: the resolved URL (response references stay as their text). In a result: the
   * URL sent (response values substituted), userinfo redacted.
   */
  url: string;
}

/** One request of the expanded batch (after `@repeat`/`@foreach`), ready to run. */
export interface PlannedRequest extends RequestIdentity {
  /** Column of the request line. */
  column: number;
  /** 0-based index of the request block in the file (before expansion). */
  blockIndex: number;
  /** `$index` of a copy made by `@repeat`/`@foreach`, else null. */
  copyIndex: number | null;
  /**
   * The `@foreach` record of a copy, shown as its first field (`id=42`, cut to 40
   * characters) in the editor's results; null or absent otherwise.
   */
  copyRow?: string | null;
  headers: Header[];
  body: RequestBody | null;
  /** Names of requests this one waits for (`@depends-on` and response references), each once. */
  dependsOn: string[];
  /** True when url, headers or body still hold response references to substitute at start. */
  hasResponseRefs: boolean;
  /**
   * Variables that could not be resolved (names as written). A request with any fails at
   * run time with `UNRESOLVED_VARIABLE` and is not sent.
   */
  unresolved: string[];
  timeoutMs: number;
  /** `@connection-timeout`, else null (the attempt timeout applies). */
  connectionTimeoutMs: number | null;
  retries: number;
  followRedirects: boolean;
  /** The `@expect-status` text, or null for the default (2xx and 3xx). */
  expectStatus: string | null;
  idempotent: boolean;
  /** False with `@no-cookie-jar`: the request neither sends nor stores the jar's cookies. Undefined means true. */
  cookieJar?: boolean;
  /**
   * The `??` lines, in file order (EXPECTED substituted; response references stay as their
   * text). The planner always sets this and the four fields after it; other producers may leave them out.
   */
  assertions?: PlannedCheck[];
  /** `@until`, or null. */
  until?: PlannedCheck | null;
  /** `@poll-interval` / `@poll-timeout` in ms, or null (the defaults apply). */
  pollIntervalMs?: number | null;
  pollTimeoutMs?: number | null;
  /** `@first K` of a `@repeat`/`@foreach` group, or null. */
  first?: number | null;
}

/** A request block of the source file, before expansion (for CodeLens, "Go to Request", selections). */
export interface RequestBlockInfo {
  blockIndex: number;
  name: string | null;
  title: string | null;
  method: string;
  /** The raw target as written. */
  target: string;
  /** Request line position. */
  line: number;
  column: number;
  /** First line of the block (the `###` line, or the first line of the file). 1-based. */
  startLine: number;
  /** Last line of the block. 1-based, inclusive. */
  endLine: number;
}

/** The result of planning a file: what `batch-http parse` prints, plus what the hosts need. */
export interface BatchPlan {
  /** Path of the .batch.http file as given. */
  file: string;
  settings: BatchSettings;
  requests: PlannedRequest[];
  blocks: RequestBlockInfo[];
  diagnostics: Diagnostic[];
  /**
   * Values that must never appear in clear in logs and reports: values that came from
   * `http-client.private.env.json` or `.env`, and URL userinfo.
   */
  secrets: string[];
  /** Big groups planned as the run takes them (`PlanOptions.lazyFrom`, docs/scaling.md): not in `requests`. */
  lazy?: LazyRequests[];
}

export type Outcome = 'succeeded' | 'failed' | 'cancelled' | 'skipped';

/** Stable error codes (the format spec, section 5). */
export type ErrorCode =
  | 'TIMEOUT'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'DNS_FAILURE'
  | 'TLS_ERROR'
  | 'BAD_RESPONSE'
  | 'UNEXPECTED_STATUS'
  | 'UNRESOLVED_VARIABLE'
  | 'DEPENDENCY_FAILED'
  | 'CANCELLED'
  | 'DEADLINE_EXCEEDED'
  | 'FILE_NOT_FOUND'
  | 'CIRCUIT_OPEN'
  | 'BAILED'
  | 'TOO_MANY_REDIRECTS'
  | 'INVALID_URL'
  | 'ASSERTION_FAILED'
  | 'POLL_TIMEOUT'
  | 'NOT_NEEDED';

export interface ResultError {
  code: ErrorCode;
  message: string;
}

/** One attempt of a request, for the tree view and the timeline. Times in ms since the run started. */
export interface AttemptInfo {
  attempt: number;
  startMs: number;
  /** Time to the response headers, null when none arrived. */
  ttfbMs: number | null;
  endMs: number;
  status: number | null;
  errorCode: ErrorCode | null;
  /** Backoff waited after this attempt before the next, or null. */
  retryDelayMs: number | null;
  /** The attempt's timing phases (format spec, section 11; the last hop's), when measured. */
  phases?: AttemptPhases | null;
  /** With `@traceparent`: the attempt's span id (its `traceparent` parent id). */
  spanId?: string | null;
  /** `@until`: true when this attempt was a poll (a response with an expected status). */
  poll?: boolean;
  /** `@until`: the wait after this poll before the next one, when it polled again. */
  pollDelayMs?: number | null;
}

/** Where an attempt's time went (ms); null: the phase did not happen or did not complete. */
export interface AttemptPhases {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  /** From writing the request to the first byte of the response. */
  ttfbMs: number | null;
  /** From the first byte to the end of the body. */
  downloadMs: number | null;
  /** Sent on a kept-alive connection (no DNS, connect or TLS phase). */
  reused: boolean;
}

/**
 * The final attempt's time (format spec, section 11; ms). The phases are optional for
 * results made without them (older callers, tests): absent reads as null (`reused` false).
 */
export interface ResultTimings {
  queuedMs: number;
  /** Name lookup of the connection made for the attempt; null for an IP address or a reused connection. */
  dnsMs?: number | null;
  /** TCP connect; null on a reused connection. */
  connectMs?: number | null;
  /** TLS handshake; null for http: or a reused connection. */
  tlsMs?: number | null;
  /** From writing the request to the first byte of the response (the last hop's). */
  ttfbMs: number | null;
  /** From the first byte to the end of the body. */
  downloadMs?: number | null;
  totalMs: number;
  /** The attempt went out on a kept-alive connection. */
  reused?: boolean;
}

/** W3C trace context ids of an attempt (format spec, section 10). */
export interface TraceInfo {
  traceId: string;
  spanId: string;
}

/** The HTTP version of a response: HTTP/1.1, or HTTP/2 (negotiated over TLS with `@http2`). */
export type HttpVersion = '1.1' | '2';

/** A cookie of the run's jar as a result lists it. `value` is a secret: shown redacted, never printed. */
export interface ResultCookie {
  name: string;
  value: string;
  /** The cookie's domain (the host for a host-only cookie) and path. */
  domain: string;
  path: string;
}

/** The jar's part in a request's final attempt (every redirect hop included). */
export interface ResultCookies {
  /** Cookies the jar added to the request (none when the request set `Cookie` itself). */
  sent: ResultCookie[];
  /** Cookies stored from the responses' `Set-Cookie`. */
  received: ResultCookie[];
}

export interface RequestResult extends RequestIdentity {
  outcome: Outcome;
  status: number | null;
  attempts: number;
  durationMs: number | null;
  timings: ResultTimings | null;
  /** With `@traceparent`: the final attempt's ids (or those of the request's own header; null when invalid). */
  trace?: TraceInfo | null;
  error: ResultError | null;
  /** Lower-case names; repeated headers joined with ", ". Not redacted here: reporters redact. */
  responseHeaders: Record<string, string> | null;
  /** Total bytes of the response body read (kept or not). */
  bodyBytes: number;
  /** The kept part of the body (up to the cap), or null. */
  body: Uint8Array | null;
  truncated: boolean;
  /** ms since the run started when the request was queued / first attempt started / ended. */
  queuedAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number;
  attemptLog: AttemptInfo[];
  /** The final response's HTTP version; null (or absent) without a response. */
  httpVersion?: HttpVersion | null;
  /** What the cookie jar sent and stored in the final attempt; null (or absent) when it did neither. */
  cookies?: ResultCookies | null;
  /** One per `??` line, in file order; `ok` is null when no response arrived. Absent or empty when none. */
  assertions?: AssertionResult[];
  /** `@until`: the polls made (responses with an expected status); 0 or absent without `@until`. */
  polls?: number;
  /** Attempts that were retries of a failure (not new polls); absent: `attempts - 1`. */
  retries?: number;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface RunSummary {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  skipped: number;
  retries: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary | null;
  statusCounts: Record<string, number>;
  errorCounts: Record<string, number>;
  /** Results that ended with `NOT_NEEDED` (`@first`); `cancelled` does not count them. */
  notNeeded?: number;
  /** Every assertion of the batch; `passed` + `failed` are those checked. */
  assertions?: { total: number; passed: number; failed: number };
  /** With adaptive concurrency: each origin's limit (format spec, section 9); null or absent otherwise. */
  concurrency?: Record<string, OriginConcurrency> | null;
}

/** One origin's adaptive limit over a run. */
export interface OriginConcurrency {
  final: number;
  min: number;
  max: number;
  /** `[msSinceStart, limit]`, the first at the origin's first start; at most 1,000 (thinned evenly, the last kept). */
  changes: Array<[number, number]>;
}

export interface RunReport {
  version: 1;
  file: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  durationMs: number;
  settings: BatchSettings;
  summary: RunSummary;
  /** One per request of the batch, sorted by index. */
  results: RequestResult[];
  /**
   * Every value the run treated as secret (the plan's, the caller's, and tokens substituted
   * from responses into secret headers). Reporters redact them; never printed.
   */
  secrets?: string[];
}

/** The runner's event stream: the CLI progress, the tree view, the status bar and the trace log consume it. */
export type RunEvent =
  | { type: 'queued'; index: number; request: PlannedRequest; atMs: number }
  | { type: 'started'; index: number; attempt: number; url: string; atMs: number }
  | { type: 'retrying'; index: number; attempt: number; delayMs: number; reason: string; atMs: number }
  /** `@until`: poll number `poll` did not satisfy the condition (`value` found); the next in `delayMs`. */
  | { type: 'polling'; index: number; poll: number; delayMs: number; reason: string; value: string | null; atMs: number }
  | { type: 'finished'; index: number; result: RequestResult; atMs: number }
  /**
   * A concurrency limit took effect: an origin's adaptive limit (`origin` set; `pausedMs` > 0
   * when a Retry-After pauses its new starts), or a cap set by hand for the whole run (`origin` null).
   */
  | { type: 'concurrency'; origin: string | null; limit: number; reason: string; pausedMs: number; atMs: number };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off';

/**
 * Leveled logger passed into the core. Callers check `enabled(level)` before building an
 * expensive message, so nothing is formatted below the active level.
 */
export interface Logger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** An opaque handle of a timer set with `Clock.setTimer`. */
export interface TimerHandle {
  readonly __timerHandle?: never;
}

/** What the planner needs of time: a monotonic reading and the wall clock. */
export interface TimeSource {
  /** Monotonic milliseconds (performance.now()). */
  now(): number;
  /** Wall-clock time. */
  date(): Date;
}

/**
 * Time passed into the core (a fake one in tests). The runner waits only through it:
 * backoff, Retry-After, the attempt timeout, the batch deadline and the `@rate` bucket.
 */
export interface Clock extends TimeSource {
  /**
   * Calls `fn(arg)` once, `ms` milliseconds from now (monotonic). The argument keeps hot
   * paths free of a closure per timer. Delays above 2^31-1 ms wait that long.
   */
  setTimer<A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle;
  /** Cancels a timer that has not fired yet (a fired or cleared one is ignored). */
  clearTimer(handle: TimerHandle): void;
}

/** Reads files for the parser (`< path`, `@foreach`, env files, `.env`). */
export interface FileReader {
  /** Resolves the bytes, or rejects with an error whose `code` is 'ENOENT' when missing. */
  readFile(path: string): Promise<Uint8Array>;
  /** True when the path exists and is a file. */
  exists(path: string): Promise<boolean>;
  /** Names of the entries of a folder (optional: without it, `NAME.env` environments are not listed). */
  listDir?(path: string): Promise<string[]>;
}
