// `@concurrency auto` against real local servers, one per capacity profile: every request
// has exactly one result, the caps (MAX, @per-host) hold by the server's own in-flight
// count, and the limit adapts (summary.concurrency, the event stream, the trace log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch, startBatch } from '../../../src/core/runner';
import type { BatchPlan, BatchSettings, RunEvent, RunReport } from '../../../src/core/types';
import { generous, hardCapacity, queueing, rateLimited, type Profile } from '../../support/capacity';
import { makePlan } from '../../support/plan';
import { startServer, type TestServer } from '../../support/server';

async function withServer(profile: Profile, fn: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startServer(profile.handler);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

function autoPlan(server: TestServer, count: number, settings: Partial<BatchSettings>, retries = 10): BatchPlan {
  return makePlan(
    Array.from({ length: count }, (_, i) => ({ url: `${server.url}/r/${i}`, retries })),
    { adaptive: true, concurrency: 64, ...settings },
  );
}

function assertOneResultEach(report: RunReport, count: number): void {
  assert.equal(report.results.length, count);
  assert.deepEqual(report.results.map((r) => r.index), Array.from({ length: count }, (_, i) => i), 'one result per request, none lost or doubled');
  assert.equal(report.summary.total, count);
}

function limitEvents(events: RunEvent[]): Array<Extract<RunEvent, { type: 'concurrency' }>> {
  return events.filter((e): e is Extract<RunEvent, { type: 'concurrency' }> => e.type === 'concurrency');
}

test('hard capacity: 503s above K shrink the limit; every request succeeds, MAX is never exceeded', async () => {
  const profile = hardCapacity(6, 20);
  await withServer(profile, async (server) => {
    const events: RunEvent[] = [];
    const report = await runBatch(autoPlan(server, 150, { concurrency: 24 }), { onEvent: (e) => events.push(e) });
    assertOneResultEach(report, 150);
    assert.equal(report.summary.succeeded, 150, JSON.stringify(report.summary.errorCounts));
    assert.ok(server.maxInFlight <= 24, `the server saw ${server.maxInFlight} in flight, MAX 24`);
    const c = report.summary.concurrency![server.url]!;
    assert.ok(c, 'summary.concurrency has the origin');
    assert.ok(c.max <= 24 && c.min >= 1 && c.final >= 1);
    assert.ok(limitEvents(events).some((e) => e.reason === 'loss'), 'a 503 cut the limit');
    assert.ok(profile.rejected() < 150, `rejections ${profile.rejected()}`);
    assert.deepEqual(c.changes[0], [c.changes[0]![0], 4], 'starts at 4');
  });
});

test('rate limit: a 429 with Retry-After pauses the origin; every request succeeds in the end', async () => {
  const profile = rateLimited(150, 8, 10);
  await withServer(profile, async (server) => {
    const events: RunEvent[] = [];
    const report = await runBatch(autoPlan(server, 80, { concurrency: 32 }), { onEvent: (e) => events.push(e) });
    assertOneResultEach(report, 80);
    assert.equal(report.summary.succeeded, 80, JSON.stringify(report.summary.errorCounts));
    assert.ok(server.maxInFlight <= 32);
    const paused = limitEvents(events).filter((e) => e.pausedMs > 0);
    assert.ok(profile.rejected() === 0 || paused.length > 0, 'a rejection paused the origin');
    for (const e of paused) assert.ok(e.pausedMs <= 1001, `paused about the Retry-After (1 s): ${e.pausedMs}`);
  });
});

test('latency that grows with load: the limit stops growing once a queue builds', async () => {
  const profile = queueing(4, 15);
  await withServer(profile, async (server) => {
    const events: RunEvent[] = [];
    const report = await runBatch(autoPlan(server, 160, { concurrency: 64 }), { onEvent: (e) => events.push(e) });
    assertOneResultEach(report, 160);
    assert.equal(report.summary.succeeded, 160);
    assert.ok(server.maxInFlight <= 64);
    const c = report.summary.concurrency![server.url]!;
    assert.ok(c.max < 64, `the queue kept the limit below MAX (max ${c.max})`);
    assert.ok(limitEvents(events).some((e) => e.reason === 'latency'), 'latency cut the limit');
  });
});

test('generous server: the limit reaches MAX and never passes it, nor @per-host', async () => {
  await withServer(generous(25), async (server) => {
    const report = await runBatch(autoPlan(server, 300, { concurrency: 16 }));
    assertOneResultEach(report, 300);
    assert.equal(report.summary.concurrency![server.url]!.max, 16, 'reached MAX');
    assert.ok(server.maxInFlight <= 16, `server saw ${server.maxInFlight}`);
  });
  await withServer(generous(25), async (server) => {
    const report = await runBatch(autoPlan(server, 200, { concurrency: 16, perHost: 6 }));
    assertOneResultEach(report, 200);
    assert.equal(report.summary.concurrency![server.url]!.max, 6, 'the limit stays under @per-host');
    assert.ok(server.maxInFlight <= 6, `server saw ${server.maxInFlight}`);
  });
});

test('a fixed cap has no summary.concurrency and no limit events', async () => {
  await withServer(generous(1), async (server) => {
    const events: RunEvent[] = [];
    const report = await runBatch(makePlan([{ url: `${server.url}/a` }], { concurrency: 2 }), { onEvent: (e) => events.push(e) });
    assert.equal(report.summary.concurrency, undefined);
    assert.deepEqual(limitEvents(events), []);
  });
});

test('the trace log has a line per limit change', async () => {
  await withServer(generous(5), async (server) => {
    const lines: string[] = [];
    const logger = { enabled: () => true, trace: (m: string) => lines.push(m), debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    await runBatch(autoPlan(server, 40, { concurrency: 8 }), { logger });
    const limits = lines.filter((l) => l.startsWith('concurrency '));
    assert.ok(limits.length >= 2, limits.join('\n'));
    assert.match(limits[0]!, new RegExp(`^concurrency ${server.url.replace(/[.:/]/g, '\\$&')} limit 4 \\(start\\)$`));
  });
});

test('setConcurrency while the batch runs: a lower cap starts nothing until in-flight is below it', async () => {
  await withServer(generous(30), async (server) => {
    const plan = makePlan(Array.from({ length: 60 }, (_, i) => ({ url: `${server.url}/r/${i}` })), { concurrency: 8 });
    let inFlight = 0;
    let switched = false;
    let maxAfter = 0;
    let startsAfter = 0;
    const handle = startBatch(plan, {
      onEvent: (e) => {
        if (e.type === 'started') {
          inFlight++;
          if (switched) {
            startsAfter++;
            maxAfter = Math.max(maxAfter, inFlight);
          }
        } else if (e.type === 'finished') {
          inFlight--;
          if (!switched) {
            switched = true;
            handle.setConcurrency(2);
          }
        }
      },
    });
    const report = await handle.report;
    assertOneResultEach(report, 60);
    assert.ok(startsAfter > 40, `${startsAfter} starts after the switch`);
    assert.equal(maxAfter, 2, 'every start after the switch waited for in-flight to be below 2');
    assert.throws(() => handle.setConcurrency(0), TypeError);
  });
});

test("setConcurrency('auto', MAX) while a batch runs puts its origins under an adaptive limit", async () => {
  await withServer(generous(10), async (server) => {
    const plan = makePlan(Array.from({ length: 80 }, (_, i) => ({ url: `${server.url}/r/${i}` })), { concurrency: 3 });
    let done = 0;
    const handle = startBatch(plan, { onEvent: (e) => e.type === 'finished' && ++done === 5 && handle.setConcurrency('auto', 12) });
    const report = await handle.report;
    assertOneResultEach(report, 80);
    const c = report.summary.concurrency![server.url]!;
    assert.ok(c.max > 3 && c.max <= 12, `adapted above the old cap, below MAX: ${c.max}`);
  });
});

test('option checks: plan.settings.adaptive must be a boolean; setConcurrency refuses wrong values', async () => {
  const plan = makePlan([], {});
  (plan.settings as unknown as Record<string, unknown>).adaptive = 'yes';
  await assert.rejects(runBatch(plan), { name: 'TypeError', message: 'runBatch: plan.settings.adaptive must be a boolean, got "yes"' });
  const handle = startBatch(makePlan([], {}));
  await handle.report;
  assert.throws(() => handle.setConcurrency(1.5), { name: 'TypeError', message: "setConcurrency: concurrency must be a positive integer or 'auto', got 1.5" });
  assert.throws(() => handle.setConcurrency('auto', 0), { name: 'TypeError', message: 'setConcurrency: max must be a positive integer, got 0' });
  assert.doesNotThrow(() => handle.setConcurrency('auto'), 'after the end: nothing to change, no error');
});
