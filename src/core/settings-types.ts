// The settings types of the core: a batch's settings, a request's own, and the layers a run
// is planned from (core/parser/settings.ts merges them). Pure types; core/types.ts re-exports them.

/** Batch-wide settings, as printed by `batch-http parse` and in the JSON report. */
export interface BatchSettings {
  /** Most requests in flight at once: the fixed cap, or MAX under `@concurrency auto`. */
  concurrency: number;
  /**
   * True for `@concurrency auto` (format spec, section 9): each origin's limit adapts, never
   * above `concurrency` (MAX) nor `perHost`. Reports show `"concurrency": "auto"` and
   * `"maxConcurrency"`. Absent or false: a fixed cap.
   */
  adaptive?: boolean;
  perHost: number;
  timeoutMs: number;
  deadlineMs: number | null;
  retries: number;
  /** Request starts per second, or null for no limit. */
  rate: number | null;
  bail: boolean;
  /** `@http2` / `--http2`: offer HTTP/2 over TLS (ALPN). Undefined means off. */
  http2?: boolean;
  /** False with `@no-cookie-jar` in the file header: no jar for the batch. Undefined means on. */
  cookieJar?: boolean;
  /**
   * `@traceparent` / `--traceparent` / `batchHttp.traceparent`: a W3C `traceparent` header
   * on every attempt (format spec, section 10). Absent or false: none is added.
   */
  traceparent?: boolean;
  /**
   * Failures to connect in a row that open an origin's circuit (`@circuit-breaker`), null
   * for off. Absent: the default (5); present only when a layer gives it.
   */
  circuitBreaker?: number | null;
}

/** A request's own settings, written as directives in its block (undefined: not written there). */
export interface RequestSettings {
  timeoutMs?: number;
  connectionTimeoutMs?: number;
  retries?: number;
  followRedirects?: boolean;
  expectStatus?: string;
  idempotent?: boolean;
  /** False with `@no-cookie-jar`: the request neither sends nor stores the jar's cookies. Undefined means true. */
  cookieJar?: boolean;
}

/** A layer of batch settings: each field given or not (undefined: "not given"). */
export type SettingsLayer = Partial<BatchSettings>;

/**
 * Overrides given to a run (CLI options, the editor's Set Concurrency). They win over
 * the file's directives, request-level ones included. Undefined means "not given".
 */
export type SettingsOverrides = SettingsLayer;

/**
 * Defaults given to a run (the editor's `batchHttp.*` settings): the file's directives win
 * over them, and they win over the format's defaults. `followRedirects: false` turns
 * redirects off for every request (a request cannot turn them back on).
 */
export interface PlanDefaults extends SettingsLayer {
  followRedirects?: boolean;
}
