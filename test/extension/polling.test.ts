// The editor's view of @until and @first: a polling request's state and description
// ("polling (7)" with its last value), NOT_NEEDED copies apart from cancellations and
// collapsed into one node per group ("92 not needed"), not rerun as failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import { requestDetails } from '../../src/extension/model/details';
import { requestDescription, summaryText } from '../../src/extension/model/format';
import { collapseNotNeeded, notNeededText, pollingText, type NotNeededGroup } from '../../src/extension/model/polling';
import { RunRecord, type RequestEntry } from '../../src/extension/model/runModel';
import type { RunSummary } from '../../src/core/types';
import { planned, result } from './fixtures';

const NOT_NEEDED = { code: 'NOT_NEEDED' as const, message: 'not needed: 8 of the 100 copies had already succeeded (@first 8)' };

function record(n: number, line = (i: number): number => i + 1): RunRecord {
  return new RunRecord({ id: 'r', file: '/w/jobs.batch.http', startedAt: new Date(0), secrets: ['tok-secret'], requests: Array.from({ length: n }, (_, i) => planned(i, { line: line(i) })) });
}

const describe = (e: RequestEntry, redactor = new Redactor([])): string =>
  requestDescription({ state: e.state, status: e.result?.status ?? null, durationMs: e.result?.durationMs ?? null, bodyBytes: e.result?.bodyBytes ?? 0, errorCode: e.result?.error?.code ?? null, attempt: e.attempt, polls: e.polls, pollValue: e.pollValue === null ? null : redactor.text(e.pollValue) });

test('a polling request shows "polling (N)" with its last value, through its next poll, then its polls when done', () => {
  const run = record(1);
  run.apply({ type: 'started', index: 0, attempt: 1, url: 'http://h/s', atMs: 0 });
  assert.equal(run.entry(0)!.state, 'running');
  for (let poll = 1; poll <= 7; poll++) {
    run.apply({ type: 'polling', index: 0, poll, delayMs: 100, reason: '@poll-interval 100ms', value: '"running"', atMs: poll * 100 });
    run.apply({ type: 'started', index: 0, attempt: poll + 1, url: 'http://h/s', atMs: poll * 100 + 100 });
  }
  const entry = run.entry(0)!;
  assert.equal(entry.state, 'polling', 'sending the next poll is still polling');
  assert.equal(describe(entry), 'polling (7) · last "running"');
  assert.ok(requestDetails(entry, run.redactor).some((d) => d.label === 'Polls' && d.description === '7 · last "running"'));
  run.apply({ type: 'finished', index: 0, result: result(0, 'succeeded', { status: 200, durationMs: 812, bodyBytes: 30, polls: 8, attempts: 8 }), atMs: 900 });
  assert.equal(describe(run.entry(0)!), '200 · 812 ms · 30 B · 8 polls');
});

test('the last value is redacted and cut in the description', () => {
  const redactor = new Redactor(['tok-secret']);
  assert.equal(pollingText(3, '"tok-secret"', redactor), 'polling (3) · last "***"');
  assert.equal(pollingText(2, 'x'.repeat(60)), `polling (2) · last ${'x'.repeat(39)}…`);
  assert.equal(pollingText(1, null), 'polling (1)');
});

test('NOT_NEEDED copies: their own state, not counted as cancelled, not rerun as failed', () => {
  const run = record(4, () => 5);
  run.apply({ type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 1 });
  run.apply({ type: 'finished', index: 1, result: result(1, 'cancelled', { error: NOT_NEEDED }), atMs: 2 });
  run.apply({ type: 'finished', index: 2, result: result(2, 'cancelled', { error: { code: 'CANCELLED', message: 'cancelled' } }), atMs: 3 });
  run.apply({ type: 'finished', index: 3, result: result(3, 'failed'), atMs: 4 });
  assert.equal(run.entry(1)!.state, 'notNeeded');
  assert.equal(describe(run.entry(1)!), 'not needed');
  assert.equal(run.counts.cancelled, 1);
  assert.equal(run.notNeeded, 1);
  assert.equal(run.counts.done, 4);
  assert.deepEqual(run.unsuccessfulIndices(), [2, 3]);
});

test('the NOT_NEEDED copies of a group collapse into one stable node: "92 not needed"', () => {
  // 100 copies on line 5 (8 succeeded, 92 not needed), then another request on line 9.
  const run = record(101, (i) => (i < 100 ? 5 : 9));
  for (let i = 0; i < 100; i++) {
    const r = i < 8 ? result(i, 'succeeded') : result(i, 'cancelled', { error: NOT_NEEDED });
    run.apply({ type: 'finished', index: i, result: r, atMs: i });
  }
  const children = collapseNotNeeded(run.entriesInOrder(), run.notNeededGroups);
  assert.equal(children.length, 8 + 1 + 1, '8 successes, one group, the last request');
  const group = children[8] as NotNeededGroup;
  assert.equal(group.kind, 'notNeeded');
  assert.equal(group.entries.length, 92);
  assert.equal(notNeededText(group.entries.length), '92 not needed');
  assert.deepEqual(group.entries.slice(0, 2).map((e) => e.index), [8, 9]);
  const again = collapseNotNeeded(run.entriesInOrder(), run.notNeededGroups);
  assert.equal(again[8], group, 'the same node object on the next refresh');
  assert.equal(group.entries.length, 92);
});

test('the run summary names the not needed copies', () => {
  const s: RunSummary = { total: 100, succeeded: 8, failed: 0, cancelled: 0, skipped: 0, notNeeded: 92, retries: 0, requestsPerSecond: 0, latencyMs: null, statusCounts: {}, errorCounts: {} };
  assert.equal(summaryText(s, 1500), '8 succeeded, 0 failed, 92 not needed, 1.5 s');
});
