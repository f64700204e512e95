// A listener may cancel the run from inside the event stream: the attempt just announced as
// started must be aborted, not left to run to completion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { makePlan } from '../../support/plan';
import { withServer } from '../../support/server';

test('abort() called synchronously in a started listener cancels that request and the rest', async (t) => {
  const server = await withServer(t, (_req, res) => {
    const t = setTimeout(() => res.end('late'), 20_000);
    res.on('close', () => clearTimeout(t));
  });
  const controller = new AbortController();
  const plan = makePlan(
    Array.from({ length: 5 }, (_, i) => ({ url: `${server.url}/slow/${i}` })),
    { concurrency: 2, timeoutMs: 30_000 },
  );
  const started: number[] = [];
  const report = await runBatch(plan, {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type !== 'started') return;
      started.push(e.index);
      controller.abort();
    },
  });
  assert.equal(report.results.length, 5);
  assert.deepEqual(
    report.results.map((r) => [r.outcome, r.error?.code]),
    Array.from({ length: 5 }, () => ['cancelled', 'CANCELLED']),
  );
  assert.deepEqual(started, [0], 'nothing starts after the cancel');
  assert.ok(report.durationMs < 10_000, `the run ended without waiting for the slow response (${report.durationMs} ms)`);
});
