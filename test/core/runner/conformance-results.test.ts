// Conformance (format spec section 5, cli.md JSON report): one result per request, the
// never-sent shape, dependency outcomes and the cancellation codes for in-flight and
// unstarted requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { toJsonReportObject, type JsonResult } from '../../../src/core/report';
import type { RunEvent, RunReport } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { refusedPort } from '../../support/ports';
import { query, sendJson, startServer, withServer } from '../../support/server';

function assertNeverSent(r: JsonResult, what: string): void {
  assert.equal(r.attempts, 0, `${what}: attempts`);
  assert.equal(r.status, null, `${what}: status`);
  assert.equal(r.durationMs, null, `${what}: durationMs`);
  assert.equal(r.timings, null, `${what}: timings`);
  assert.equal(r.responseHeaders, null, `${what}: responseHeaders`);
  assert.equal(r.bodyBytes, 0, `${what}: bodyBytes`);
  assert.equal(r.body, null, `${what}: body`);
  assert.equal(r.truncated, false, `${what}: truncated`);
  assert.ok(r.error && r.error.message.length > 0, `${what}: an error with a message`);
}

/** One finished event and one result per index, results sorted by index. */
function assertOneResultEach(report: RunReport, events: RunEvent[], total: number): void {
  assert.equal(report.results.length, total);
  assert.deepEqual(report.results.map((r) => r.index), Array.from({ length: total }, (_, i) => i));
  const finished = events.filter((e) => e.type === 'finished').map((e) => e.index).sort((a, b) => a - b);
  assert.deepEqual(finished, Array.from({ length: total }, (_, i) => i));
  const s = report.summary;
  assert.equal(s.succeeded + s.failed + s.cancelled + s.skipped, total);
}

test('never-sent requests (skipped, unresolved, invalid URL, open circuit) have the never-sent shape', async (t) => {
  const deadPort = await refusedPort();
  const server = await withServer(t, (req, res) => {
    if (req.url === '/fail') return sendJson(res, 404, {});
    sendJson(res, 200, { next: 'not a url' });
  });
  const dead = `http://127.0.0.1:${deadPort}`;
  const plan = makePlan(
    [
      { url: `${server.url}/fail`, name: 'bad' },
      { url: `${server.url}/dep`, dependsOn: ['bad'] }, // 1 skipped
      { url: `${server.url}/{{nope}}`, unresolved: ['nope'] }, // 2 unresolved
      { url: `${server.url}/ok`, name: 'ok' },
      { url: '{{ok.response.body.$.next}}', dependsOn: ['ok'], hasResponseRefs: true }, // 4 invalid URL
      ...Array.from({ length: 5 }, (_, i) => ({ url: `${dead}/d/${i}` })),
      { url: `${dead}/open` }, // 10 circuit open
    ],
    { concurrency: 1 },
  );
  const events: RunEvent[] = [];
  const report = await runBatch(plan, { onEvent: (e) => events.push(e) });
  assertOneResultEach(report, events, 11);
  const json = toJsonReportObject(report);
  const r = json.results;
  assert.deepEqual([r[1].outcome, r[1].error?.code], ['skipped', 'DEPENDENCY_FAILED']);
  assert.deepEqual([r[2].outcome, r[2].error?.code], ['failed', 'UNRESOLVED_VARIABLE']);
  assert.deepEqual([r[4].outcome, r[4].error?.code], ['failed', 'INVALID_URL']);
  assert.deepEqual([r[10].outcome, r[10].error?.code], ['failed', 'CIRCUIT_OPEN']);
  for (const i of [1, 2, 4, 10]) assertNeverSent(r[i], `request ${i}`);
  assert.ok(!server.seen.some((s) => s.url.includes('nope') || s.url === '/dep'), 'nothing unsent reached the server');
  assert.deepEqual(report.summary.statusCounts, { 200: 1, 404: 1 });
  assert.deepEqual(report.summary.errorCounts, { UNEXPECTED_STATUS: 1, DEPENDENCY_FAILED: 1, UNRESOLVED_VARIABLE: 1, INVALID_URL: 1, CONNECTION_REFUSED: 5, CIRCUIT_OPEN: 1 });
});

for (const [how, code] of [
  ['the user\'s cancel', 'CANCELLED'],
  ['@deadline', 'DEADLINE_EXCEEDED'],
  ['@bail', 'BAILED'],
] as const) {
  test(`${how}: in-flight requests and unstarted ones (queued, waiting for a dependency, in backoff) end cancelled with ${code}`, async (t) => {
    const controller = new AbortController();
    let started = 0;
    const server = await withServer(t, (req, res) => {
      started++;
      if (req.url === '/fail') return setTimeout(() => sendJson(res, 400, {}), 100);
      if (req.url === '/flaky') return sendJson(res, 503, {}, { 'retry-after': '30' });
      const delay = Number(query(req, 'delay') ?? 0);
      setTimeout(() => sendJson(res, 200, {}), delay);
    });
    const plan = makePlan(
      [
        { url: `${server.url}/flaky`, retries: 2 }, // 0: in backoff
        { url: `${server.url}/slow?delay=5000`, name: 'slow' }, // 1: in flight
        { url: `${server.url}/dependent`, dependsOn: ['slow'] }, // 2: waits for a dependency
        code === 'BAILED' ? { url: `${server.url}/fail` } : { url: `${server.url}/slow?delay=5000` }, // 3: in flight (or the failure)
        { url: `${server.url}/slow?delay=5000` }, // 4: takes the slot request 0 frees during its backoff
        { url: `${server.url}/queued` }, // 5: queued behind the cap
      ],
      { concurrency: 3, deadlineMs: code === 'DEADLINE_EXCEEDED' ? 400 : null, bail: code === 'BAILED' },
    );
    const events: RunEvent[] = [];
    if (code === 'CANCELLED') setTimeout(() => controller.abort(), 400);
    const t0 = Date.now();
    const report = await runBatch(plan, { signal: controller.signal, onEvent: (e) => events.push(e) });
    assert.ok(Date.now() - t0 < 4000, 'the run ended without waiting for the slow responses');
    assertOneResultEach(report, events, 6);
    const json = toJsonReportObject(report);
    const r = json.results;
    const expectCancelled = code === 'BAILED' ? [0, 1, 2, 4, 5] : [0, 1, 2, 3, 4, 5];
    for (const i of expectCancelled) {
      assert.equal(r[i].outcome, 'cancelled', `request ${i}`);
      assert.equal(r[i].error?.code, code, `request ${i}`);
    }
    if (code === 'BAILED') assert.deepEqual([r[3].outcome, r[3].error?.code], ['failed', 'UNEXPECTED_STATUS']);
    assert.equal(r[0].attempts, 1, 'the request in backoff was sent once');
    assert.equal(r[1].attempts, 1);
    assert.equal(r[1].status, null, 'an aborted attempt has no status');
    assert.notEqual(r[1].durationMs, null);
    for (const i of [2, 5]) assertNeverSent(r[i], `request ${i}`);
    assert.equal(r[4].attempts, 1);
    assert.equal(started, 4, 'nothing started after the stop');
  });
}

test('a dependency that failed, or was skipped itself, skips its dependents with DEPENDENCY_FAILED', async (t) => {
  const server = await withServer(t, (req, res) => (req.url === '/bad' ? sendJson(res, 500, {}) : sendJson(res, 200, {})));
  const plan = makePlan([
    { url: `${server.url}/bad`, name: 'a' },
    { url: `${server.url}/b`, name: 'b', dependsOn: ['a'] },
    { url: `${server.url}/c`, name: 'c', dependsOn: ['b'] },
    { url: `${server.url}/{{x}}`, name: 'd', unresolved: ['x'] },
    { url: `${server.url}/e`, dependsOn: ['d', 'c'] },
    { url: `${server.url}/f` },
  ]);
  const report = await runBatch(plan);
  assert.deepEqual(
    report.results.map((r) => [r.outcome, r.error?.code ?? null]),
    [
      ['failed', 'UNEXPECTED_STATUS'],
      ['skipped', 'DEPENDENCY_FAILED'],
      ['skipped', 'DEPENDENCY_FAILED'],
      ['failed', 'UNRESOLVED_VARIABLE'],
      ['skipped', 'DEPENDENCY_FAILED'],
      ['succeeded', null],
    ],
  );
  assert.deepEqual(server.seen.map((s) => s.url).sort(), ['/bad', '/f']);
});

test('a request waiting for a dependency or a full origin does not hold back later requests', async () => {
  const slow = await startServer((_req, res) => setTimeout(() => sendJson(res, 200, {}), 300));
  const fast = await startServer((_req, res) => sendJson(res, 200, {}));
  try {
    const events: RunEvent[] = [];
    const plan = makePlan(
      [
        { url: `${slow.url}/1`, name: 'first' },
        { url: `${slow.url}/2` }, // origin full (per-host 1)
        { url: `${fast.url}/dep`, dependsOn: ['first'] }, // waits for a dependency
        { url: `${fast.url}/a` },
        { url: `${fast.url}/b` },
      ],
      { concurrency: 4, perHost: 1 },
    );
    const report = await runBatch(plan, { onEvent: (e) => events.push(e) });
    assert.equal(report.summary.succeeded, 5);
    const finishedOrder = events.filter((e) => e.type === 'finished').map((e) => e.index);
    assert.ok(finishedOrder.indexOf(3) < finishedOrder.indexOf(0), `fast requests finish before the slow first one: ${finishedOrder}`);
    assert.ok(finishedOrder.indexOf(4) < finishedOrder.indexOf(0), `${finishedOrder}`);
    const started = events.filter((e) => e.type === 'started').map((e) => e.index);
    assert.ok(started.indexOf(2) > started.indexOf(3), 'the dependent started after its dependency, later than request 3');
  } finally {
    await slow.close();
    await fast.close();
  }
});

test('latency percentiles are nearest-rank over the requests that got a response; req/s counts those requests', async (t) => {
  const deadPort = await refusedPort();
  const server = await withServer(t, (req, res) => setTimeout(() => sendJson(res, req.url?.startsWith('/e') ? 500 : 200, {}), Number(query(req, 'delay') ?? 0)));
  const plan = makePlan([
    ...Array.from({ length: 13 }, (_, i) => ({ url: `${server.url}/ok?delay=${(i * 7) % 40}` })),
    { url: `${server.url}/e?delay=30` }, // a response (500): counts
    { url: `http://127.0.0.1:${deadPort}/none` }, // no response: does not count
    { url: `${server.url}/{{x}}`, unresolved: ['x'] }, // never sent
  ]);
  const report = await runBatch(plan);
  const responded = report.results.filter((r) => r.status !== null);
  assert.equal(responded.length, 14);
  const sorted = responded.map((r) => r.durationMs!).sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.ceil((p / 100) * sorted.length) - 1];
  const round = (x: number): number => Math.round(x * 10) / 10;
  assert.deepEqual(report.summary.latencyMs, { p50: round(rank(50)), p90: round(rank(90)), p95: round(rank(95)), p99: round(rank(99)), max: round(sorted[13]) });
  assert.equal(report.summary.requestsPerSecond, Math.round((14 / (report.durationMs / 1000)) * 100) / 100);
});
