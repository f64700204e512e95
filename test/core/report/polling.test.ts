// Polls and NOT_NEEDED in every report: the JSON report's `polls` and `summary.notNeeded`,
// the pretty report's lines, JUnit's <skipped>, the run report's model (poll marks, live
// polling events), and the summary's retries (polls are not retries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize, toJsonReport, toJunit, toPretty } from '../../../src/core/report';
import { buildReportModel } from '../../../src/core/report/timeline';
import { LiveRunRecorder } from '../../../src/core/report/live';
import type { AttemptInfo, RequestResult } from '../../../src/core/types';
import { makeReport, makeResult } from '../../support/results';

const attempt = (n: number, startMs: number, endMs: number, over: Partial<AttemptInfo> = {}): AttemptInfo => ({ attempt: n, startMs, ttfbMs: 2, endMs, status: 200, errorCode: null, retryDelayMs: null, ...over });

/** A request that polled 3 times with a 503 retried in between, two hedged copies (one not needed). */
function results(): RequestResult[] {
  const notNeeded = { code: 'NOT_NEEDED' as const, message: "not needed: 1 of the 2 copies of 'h' had already succeeded (@first 1); this copy was stopped, which is not a failure" };
  return [
    makeResult({
      index: 0,
      name: 'status',
      attempts: 4,
      polls: 3,
      retries: 1,
      durationMs: 330,
      endedAtMs: 330,
      attemptLog: [
        attempt(1, 0, 10, { poll: true, pollDelayMs: 100 }),
        attempt(2, 110, 120, { status: 503, retryDelayMs: 100 }),
        attempt(3, 220, 230, { poll: true, pollDelayMs: 90 }),
        attempt(4, 320, 330, { poll: true }),
      ],
    }),
    makeResult({ index: 1, name: 'h', line: 9 }),
    makeResult({ index: 2, name: 'h', line: 9, outcome: 'cancelled', status: null, error: notNeeded, body: null, responseHeaders: null, attemptLog: [attempt(1, 0, 10, { status: null, errorCode: 'NOT_NEEDED' })] }),
  ];
}

test('summary: NOT_NEEDED counted apart from cancelled; retries count only retries, not polls', () => {
  const s = summarize(results(), 1000);
  assert.equal(s.notNeeded, 1);
  assert.equal(s.cancelled, 0);
  assert.equal(s.succeeded, 2);
  assert.equal(s.retries, 1, '4 attempts of which 3 polls: one retry');
  assert.equal(s.errorCounts.NOT_NEEDED, 1);
});

test('JSON report: polls after assertions in every result, summary.notNeeded', () => {
  const json = JSON.parse(toJsonReport(makeReport(results()))) as { summary: Record<string, unknown>; results: Record<string, unknown>[] };
  assert.equal(json.summary.notNeeded, 1);
  assert.deepEqual(json.results.map((r) => r.polls), [3, 0, 0]);
  const keys = Object.keys(json.results[0]!);
  assert.equal(keys[keys.indexOf('assertions') + 1], 'polls');
});

test('pretty: a polls line, tries with polls, NOT_NEEDED apart and not a problem, RESULT all succeeded', () => {
  const text = toPretty(makeReport(results()));
  assert.match(text, /^requests\s+3: 2 succeeded, 0 failed, 0 cancelled, 0 skipped, 1 not needed$/m);
  assert.match(text, /^polls\s+3 \(1 request with @until\)$/m);
  assert.match(text, /4 \(3 polls\)/);
  assert.doesNotMatch(text, /Problems:/);
  assert.match(text, /^RESULT: all requests succeeded \(1 not needed: @first had its successes\)$/m);
});

test('JUnit: NOT_NEEDED copies are <skipped>; a failed poller says how many polls it made', () => {
  const list = results();
  list[0] = { ...list[0]!, outcome: 'failed', error: { code: 'POLL_TIMEOUT', message: 'still did not hold after 3 polls' } };
  const xml = toJunit(makeReport(list));
  assert.match(xml, /<skipped message="NOT_NEEDED: not needed: 1 of the 2 copies/);
  assert.match(xml, /<failure message="POLL_TIMEOUT: still did not hold after 3 polls" type="POLL_TIMEOUT">GET http:\/\/127\.0\.0\.1:1\/x -&gt; 200 \(line 1, 4 attempts, 3 polls\)/);
  assert.match(xml, /tests="3" failures="1" errors="0" skipped="1"/);
});

test('run report model: poll marks on the attempts, the row counts its polls, NOT_NEEDED keeps its code', () => {
  const model = buildReportModel(makeReport(results()));
  const row = model.rows[0]!;
  assert.equal(row.polls, 3);
  assert.deepEqual(row.attempts.map((a) => [a.poll ?? false, a.pollDelayMs ?? null, a.retryDelayMs]), [[true, 100, null], [false, null, 100], [true, 90, null], [true, null, null]]);
  assert.equal(model.rows[1]!.polls, undefined);
  assert.equal(model.rows[2]!.errorCode, 'NOT_NEEDED');
  assert.equal(model.summary.notNeeded, 1);
});

test('live report: a polling event ends the poll attempt and marks its wait', () => {
  const rec = new LiveRunRecorder({ file: 'f.batch.http', startedAt: '2026-01-01T00:00:00.000Z', settings: makeReport([]).settings, summarize });
  const request = { index: 0, name: 'status', title: null, line: 1, column: 1, blockIndex: 0, copyIndex: null, method: 'GET', url: 'http://h/s', headers: [], body: null, dependsOn: [], hasResponseRefs: false, unresolved: [], timeoutMs: 1000, connectionTimeoutMs: null, retries: 0, followRedirects: true, expectStatus: null, idempotent: false };
  rec.record({ type: 'queued', index: 0, request, atMs: 0 });
  rec.record({ type: 'started', index: 0, attempt: 1, url: 'http://h/s', atMs: 1 });
  rec.record({ type: 'polling', index: 0, poll: 1, delayMs: 200, reason: '@poll-interval 200ms', value: '"running"', atMs: 11 });
  rec.record({ type: 'started', index: 0, attempt: 2, url: 'http://h/s', atMs: 211 });
  const snap = rec.snapshot(215);
  const model = buildReportModel(snap.report, { pending: snap.pending, nowMs: snap.nowMs });
  const atts = model.rows[0]!.attempts;
  assert.equal(atts.length, 2);
  assert.deepEqual([atts[0]!.poll, atts[0]!.pollDelayMs, atts[0]!.endMs], [true, 200, 11]);
});
