// The event stream never shows more requests in flight than the concurrency cap, retries
// included: an attempt's `retrying` or `finished` event comes before its slot goes to
// another request (src/core/runner/run.ts, onSettled and the retry loop).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import type { RunEvent } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { query, sendJson, withServer } from '../../support/server';

/** The most attempts in flight at once, counted from the events alone. */
function maxInFlightFromEvents(events: readonly RunEvent[]): { max: number; trail: string[] } {
  let inFlight = 0;
  let max = 0;
  const trail: string[] = [];
  for (const e of events) {
    if (e.type === 'started') inFlight++;
    else if (e.type === 'retrying' || e.type === 'finished') inFlight--;
    else continue;
    trail.push(`${e.type} ${e.index}${e.type === 'started' ? ` (attempt ${e.attempt})` : ''} -> ${inFlight}`);
    max = Math.max(max, inFlight);
  }
  return { max, trail };
}

for (const concurrency of [1, 4]) {
  test(`concurrency ${concurrency} with retries: started minus (retrying + finished) never exceeds the cap`, async (t) => {
    // Per key: every third answers 503 once then 200; every seventh (from 1) always 503.
    const calls = new Map<number, number>();
    const server = await withServer(t, (req, res) => {
      const key = Number(query(req, 'k'));
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      const busy = key % 7 === 1 || (key % 3 === 0 && n === 1);
      sendJson(res, busy ? 503 : 200, { key, n });
    });
    const requests = Array.from({ length: 40 }, (_, k) => ({ url: `${server.url}/item?k=${k}`, retries: 2 }));
    const events: RunEvent[] = [];
    const report = await runBatch(makePlan(requests, { concurrency, retries: 2 }), {
      onEvent: (e) => events.push(e),
      random: () => 0,
    });
    const alwaysBusy = requests.filter((_, k) => k % 7 === 1).length;
    assert.equal(report.summary.failed, alwaysBusy);
    assert.equal(report.summary.succeeded, 40 - alwaysBusy);
    for (const r of report.results) {
      const k = r.index;
      assert.equal(r.attempts, k % 7 === 1 ? 3 : k % 3 === 0 ? 2 : 1, `attempts of request ${k}`);
    }
    const started = events.filter((e) => e.type === 'started').length;
    const retrying = events.filter((e) => e.type === 'retrying').length;
    const finished = events.filter((e) => e.type === 'finished').length;
    assert.equal(started, retrying + finished, 'every attempt is closed by a retrying or finished event');
    assert.equal(finished, 40);
    const { max, trail } = maxInFlightFromEvents(events);
    assert.ok(max <= concurrency, `in flight by the events reached ${max} (cap ${concurrency}):\n${trail.join('\n')}`);
    assert.ok(server.maxInFlight <= concurrency, `server saw ${server.maxInFlight} at once`);
  });
}
