// Conformance (format spec, section 5): exactly the retryable set, POST/PATCH rules,
// Retry-After parsing and its 60 s cap, a token per attempt, and a retry meeting an open circuit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { parseRetryAfter } from '../../../src/core/runner/retry-policy';
import type { RunEvent } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { refusedPort } from '../../support/ports';
import { query, sendJson, startServer, withServer } from '../../support/server';

test('exactly 408, 429, 500, 502, 503 and 504 are retried; other statuses never are', async (t) => {
  // Every request answers its status twice (Retry-After: 0 keeps the run short), then 200.
  const seen = new Map<string, number>();
  const server = await withServer(t, (req, res) => {
    const n = (seen.get(req.url!) ?? 0) + 1;
    seen.set(req.url!, n);
    const status = Number(query(req, 's'));
    if (n <= 2) return sendJson(res, status, {}, { 'retry-after': '0' });
    sendJson(res, 200, {});
  });
  const retryable = [408, 429, 500, 502, 503, 504];
  const others = [400, 401, 403, 404, 405, 409, 410, 413, 422, 425, 451, 501, 505, 507, 511, 599];
  const statuses = [...retryable, ...others];
  const plan = makePlan(statuses.map((s) => ({ url: `${server.url}/x?s=${s}`, retries: 3 })));
  const report = await runBatch(plan, { random: () => 0 });
  for (const [i, s] of statuses.entries()) {
    const r = report.results[i];
    if (retryable.includes(s)) {
      assert.equal(r.attempts, 3, `${s} is retried until it succeeds`);
      assert.equal(r.outcome, 'succeeded');
    } else {
      assert.equal(r.attempts, 1, `${s} is never retried`);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.error?.code, 'UNEXPECTED_STATUS');
      assert.equal(r.status, s);
    }
  }
});

test('a retryable status that @expect-status accepts is a success, not a retry', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 503, {}));
  const report = await runBatch(makePlan([{ url: `${server.url}/a`, retries: 2, expectStatus: '503' }]), { random: () => 0 });
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.equal(report.results[0].attempts, 1);
  assert.equal(server.seen.length, 1);
});

test('POST/PATCH: connection errors are not retried either without @idempotent or Idempotency-Key (any case)', async () => {
  // One dead origin per request, so the circuit breaker (5 failures per origin) stays out of it.
  const dead = async (): Promise<string> => `http://127.0.0.1:${await refusedPort()}`;
  const plan = makePlan([
    { url: `${await dead()}/a`, method: 'POST', body: 'x', retries: 2 },
    { url: `${await dead()}/b`, method: 'PATCH', body: 'x', retries: 2 },
    { url: `${await dead()}/c`, method: 'POST', body: 'x', retries: 2, headers: [['idempotency-KEY', 'k1']] },
    { url: `${await dead()}/d`, method: 'DELETE', retries: 2 },
  ]);
  const report = await runBatch(plan, { random: () => 0 });
  assert.deepEqual(
    report.results.map((r) => [r.error?.code, r.attempts]),
    [
      ['CONNECTION_REFUSED', 1],
      ['CONNECTION_REFUSED', 1],
      ['CONNECTION_REFUSED', 3],
      ['CONNECTION_REFUSED', 3],
    ],
  );
});

test('a timeout is retried (each attempt gets the full per-attempt timeout)', async (t) => {
  let calls = 0;
  const server = await withServer(t, (_req, res) => {
    if (++calls === 1) return; // never answers: the first attempt times out
    sendJson(res, 200, { ok: true });
  });
  const report = await runBatch(makePlan([{ url: `${server.url}/slow`, retries: 1, timeoutMs: 300 }]), { random: () => 0 });
  const r = report.results[0];
  assert.equal(r.outcome, 'succeeded');
  assert.equal(r.attempts, 2);
  assert.deepEqual(r.attemptLog.map((a) => a.errorCode), ['TIMEOUT', null]);
});

test('Retry-After: delta seconds, HTTP dates (past, future), garbage, and the 60 s cap', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  assert.equal(parseRetryAfter('0', now), 0);
  assert.equal(parseRetryAfter(' 7 ', now), 7000);
  assert.equal(parseRetryAfter('59', now), 59_000);
  assert.equal(parseRetryAfter('61', now), 60_000, 'capped at 60 s');
  assert.equal(parseRetryAfter('86400', now), 60_000);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now), 60_000, 'a far date is capped too');
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now), 0, 'a past date means now');
  assert.equal(parseRetryAfter(undefined, now), null);
  assert.equal(parseRetryAfter('', now), null);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter('-5', now), null, 'a negative delta is not a valid value');
  assert.equal(parseRetryAfter('1.5', now), null, 'delta-seconds is an integer');
  assert.equal(parseRetryAfter('Sunday, 22-Nov-26 10:00:30 GMT', now), 30_000, 'the obsolete RFC 850 form');
});

test('a Retry-After of an hour waits 60 s at most (seen in the retrying event; the run is cancelled meanwhile)', async () => {
  const server = await startServer((_req, res) => sendJson(res, 503, {}, { 'retry-after': '3600' }));
  const controller = new AbortController();
  try {
    const events: RunEvent[] = [];
    const report = await runBatch(makePlan([{ url: `${server.url}/later`, retries: 1 }]), {
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'retrying') setTimeout(() => controller.abort(), 200);
      },
    });
    const retrying = events.find((e) => e.type === 'retrying');
    assert.ok(retrying?.type === 'retrying');
    assert.equal(retrying.delayMs, 60_000);
    const r = report.results[0];
    assert.equal(r.outcome, 'cancelled');
    assert.equal(r.error?.code, 'CANCELLED');
    assert.equal(r.attempts, 1);
    assert.equal(r.status, 503, 'the last attempt\'s status stays');
    // durationMs runs to the end of the last attempt, not to the cancel 200 ms into the backoff.
    assert.equal(r.durationMs, r.attemptLog[0].endMs - r.startedAtMs!);
    assert.ok(r.endedAtMs - r.attemptLog[0].endMs >= 150, 'the cancel came later');
    assert.equal(server.seen.length, 1);
  } finally {
    await server.close();
  }
});

test('every attempt takes a rate token: a retry is spaced like any start', async (t) => {
  let flaky = 0;
  const server = await withServer(t, (req, res) => {
    if (req.url === '/flaky' && ++flaky === 1) return sendJson(res, 503, {}, { 'retry-after': '0' });
    sendJson(res, 200, {});
  });
  const events: RunEvent[] = [];
  const plan = makePlan([{ url: `${server.url}/flaky`, retries: 1 }, { url: `${server.url}/b` }, { url: `${server.url}/c` }], { concurrency: 4, rate: 10 });
  const report = await runBatch(plan, { onEvent: (e) => events.push(e) });
  assert.equal(report.summary.succeeded, 3);
  const starts = events.filter((e) => e.type === 'started').map((e) => e.atMs).sort((a, b) => a - b);
  assert.equal(starts.length, 4, 'three first attempts and one retry');
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= 90, `starts ${starts.map((s) => s.toFixed(0)).join(', ')} (rate 10/s)`);
});

test('retries never exceed the caps: 20 flaky requests, concurrency 3, per-host 2', async (t) => {
  const counts = new Map<string, number>();
  const server = await withServer(t, (req, res) => {
    const n = (counts.get(req.url!) ?? 0) + 1;
    counts.set(req.url!, n);
    setTimeout(() => (n < 3 ? sendJson(res, 500, {}, { 'retry-after': '0' }) : sendJson(res, 200, {})), 5);
  });
  const plan = makePlan(
    Array.from({ length: 20 }, (_, i) => ({ url: `${server.url}/f/${i}`, retries: 2 })),
    { concurrency: 3, perHost: 2 },
  );
  const report = await runBatch(plan);
  assert.equal(report.summary.succeeded, 20);
  assert.equal(report.summary.retries, 40);
  assert.ok(server.maxInFlight <= 2, `at most 2 in flight to the origin, saw ${server.maxInFlight}`);
});
