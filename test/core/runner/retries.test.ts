import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { RunEvent } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { refusedPort } from '../../support/ports';
import { sendJson, withServer } from '../../support/server';

test('a 503 then 200 is retried and succeeds; the retry is counted and announced', async (t) => {
  let calls = 0;
  const server = await withServer(t, (_req, res) => (++calls === 1 ? sendJson(res, 503, { busy: true }) : sendJson(res, 200, { ok: true })));
  const events: RunEvent[] = [];
  const report = await runBatch(makePlan([{ url: `${server.url}/flaky`, retries: 2 }]), { onEvent: (e) => events.push(e) });
  const r = report.results[0];
  assert.equal(r.outcome, 'succeeded');
  assert.equal(r.status, 200);
  assert.equal(r.attempts, 2);
  assert.equal(report.summary.retries, 1);
  assert.deepEqual(r.attemptLog.map((a) => a.status), [503, 200]);
  const retrying = events.find((e) => e.type === 'retrying');
  assert.ok(retrying && retrying.type === 'retrying');
  assert.equal(retrying.attempt, 2);
  assert.equal(retrying.reason, 'status 503');
  assert.ok(retrying.delayMs >= 100 && retrying.delayMs < 200, `first backoff in [100, 200): ${retrying.delayMs}`);
  assert.equal(r.attemptLog[0].retryDelayMs, retrying.delayMs);
});

test('a 400 is not retried', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 400, { bad: true }));
  const report = await runBatch(makePlan([{ url: `${server.url}/bad`, retries: 3 }]));
  const r = report.results[0];
  assert.equal(r.outcome, 'failed');
  assert.equal(r.attempts, 1);
  assert.equal(r.error?.code, 'UNEXPECTED_STATUS');
  assert.equal(server.seen.length, 1);
});

test('retries stop after `retries`; the last status is reported', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 500, {}));
  const report = await runBatch(makePlan([{ url: `${server.url}/down`, retries: 2 }]), { random: () => 0 });
  assert.equal(report.results[0].attempts, 3);
  assert.equal(report.results[0].status, 500);
  assert.equal(report.summary.retries, 2);
  assert.equal(server.seen.length, 3);
});

test('POST is retried only with @idempotent or an Idempotency-Key header', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 503, {}));
  const plan = makePlan([
    { url: `${server.url}/plain`, method: 'POST', body: '{}', retries: 2 },
    { url: `${server.url}/flagged`, method: 'POST', body: '{}', retries: 2, idempotent: true },
    { url: `${server.url}/keyed`, method: 'PATCH', body: '{}', retries: 2, headers: [['Idempotency-Key', 'abc-123']] },
    { url: `${server.url}/put`, method: 'PUT', body: '{}', retries: 2 },
  ]);
  const report = await runBatch(plan, { random: () => 0 });
  assert.deepEqual(report.results.map((r) => r.attempts), [1, 3, 3, 3]);
  assert.equal(server.seen.filter((s) => s.url === '/plain').length, 1);
});

test('Retry-After (seconds and HTTP date) is honoured', async (t) => {
  let calls = 0;
  const times: number[] = [];
  const server = await withServer(t, (req, res) => {
    times.push(Date.now());
    calls++;
    if (req.url === '/secs' && calls === 1) return sendJson(res, 429, {}, { 'retry-after': '1' });
    if (req.url === '/date' && times.length === 3) return sendJson(res, 503, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
    sendJson(res, 200, {});
  });
  const events: RunEvent[] = [];
  const report = await runBatch(makePlan([{ url: `${server.url}/secs`, retries: 1 }]), { onEvent: (e) => events.push(e) });
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.ok(times[1] - times[0] >= 950, `waited ${times[1] - times[0]} ms for Retry-After: 1`);
  const retry = events.find((e) => e.type === 'retrying');
  assert.ok(retry?.type === 'retrying' && retry.delayMs === 1000);

  const dated = await runBatch(makePlan([{ url: `${server.url}/date`, retries: 1 }]), { onEvent: (e) => events.push(e) });
  assert.equal(dated.results[0].outcome, 'succeeded');
  const d = events.filter((e) => e.type === 'retrying')[1];
  // An HTTP date has 1 s resolution: the wait is between 1 and 2 s.
  assert.ok(d?.type === 'retrying' && d.delayMs >= 900 && d.delayMs <= 2000, `date wait ${d && d.type === 'retrying' ? d.delayMs : '?'}`);
});

test('connection refused is retried and reported as CONNECTION_REFUSED', async () => {
  const port = await refusedPort();
  const report = await runBatch(makePlan([{ url: `http://127.0.0.1:${port}/nobody`, retries: 1 }]), { random: () => 0 });
  const r = report.results[0];
  assert.equal(r.outcome, 'failed');
  assert.equal(r.error?.code, 'CONNECTION_REFUSED');
  assert.equal(r.attempts, 2);
  assert.equal(r.status, null);
  assert.equal(report.summary.latencyMs, null, 'no response, no latency');
});

test('a request waiting out a backoff holds no slot', async (t) => {
  let flaky = 0;
  const server = await withServer(t, (req, res) => {
    if (req.url === '/flaky' && ++flaky === 1) return sendJson(res, 503, {}, { 'retry-after': '1' });
    sendJson(res, 200, {});
  });
  const events: RunEvent[] = [];
  const plan = makePlan([{ url: `${server.url}/flaky`, retries: 1 }, { url: `${server.url}/other` }], { concurrency: 1 });
  const report = await runBatch(plan, { onEvent: (e) => events.push(e) });
  assert.equal(report.summary.succeeded, 2);
  const order = events.filter((e) => e.type === 'started').map((e) => e.index);
  assert.deepEqual(order, [0, 1, 0], 'the second request ran while the first waited');
});
