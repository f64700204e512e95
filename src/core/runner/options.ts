// Options of `runBatch` (docs/architecture.md).
import type { Clock, Logger, RequestResult, RunEvent } from '../types';
import type { DispatcherFactory } from './dispatcher';

export interface RunOptions {
  /** The user's cancel. */
  signal?: AbortSignal;
  /** Trace line per event, secrets redacted. */
  logger?: Logger;
  /** Time and timers; every wait of the run goes through it. Default: the system clock. */
  clock?: Clock;
  /**
   * Makes the run's HTTP transport (called once per run; the run destroys what it returns
   * at its end). Default: `createDispatcherPool` (keep-alive undici Agents, or proxy agents
   * when `proxyEnv` names a proxy).
   */
  dispatchers?: DispatcherFactory;
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
