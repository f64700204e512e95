// The run's connection pool against a real local server: it opens no more connections per
// origin than the run's cap (the editor's entry included), and grows when Set Concurrency
// raises the cap while the batch runs; the replaced connections close with the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch, startBatch } from '../../../src/core/runner';
import { core } from '../../../src/extension/coreBinding';
import type { RunReport } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { leftoverResources, sendJson, settleResources, withServer, type Handler } from '../../support/server';

/** Answers after `ms`: requests overlap, so the run keeps its cap in flight. */
const after =
  (ms: number): Handler =>
  (_req, res) =>
    setTimeout(() => sendJson(res, 200, { ok: true }), ms);

function assertAllSucceeded(report: RunReport, count: number): void {
  assert.equal(report.results.length, count);
  assert.equal(report.summary.succeeded, count, 'every request succeeded');
}

for (const [entry, start] of [
  ['runBatch (the CLI)', (plan: Parameters<typeof runBatch>[0]) => runBatch(plan)],
  ['the editor binding (core.startBatch)', (plan: Parameters<typeof runBatch>[0]) => core.startBatch(plan, {}).report],
] as const) {
  test(`${entry}: no more connections to an origin than the run's cap`, async (t) => {
    const server = await withServer(t, after(2));
    const count = 400;
    const report = await start(makePlan(Array.from({ length: count }, (_, i) => ({ url: `${server.url}/r/${i}` })), { concurrency: 8 }));
    assertAllSucceeded(report, count);
    assert.ok(server.maxInFlight <= 8, `server saw ${server.maxInFlight} in flight`);
    assert.ok(server.connections <= 8, `${server.connections} connections for a cap of 8`);
  });
}

test('setConcurrency raises the cap while the batch runs: the pool grows to the new cap, and closes the old connections at the end', async (t) => {
  const server = await withServer(t, after(20));
  const before = (await settleResources(0)).length;
  const count = 120;
  let finished = 0;
  const handle = startBatch(makePlan(Array.from({ length: count }, (_, i) => ({ url: `${server.url}/r/${i}` })), { concurrency: 2 }), {
    onEvent: (e) => {
      if (e.type === 'finished' && ++finished === 4) handle.setConcurrency(8);
    },
  });
  const report = await handle.report;
  assertAllSucceeded(report, count);
  assert.ok(server.maxInFlight > 2, `the server saw ${server.maxInFlight} in flight at most: the raised cap never reached it`);
  assert.ok(server.maxInFlight <= 8, `server saw ${server.maxInFlight} in flight`);
  assert.ok(server.connections <= 2 + 8, `${server.connections} connections: the 2 of the old cap and at most 8 new`);
  const left = await settleResources(before);
  assert.equal(left.length, before, `no socket or timer of the run left open; left: ${leftoverResources().join(', ')}`);
});

test('a lowered cap keeps the pool: no new connections', async (t) => {
  const server = await withServer(t, after(10));
  const count = 80;
  let finished = 0;
  const handle = startBatch(makePlan(Array.from({ length: count }, (_, i) => ({ url: `${server.url}/r/${i}` })), { concurrency: 6 }), {
    onEvent: (e) => {
      if (e.type === 'finished' && ++finished === 6) handle.setConcurrency(3);
    },
  });
  assertAllSucceeded(await handle.report, count);
  assert.ok(server.connections <= 6, `${server.connections} connections for caps of 6, then 3`);
});
