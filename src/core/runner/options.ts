// Options of `runBatch` (docs/architecture.md).
import type { Clock, Logger, RequestResult, RunEvent } from '../types';

export interface RunOptions {
  /** The user's cancel. */
  signal?: AbortSignal;
  /** Trace line per event, secrets redacted. */
  logger?: Logger;
  clock?: Clock;
  /** The one event stream; hosts fan out. Not called at all when absent. */
  onEvent?: (event: RunEvent) => void;
  /** Per-response cap on the body kept; default 1 MiB. */
  maxBodyBytes?: number;
  /** Default true; `--insecure` sets false (a warning is logged). */
  rejectUnauthorized?: boolean;
  /** Run only these indices; their dependencies are added. */
  only?: readonly number[];
  /** HTTP_PROXY / HTTPS_PROXY / NO_PROXY source (the core never reads process.env). */
  proxyEnv?: Record<string, string | undefined>;
  /** Extra values to redact (the plan's secrets are always used). */
  secrets?: readonly string[];
  /**
   * Default true. False: the report's `results` stays empty (its summary is still over
   * every request) and a finished request's response is dropped unless a later request
   * references it; the caller takes each result from `onResult` (or the `finished` event).
   * For runs too big to hold every result and body (the CLI's JSON report).
   */
  keepResults?: boolean;
  /** Called once per finished request, in finish order, before its `finished` event. */
  onResult?: (result: RequestResult) => void;
  /** Random source for the backoff jitter (tests); default Math.random. */
  random?: () => number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
