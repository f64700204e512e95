// The request lifecycle (docs/architecture.md, "Request lifecycle"): the states of one
// request, the outcome an attempt ends with, and `decide`, the one pure function that picks
// the next step from an outcome. Every attempt, the first included, ends in `decide`.
import { statusMatches } from '../parser/values';
import { type RunError, stopError, type StopCode, UnexpectedStatusError } from './errors';
import { backoffDelay, isRetryableCode, isRetryableStatus, parseRetryAfter } from './retry-policy';

/**
 * Where a request is. `queued`: not started, no dependencies to wait for. `waitingDeps`: a
 * named request it depends on has not succeeded yet. `waitingSlot`: asks the scheduler for a
 * global slot, a slot of its origin and a `@rate` token. `inFlight`: an attempt is running
 * (holding its slots). `waiting`: between attempts, holding no slot (see `WaitReason`).
 * `finished`: its result is out.
 */
export type RequestState = 'queued' | 'waitingDeps' | 'waitingSlot' | 'inFlight' | 'waiting' | 'finished';

/**
 * Why a request is in `waiting`. Seam (polling, `@until`): a response whose condition does
 * not hold yet will wait with reason 'poll', holding no slot, then go to `waitingSlot` again.
 */
export type WaitReason = 'backoff';

/**
 * When an attempt ran, in ms since the run started. Seam (timing phases): the DNS, connect,
 * TLS and transfer phases go here as an optional `phases` record filled by the exchange.
 */
export interface AttemptTimings {
  readonly startMs: number;
  /** Time from the start to the response headers, null when none arrived. */
  readonly ttfbMs: number | null;
  readonly endMs: number;
}

/** A complete response (after redirects). */
export interface ResponseOutcome extends AttemptTimings {
  readonly kind: 'response';
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  /** The kept part of the body (up to the cap), or null. */
  readonly body: Uint8Array | null;
  readonly bodyBytes: number;
  readonly truncated: boolean;
}

/** The attempt failed: network, TLS, timeout, malformed response, redirect loop. */
export interface FailureOutcome extends AttemptTimings {
  readonly kind: 'failure';
  readonly error: RunError;
  /** Body bytes read before the failure. */
  readonly bodyBytes: number;
  /**
   * The failed hop had a connection (the request was being written). The breaker counts a
   * TIMEOUT only without one (a connect timeout). Absent: unknown, taken as not connected.
   */
  readonly connected?: boolean;
}

/** The run stopped the attempt in flight (cancel, deadline, bail). */
export interface StoppedOutcome extends AttemptTimings {
  readonly kind: 'stopped';
  readonly error: RunError;
  readonly bodyBytes: number;
}

/** Not sent: the origin's circuit breaker is open (no attempt is counted). */
export interface RefusedOutcome {
  readonly kind: 'refused';
  readonly error: RunError;
}

/** What an attempt ends with. The exchange returns it; nothing else changes the request. */
export type AttemptOutcome = ResponseOutcome | FailureOutcome | StoppedOutcome | RefusedOutcome;

/** How a request ends. Seam (first K of a group): 'notNeeded' (code NOT_NEEDED) joins here. */
export type FinalOutcome = 'succeeded' | 'failed' | 'cancelled';

/**
 * The next step after an attempt. Seams: polling adds `{ step: 'poll'; delayMs }` (to
 * `waiting` with reason 'poll'); nothing else changes in the coordinator's switch.
 */
export type Decision =
  | { readonly step: 'finish'; readonly outcome: FinalOutcome; readonly error: RunError | null }
  | { readonly step: 'retry'; readonly delayMs: number; readonly reason: string; readonly error: RunError };

/** What `decide` reads of the request (a `Job` is one). */
export interface DecideRequest {
  readonly request: { readonly expectStatus: string | null; readonly retries: number };
  /** Attempts made so far, the one just ended included. */
  readonly attempts: number;
  /** `@retries` > 0 and the method may be retried (`methodAllowsRetry`). */
  readonly retryAllowed: boolean;
}

/** What `decide` reads of the run. */
export interface DecideRun {
  /** Set once the run stops (cancel, deadline, bail). */
  readonly stopCode: StopCode | null;
  /** Wall-clock ms, for a `Retry-After` date. */
  wallNow(): number;
  /** Random source in [0, 1) for the backoff jitter; called only when a retry is decided. */
  readonly random: () => number;
}

const SUCCEEDED: Decision = { step: 'finish', outcome: 'succeeded', error: null };

/**
 * The next step for a request whose attempt ended with `outcome`. Pure: it reads its
 * arguments only (and calls `run.random` for a backoff). Order of the rules: a stopped
 * attempt is cancelled; a refused one fails; a response within `@expect-status` succeeds;
 * a retryable failure or status retries while retries are left and the run goes on.
 *
 * Seam (assertions): checked here, once, on a response that would finish (never on one
 * that is retried or polled); a failed assertion finishes `failed` with its own code.
 */
export function decide(outcome: AttemptOutcome, req: DecideRequest, run: DecideRun): Decision {
  switch (outcome.kind) {
    case 'stopped':
      return { step: 'finish', outcome: 'cancelled', error: stopError(run.stopCode ?? 'CANCELLED', 'in-flight') };
    case 'refused':
      return { step: 'finish', outcome: 'failed', error: outcome.error };
    case 'failure': {
      const error = outcome.error;
      if (!req.retryAllowed || !isRetryableCode(error.code)) return { step: 'finish', outcome: 'failed', error };
      return retryOrEnd(req, run, error, error.code, null);
    }
    case 'response': {
      const status = outcome.status;
      const expect = req.request.expectStatus;
      if (statusMatches(expect, status)) return SUCCEEDED;
      const error = new UnexpectedStatusError(`status ${status}, expected ${expect ?? '2xx or 3xx'}`);
      if (!req.retryAllowed || !isRetryableStatus(status)) return { step: 'finish', outcome: 'failed', error };
      return retryOrEnd(req, run, error, `status ${status}`, parseRetryAfter(outcome.headers['retry-after'], run.wallNow()));
    }
  }
}

function retryOrEnd(req: DecideRequest, run: DecideRun, error: RunError, reason: string, retryAfterMs: number | null): Decision {
  if (req.attempts > req.request.retries) return { step: 'finish', outcome: 'failed', error };
  if (run.stopCode) return { step: 'finish', outcome: 'cancelled', error: stopError(run.stopCode, 'retry') };
  return { step: 'retry', delayMs: retryAfterMs ?? backoffDelay(req.attempts, run.random), reason, error };
}
