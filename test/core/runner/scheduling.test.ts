import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { RunEvent } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { leftoverResources, query, settleResources, sendJson, startServer, withServer } from '../../support/server';

const delayed = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
  const ms = Number(query(req, 'delay') ?? 0);
  setTimeout(() => sendJson(res, 200, { url: req.url }), ms);
};

test('the global cap holds: never more than `concurrency` requests in flight', async (t) => {
  const server = await withServer(t, delayed);
  const plan = makePlan(Array.from({ length: 40 }, (_, i) => ({ url: `${server.url}/x/${i}?delay=15` })), { concurrency: 4 });
  const report = await runBatch(plan);
  assert.equal(report.summary.succeeded, 40);
  assert.equal(server.maxInFlight, 4, 'the server saw exactly 4 at once at its peak');
  assert.ok(server.connections <= 4, `at most 4 connections, saw ${server.connections}`);
});

test('the per-host cap holds per origin while other origins use the free global slots', async () => {
  const a = await startServer(delayed);
  const b = await startServer(delayed);
  try {
    // 20 requests to A first, then 10 to B: B must not wait behind A's per-host limit.
    const reqs = [
      ...Array.from({ length: 20 }, (_, i) => ({ url: `${a.url}/a/${i}?delay=20` })),
      ...Array.from({ length: 10 }, (_, i) => ({ url: `${b.url}/b/${i}?delay=20` })),
    ];
    const events: RunEvent[] = [];
    const report = await runBatch(makePlan(reqs, { concurrency: 6, perHost: 2 }), { onEvent: (e) => events.push(e) });
    assert.equal(report.summary.succeeded, 30);
    assert.equal(a.maxInFlight, 2);
    assert.equal(b.maxInFlight, 2);
    assert.ok(a.connections <= 2 && b.connections <= 2);
    // B's first request started before A's last requests: it did not wait for A to drain.
    const starts = events.filter((e) => e.type === 'started').map((e) => e.index);
    assert.ok(starts.indexOf(20) < starts.indexOf(19), 'a request to B started before the last request to A');
  } finally {
    await a.close();
    await b.close();
  }
});

test('requests start in file order when capacity allows', async (t) => {
  const server = await withServer(t, delayed);
  const events: RunEvent[] = [];
  await runBatch(makePlan(Array.from({ length: 12 }, (_, i) => ({ url: `${server.url}/o/${i}?delay=5` })), { concurrency: 3 }), {
    onEvent: (e) => events.push(e),
  });
  const starts = events.filter((e) => e.type === 'started').map((e) => e.index);
  assert.deepEqual(starts, [...Array(12).keys()]);
  assert.deepEqual(server.seen.map((s) => s.url), [...Array(12).keys()].map((i) => `/o/${i}?delay=5`));
});

test('@rate spaces starts evenly (every attempt takes a token)', async (t) => {
  const server = await withServer(t, delayed);
  const events: RunEvent[] = [];
  const report = await runBatch(makePlan(Array.from({ length: 5 }, (_, i) => ({ url: `${server.url}/r/${i}` })), { concurrency: 5, rate: 20 }), {
    onEvent: (e) => events.push(e),
  });
  assert.equal(report.summary.succeeded, 5);
  const at = events.filter((e) => e.type === 'started').map((e) => e.atMs);
  for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] >= 40, `start ${i} came ${at[i] - at[i - 1]} ms after the previous (rate 20/s = 50 ms)`);
});

test('a run leaves no timers or sockets behind', async () => {
  const before = (await settleResources(0)).length;
  const server = await startServer(delayed);
  const resourcesWithServer = leftoverResources().length;
  try {
    // A deadline timer, keep-alive sockets and a retry are all in play.
    const report = await runBatch(
      makePlan(Array.from({ length: 10 }, (_, i) => ({ url: `${server.url}/l/${i}?delay=5` })), { concurrency: 5, deadlineMs: 60_000 }),
    );
    assert.equal(report.summary.succeeded, 10);
    assert.ok(server.connections >= 1);
    // The server is still listening: only its own handle may remain.
    const left = await settleResources(resourcesWithServer);
    assert.equal(left.length, resourcesWithServer, `left: ${left.join(', ')}`);
  } finally {
    await server.close();
  }
  assert.ok((await settleResources(before)).length <= before);
});

test('events are typed and complete; no event is built when nobody listens', async () => {
  const server = await startServer(delayed);
  try {
    const events: RunEvent[] = [];
    const plan = makePlan([{ url: `${server.url}/e` }, { url: `${server.url}/e2` }]);
    await runBatch(plan, { onEvent: (e) => events.push(e) });
    assert.deepEqual(events.filter((e) => e.type === 'queued').map((e) => e.index), [0, 1]);
    assert.equal(events.filter((e) => e.type === 'started').length, 2);
    const finished = events.filter((e) => e.type === 'finished');
    assert.equal(finished.length, 2);
    for (const f of finished) if (f.type === 'finished') assert.equal(f.result.outcome, 'succeeded');
    // A listener that throws does not break the run.
    const report = await runBatch(plan, { onEvent: () => { throw new Error('boom'); } });
    assert.equal(report.summary.succeeded, 2);
  } finally {
    await server.close();
  }
});
