// decide's polling and @first branches, table-driven: a response within @expect-status of an
// @until request polls, succeeds or times out; failures of a poll retry with the poll's own
// budget; a copy aborted as not needed ends cancelled with NOT_NEEDED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlannedCheck } from '../../../src/core/conditions/model';
import { ConnectionResetError, NotNeededError, PollTimeoutError, stopError, type StopCode } from '../../../src/core/runner/errors';
import { type AttemptOutcome, decide, type Decision, type DecideRequest, type DecideRun, isPoll } from '../../../src/core/runner/lifecycle';

const WALL = Date.UTC(2026, 0, 1, 12, 0, 0);
const UNTIL: PlannedCheck = { field: 'body', arg: '$.state', op: '==', expected: 'done', line: 7, text: 'body $.state == done' };

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
function response(status: number, state: string | null, headers: Record<string, string> = {}, at = { startMs: 1000, endMs: 1010 }): AttemptOutcome {
  const body = state === null ? null : json({ state });
  return { kind: 'response', status, headers, body, bodyBytes: body?.length ?? 0, truncated: false, ttfbMs: 5, ...at };
}

interface Row {
  name: string;
  outcome: AttemptOutcome;
  until?: PlannedCheck | null;
  interval?: number | null;
  timeout?: number | null;
  expectStatus?: string | null;
  retries?: number;
  attempts?: number;
  attemptsBeforePoll?: number;
  polls?: number;
  startedAtMs?: number;
  stopCode?: StopCode | null;
  want: string;
}

function request(row: Row): DecideRequest {
  return {
    request: { expectStatus: row.expectStatus ?? null, retries: row.retries ?? 2, until: row.until === undefined ? UNTIL : row.until, pollIntervalMs: row.interval ?? null, pollTimeoutMs: row.timeout ?? null },
    attempts: row.attempts ?? 1,
    retryAllowed: (row.retries ?? 2) > 0,
    polls: row.polls ?? 1,
    attemptsBeforePoll: row.attemptsBeforePoll ?? 0,
    startedAtMs: row.startedAtMs ?? 0,
  };
}

function run(stopCode: StopCode | null = null): DecideRun {
  return { stopCode, wallNow: () => WALL, random: () => 0 };
}

function show(d: Decision): string {
  if (d.step === 'poll') return `poll ${d.delayMs} ${d.reason} [${d.value}]`;
  if (d.step === 'retry') return `retry ${d.delayMs} ${d.reason}`;
  return d.error ? `${d.outcome} ${d.error.code}` : d.outcome;
}

const ROWS: Row[] = [
  { name: 'the condition holds: succeeded', outcome: response(200, 'done'), want: 'succeeded' },
  { name: 'not yet: poll after the default interval (1 s)', outcome: response(200, 'running'), want: 'poll 1000 @poll-interval 1s ["running"]' },
  { name: 'not yet: poll after @poll-interval', outcome: response(200, 'running'), interval: 200, want: 'poll 200 @poll-interval 200ms ["running"]' },
  { name: 'a missing value is shown as null', outcome: response(200, null), interval: 200, want: 'poll 200 @poll-interval 200ms [null]' },
  { name: 'Retry-After sets the next wait', outcome: response(202, 'running', { 'retry-after': '7' }), interval: 200, want: 'poll 7000 Retry-After 7s ["running"]' },
  { name: 'Retry-After is capped at 60 s', outcome: response(200, 'running', { 'retry-after': '600' }), want: 'poll 60000 Retry-After 1m ["running"]' },
  { name: 'a Retry-After date counts from the wall clock', outcome: response(200, 'running', { 'retry-after': new Date(WALL + 3000).toUTCString() }), want: 'poll 3000 Retry-After 3s ["running"]' },
  { name: 'the next poll would start after @poll-timeout: POLL_TIMEOUT', outcome: response(200, 'running', {}, { startMs: 4500, endMs: 4600 }), interval: 500, timeout: 5000, want: 'failed POLL_TIMEOUT' },
  { name: 'the next poll starting right at @poll-timeout still goes', outcome: response(200, 'running', {}, { startMs: 4400, endMs: 4500 }), interval: 500, timeout: 5000, want: 'poll 500 @poll-interval 500ms ["running"]' },
  { name: '@poll-timeout counts from the first attempt (at 200 ms): a poll at 5100 ms still goes', outcome: response(200, 'running', {}, { startMs: 4400, endMs: 4600 }), interval: 500, timeout: 5000, startedAtMs: 200, want: 'poll 500 @poll-interval 500ms ["running"]' },
  { name: '@poll-timeout counts from the first attempt, not from this poll', outcome: response(200, 'running', {}, { startMs: 4400, endMs: 4600 }), interval: 500, timeout: 5000, startedAtMs: 0, want: 'failed POLL_TIMEOUT' },
  { name: 'a long Retry-After past @poll-timeout: POLL_TIMEOUT', outcome: response(200, 'running', { 'retry-after': '30' }), timeout: 10_000, want: 'failed POLL_TIMEOUT' },
  { name: 'the run is stopping: cancelled, no poll', outcome: response(200, 'running'), stopCode: 'DEADLINE_EXCEEDED', want: 'cancelled DEADLINE_EXCEEDED' },
  { name: 'the run is stopping but the condition holds: succeeded', outcome: response(200, 'done'), stopCode: 'CANCELLED', want: 'succeeded' },
  { name: 'an unexpected status ends at once', outcome: response(404, 'running'), want: 'failed UNEXPECTED_STATUS' },
  { name: 'a status outside @expect-status ends at once, even with the condition true', outcome: response(200, 'done'), expectStatus: '202', want: 'failed UNEXPECTED_STATUS' },
  { name: '@expect-status 202: a 202 is a poll', outcome: response(202, 'running'), expectStatus: '202', want: 'poll 1000 @poll-interval 1s ["running"]' },
  { name: 'a 503 while polling is retried, not polled', outcome: response(503, 'running'), polls: 2, attempts: 3, attemptsBeforePoll: 2, want: 'retry 100 status 503' },
  { name: 'each poll has its own retry budget: 2nd try of this poll', outcome: response(503, null), retries: 1, attempts: 6, attemptsBeforePoll: 5, want: 'retry 100 status 503' },
  { name: 'each poll has its own retry budget: spent', outcome: response(503, null), retries: 1, attempts: 7, attemptsBeforePoll: 5, want: 'failed UNEXPECTED_STATUS' },
  { name: 'the backoff of a poll\'s retry starts over (retry 2 of the poll: 200 ms)', outcome: { kind: 'failure', error: new ConnectionResetError('x'), bodyBytes: 0, startMs: 0, ttfbMs: null, endMs: 1 }, retries: 3, attempts: 12, attemptsBeforePoll: 10, want: 'retry 200 CONNECTION_RESET' },
  { name: 'no @until: a 200 succeeds whatever the body', outcome: response(200, 'running'), until: null, want: 'succeeded' },
  { name: 'a copy aborted as not needed: cancelled NOT_NEEDED', outcome: { kind: 'stopped', error: new NotNeededError('not needed'), bodyBytes: 0, startMs: 0, ttfbMs: null, endMs: 1 }, want: 'cancelled NOT_NEEDED' },
  { name: 'a copy aborted by the run\'s stop: the stop\'s code', outcome: { kind: 'stopped', error: stopError('BAILED', 'in-flight'), bodyBytes: 0, startMs: 0, ttfbMs: null, endMs: 1 }, stopCode: 'BAILED', want: 'cancelled BAILED' },
];

for (const row of ROWS) {
  test(`decide (polling, @first): ${row.name}`, () => {
    assert.equal(show(decide(row.outcome, request(row), run(row.stopCode ?? null))), row.want);
  });
}

test('POLL_TIMEOUT: the message gives the polls, the condition, its line and the last value', () => {
  const d = decide(response(200, 'queued', {}, { startMs: 900, endMs: 1000 }), request({ name: '', outcome: response(200, null), polls: 12, interval: 100, timeout: 1000, want: '' }), run());
  assert.equal(d.step, 'finish');
  const error = (d as { error: unknown }).error;
  assert.ok(error instanceof PollTimeoutError);
  assert.equal(error.code, 'POLL_TIMEOUT');
  assert.equal(
    error.message,
    `'@until body $.state == done' (line 7) still did not hold after 12 polls within @poll-timeout 1s; the last value found was '"queued"'; raise @poll-timeout or check the condition`,
  );
});

test('cancelled while waiting to poll: the message says so', () => {
  assert.match(stopError('CANCELLED', 'poll').message, /while waiting to poll again/);
});

test('isPoll: a response with an expected status of an @until request', () => {
  const req = request({ name: '', outcome: response(200, null), want: '' }).request;
  assert.equal(isPoll(response(200, 'running'), req), true);
  assert.equal(isPoll(response(200, 'done'), req), true, 'the one on which the condition holds counts too');
  assert.equal(isPoll(response(503, null), req), false, 'a retryable status is no poll');
  assert.equal(isPoll(response(404, null), req), false);
  assert.equal(isPoll({ kind: 'failure', error: new ConnectionResetError('x'), bodyBytes: 0, startMs: 0, ttfbMs: null, endMs: 1 }, req), false);
  assert.equal(isPoll(response(200, 'running'), { ...req, until: null }), false, 'without @until nothing is a poll');
});
