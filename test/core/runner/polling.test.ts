// `@until` polling against real local servers (format spec, section 7): the count and order
// of polls, the result fetched after, the interval and Retry-After, POLL_TIMEOUT, a 503
// retried without counting, an unexpected status, no slot held while waiting, stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { PlannedCheck } from '../../../src/core/conditions/model';
import type { RunEvent } from '../../../src/core/types';
import { FakeClock } from '../../support/fake-clock';
import { captureLogger } from '../../support/run-harness';
import { makePlan, type RequestSpec } from '../../support/plan';
import { sendJson, startServer } from '../../support/server';

const DONE: PlannedCheck = { field: 'body', arg: '$.state', op: '==', expected: 'done', line: 9, text: 'body $.state == done' };
const poller = (url: string, more: Partial<RequestSpec> = {}): RequestSpec => ({ url, name: 'status', until: DONE, pollIntervalMs: 20, ...more });

test('a job that finishes after 4 polls: polls in order, then the result is fetched with a value of the final poll', async (t) => {
  const times: number[] = [];
  let polls = 0;
  const server = await startServer((req, res) => {
    if (req.method === 'POST') return sendJson(res, 202, { id: 'j1' });
    if (req.url === '/jobs/j1') {
      times.push(performance.now());
      return ++polls < 4 ? sendJson(res, 200, { state: 'running', n: polls }) : sendJson(res, 200, { state: 'done', result: '/jobs/j1/result' });
    }
    sendJson(res, 200, { size: 5 });
  });
  t.after(() => server.close());
  const events: RunEvent[] = [];
  const plan = makePlan([
    { url: `${server.url}/jobs`, name: 'job', method: 'POST', headers: [['Idempotency-Key', 'k-1']] },
    poller(`${server.url}/jobs/{{job.response.body.$.id}}`, { dependsOn: ['job'], pollIntervalMs: 60 }),
    { url: `${server.url}{{status.response.body.$.result}}`, dependsOn: ['status'] },
  ]);
  const report = await runBatch(plan, { onEvent: (e) => events.push(e) });
  const [job, status, result] = report.results;
  assert.equal(job.outcome, 'succeeded');
  assert.equal(status.outcome, 'succeeded', JSON.stringify(status.error));
  assert.equal(status.polls, 4, 'every response with an expected status is a poll, the last one included');
  assert.equal(status.attempts, 4);
  assert.equal(result.outcome, 'succeeded');
  assert.deepEqual(
    server.seen.map((s) => `${s.method} ${s.url}`),
    ['POST /jobs', 'GET /jobs/j1', 'GET /jobs/j1', 'GET /jobs/j1', 'GET /jobs/j1', 'GET /jobs/j1/result'],
    'submit, 4 polls, then the result (the reference read the final poll)',
  );
  assert.ok(result.startedAtMs! >= status.endedAtMs, 'the result starts after the polling ended');
  assert.equal(report.summary.retries, 0, 'polls are not retries');
  assert.deepEqual(status.attemptLog.map((a) => a.poll), [true, true, true, true]);
  assert.deepEqual(status.attemptLog.map((a) => a.pollDelayMs ?? null), [60, 60, 60, null]);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 55, `gap ${i}: ${times[i] - times[i - 1]} ms >= the 60 ms interval (server-side)`);
  const polling = events.filter((e): e is Extract<RunEvent, { type: 'polling' }> => e.type === 'polling');
  assert.deepEqual(polling.map((e) => [e.poll, e.value, e.delayMs]), [[1, '"running"', 60], [2, '"running"', 60], [3, '"running"', 60]]);
  assert.ok(status.durationMs! >= 3 * 55, 'durationMs includes the waits');
});

test('Retry-After on a poll response sets the next wait (fake clock), capped at 60 s', async (t) => {
  let n = 0;
  const server = await startServer((_req, res) => {
    n++;
    if (n === 1) return sendJson(res, 202, { state: 'running' }, { 'retry-after': '7' });
    if (n === 2) return sendJson(res, 202, { state: 'running' }, { 'retry-after': '3600' });
    sendJson(res, 200, { state: 'done' });
  });
  t.after(() => server.close());
  const clock = new FakeClock();
  let waits = 0;
  let resolveWait!: () => void;
  let waitSeen = new Promise<void>((r) => (resolveWait = r));
  const onEvent = (e: RunEvent): void => {
    if (e.type !== 'polling') return;
    waits++;
    resolveWait();
  };
  const running = runBatch(makePlan([poller(server.url, { pollIntervalMs: 100, pollTimeoutMs: 600_000 })]), { clock, onEvent });
  await waitSeen;
  assert.deepEqual(clock.pending(), [7000], 'the only timer: the 7 s of Retry-After (not the 100 ms interval)');
  clock.advance(6999);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(server.seen.length, 1, 'nothing before the Retry-After is over');
  waitSeen = new Promise<void>((r) => (resolveWait = r));
  clock.advance(1);
  await waitSeen;
  assert.deepEqual(clock.pending(), [60_000], 'Retry-After: 3600 is capped at 60 s');
  clock.advance(60_000);
  const report = await running;
  assert.equal(waits, 2);
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.equal(report.results[0].polls, 3);
  assert.equal(report.results[0].attemptLog[2].startMs, 67_000, 'the third poll starts when both waits are over (fake time)');
});

test('POLL_TIMEOUT when the next poll would start after @poll-timeout: polls and the last value in the message', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 200, { state: 'queued' }));
  t.after(() => server.close());
  const report = await runBatch(makePlan([poller(server.url, { pollIntervalMs: 40, pollTimeoutMs: 300 })]));
  const r = report.results[0];
  assert.equal(r.outcome, 'failed');
  assert.equal(r.error?.code, 'POLL_TIMEOUT');
  assert.ok(r.polls! >= 2 && r.polls! <= 9, `${r.polls} polls within 300 ms at a 40 ms interval`);
  assert.equal(r.polls, server.seen.length, 'every request sent was a poll');
  assert.match(r.error!.message, new RegExp(`after ${r.polls} polls within @poll-timeout 300ms; the last value found was '"queued"'`));
  assert.ok(r.durationMs! <= 300 + 1000, 'gave up without sending a poll past the timeout');
  assert.equal(report.summary.errorCounts.POLL_TIMEOUT, 1);
});

test('a 503 during polling is retried without counting as a poll; each poll has its own retry budget', async (t) => {
  // poll, 503, poll, 503, poll(done): with @retries 1 each 503 is retried within its poll.
  const answers = [200, 503, 200, 503, 200];
  let n = 0;
  const server = await startServer((_req, res) => {
    const status = answers[n++] ?? 500;
    if (status === 503) return sendJson(res, 503, {});
    sendJson(res, 200, { state: n === answers.length ? 'done' : 'running' });
  });
  t.after(() => server.close());
  const report = await runBatch(makePlan([poller(server.url, { retries: 1 })]), { random: () => 0 });
  const r = report.results[0];
  assert.equal(r.outcome, 'succeeded', JSON.stringify(r.error));
  assert.equal(r.polls, 3, 'the 503 responses are not polls');
  assert.equal(r.attempts, 5, 'attempts count every request sent');
  assert.equal(report.summary.retries, 2, 'summary.retries counts only the retries');
  assert.equal(r.retries, 2);
  assert.deepEqual(r.attemptLog.map((a) => [a.status, a.poll ?? false]), [[200, true], [503, false], [200, true], [503, false], [200, true]]);
  assert.equal(r.attemptLog[1].retryDelayMs, 100, 'the retry waits a backoff, not the poll interval');
});

test('an unexpected status while polling ends the request at once with UNEXPECTED_STATUS', async (t) => {
  let n = 0;
  const server = await startServer((_req, res) => (++n === 1 ? sendJson(res, 200, { state: 'running' }) : sendJson(res, 404, { error: 'gone' })));
  t.after(() => server.close());
  const report = await runBatch(makePlan([poller(server.url, { retries: 3 })]));
  const r = report.results[0];
  assert.equal(r.outcome, 'failed');
  assert.equal(r.error?.code, 'UNEXPECTED_STATUS');
  assert.equal(r.attempts, 2, 'no retry of a 404');
  assert.equal(r.polls, 1);
  await new Promise((res) => setTimeout(res, 100));
  assert.equal(server.seen.length, 2, 'nothing sent after it');
});

test('polling holds no slot: with concurrency 1 another request completes while it waits', async (t) => {
  let polls = 0;
  const server = await startServer((req, res) => {
    if (req.url === '/other') return sendJson(res, 200, {});
    sendJson(res, 200, { state: ++polls >= 3 ? 'done' : 'running' });
  });
  t.after(() => server.close());
  const report = await runBatch(makePlan([poller(`${server.url}/job`, { pollIntervalMs: 250 }), { url: `${server.url}/other` }], { concurrency: 1 }));
  const [status, other] = report.results;
  assert.equal(status.outcome, 'succeeded');
  assert.equal(status.polls, 3);
  assert.equal(other.outcome, 'succeeded');
  assert.ok(other.endedAtMs < status.endedAtMs, 'the other request finished while the poller waited');
  assert.deepEqual(server.seen.map((s) => s.url), ['/job', '/other', '/job', '/job'], 'the other request went between two polls');
  assert.equal(server.maxInFlight, 1);
});

test('cancel and the deadline end the wait between polls at once', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 200, { state: 'running' }));
  t.after(() => server.close());
  const controller = new AbortController();
  const t0 = performance.now();
  const cancelled = await runBatch(makePlan([poller(server.url, { pollIntervalMs: 60_000 })]), {
    signal: controller.signal,
    onEvent: (e) => e.type === 'polling' && controller.abort(),
  });
  assert.ok(performance.now() - t0 < 10_000, 'not the 60 s interval');
  assert.equal(cancelled.results[0].outcome, 'cancelled');
  assert.equal(cancelled.results[0].error?.code, 'CANCELLED');
  assert.match(cancelled.results[0].error!.message, /while waiting to poll again/);
  assert.equal(cancelled.results[0].polls, 1);

  const late = await runBatch(makePlan([poller(server.url, { pollIntervalMs: 60_000 })], { deadlineMs: 300 }));
  assert.equal(late.results[0].error?.code, 'DEADLINE_EXCEEDED');
  assert.ok(late.durationMs < 10_000);
});

test('the trace log has a line per poll', async (t) => {
  let n = 0;
  const server = await startServer((_req, res) => sendJson(res, 200, { state: ++n >= 3 ? 'done' : 'running' }));
  t.after(() => server.close());
  const log = captureLogger();
  await runBatch(makePlan([poller(`${server.url}/s`)]), { logger: log.logger });
  const lines = log.lines.filter((l) => / poll \d+ /.test(l));
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0], /^trace #0 status poll 1 GET http:\/\/127\.0\.0\.1:\d+\/s: '@until body \$\.state == done' not yet \(found "running"\); next poll in 20 ms \(@poll-interval 20ms\)$/);
  assert.ok(log.lines.some((l) => /#0 status succeeded .*\| 3 attempts \| 3 polls/.test(l)));
});

test('@bail ends the wait between polls at once when another request fails', async (t) => {
  const server = await startServer((req, res) => (req.url === '/bad' ? setTimeout(() => sendJson(res, 404, {}), 100) : sendJson(res, 200, { state: 'running' })));
  t.after(() => server.close());
  const t0 = performance.now();
  const report = await runBatch(makePlan([poller(`${server.url}/job`, { pollIntervalMs: 60_000 }), { url: `${server.url}/bad` }], { bail: true }));
  assert.ok(performance.now() - t0 < 10_000, 'not the 60 s interval');
  assert.equal(report.results[1].outcome, 'failed');
  assert.equal(report.results[0].outcome, 'cancelled');
  assert.equal(report.results[0].error?.code, 'BAILED');
  assert.match(report.results[0].error!.message, /while waiting to poll again/);
});

test('each new poll takes a @rate token: polls are spaced by the rate, not only by the interval', async (t) => {
  const times: number[] = [];
  let n = 0;
  const server = await startServer((_req, res) => {
    times.push(performance.now());
    sendJson(res, 200, { state: ++n >= 4 ? 'done' : 'running' });
  });
  t.after(() => server.close());
  const report = await runBatch(makePlan([poller(server.url, { pollIntervalMs: 10 })], { rate: 5 }));
  assert.equal(report.results[0].polls, 4);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 150, `gap ${i}: ${Math.round(times[i] - times[i - 1])} ms, the 200 ms of @rate 5/s`);
});
