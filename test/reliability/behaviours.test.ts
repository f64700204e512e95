// Each hostile behaviour alone, through the real parser and runner: exactly one result per
// request with the spec's code, caps and timeouts held, nothing left open afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BEHAVIOURS, batchFile, behaviour, type BlockSpec } from '../support/behaviours';
import { start, type HostileServer } from '../support/hostile-server';
import { invariantProblems, planFor, runWatched, workspace, type RunRecord } from '../support/run-harness';
import { resourceCounts, waitForNoLeaks, type ResourceCounts } from '../support/resources';
import type { BatchPlan } from '../../src/core/types';
import type { RunOptions } from '../../src/core/runner/index';

const MIB = 1024 * 1024;

async function runText(text: string, options: RunOptions = {}): Promise<{ plan: BatchPlan; run: RunRecord }> {
  const ws = await workspace(text);
  try {
    const plan = await planFor(ws);
    assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), [], 'the generated file is valid');
    const run = await runWatched(plan, options);
    assert.deepEqual(invariantProblems(plan, run), []);
    return { plan, run };
  } finally {
    await ws.dispose();
  }
}

describe('each hostile behaviour alone', () => {
  let baseline: ResourceCounts;
  let server: HostileServer;

  before(async () => {
    baseline = resourceCounts();
    server = await start({ tls: true });
  });

  after(async () => {
    await server.close();
    assert.deepEqual(await waitForNoLeaks(baseline), [], 'no socket, server or timer left open');
  });

  for (const b of BEHAVIOURS) {
    test(`${b.name}: ${b.code ?? 'succeeds'}`, async () => {
      // Three requests, no retries unless the behaviour needs them: below the circuit breaker's 5.
      const blocks: BlockSpec[] = [0, 1, 2].map((i) => ({
        url: b.url(server, `alone-${b.name}-${i}`),
        directives: b.directives,
        headers: b.headers,
      }));
      const { run } = await runText(batchFile(['concurrency 4', 'timeout 15s', 'retries 0'], blocks));
      for (const r of run.report.results) {
        if (b.code === null) {
          assert.equal(r.outcome, 'succeeded', `#${r.index}: ${JSON.stringify(r.error)}`);
        } else {
          assert.equal(r.outcome, 'failed', `#${r.index}`);
          assert.equal(r.error?.code, b.code, `#${r.index}: ${r.error?.message}`);
          assert.ok((r.error?.message ?? '').length > 10, 'the message says what happened');
        }
      }
    });
  }

  test('503 twice then 200: three attempts, the last one succeeds', async () => {
    const { run } = await runText(batchFile(['retries 2'], [{ url: `${server.url}/flaky503?key=f-alone` }]));
    const [r] = run.report.results;
    assert.equal(r.outcome, 'succeeded');
    assert.equal(r.attempts, 3);
    assert.deepEqual(r.attemptLog.map((a) => a.status), [503, 503, 200]);
    assert.equal(server.hits('f-alone'), 3);
  });

  test('429 with Retry-After: 1 waits about a second before the retry', async () => {
    const { run } = await runText(batchFile(['retries 2'], [{ url: `${server.url}/retry-after?key=ra-alone&s=1` }]));
    const [r] = run.report.results;
    assert.equal(r.outcome, 'succeeded');
    assert.deepEqual(r.attemptLog.map((a) => a.status), [429, 200]);
    const gap = r.attemptLog[1].startMs - r.attemptLog[0].endMs;
    assert.ok(gap >= 800, `retried after ${Math.round(gap)} ms`);
  });

  test('429 with Retry-After as an HTTP date is honoured and then succeeds', async () => {
    const { run } = await runText(batchFile(['retries 2'], [{ url: `${server.url}/retry-after?key=rad-alone&s=2&form=date` }]));
    const [r] = run.report.results;
    assert.equal(r.outcome, 'succeeded');
    assert.deepEqual(r.attemptLog.map((a) => a.status), [429, 200]);
    const gap = r.attemptLog[1].startMs - r.attemptLog[0].endMs;
    assert.ok(gap >= 500, `a date ~2 s ahead (second precision) waited ${Math.round(gap)} ms`);
  });

  test('a redirect to another origin drops Authorization and Cookie; the same origin keeps them', async () => {
    const headers: [string, string][] = [
      ['Authorization', 'Bearer planted-auth'],
      ['Cookie', 'sid=planted-cookie'],
      ['X-Trace', 'kept'],
    ];
    const { run } = await runText(
      batchFile([], [
        { url: `${server.url}/redirect-other?key=x-origin`, headers },
        { url: `${server.url}/redirect-same?key=same-origin`, headers },
      ]),
    );
    assert.deepEqual(run.report.results.map((r) => r.outcome), ['succeeded', 'succeeded']);
    const cross = server.received('x-origin');
    assert.equal(cross.length, 1);
    assert.equal(cross[0].origin, 'other');
    const crossNames = cross[0].headers.map(([n]) => n.toLowerCase());
    assert.ok(!crossNames.includes('authorization'), 'Authorization crossed origins');
    assert.ok(!crossNames.includes('cookie'), 'Cookie crossed origins');
    assert.ok(crossNames.includes('x-trace'), 'other headers still go along');
    const same = server.received('same-origin');
    assert.equal(same.length, 1);
    assert.deepEqual(
      same[0].headers.filter(([n]) => /^(authorization|cookie)$/i.test(n)).map(([, v]) => v),
      ['Bearer planted-auth', 'sid=planted-cookie'],
    );
  });

  test('TLS is verified by default; rejectUnauthorized: false lets the self-signed origin through', async () => {
    const text = batchFile(['retries 0'], [{ url: `${server.tlsUrl}/ok` }]);
    const strict = await runText(text);
    assert.equal(strict.run.report.results[0].error?.code, 'TLS_ERROR');
    const insecure = await runText(text, { rejectUnauthorized: false });
    assert.equal(insecure.run.report.results[0].outcome, 'succeeded');
    assert.equal(insecure.run.report.results[0].status, 200);
  });

  test('a dead origin opens the circuit after 5 consecutive connection failures', async () => {
    const blocks = Array.from({ length: 8 }, () => ({ url: `${server.refusedUrl}/ok` }));
    const { run } = await runText(batchFile(['concurrency 1', 'retries 0'], blocks));
    const codes = run.report.results.map((r) => r.error?.code);
    assert.deepEqual(codes.slice(0, 5), Array(5).fill('CONNECTION_REFUSED'));
    assert.deepEqual(codes.slice(5), Array(3).fill('CIRCUIT_OPEN'));
    assert.ok(run.report.results.slice(5).every((r) => r.attempts <= 1));
  });

  test('a 200 MB body streams through with the body cap held and memory bounded', async () => {
    const { run } = await runText(batchFile(['timeout 60s', 'retries 0'], [{ url: `${server.url}/big?mb=200` }]));
    const [r] = run.report.results;
    assert.equal(r.outcome, 'succeeded');
    assert.equal(r.bodyBytes, 200 * MIB);
    assert.equal(r.truncated, true);
    assert.equal(r.body?.length, MIB, 'the default cap of 1 MiB is kept');
    assert.ok(run.peakRssGrowth < 150 * MIB, `rss grew by ${Math.round(run.peakRssGrowth / MIB)} MiB`);
  });

  test('a 10 MB body under a custom cap keeps exactly the cap', async () => {
    const { run } = await runText(batchFile([], [{ url: behaviour('big-10mb').url(server, 'k') }]), { maxBodyBytes: 1000 });
    const [r] = run.report.results;
    assert.equal(r.bodyBytes, 10 * MIB);
    assert.equal(r.body?.length, 1000);
    assert.equal(r.truncated, true);
  });

  test('concurrency and per-host caps both hold over two origins', async () => {
    const blocks = Array.from({ length: 16 }, (_, i) => ({ url: `${i % 2 ? server.otherUrl : server.url}/delay?ms=150` }));
    const { run } = await runText(batchFile(['concurrency 3', 'per-host 2'], blocks));
    assert.ok(run.report.results.every((r) => r.outcome === 'succeeded'));
    assert.equal(run.maxInFlightPerOrigin, 2, 'per-host reached and held');
    assert.equal(run.maxInFlight, 3, 'concurrency reached and held');
  });

  test('a deadline cancels what hangs: the run ends within the deadline plus a margin', async () => {
    const blocks = [
      ...Array.from({ length: 6 }, () => ({ url: `${server.url}/hang` })),
      ...Array.from({ length: 6 }, () => ({ url: `${server.url}/ok` })),
    ];
    const { run } = await runText(batchFile(['concurrency 4', 'timeout 30s', 'retries 0', 'deadline 1s'], blocks));
    assert.ok(run.wallMs < 1000 + 3000, `ended ${Math.round(run.wallMs)} ms after the start`);
    const hung = run.report.results.slice(0, 6);
    for (const r of hung) {
      assert.equal(r.outcome, 'cancelled', `#${r.index}`);
      assert.equal(r.error?.code, 'DEADLINE_EXCEEDED');
    }
    for (const r of run.report.results.slice(6)) {
      assert.ok(r.outcome === 'cancelled' ? r.error?.code === 'DEADLINE_EXCEEDED' && r.attempts === 0 : r.outcome === 'succeeded', `#${r.index} ${r.outcome}`);
    }
    assert.ok(await waitIdle(server), 'no request is still running on the server');
  });

  test('a signal aborted before the start sends nothing and cancels everything', async () => {
    const before = server.stats().requests;
    const { run } = await runText(batchFile([], [{ url: `${server.url}/ok` }, { url: `${server.url}/hang` }]), { signal: AbortSignal.abort() });
    assert.deepEqual(run.report.results.map((r) => [r.outcome, r.error?.code, r.attempts]), [
      ['cancelled', 'CANCELLED', 0],
      ['cancelled', 'CANCELLED', 0],
    ]);
    assert.equal(server.stats().requests, before, 'nothing reached the server');
  });
});

async function waitIdle(s: HostileServer): Promise<boolean> {
  const until = Date.now() + 3000;
  while (s.stats().inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return s.stats().inFlight === 0;
}
