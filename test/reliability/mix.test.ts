// A seeded random mix of 5,000 requests over every hostile behaviour at concurrency 64:
// one result each with the spec's code, caps held, within the deadline, memory bounded
// while two 200 MB bodies stream, no unhandled error and nothing left open.
// Reproduce a failure with BH_MIX_SEED=<seed> (the seed is in the failure message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BEHAVIOURS, batchFile, type Behaviour, type BlockSpec } from '../support/behaviours';
import { start, type HostileServer } from '../support/hostile-server';
import { createRng } from '../support/prng';
import { invariantProblems, planFor, runWatched, workspace } from '../support/run-harness';
import { resourceCounts, waitForNoLeaks } from '../support/resources';

const SEED = Number(process.env.BH_MIX_SEED ?? 20261122);
const TOTAL = 5000;
const MIB = 1024 * 1024;
const CAP = 64 * 1024;
const DEADLINE_MS = 90_000;

const BIG: Behaviour = {
  name: 'big-200mb',
  url: (s) => `${s.url}/big?mb=200`,
  directives: ['timeout 60s'],
  code: null,
  tripsCircuit: false,
  weight: 0,
};

test(`random mix of ${TOTAL} requests at concurrency 64 (seed ${SEED})`, { timeout: 150_000 }, async (t) => {
  const baseline = resourceCounts();
  const rng = createRng(SEED);
  // One server per behaviour: each failure mode trips only its own origin's circuit.
  const servers = new Map<string, HostileServer>();
  try {
    for (const b of [...BEHAVIOURS, BIG]) servers.set(b.name, await start({ tls: Boolean(b.tls) }));
    const chosen: Behaviour[] = [];
    for (let i = 0; i < TOTAL; i++) chosen.push(rng.weighted(BEHAVIOURS.map((b) => [b.weight, b] as const)));
    chosen[rng.int(0, TOTAL / 2)] = BIG;
    chosen[rng.int(TOTAL / 2, TOTAL - 1)] = BIG;
    const blocks: BlockSpec[] = chosen.map((b, i) => ({
      url: b.url(servers.get(b.name)!, `m${i}`),
      directives: b.directives,
      headers: b.headers,
      title: `${b.name} ${i}`,
    }));
    const ws = await workspace(batchFile(['concurrency 64', 'timeout 15s', 'retries 1', `deadline ${DEADLINE_MS / 1000}s`], blocks));
    try {
      const plan = await planFor(ws);
      assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.equal(plan.requests.length, TOTAL);
      assert.equal(plan.settings.concurrency, 64);

      const run = await runWatched(plan, { maxBodyBytes: CAP });
      const problems = invariantProblems(plan, run);
      const byCode = new Map<string, number>();
      const ownCode = new Set<string>();
      for (const r of run.report.results) {
        const b = chosen[r.index];
        const code = r.error?.code ?? null;
        byCode.set(`${b.name}:${code ?? 'ok'}`, (byCode.get(`${b.name}:${code ?? 'ok'}`) ?? 0) + 1);
        const allowed: (string | null)[] = b.code === null ? [null] : b.tripsCircuit ? [b.code, 'CIRCUIT_OPEN'] : [b.code];
        if (!allowed.includes(code)) problems.push(`#${r.index} ${b.name}: got ${code} (${r.error?.message}), expected ${allowed.join(' or ')}`);
        // Attempts show the behaviour's own code even when the circuit decided the final one.
        for (const a of r.attemptLog) {
          if (a.errorCode !== null && !allowed.includes(a.errorCode)) problems.push(`#${r.index} ${b.name}: attempt ${a.attempt} failed with ${a.errorCode}`);
          if (a.errorCode === b.code) ownCode.add(b.name);
        }
        if (r.body && r.body.length > CAP) problems.push(`#${r.index}: kept ${r.body.length} bytes over the cap`);
        if (b === BIG && r.bodyBytes !== 200 * MIB) problems.push(`#${r.index}: read ${r.bodyBytes} of 200 MiB`);
        if (b.name === 'redirect-other') {
          const got = servers.get(b.name)!.received(`m${r.index}`);
          if (got.some((x) => x.headers.some(([n]) => /^(authorization|cookie)$/i.test(n)))) {
            problems.push(`#${r.index}: Authorization or Cookie reached the other origin`);
          }
        }
      }
      t.diagnostic(`${Math.round(run.wallMs)} ms, ${run.maxInFlight} attempts at once at most, rss +${Math.round(run.peakRssGrowth / MIB)} MiB`);
      t.diagnostic(`outcomes: ${JSON.stringify(Object.fromEntries([...byCode].sort()))}`);
      for (const b of BEHAVIOURS) {
        if (b.code !== null && chosen.includes(b) && !ownCode.has(b.name)) problems.push(`${b.name}: no attempt failed with ${b.code}`);
      }
      assert.deepEqual(problems.slice(0, 30), [], `seed ${SEED}; outcomes: ${JSON.stringify(Object.fromEntries(byCode))}`);
      assert.ok(run.wallMs < DEADLINE_MS, `the run took ${Math.round(run.wallMs)} ms, past its deadline`);
      assert.ok(run.peakRssGrowth < 400 * MIB, `rss grew by ${Math.round(run.peakRssGrowth / MIB)} MiB`);
      assert.ok(run.maxInFlight > 8, `concurrency was used (${run.maxInFlight} at once)`);
    } finally {
      await ws.dispose();
    }
  } finally {
    for (const s of servers.values()) await s.close();
  }
  assert.deepEqual(await waitForNoLeaks(baseline), [], 'no socket, server or timer left open');
});
