import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { makePlan } from '../../support/plan';
import { query, sendJson, settleResources, leftoverResources, startServer, withServer } from '../../support/server';

test('cancelling in the middle of a 1,000-request run returns promptly with 1,000 results', async () => {
  const server = await startServer((req, res) => setTimeout(() => sendJson(res, 200, {}), Number(query(req, 'delay'))));
  const resourcesWithServer = (await settleResources(0)).length;
  try {
    const controller = new AbortController();
    let finished = 0;
    const plan = makePlan(Array.from({ length: 1000 }, (_, i) => ({ url: `${server.url}/c/${i}?delay=30` })), { concurrency: 8 });
    let abortedAt = 0;
    const report = await runBatch(plan, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'finished' && ++finished === 40) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const tookMs = performance.now() - abortedAt;
    assert.ok(tookMs < 2000, `returned ${tookMs} ms after the cancel`);
    assert.equal(report.results.length, 1000);
    assert.deepEqual(report.results.map((r) => r.index), [...Array(1000).keys()]);
    const s = report.summary;
    assert.equal(s.succeeded + s.cancelled, 1000);
    assert.ok(s.succeeded >= 40 && s.succeeded < 60, `succeeded ${s.succeeded}`);
    assert.equal(s.errorCounts.CANCELLED, s.cancelled);
    const inFlight = report.results.filter((r) => r.outcome === 'cancelled' && r.attempts > 0);
    assert.ok(inFlight.length > 0 && inFlight.length <= 8, `aborted in flight: ${inFlight.length}`);
    assert.ok(server.seen.length < 70, 'no new starts after the cancel');
    const left = await settleResources(resourcesWithServer);
    assert.equal(left.length, resourcesWithServer, `left: ${leftoverResources().join(', ')}`);
  } finally {
    await server.close();
  }
});

test('an already-aborted signal cancels everything without sending', async () => {
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  try {
    const report = await runBatch(makePlan([{ url: `${server.url}/a` }, { url: `${server.url}/b` }]), { signal: AbortSignal.abort() });
    assert.deepEqual(report.results.map((r) => r.error?.code), ['CANCELLED', 'CANCELLED']);
    assert.equal(server.seen.length, 0);
  } finally {
    await server.close();
  }
});

test('@deadline cancels the batch with DEADLINE_EXCEEDED', async (t) => {
  const server = await withServer(t, (req, res) => setTimeout(() => sendJson(res, 200, {}), Number(query(req, 'delay'))));
  const plan = makePlan(
    [{ url: `${server.url}/fast?delay=1` }, { url: `${server.url}/slow?delay=3000` }, { url: `${server.url}/later?delay=1` }],
    { concurrency: 2, deadlineMs: 300 },
  );
  const t0 = performance.now();
  const report = await runBatch(plan);
  assert.ok(performance.now() - t0 < 2500, 'did not wait for the slow response');
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.equal(report.results[1].outcome, 'cancelled');
  assert.equal(report.results[1].error?.code, 'DEADLINE_EXCEEDED');
  assert.equal(report.results[2].outcome, 'succeeded', 'the third started when the first finished, before the deadline');
});

test('@bail stops after the first failure: in-flight and unstarted requests end BAILED', async (t) => {
  const server = await withServer(t, (req, res) => {
    if (req.url?.startsWith('/fail')) return sendJson(res, 500, {});
    setTimeout(() => sendJson(res, 200, {}), 300);
  });
  const plan = makePlan(
    [{ url: `${server.url}/slow1` }, { url: `${server.url}/fail` }, ...Array.from({ length: 10 }, (_, i) => ({ url: `${server.url}/rest/${i}` }))],
    { concurrency: 2, bail: true },
  );
  const report = await runBatch(plan);
  assert.equal(report.results[1].outcome, 'failed');
  assert.equal(report.results[0].outcome, 'cancelled');
  assert.equal(report.results[0].error?.code, 'BAILED');
  // Nothing new started after the failure.
  assert.equal(server.seen.length, 2, `sent ${server.seen.length}`);
  for (const r of report.results.slice(2)) assert.equal(r.error?.code, 'BAILED');
});

test('the per-attempt timeout covers the body; a hung server is TIMEOUT', async (t) => {
  const server = await withServer(t, (req, res) => {
    if (req.url === '/hang') return; // never answers
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    // never ends the body
  });
  const plan = makePlan([
    { url: `${server.url}/hang`, timeoutMs: 200 },
    { url: `${server.url}/dribble`, timeoutMs: 200 },
  ]);
  const report = await runBatch(plan);
  for (const r of report.results) {
    assert.equal(r.outcome, 'failed');
    assert.equal(r.error?.code, 'TIMEOUT');
    assert.match(r.error!.message, /200 ms/);
  }
});

test('a cancel during a long Retry-After backoff ends the request at once', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 503, {}, { 'retry-after': '120' }));
  const controller = new AbortController();
  const t0 = performance.now();
  const report = await runBatch(makePlan([{ url: `${server.url}/busy`, retries: 3 }]), {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'retrying') {
        assert.equal(e.delayMs, 60_000, 'Retry-After capped at 60 s');
        setTimeout(() => controller.abort(), 20);
      }
    },
  });
  assert.ok(performance.now() - t0 < 5000);
  const r = report.results[0];
  assert.equal(r.outcome, 'cancelled');
  assert.equal(r.attempts, 1);
  assert.equal(r.error?.code, 'CANCELLED');
  assert.match(r.error!.message, /waiting to retry/);
});
