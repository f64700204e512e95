// The request lifecycle (docs/architecture.md, "Request lifecycle"): the states of one
// request, the outcome an attempt ends with, and `decide`, the one pure function that picks
// the next step from an outcome. Every attempt, the first included, ends in `decide`.
import type { AttemptPhases } from '../types';
import { assertionFailureMessage, checkAssertions, statusExpected } from '../conditions/assertions';
import type { AssertionResult, PlannedCheck } from '../conditions/model';
import type { PreparedChecks } from '../conditions/prepared';
import type { HttpVersion } from '../types';
import type { AttemptCookies } from './cookies';
import { AssertionFailedError, type RunError, stopError, type StopCode, UnexpectedStatusError } from './errors';
import { backoffDelay, isRetryableCode, isRetryableStatus, parseRetryAfter } from './retry-policy';
import { pollStep, type PollDecision, type PollSettings } from './polling';

/**
 * Where a request is. `queued`: not started, no dependencies to wait for. `waitingDeps`: a
 * named request it depends on has not succeeded yet. `waitingSlot`: asks the scheduler for a
 * global slot, a slot of its origin and a `@rate` token. `inFlight`: an attempt is running
 * (holding its slots). `waiting`: between attempts, holding no slot (see `WaitReason`).
 * `finished`: its result is out.
 */
export type RequestState = 'queued' | 'waitingDeps' | 'waitingSlot' | 'inFlight' | 'waiting' | 'finished';

/**
 * Why a request is in `waiting`: a retry's backoff (or `Retry-After`), or `@until` polling (a
 * response whose condition does not hold yet). Either way it holds no slot and goes to
 * `waitingSlot` again when the clock timer fires.
 */
export type WaitReason = 'backoff' | 'poll';

/**
 * When an attempt ran, in ms since the run started, and where its time went (`phases`:
 * DNS, connect, TLS, time to first byte, download; filled by the exchange, docs/timing.md).
 */
export interface AttemptTimings {
  readonly startMs: number;
  /** Time from the start to the response headers, null when none arrived. */
  readonly ttfbMs: number | null;
  readonly endMs: number;
  /** Where the attempt's time went (format spec, section 11; the last hop's), set by the exchange. */
  readonly phases?: AttemptPhases | null;
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
  /** The protocol the final response came over ('1.1' when absent). */
  readonly httpVersion?: HttpVersion;
  /** What the cookie jar sent and stored over the attempt's hops; null or absent when nothing. */
  readonly cookies?: AttemptCookies | null;
}

/** The attempt failed: network, TLS, timeout, malformed response, redirect loop. */
export interface FailureOutcome extends AttemptTimings {
  readonly kind: 'failure';
  readonly error: RunError;
  /** Body bytes read before the failure. */
  readonly bodyBytes: number;
  /** What the cookie jar sent and stored before the failure (redirect hops). */
  readonly cookies?: AttemptCookies | null;
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

/**
 * How a request ends. A copy of a `@first K` group that is no longer needed ends
 * `cancelled` with the code `NOT_NEEDED` (`NotNeededError`): in flight, its `stopped`
 * outcome carries that error, and `decide` keeps it.
 */
export type FinalOutcome = 'succeeded' | 'failed' | 'cancelled';

/**
 * The next step after an attempt: finish, wait and retry (`waiting`, reason 'backoff'), or
 * wait and poll again (`waiting`, reason 'poll'; `PollDecision`).
 */
export type Decision =
  | {
      readonly step: 'finish';
      readonly outcome: FinalOutcome;
      readonly error: RunError | null;
      /** The `??` assertions checked on the final response; absent when none arrived or there are none. */
      readonly assertions?: AssertionResult[];
    }
  | { readonly step: 'retry'; readonly delayMs: number; readonly reason: string; readonly error: RunError }
  | PollDecision;

/** What `decide` reads of the request (a `Job` is one). */
export interface DecideRequest {
  readonly request: { readonly expectStatus: string | null; readonly retries: number } & PollSettings;
  /** Attempts made so far, the one just ended included. */
  readonly attempts: number;
  /** `@retries` > 0 and the method may be retried (`methodAllowsRetry`). */
  readonly retryAllowed: boolean;
  /** The request's `??` assertions, response values substituted in EXPECTED (none when absent). */
  readonly checks?: readonly PlannedCheck[];
  /** `@until`: polls so far, this response included when it is one (`isPoll`). */
  readonly polls?: number;
  /** `@until`: attempts made up to the last poll; each poll has its own retry budget. */
  readonly attemptsBeforePoll?: number;
  /** `@until`: when the first attempt started (ms since the run started); `@poll-timeout` counts from it. */
  readonly startedAtMs?: number | null;
}

/**
 * True when the outcome is a poll of an `@until` request: a response with an expected status
 * (`@expect-status`, else the `?? status` lines, else 2xx and 3xx).
 */
export function isPoll(outcome: AttemptOutcome, request: DecideRequest['request'], checks: readonly PlannedCheck[] = NO_CHECKS, prepared?: PreparedChecks): boolean {
  return outcome.kind === 'response' && request.until != null && statusExpected({ expectStatus: request.expectStatus, assertions: checks }, outcome.status, prepared);
}

/** What `decide` reads of the run. */
export interface DecideRun {
  /** Set once the run stops (cancel, deadline, bail). */
  readonly stopCode: StopCode | null;
  /** Wall-clock ms, for a `Retry-After` date. */
  wallNow(): number;
  /** Random source in [0, 1) for the backoff jitter; called only when a retry is decided. */
  readonly random: () => number;
  /** Redacts known secrets in an assertion's value found (before it is cut to 200 characters); called unbound. */
  readonly redact?: (text: string) => string;
  /** The run's assertions made ready once for all its responses. */
  readonly prepared?: PreparedChecks;
  /** Changes when `redact` may hide more (see EvaluateOptions). */
  readonly redactVersion?: number;
}

const SUCCEEDED: Decision = { step: 'finish', outcome: 'succeeded', error: null };

/**
 * The next step for a request whose attempt ended with `outcome`. Pure: it reads its
 * arguments only (and calls `run.random` for a backoff). Order of the rules: a stopped
 * attempt is cancelled; a refused one fails; a response within `@expect-status` succeeds;
 * a retryable failure or status retries while retries are left and the run goes on.
 * With `@until`, a response within `@expect-status` is a poll: it succeeds when the
 * condition holds, else polls again (`pollStep`, `polling.ts`); a retry's budget counts
 * from the last poll.
 *
 * Assertions (`??`): `?? status` lines stand for the expected statuses when there is no
 * `@expect-status`; the assertions are checked here, once, on a response that finishes
 * (never on one that is retried or polled); a failing one finishes `failed` with
 * `ASSERTION_FAILED` when the status was expected, and is never retried.
 */
export function decide(outcome: AttemptOutcome, req: DecideRequest, run: DecideRun): Decision {
  switch (outcome.kind) {
    case 'stopped':
      // A copy of a @first group aborted because the group has its K successes: NOT_NEEDED.
      if (outcome.error.code === 'NOT_NEEDED') return { step: 'finish', outcome: 'cancelled', error: outcome.error };
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
      const checks = req.checks ?? NO_CHECKS;
      const expect = req.request.expectStatus;
      if (statusExpected({ expectStatus: expect, assertions: checks }, status, run.prepared)) {
        // `@until`: poll again until the condition holds (then this response is the final one).
        const poll = req.request.until ? pollStep(outcome, req, run) : null;
        return poll ?? finishOnResponse(outcome, checks, run, 'succeeded', null);
      }
      const error = new UnexpectedStatusError(`status ${status}, expected ${expectedText(expect, checks)}`);
      if (!req.retryAllowed || !isRetryableStatus(status)) return finishOnResponse(outcome, checks, run, 'failed', error);
      const next = retryOrEnd(req, run, error, `status ${status}`, parseRetryAfter(outcome.headers['retry-after'], run.wallNow()));
      return next.step === 'finish' ? finishOnResponse(outcome, checks, run, next.outcome, next.error) : next;
    }
  }
}

const NO_CHECKS: readonly PlannedCheck[] = Object.freeze([]);

/** The statuses a request expects, as an UNEXPECTED_STATUS message says them. */
function expectedText(expect: string | null, checks: readonly PlannedCheck[]): string {
  if (expect !== null) return expect;
  const status = checks.filter((c) => c.field === 'status');
  return status.length > 0 ? `by ${status.map((c) => `'?? ${c.text}' (line ${c.line})`).join(' and ')}` : '2xx or 3xx';
}

/**
 * A decision to finish on a response: its assertions are checked (once, here); failing ones
 * turn a success into `ASSERTION_FAILED`, and are listed whatever the outcome.
 */
function finishOnResponse(outcome: ResponseOutcome, checks: readonly PlannedCheck[], run: DecideRun, result: FinalOutcome, error: RunError | null): Decision {
  if (checks.length === 0) return result === 'succeeded' ? SUCCEEDED : { step: 'finish', outcome: result, error };
  // The timings record is built only for a `duration` check (the one field that reads it).
  const timings = readsTimings(checks) ? timingsOf(outcome) : null;
  // The run is the evaluator's options: it holds `redact` (an own, bound function) and `prepared`.
  const assertions = checkAssertions(checks, { status: outcome.status, headers: outcome.headers, body: outcome.body, timings }, run);
  const failed = result === 'succeeded' ? assertionFailureMessage(assertions) : null;
  if (failed !== null) return { step: 'finish', outcome: 'failed', error: new AssertionFailedError(failed), assertions };
  return { step: 'finish', outcome: result, error, assertions };
}

function readsTimings(checks: readonly PlannedCheck[]): boolean {
  for (let i = 0; i < checks.length; i++) if (checks[i]!.field === 'duration') return true;
  return false;
}

/**
 * What `duration [PHASE]` reads: the final attempt's total and time to first byte. Seam
 * (timing phases): an outcome's `phases` record (dnsMs, connectMs, tlsMs, downloadMs...) is
 * read as it is.
 */
function timingsOf(outcome: ResponseOutcome): Record<string, number | null> {
  const phases = (outcome as { phases?: Record<string, number | null> }).phases;
  return { totalMs: outcome.endMs - outcome.startMs, ttfbMs: outcome.ttfbMs, ...phases };
}

function retryOrEnd(req: DecideRequest, run: DecideRun, error: RunError, reason: string, retryAfterMs: number | null): Decision {
  // Each poll of an `@until` request has its own budget: attempts since the last poll.
  const tries = req.attempts - (req.attemptsBeforePoll ?? 0);
  if (tries > req.request.retries) return { step: 'finish', outcome: 'failed', error };
  if (run.stopCode) return { step: 'finish', outcome: 'cancelled', error: stopError(run.stopCode, 'retry') };
  return { step: 'retry', delayMs: retryAfterMs ?? backoffDelay(tries, run.random), reason, error };
}
