// Every wait of the runner goes through the injected Clock: with a manual clock, a backoff,
// a Retry-After and the deadline end only when the test moves time; no real timer does it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, type Dispatcher } from 'undici';
import { DispatcherPool, runBatch } from '../../../src/core/runner';
import type { RunEvent } from '../../../src/core/types';
import { FakeClock } from '../../support/fake-clock';
import { makePlan } from '../../support/plan';
import { sendJson, startServer } from '../../support/server';

/** Resolves at the first event `match` accepts. */
function eventSeen(events: RunEvent[], match: (e: RunEvent) => boolean): { onEvent: (e: RunEvent) => void; seen: Promise<RunEvent> } {
  let resolve!: (e: RunEvent) => void;
  const seen = new Promise<RunEvent>((r) => (resolve = r));
  return {
    seen,
    onEvent: (e) => {
      events.push(e);
      if (match(e)) resolve(e);
    },
  };
}

const realPause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a backoff waits on the injected clock: the retry goes only when the test advances time', async (t) => {
  let calls = 0;
  const server = await startServer((_req, res) => (++calls === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: true })));
  t.after(() => server.close());
  const clock = new FakeClock();
  const events: RunEvent[] = [];
  const watch = eventSeen(events, (e) => e.type === 'retrying');
  const running = runBatch(makePlan([{ url: `${server.url}/flaky`, retries: 2, timeoutMs: 5000 }]), { clock, random: () => 0, onEvent: watch.onEvent });
  const retrying = await watch.seen;
  assert.equal(retrying.type === 'retrying' && retrying.delayMs, 100, 'first backoff with jitter 0');
  assert.deepEqual(clock.pending(), [100], 'the only timer left is the backoff (the attempt timer was cleared)');
  await realPause(300); // longer than the backoff in real time
  assert.equal(server.seen.length, 1, 'no real timer sent the retry');
  clock.advance(99);
  await realPause(20);
  assert.equal(server.seen.length, 1, '1 ms before the end of the backoff nothing is sent');
  clock.advance(1);
  const report = await running;
  const r = report.results[0];
  assert.equal(r.outcome, 'succeeded');
  assert.equal(r.attempts, 2);
  assert.equal(r.attemptLog[0].retryDelayMs, 100);
  assert.deepEqual(clock.requested, [5000, 100, 5000], 'attempt timeout, backoff, attempt timeout: all through the clock');
  assert.equal(r.attemptLog[1].startMs, 100, 'the second attempt starts at the fake time the backoff ended');
});

test('Retry-After waits on the injected clock too', async (t) => {
  let calls = 0;
  const server = await startServer((_req, res) => (++calls === 1 ? sendJson(res, 429, {}, { 'retry-after': '3' }) : sendJson(res, 200, {})));
  t.after(() => server.close());
  const clock = new FakeClock();
  const watch = eventSeen([], (e) => e.type === 'retrying');
  const running = runBatch(makePlan([{ url: `${server.url}/limited`, retries: 1 }]), { clock, onEvent: watch.onEvent });
  await watch.seen;
  assert.deepEqual(clock.pending(), [3000]);
  clock.advance(2999);
  await realPause(20);
  assert.equal(server.seen.length, 1);
  clock.advance(1);
  const report = await running;
  assert.equal(report.results[0].outcome, 'succeeded');
  assert.equal(report.results[0].attemptLog[0].retryDelayMs, 3000);
});

test('the deadline and the attempt timeout fire from the injected clock', async (t) => {
  const server = await startServer(() => {
    /* never answers */
  });
  t.after(() => server.close());
  const clock = new FakeClock();
  const watch = eventSeen([], (e) => e.type === 'started');
  const plan = makePlan([{ url: `${server.url}/slow`, timeoutMs: 5000 }, { url: `${server.url}/slow2`, timeoutMs: 60_000 }], { deadlineMs: 10_000, concurrency: 2 });
  const running = runBatch(plan, { clock, onEvent: watch.onEvent });
  await watch.seen;
  await realPause(20);
  assert.deepEqual(clock.pending().sort((a, b) => a - b), [5000, 10_000, 60_000]);
  clock.advance(5000);
  clock.advance(5000);
  const report = await running;
  assert.equal(report.results[0].error?.code, 'TIMEOUT');
  assert.equal(report.results[1].outcome, 'cancelled');
  assert.equal(report.results[1].error?.code, 'DEADLINE_EXCEEDED');
  assert.deepEqual(clock.pending(), [], 'nothing left behind');
});

test('RunOptions.dispatchers: the run sends through the transport the factory makes and destroys it at the end', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  t.after(() => server.close());
  const asked: number[] = [];
  let dispatched = 0;
  let destroyed = 0;
  const report = await runBatch(makePlan([{ url: `${server.url}/a` }, { url: `${server.url}/b`, connectionTimeoutMs: 700 }], { perHost: 3, concurrency: 4 }), {
    dispatchers: (options) => {
      assert.equal(options.perHost, 3);
      const agent = new Agent({ connections: options.perHost });
      return {
        get: (connectTimeoutMs) => {
          asked.push(connectTimeoutMs ?? -1);
          return {
            dispatch: (opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => (dispatched++, agent.dispatch(opts, handler)),
          } as unknown as Agent;
        },
        destroy: async () => {
          destroyed++;
          await agent.destroy();
        },
      };
    },
  });
  assert.deepEqual(report.results.map((r) => r.outcome), ['succeeded', 'succeeded']);
  assert.deepEqual(asked, [-1, 700], 'one get per attempt, with its @connection-timeout');
  assert.equal(dispatched, 2);
  assert.equal(destroyed, 1);
  const pool = new DispatcherPool({ perHost: 1, rejectUnauthorized: true, proxyEnv: undefined, defaultConnectTimeoutMs: 1000 });
  assert.equal(pool.get(null), pool.get(1000), 'the default pool (exported for hosts that wrap it) keys agents by connect timeout');
  await pool.destroy();
});
