import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveRunRecorder } from '../../../src/core/report/live';
import { buildReportModel } from '../../../src/core/report/timeline';
import type { PlannedRequest, RequestResult, RunEvent, RunReport } from '../../../src/core/types';
import { summarize, syntheticReport } from '../../support/synthetic-report';

function planned(r: RequestResult): PlannedRequest {
  return {
    index: r.index, name: r.name, title: r.title, line: r.line, column: 1, blockIndex: 0, copyIndex: null,
    method: r.method, url: r.url, headers: [], body: null, dependsOn: [], hasResponseRefs: false, unresolved: [],
    timeoutMs: 1000, connectionTimeoutMs: null, retries: 2, followRedirects: true, expectStatus: null, idempotent: false,
  };
}

/** The event stream a runner would have sent for this report, in time order. */
function eventsOf(report: RunReport): RunEvent[] {
  const events: RunEvent[] = [];
  for (const r of report.results) {
    events.push({ type: 'queued', index: r.index, request: planned(r), atMs: r.queuedAtMs });
    for (const a of r.attemptLog) {
      events.push({ type: 'started', index: r.index, attempt: a.attempt, url: r.url, atMs: a.startMs });
      if (a.retryDelayMs !== null) events.push({ type: 'retrying', index: r.index, attempt: a.attempt, delayMs: a.retryDelayMs, reason: 'status 503', atMs: a.endMs });
    }
    events.push({ type: 'finished', index: r.index, result: r, atMs: r.endedAtMs });
  }
  const order: Record<RunEvent['type'], number> = { queued: 0, finished: 1, retrying: 2, polling: 2, started: 3, concurrency: 4 };
  return events.sort((x, y) => x.atMs - y.atMs || order[x.type] - order[y.type]);
}

test('the recorder turns run events into live snapshots and ends on the full report', () => {
  const report = syntheticReport({ count: 300, seed: 21, concurrency: 12 });
  const recorder = new LiveRunRecorder({ file: report.file, startedAt: report.startedAt, settings: report.settings, summarize });
  const events = eventsOf(report);
  const half = Math.floor(events.length / 2);
  events.slice(0, half).forEach((e) => recorder.record(e));

  const mid = recorder.snapshot();
  assert.equal(recorder.running, true);
  assert.equal(mid.report.summary.total, 300);
  assert.equal(mid.report.results.length + mid.pending.length, 300);
  const running = mid.pending.filter((p) => p.currentAttemptStartMs !== null);
  assert.ok(running.length > 0 && running.length <= report.settings.concurrency);
  const model = buildReportModel(mid.report, { pending: mid.pending, nowMs: mid.nowMs });
  assert.equal(model.live, true);
  assert.equal(model.rows.length, 300);
  // Running rows: started and not finished, in flight or waiting out a backoff.
  assert.equal(model.rows.filter((r) => r.state === 'running').length, mid.pending.filter((p) => p.startedAtMs !== null).length);
  assert.equal(model.rows.filter((r) => r.state === 'queued').length, mid.pending.filter((p) => p.startedAtMs === null).length);
  assert.ok(model.inFlight.max <= report.settings.concurrency);
  // A request between attempts shows its finished attempt and holds no slot.
  const waiting = mid.pending.find((p) => p.attemptLog.length > 0 && p.currentAttemptStartMs === null);
  assert.ok(waiting, 'this seed has a request waiting out a backoff at half time');
  assert.ok(waiting.attemptLog.every((a) => a.retryDelayMs !== null));

  events.slice(half).forEach((e) => recorder.record(e));
  const end = recorder.snapshot();
  assert.equal(recorder.running, false);
  assert.equal(end.pending.length, 0);
  assert.deepEqual(end.report.results.map((r) => r.index), report.results.map((r) => r.index));
  assert.deepEqual(end.report.summary, report.summary);
  assert.equal(buildReportModel(end.report).live, false);
});

test('snapshots are copies: later events do not change an earlier snapshot', () => {
  const report = syntheticReport({ count: 20, seed: 2 });
  const recorder = new LiveRunRecorder({ file: report.file, startedAt: report.startedAt, settings: report.settings, summarize });
  const retried = report.results.find((r) => r.attemptLog.length > 1);
  assert.ok(retried);
  const req = planned(retried);
  recorder.record({ type: 'queued', index: retried.index, request: req, atMs: 0 });
  recorder.record({ type: 'started', index: retried.index, attempt: 1, url: req.url, atMs: 5 });
  const before = recorder.snapshot(8);
  assert.deepEqual(before.pending.map((p) => [p.startedAtMs, p.currentAttemptStartMs, p.attemptLog.length]), [[5, 5, 0]]);
  assert.equal(before.nowMs, 8);
  recorder.record({ type: 'retrying', index: retried.index, attempt: 1, delayMs: 100, reason: 'status 503', atMs: 9 });
  assert.equal(before.pending[0].attemptLog.length, 0);
  assert.equal(before.pending[0].currentAttemptStartMs, 5);
  const after = recorder.snapshot();
  assert.deepEqual(after.pending[0].attemptLog.map((a) => [a.startMs, a.endMs, a.retryDelayMs]), [[5, 9, 100]]);
  assert.equal(after.pending[0].currentAttemptStartMs, null);
});

test('sparse indices (a rerun of a few requests), out-of-order ends, a request queued twice, a result with no queued event', () => {
  const report = syntheticReport({ count: 300, seed: 5 });
  const recorder = new LiveRunRecorder({ file: report.file, startedAt: report.startedAt, settings: report.settings, summarize });
  const [a, b, c, d] = [250, 3, 117, 42].map((i) => report.results[i]!);
  for (const r of [a, b, c]) recorder.record({ type: 'queued', index: r.index, request: planned(r), atMs: 1 });
  recorder.record({ type: 'queued', index: b.index, request: planned(b), atMs: 2 });
  let s = recorder.snapshot();
  assert.deepEqual(s.pending.map((p) => p.index), [3, 117, 250], 'pending in index order, the twice-queued one once');
  assert.equal(s.report.summary.total, 3);
  recorder.record({ type: 'finished', index: a.index, result: a, atMs: 5 });
  recorder.record({ type: 'finished', index: d.index, result: d, atMs: 6 });
  s = recorder.snapshot();
  assert.deepEqual(s.report.results.map((r) => r.index), [42, 250]);
  assert.deepEqual(s.pending.map((p) => p.index), [3, 117]);
  assert.equal(s.report.summary.total, 4);
  assert.equal(recorder.running, true);
  recorder.record({ type: 'finished', index: c.index, result: c, atMs: 7 });
  recorder.record({ type: 'finished', index: b.index, result: b, atMs: 8 });
  recorder.record({ type: 'finished', index: b.index, result: b, atMs: 9 });
  s = recorder.snapshot();
  assert.equal(recorder.running, false);
  assert.deepEqual(s.report.results.map((r) => r.index), [3, 42, 117, 250], 'a result sent twice counts once');
  assert.deepEqual(s.pending, []);
});
