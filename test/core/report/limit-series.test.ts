// The run report's adaptive limit series (drawn over the in-flight chart) and the live
// recorder's summary.concurrency from `concurrency` events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveRunRecorder } from '../../../src/core/report/live';
import { summarize } from '../../../src/core/report/summary';
import { limitSeries } from '../../../src/core/report/timeline';
import type { BatchSettings } from '../../../src/core/types';

test('limitSeries sums the origins limits over time, never above MAX; null without adaptive concurrency', () => {
  assert.equal(limitSeries(null, 8), null);
  assert.equal(limitSeries(undefined, 8), null);
  const s = limitSeries(
    {
      a: { final: 6, min: 4, max: 8, changes: [[0, 4], [10, 8], [30, 6]] },
      b: { final: 2, min: 2, max: 4, changes: [[5, 4], [10, 2]] },
    },
    10,
  )!;
  assert.deepEqual(s.times, [0, 5, 10, 30]);
  assert.deepEqual(s.values, [4, 8, 10, 8]);
  assert.equal(s.max, 10);
});

test('the live recorder turns concurrency events into summary.concurrency', () => {
  const settings: BatchSettings = { concurrency: 64, adaptive: true, perHost: 64, timeoutMs: 1000, deadlineMs: null, retries: 0, rate: null, bail: false };
  const rec = new LiveRunRecorder({ file: 'f', startedAt: 'now', settings, summarize });
  rec.record({ type: 'concurrency', origin: 'http://a', limit: 4, reason: 'start', pausedMs: 0, atMs: 1 });
  rec.record({ type: 'concurrency', origin: 'http://a', limit: 9, reason: 'growth', pausedMs: 0, atMs: 20 });
  rec.record({ type: 'concurrency', origin: 'http://a', limit: 6, reason: 'loss', pausedMs: 0, atMs: 30 });
  rec.record({ type: 'concurrency', origin: null, limit: 3, reason: 'manual', pausedMs: 0, atMs: 40 });
  const c = rec.snapshot().report.summary.concurrency!;
  assert.deepEqual(c, { 'http://a': { final: 6, min: 4, max: 9, changes: [[1, 4], [20, 9], [30, 6]] } });
});
