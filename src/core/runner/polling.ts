// `@until` polling (format spec, section 7): on a response with an expected status, whether
// the condition holds (the request succeeds), or when to poll again, or that polling has
// run out of time (`POLL_TIMEOUT`). Pure: the condition goes through the shared evaluator.
import { evaluateCheck } from '../conditions/evaluate';
import { foundText } from '../conditions/assertions';
import type { PlannedCheck } from '../conditions/model';
import { quote } from '../parser/quote';
import { PollTimeoutError, type RunError, stopError, type StopCode } from './errors';
import { parseRetryAfter } from './retry-policy';

/** `@poll-interval` when the request sets none. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;
/** `@poll-timeout` when the request sets none. */
export const DEFAULT_POLL_TIMEOUT_MS = 5 * 60_000;

/** What polling reads of a planned request. */
export interface PollSettings {
  readonly until?: PlannedCheck | null;
  readonly pollIntervalMs?: number | null;
  readonly pollTimeoutMs?: number | null;
}

/** Wait `delayMs` (holding no slot), then send the request again: the condition does not hold yet. */
export interface PollDecision {
  readonly step: 'poll';
  readonly delayMs: number;
  /** Why the wait is this long: `@poll-interval 200ms` or `Retry-After`. */
  readonly reason: string;
  /** The value the condition found, as results show it (`shownValue`), null when missing. */
  readonly value: string | null;
  /** A poll is no error: the request's error is cleared while it waits. */
  readonly error: null;
}

type Finish = { readonly step: 'finish'; readonly outcome: 'failed' | 'cancelled'; readonly error: RunError };

interface PollResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | null;
  readonly startMs: number;
  readonly ttfbMs: number | null;
  readonly endMs: number;
}

interface PollRequest {
  readonly request: PollSettings;
  readonly polls?: number;
  readonly startedAtMs?: number | null;
}

interface PollRun {
  readonly stopCode: StopCode | null;
  wallNow(): number;
}

/**
 * The step after a poll (a response with an expected status of an `@until` request): null
 * when the condition holds (the request finishes as any success does: `decide` goes on);
 * otherwise a `PollDecision`, or `POLL_TIMEOUT` when the next poll would start after
 * `@poll-timeout` (counted from the request's first attempt), or cancelled when the run is
 * stopping.
 */
export function pollStep(outcome: PollResponse, req: PollRequest, run: PollRun): PollDecision | Finish | null {
  const until = req.request.until!;
  const checked = evaluateCheck(until, {
    status: outcome.status,
    headers: outcome.headers,
    body: outcome.body,
    timings: { totalMs: outcome.endMs - outcome.startMs, ttfbMs: outcome.ttfbMs },
  });
  if (checked.ok) return null;
  if (run.stopCode) return { step: 'finish', outcome: 'cancelled', error: stopError(run.stopCode, 'poll') };
  const retryAfter = parseRetryAfter(outcome.headers['retry-after'], run.wallNow());
  const interval = req.request.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const delayMs = retryAfter ?? interval;
  const timeout = req.request.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const since = req.startedAtMs ?? outcome.startMs;
  if (outcome.endMs + delayMs - since > timeout) {
    return { step: 'finish', outcome: 'failed', error: new PollTimeoutError(pollTimeoutMessage(until, req.polls ?? 1, checked.actual, timeout)) };
  }
  const reason = retryAfter !== null ? `Retry-After ${formatMs(delayMs)}` : `@poll-interval ${formatMs(interval)}`;
  return { step: 'poll', delayMs, reason, value: checked.actual, error: null };
}

/** `@until body $.state == done` still false after 12 polls within @poll-timeout 5s; last value 'running'; ... */
export function pollTimeoutMessage(until: Pick<PlannedCheck, 'text' | 'line'>, polls: number, last: string | null, timeoutMs: number): string {
  return (
    `'@until ${quote(until.text, 120)}' (line ${until.line}) still did not hold after ${polls} poll${polls === 1 ? '' : 's'} ` +
    `within @poll-timeout ${formatMs(timeoutMs)}; the last value found was ${foundText(last)}; raise @poll-timeout or check the condition`
  );
}

/** `250ms`, `2s`, `1.5s`, `5m`. */
export function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.round(ms)}ms`;
}
