// `@first K` against real local servers (format spec, section 8): copies past the K-th
// success end cancelled with NOT_NEEDED (in flight aborted, queued never sent, waiting ones
// cancelled), dependents start at once, an unreachable K fails the group, a hedged request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { toJunit } from '../../../src/core/report/junit';
import type { RunEvent } from '../../../src/core/types';
import { makePlan, type RequestSpec } from '../../support/plan';
import { query, sendJson, startServer } from '../../support/server';

/** N copies of one request, as the planner makes them for `@repeat N` + `@first K`. */
function copies(n: number, first: number, spec: (i: number) => RequestSpec): RequestSpec[] {
  return Array.from({ length: n }, (_, i) => ({ blockIndex: 0, line: 3, copyIndex: i, first, ...spec(i) }));
}

test('fast and slow copies: after K successes the slow ones are aborted (the server sees them closed)', async (t) => {
  let closed = 0;
  const server = await startServer((req, res) => {
    const i = Number(query(req, 'i'));
    if (i < 2) return setTimeout(() => sendJson(res, 200, { i }), 20);
    res.on('close', () => closed++); // never answered: only an abort ends it
  });
  t.after(() => server.close());
  const plan = makePlan(copies(5, 2, (i) => ({ url: `${server.url}/hedge?i=${i}`, name: 'h' })));
  const report = await runBatch(plan);
  assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'cancelled', 'cancelled', 'cancelled']);
  for (const r of report.results.slice(2)) {
    assert.equal(r.error?.code, 'NOT_NEEDED');
    assert.match(r.error!.message, /^not needed: 2 of the 5 copies of 'h' had already succeeded \(@first 2\)/);
    assert.equal(r.attempts, 1, 'it was in flight');
  }
  const s = report.summary;
  assert.equal(s.notNeeded, 3);
  assert.equal(s.cancelled, 0, 'NOT_NEEDED is not counted as cancelled');
  assert.equal(s.succeeded, 2);
  assert.equal(s.errorCounts.NOT_NEEDED, 3);
  for (let i = 0; i < 50 && closed < 3; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(closed, 3, 'the server saw the three slow requests closed');
  const junit = toJunit(report);
  assert.equal((junit.match(/<skipped message="NOT_NEEDED: /g) ?? []).length, 3, 'JUnit: NOT_NEEDED copies are skipped');
  assert.doesNotMatch(junit, /<failure/);
});

test('queued copies are never sent and copies waiting to retry are cancelled', async (t) => {
  const server = await startServer((req, res) => {
    const i = Number(query(req, 'i'));
    if (i === 0) return sendJson(res, 503, {}, { 'retry-after': '30' }); // then waits 30 s to retry
    if (i === 1) return setTimeout(() => sendJson(res, 200, { i }), 80);
    sendJson(res, 200, { i });
  });
  t.after(() => server.close());
  // Concurrency 2: copies 0 and 1 start; 0 goes to its backoff and copy 2 takes its slot.
  const plan = makePlan(copies(8, 2, (i) => ({ url: `${server.url}/c?i=${i}`, retries: 2 })), { concurrency: 2 });
  const t0 = performance.now();
  const report = await runBatch(plan);
  assert.ok(performance.now() - t0 < 10_000, 'the copy waiting out Retry-After: 30 did not hold the run');
  const byIndex = report.results;
  assert.equal(byIndex[0].outcome, 'cancelled');
  assert.equal(byIndex[0].error?.code, 'NOT_NEEDED', 'the copy in its backoff ended NOT_NEEDED');
  assert.equal(report.summary.succeeded, 2);
  assert.equal(report.summary.notNeeded, 6);
  const neverSent = byIndex.filter((r) => r.attempts === 0);
  assert.ok(neverSent.length >= 4, `${neverSent.length} copies never sent`);
  for (const r of neverSent) assert.equal(r.error?.code, 'NOT_NEEDED');
  assert.equal(server.seen.length, 8 - neverSent.length, 'the server saw only the copies that were sent');
});

test('dependents of a @first group start as soon as K copies succeeded', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/after') return sendJson(res, 200, {});
    const i = Number(query(req, 'i'));
    setTimeout(() => sendJson(res, 200, { i }), i === 0 ? 10 : 5000);
  });
  t.after(() => server.close());
  const events: RunEvent[] = [];
  const plan = makePlan([...copies(4, 1, (i) => ({ url: `${server.url}/g?i=${i}`, name: 'g' })), { url: `${server.url}/after`, dependsOn: ['g'] }]);
  const report = await runBatch(plan, { onEvent: (e) => events.push(e) });
  const after = report.results[4];
  assert.equal(after.outcome, 'succeeded');
  assert.ok(after.endedAtMs < 4000, `the dependent did not wait for the slow copies (${after.endedAtMs} ms)`);
  const order = events.filter((e) => e.type === 'finished' || (e.type === 'started' && e.index === 4)).map((e) => `${e.type} ${'index' in e ? e.index : ''}`);
  assert.ok(order.indexOf('finished 0') < order.indexOf('started 4'), order.join(', '));
  assert.equal(report.summary.notNeeded, 3);
});

test('an unreachable K fails the group: dependents DEPENDENCY_FAILED, the remaining copies still run', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/after') return sendJson(res, 200, {});
    const i = Number(query(req, 'i'));
    if (i < 2) return sendJson(res, 500, {});
    setTimeout(() => sendJson(res, 200, { i }), 150);
  });
  t.after(() => server.close());
  const plan = makePlan([...copies(4, 3, (i) => ({ url: `${server.url}/g?i=${i}`, name: 'g' })), { url: `${server.url}/after`, dependsOn: ['g'] }]);
  const report = await runBatch(plan);
  assert.deepEqual(report.results.map((r) => r.outcome), ['failed', 'failed', 'succeeded', 'succeeded', 'skipped']);
  const after = report.results[4];
  assert.equal(after.error?.code, 'DEPENDENCY_FAILED');
  assert.equal(after.error?.message, "skipped: it depends on 'g', which cannot reach @first 3: 2 of its 4 copies did not succeed, so at most 2 can (the remaining copies still run)");
  assert.equal(report.summary.notNeeded, 0);
  assert.ok(!server.seen.some((s) => s.url === '/after'));
});

test('a hedged request: @repeat 3 + @first 1, a reference reads the copy that succeeded first', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url!.startsWith('/use')) return sendJson(res, 200, {});
    const i = Number(query(req, 'i'));
    setTimeout(() => sendJson(res, 200, { who: i }), i === 1 ? 10 : 3000);
  });
  t.after(() => server.close());
  const plan = makePlan([...copies(3, 1, (i) => ({ url: `${server.url}/h?i=${i}`, name: 'hedge' })), { url: `${server.url}/use?who={{hedge.response.body.$.who}}`, dependsOn: ['hedge'] }]);
  const report = await runBatch(plan);
  assert.equal(report.results[3].outcome, 'succeeded', JSON.stringify(report.results[3].error));
  assert.ok(server.seen.some((s) => s.url === '/use?who=1'), server.seen.map((s) => s.url).join(' '));
  assert.deepEqual(report.results.slice(0, 3).map((r) => r.error?.code ?? r.outcome), ['NOT_NEEDED', 'succeeded', 'NOT_NEEDED']);
});

test('an unnamed @first group works too', async (t) => {
  const server = await startServer((req, res) => {
    const i = Number(query(req, 'i'));
    setTimeout(() => sendJson(res, 200, {}), i === 2 ? 10 : 3000);
  });
  t.after(() => server.close());
  const report = await runBatch(makePlan(copies(3, 1, (i) => ({ url: `${server.url}/u?i=${i}` }))));
  assert.deepEqual(report.results.map((r) => r.error?.code ?? r.outcome), ['NOT_NEEDED', 'NOT_NEEDED', 'succeeded']);
});
