// Cancellation at random moments: 100 seeded trials, each aborting a small mixed batch at a
// random time. No result is lost or doubled, nothing starts after the cancel, the run
// resolves promptly, and the server sees no request still running afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { batchFile, type BlockSpec } from '../support/behaviours';
import { start, type HostileServer } from '../support/hostile-server';
import { createRng, deriveSeed } from '../support/prng';
import { invariantProblems, planFor, runWatched, workspace } from '../support/run-harness';
import { resourceCounts, waitForNoLeaks, type ResourceCounts } from '../support/resources';
import type { BatchPlan } from '../../src/core/types';

const SEED = Number(process.env.BH_CANCEL_SEED ?? 77);
const TRIALS = 100;
const PER_TRIAL = 16;

let server: HostileServer;
let baseline: ResourceCounts;

before(async () => {
  baseline = resourceCounts();
  server = await start();
});

after(async () => {
  await server.close();
  assert.deepEqual(await waitForNoLeaks(baseline), []);
});

function trialBlocks(seed: number, trial: number): BlockSpec[] {
  const rng = createRng(seed);
  return Array.from({ length: PER_TRIAL }, (_, i) => {
    const key = `c${trial}-${i}`;
    return rng.weighted<BlockSpec>([
      [4, { url: `${server.url}/ok` }],
      [4, { url: `${server.url}/delay?ms=${rng.int(0, 120)}` }],
      [2, { url: `${server.url}/hang` }],
      [2, { url: `${server.url}/drip?bytes=40&ms=5` }],
      [2, { url: `${server.url}/flaky503?key=${key}`, directives: ['retries 2'] }],
      [1, { url: `${server.url}/retry-after?key=${key}&s=1`, directives: ['retries 1'] }],
      [1, { url: `${server.url}/big?mb=5` }],
    ]);
  });
}

async function waitIdle(s: HostileServer, ms: number): Promise<number> {
  const until = Date.now() + ms;
  while (s.stats().inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return s.stats().inFlight;
}

test(`${TRIALS} cancellations at random moments (seed ${SEED})`, { timeout: 120_000 }, async (t) => {
  const problems: string[] = [];
  let abortedTrials = 0;
  let cancelledResults = 0;
  let finishedResults = 0;
  for (let trial = 0; trial < TRIALS && problems.length === 0; trial++) {
    const seed = deriveSeed(SEED, trial);
    const rng = createRng(seed ^ 0x5bd1e995);
    const ws = await workspace(batchFile(['concurrency 4', 'timeout 2s'], trialBlocks(seed, trial)));
    let plan: BatchPlan;
    try {
      plan = await planFor(ws);
    } finally {
      await ws.dispose();
    }
    const controller = new AbortController();
    const abortAfter = rng.int(0, 100);
    let aborted = false;
    const startsAfterCancel: number[] = [];
    const timer = setTimeout(() => {
      aborted = true;
      controller.abort();
    }, abortAfter);
    const t0 = performance.now();
    const run = await runWatched(plan, {
      signal: controller.signal,
      onEvent: (e) => {
        if (aborted && e.type === 'started') startsAfterCancel.push(e.index);
      },
    }).finally(() => clearTimeout(timer));
    const tag = `trial ${trial} (seed ${SEED}, abort at ${abortAfter} ms)`;
    problems.push(...invariantProblems(plan, run).map((p) => `${tag}: ${p}`));
    if (startsAfterCancel.length) problems.push(`${tag}: requests ${startsAfterCancel.join(',')} started after the cancel`);
    if (aborted) {
      abortedTrials++;
      cancelledResults += run.report.summary.cancelled;
      finishedResults += run.report.summary.succeeded + run.report.summary.failed;
      const lateMs = performance.now() - t0 - abortAfter;
      if (lateMs > 5000) problems.push(`${tag}: resolved ${Math.round(lateMs)} ms after the cancel`);
      for (const r of run.report.results) {
        if (r.outcome === 'cancelled' && r.error?.code !== 'CANCELLED') problems.push(`${tag}: #${r.index} cancelled with ${r.error?.code}`);
        if (r.outcome === 'skipped') problems.push(`${tag}: #${r.index} skipped though nothing depends on anything`);
      }
      if (!run.report.results.some((r) => r.outcome === 'cancelled') && run.report.results.some((r) => r.endedAtMs > abortAfter + 500)) {
        problems.push(`${tag}: nothing was cancelled though requests ran on long after the cancel`);
      }
    }
    const left = await waitIdle(server, 2000);
    if (left > 0) problems.push(`${tag}: ${left} requests still running on the server after the run`);
  }
  t.diagnostic(`${abortedTrials} trials cancelled mid-run: ${cancelledResults} results cancelled, ${finishedResults} finished before the cancel`);
  assert.deepEqual(problems, []);
  assert.ok(abortedTrials >= TRIALS / 2, 'most trials were cancelled while requests ran');
  assert.ok(cancelledResults > 0 && finishedResults > 0, 'cancels fell both before and after requests ended');
});
