import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildReportModel,
  countBy,
  inFlightSeries,
  latencyHistogram,
  niceStep,
  shareAtLeast,
  startsPerBucket,
  type TimelineAttempt,
} from '../../../src/core/report/timeline';
import type { RequestResult } from '../../../src/core/types';
import { syntheticReport } from '../../support/synthetic-report';

const attempt = (startMs: number, endMs: number): TimelineAttempt => ({ startMs, endMs, firstByteAtMs: null, retryDelayMs: null, status: 200, errorCode: null });

test('niceStep rounds up to 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(0.7), 1);
  assert.equal(niceStep(1), 1);
  assert.equal(niceStep(1.2), 2);
  assert.equal(niceStep(3), 5);
  assert.equal(niceStep(7), 10);
  assert.equal(niceStep(230), 500);
  assert.equal(niceStep(0.013), 0.02);
  assert.equal(niceStep(0), 1);
  assert.equal(niceStep(Number.NaN), 1);
});

test('in-flight series counts overlapping attempts and hands slots over without a spike', () => {
  const s = inFlightSeries([attempt(0, 10), attempt(5, 20), attempt(10, 15), attempt(20, 30)]);
  assert.deepEqual(s.times, [0, 5, 10, 15, 20, 30]);
  assert.deepEqual(s.values, [1, 2, 2, 1, 1, 0]);
  assert.equal(s.max, 2);
  // Zero-length attempts hold no slot.
  assert.equal(inFlightSeries([attempt(3, 3)]).max, 0);
});

test('share at the cap integrates the step function over the span', () => {
  const s = inFlightSeries([attempt(0, 10), attempt(5, 20), attempt(10, 15), attempt(20, 30)]);
  assert.equal(shareAtLeast(s, 2, 40), 10 / 40);
  assert.equal(shareAtLeast(s, 1, 40), 30 / 40);
  assert.equal(shareAtLeast(s, 3, 40), 0);
});

test('starts are bucketed by nice widths and every attempt is counted once', () => {
  const attempts = [attempt(0, 1), attempt(999, 1000), attempt(1000, 1200), attempt(5999, 6000)];
  const b = startsPerBucket(attempts, 6000, 6);
  assert.equal(b.widthMs, 1000);
  assert.deepEqual(b.counts, [2, 1, 0, 0, 0, 1]);
  const fine = startsPerBucket(attempts, 6000, 60);
  assert.equal(fine.widthMs, 100);
  assert.equal(fine.counts.reduce((a, c) => a + c, 0), 4);
});

test('latency histogram covers only requests that got a response', () => {
  const r = syntheticReport({ count: 500, seed: 7 });
  const h = latencyHistogram(r.results, 40);
  const responded = r.results.filter((x) => x.status !== null && x.durationMs !== null);
  assert.equal(h.counts.reduce((a, c) => a + c, 0), responded.length);
  const max = Math.max(...responded.map((x) => x.durationMs as number));
  assert.ok(h.counts.length * h.widthMs > max, 'the last bin holds the maximum');
  assert.ok(h.counts.length <= 41);
  assert.deepEqual(latencyHistogram([], 10), { widthMs: 1, counts: [] });
});

test('counts are sorted by frequency then label and skip null keys', () => {
  const rs = [{ s: '200' }, { s: '404' }, { s: '200' }, { s: null }, { s: '500' }] as const;
  const got = countBy(rs.map((x) => ({ status: x.s }) as unknown as RequestResult), (r) => r.status as unknown as string | null);
  assert.deepEqual(got, [
    { label: '200', count: 2 },
    { label: '404', count: 1 },
    { label: '500', count: 1 },
  ]);
});

test('the model has one row per request with attempts, retries and redaction', () => {
  const secret = 'tok-9f8e7d6c5b';
  const report = syntheticReport({ count: 200, seed: 3, secret, cancelAtMs: 900 });
  const model = buildReportModel(report, { secrets: [secret] });
  assert.equal(model.rows.length, 200);
  assert.deepEqual(model.rows.map((r) => r.index), report.results.map((r) => r.index));
  assert.ok(!JSON.stringify(model).includes(secret), 'the secret is redacted everywhere');
  assert.ok(model.rows.some((r) => r.url.includes('token=***')));
  const retried = model.rows.find((r) => r.attempts.length > 1 && r.state === 'succeeded');
  assert.ok(retried, 'the synthetic run has a retried success');
  const first = retried.attempts[0];
  assert.ok(first.retryDelayMs !== null && first.retryDelayMs > 0);
  const source = report.results[retried.index].attemptLog[0];
  assert.equal(first.firstByteAtMs, source.ttfbMs === null ? null : source.startMs + source.ttfbMs);
  const skipped = model.rows.filter((r) => r.state === 'skipped');
  assert.ok(skipped.length > 0 && skipped.every((r) => r.attempts.length === 0 && r.startedAtMs === null));
  assert.ok(model.rows.some((r) => r.state === 'cancelled'));
  // Attempts never overlap the cap of the simulated run.
  assert.ok(model.inFlight.max <= report.settings.concurrency);
  assert.ok(model.inFlight.max > 1);
  assert.ok(model.atCapRatio > 0 && model.atCapRatio <= 1);
  const starts = model.starts.counts.reduce((a, c) => a + c, 0);
  assert.equal(starts, report.results.reduce((a, r) => a + r.attemptLog.length, 0));
  assert.ok(model.spanMs >= report.durationMs);
  const statusTotal = model.statusCounts.reduce((a, c) => a + c.count, 0);
  assert.equal(statusTotal, 200);
  assert.equal(model.errorCounts.find((c) => c.label === 'DEPENDENCY_FAILED')?.count, report.summary.errorCounts.DEPENDENCY_FAILED);
  assert.equal(model.title, 'load.batch.http');
});

test('a live snapshot adds queued and running rows up to the snapshot time', () => {
  const report = syntheticReport({ count: 3, seed: 1 });
  const model = buildReportModel(report, {
    nowMs: 5000,
    pending: [
      { index: 3, name: null, title: null, line: 20, method: 'GET', url: 'http://127.0.0.1/a', queuedAtMs: 0, startedAtMs: 4000, attemptLog: [], currentAttemptStartMs: 4000 },
      { index: 4, name: 'b', title: null, line: 24, method: 'GET', url: 'http://127.0.0.1/b', queuedAtMs: 0, startedAtMs: null, attemptLog: [], currentAttemptStartMs: null },
    ],
  });
  assert.equal(model.live, true);
  assert.deepEqual(model.rows.map((r) => r.state).slice(3), ['running', 'queued']);
  assert.deepEqual(model.rows[3].attempts.map((a) => [a.startMs, a.endMs]), [[4000, 5000]]);
  assert.equal(model.rows[4].label, 'b');
  assert.equal(model.spanMs, 5000);
  assert.ok(model.inFlight.values[model.inFlight.values.length - 1] === 0);
  assert.equal(buildReportModel(report).live, false);
});

test('a pending request waiting out a backoff does not stretch the time axis into the future', () => {
  const report = syntheticReport({ count: 2, seed: 1 });
  const waiting = {
    index: 2, name: null, title: null, line: 9, method: 'GET', url: 'http://127.0.0.1/w', queuedAtMs: 0, startedAtMs: 6000, currentAttemptStartMs: null,
    attemptLog: [{ attempt: 1, startMs: 6000, ttfbMs: 5, endMs: 6100, status: 503, errorCode: 'UNEXPECTED_STATUS' as const, retryDelayMs: 4000 }],
  };
  const model = buildReportModel(report, { pending: [waiting] });
  assert.equal(model.spanMs, 6100);
  const row = model.rows[2];
  assert.equal(row.state, 'running');
  assert.equal(row.endedAtMs, 6100);
  assert.deepEqual(row.attempts.map((a) => [a.startMs, a.firstByteAtMs, a.endMs, a.retryDelayMs]), [[6000, 6005, 6100, 4000]]);
  assert.equal(model.inFlight.values[model.inFlight.values.length - 1], 0, 'no slot is held during the backoff');
});
