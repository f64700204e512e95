// The adaptive limit's control law as a pure unit (times given by hand, no timer), and the
// per-origin driver (`AdaptiveControl`) with a fake clock: growth, a cut on each overload
// signal, the Retry-After pause, floor and ceiling, recovery after a capacity change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveControl, LimitHistory, MAX_LIMIT_CHANGES, type AdaptiveOrigin, type LimitSink } from '../../../src/core/runner/adaptive';
import { ConnectionRefusedError, ConnectionResetError, TimeoutError, TlsError } from '../../../src/core/runner/errors';
import type { AttemptOutcome } from '../../../src/core/runner/lifecycle';
import { ConcurrencyLimiter, INITIAL_LIMIT, LOSS_BETA, MAX_PAUSE_MS, RATE_LIMIT_BETA, RATE_LIMIT_HOLD_MS } from '../../../src/core/runner/limiter';
import { createOriginSlots, type OriginSlots } from '../../../src/core/runner/scheduler';
import { FakeClock } from '../../support/fake-clock';

/** One round trip of `n` healthy responses sent at `at`, each back after `rtt` ms. */
function round(l: ConcurrencyLimiter, at: number, rtt: number, n = l.limit): void {
  for (let i = 0; i < n; i++) l.success(at, rtt, at + rtt);
}

/** Healthy responses of attempts sent at `at` until the limit is `limit` (whatever the growth per response). */
function growTo(l: ConcurrencyLimiter, limit: number, at: number, rtt = 10): void {
  while (l.limit < limit) l.success(at, rtt, at + rtt);
  assert.equal(l.limit, limit);
}

/**
 * A server that holds `capacity` requests and answers 503 at once above it: each round the
 * limiter's whole limit is sent at `t`; the refusals come back first, then the successes.
 */
function serve(l: ConcurrencyLimiter, t: number, capacity: number, rtt = 10): number {
  const sent = l.limit;
  for (let i = capacity; i < sent; i++) l.loss(t, t + 1, null);
  round(l, t, rtt, Math.min(sent, capacity));
  return t + rtt;
}

test('starts at 4, or at the ceiling when that is lower', () => {
  assert.equal(new ConcurrencyLimiter(256, 0).limit, INITIAL_LIMIT);
  assert.equal(INITIAL_LIMIT, 4);
  assert.equal(new ConcurrencyLimiter(2, 0).limit, 2);
});

test('slow start: +2 a response below 32 (tripling per round trip), then +1 (doubling), while responses are healthy', () => {
  const l = new ConcurrencyLimiter(256, 0);
  const seen = [l.limit];
  for (let r = 0; r < 5; r++) {
    round(l, r * 10, 10);
    seen.push(l.limit);
  }
  assert.deepEqual(seen, [4, 12, 34, 68, 136, 256]); // 12 responses: ten at +2 up to 32, two at +1
});

test('after a cut, slow start back up doubles (+1 a response), even below 32', () => {
  const l = new ConcurrencyLimiter(256, 0);
  growTo(l, 40, 0);
  l.loss(10, 11, null); // to 28 at most; slow start again up to 70 % of 40
  const cut = l.limit;
  assert.ok(cut < 28 + 1, `cut to ${cut}`);
  round(l, 20, 10, 2);
  assert.equal(l.limit, Math.min(cut + 2, 28), '+1 for each of 2 responses');
});

test('the ceiling (MAX or @per-host) is never exceeded; a lower ceiling pulls the limit down', () => {
  const l = new ConcurrencyLimiter(20, 0);
  for (let r = 0; r < 20; r++) round(l, r * 10, 10);
  assert.equal(l.limit, 20);
  l.setCeiling(6);
  assert.equal(l.limit, 6);
  round(l, 1000, 10);
  assert.equal(l.limit, 6);
});

test('a loss cuts at once to at most 70%, once per round: losses of attempts sent before the cut do not cut again', () => {
  const l = new ConcurrencyLimiter(256, 0);
  growTo(l, 64, 30);
  assert.equal(l.loss(40, 45, null), true);
  const cut = l.limit;
  assert.ok(cut <= Math.floor(64 * LOSS_BETA), `cut to ${cut}`);
  assert.equal(l.reason, 'loss');
  for (let i = 0; i < 30; i++) assert.equal(l.loss(41, 46, null), false, 'sent before the cut: the cut is already made');
  assert.equal(l.limit, cut);
  // Successes of attempts sent before the cut do not grow it either.
  round(l, 44, 10, 50);
  assert.equal(l.limit, cut);
  // A loss of an attempt sent after the cut cuts again.
  assert.equal(l.loss(50, 55, null), true);
  assert.ok(l.limit < cut);
});

test('the limit never goes below 1, however many losses', () => {
  const l = new ConcurrencyLimiter(256, 0);
  for (let t = 0; t < 100; t++) l.loss(t, t, null);
  assert.equal(l.limit, 1);
  for (let r = 0; r < 10; r++) round(l, 200 + r * 10, 10);
  assert.ok(l.limit >= 2, 'and grows again from there');
});

test('after a loss the growth is additive: about +1 per round trip near the old limit', () => {
  const l = new ConcurrencyLimiter(256, 0);
  for (let r = 0; r < 3; r++) round(l, r * 10, 10); // 68
  l.loss(30, 31, null); // cut; slow start back to 70 % of 68 = 47 at most
  let t = 40;
  for (let r = 0; r < 10; r++) t = serve(l, t, 1000);
  const a = l.limit;
  for (let r = 0; r < 10; r++) t = serve(l, t, 1000);
  const b = l.limit;
  assert.ok(b > a, `still growing (${a} -> ${b})`);
  assert.ok(b - a <= 10, `additive, not doubling: ${a} -> ${b} in 10 rounds`);
});

test('latency well above the lowest seen (a queue building) cuts by 10%', () => {
  const l = new ConcurrencyLimiter(256, 0);
  for (let r = 0; r < 3; r++) round(l, r * 100, 20); // 68, lowest 20 ms
  let before = l.limit;
  let t = 400;
  let changed = false;
  for (let i = 0; i < 40 && !changed; i++, t += 5) {
    before = l.limit;
    changed = l.success(t, 80, t + 80) && l.reason === 'latency';
  }
  assert.ok(changed, 'a cut for latency');
  assert.equal(l.limit, Math.floor(before * 0.9));
  assert.equal(l.lowestRttMs, 20);
});

test('latency near the lowest seen grows the limit', () => {
  const l = new ConcurrencyLimiter(256, 0);
  for (let r = 0; r < 3; r++) round(l, r * 100, 20);
  const before = l.limit;
  round(l, 400, 30); // within 2x + 10 ms
  assert.ok(l.limit > before);
});

test('Retry-After pauses new starts until then (capped at 60 s) and holds the limit afterwards', () => {
  const l = new ConcurrencyLimiter(256, 0);
  for (let r = 0; r < 3; r++) round(l, r * 10, 10); // 68
  l.loss(30, 35, 2000);
  assert.equal(l.pausedUntilMs, 2035);
  assert.equal(l.paused(2034), true);
  assert.equal(l.paused(2035), false);
  assert.equal(l.reason, 'rate-limited');
  const held = l.limit;
  round(l, 2040, 10, 100);
  assert.equal(l.limit, held, 'no growth while the hold lasts');
  round(l, 2035 + RATE_LIMIT_HOLD_MS + 10, 10, 200);
  assert.ok(l.limit > held, 'slow growth after the hold');
  l.loss(20_000, 20_000, 3_600_000);
  assert.equal(l.pausedUntilMs, 20_000 + MAX_PAUSE_MS);
});

test('a 503 while the server completes about 30 at once cuts to about 30, not to 70 %', () => {
  const l = new ConcurrencyLimiter(256, 0);
  let t = 0;
  for (let r = 0; r < 60; r++) t = serve(l, t, 1000, 10); // grows well past 30
  const l2 = new ConcurrencyLimiter(256, 0);
  l2.set(34, 0);
  for (let t2 = 0; t2 < 1000; t2 += 10) round(l2, t2 + 1, 10, 30); // 30 in flight, all healthy
  l2.set(34, 1000);
  assert.equal(l2.loss(1001, 1001, null, true), true);
  assert.ok(l2.limit >= 28 && l2.limit <= 30, `cut to ${l2.limit}`);
  assert.ok(l.limit > 34, 'control: without refusals it kept growing');
});

test('hard capacity: the limit settles near the capacity and follows it down and up again', () => {
  const l = new ConcurrencyLimiter(256, 0);
  let t = 0;
  const limits: number[] = [];
  for (let r = 0; r < 100; r++) {
    t = serve(l, t, 32);
    limits.push(l.limit);
  }
  const tail = limits.slice(-50);
  assert.ok(Math.max(...tail) <= 34, `stays near 32, max ${Math.max(...tail)}`);
  assert.ok(tail.reduce((a, b) => a + b, 0) / tail.length >= 32 * 0.75, `uses most of it: ${tail.join(',')}`);
  // The server loses capacity: the limit follows within a few rounds.
  for (let r = 0; r < 10; r++) t = serve(l, t, 8);
  assert.ok(l.limit <= 9, `down to the new capacity: ${l.limit}`);
  // Capacity comes back: the limit grows to it again.
  for (let r = 0; r < 200; r++) t = serve(l, t, 40);
  assert.ok(l.limit >= 30, `back up: ${l.limit}`);
});

// --- AdaptiveControl: the signals of real outcomes ----------------------------------------

interface Recorded {
  caps: number[];
  events: Array<{ limit: number; reason: string; pausedMs: number }>;
}

function control(ceiling = 256): { c: AdaptiveControl; clock: FakeClock; origin: AdaptiveOrigin & OriginSlots; rec: Recorded } {
  const clock = new FakeClock();
  const rec: Recorded = { caps: [], events: [] };
  const origin = { ...createOriginSlots(), origin: 'http://api' };
  const sink: LimitSink = {
    setOriginCap: (slots, cap) => {
      slots.limit = cap;
      rec.caps.push(cap);
    },
    limitChanged: (_o, limit, reason, pausedMs) => rec.events.push({ limit, reason, pausedMs }),
    elapsed: () => clock.now(),
    wallNow: () => clock.date().getTime(),
  };
  const c = new AdaptiveControl(ceiling, clock, sink);
  c.attach(origin);
  return { c, clock, origin, rec };
}

const response = (status: number, headers: Record<string, string> = {}, startMs = 0, endMs = 10): AttemptOutcome => ({
  kind: 'response', status, headers, body: null, bodyBytes: 0, truncated: false, startMs, ttfbMs: endMs - startMs, endMs,
});

const failure = (error: import('../../../src/core/runner/errors').RunError): AttemptOutcome => ({ kind: 'failure', error, bodyBytes: 0, startMs: 0, ttfbMs: null, endMs: 10 });

test('attach: the origin starts capped at 4 and the start is announced', () => {
  const { origin, rec } = control();
  assert.equal(origin.limit, 4);
  assert.deepEqual(rec.events, [{ limit: 4, reason: 'start', pausedMs: 0 }]);
});

for (const [name, outcome] of [
  ['429', response(429)],
  ['503', response(503)],
  ['a timeout', failure(new TimeoutError('timed out'))],
  ['a connection refused', failure(new ConnectionRefusedError('refused'))],
  ['a connection reset', failure(new ConnectionResetError('reset'))],
] as const) {
  test(`${name} is a loss: the limit is cut at once`, () => {
    const { c, clock, origin } = control();
    clock.advance(50);
    while (origin.limit < 16) c.record(origin, response(200, {}, 0, 10));
    assert.equal(origin.limit, 16);
    clock.advance(5);
    c.record(origin, { ...outcome, startMs: 20 } as AttemptOutcome);
    // A status refusal cuts to the goodput estimate within 70-90 %; a timeout or a dropped connection to 70 % at most.
    const most = outcome.kind === 'response' ? Math.floor(16 * 0.9) : Math.floor(16 * LOSS_BETA);
    assert.ok(origin.limit <= most && origin.limit >= 1, `cut to ${origin.limit}`);
    assert.ok(origin.limit < 16);
  });
}

test('other statuses and failures (404, 500, TLS) do not cut', () => {
  const { c, clock, origin } = control();
  clock.advance(50);
  c.record(origin, response(404, {}, 20, 30));
  c.record(origin, response(500, {}, 20, 30));
  c.record(origin, failure(new TlsError('bad cert')));
  assert.ok(origin.limit >= 4);
});

test('a 429 with Retry-After sets the cap to 0 until then, then back to the limit', () => {
  const { c, clock, origin, rec } = control();
  clock.advance(100);
  c.record(origin, response(429, { 'retry-after': '2' }, 90, 100));
  assert.equal(origin.limit, 0, 'paused');
  assert.ok(rec.events.some((e) => e.pausedMs === 2000), 'the pause is announced');
  clock.advance(1999);
  assert.equal(origin.limit, 0);
  clock.advance(1);
  assert.ok(origin.limit >= 1, `resumed at ${origin.limit}`);
  assert.deepEqual(clock.pending(), []);
});

test('a runtime switch to a fixed number lifts the caps and ends the pause', () => {
  const { c, clock, origin } = control();
  clock.advance(100);
  c.record(origin, response(503, { 'retry-after': '30' }, 90, 100));
  assert.equal(origin.limit, 0);
  c.detachAll(16);
  assert.equal(origin.limit, Infinity);
  assert.deepEqual(clock.pending(), [], 'the pause timer is cleared');
  const summary = c.summary()!['http://api']!;
  assert.equal(summary.final, 16);
});

test('the history keeps final, min and max exact and at most 1,000 changes, the last one included', () => {
  const h = new LimitHistory(0, 4);
  for (let i = 1; i <= 5000; i++) h.add(i, (i % 50) + 1);
  h.add(5001, 7);
  const j = h.toJson();
  assert.ok(j.changes.length <= MAX_LIMIT_CHANGES, `${j.changes.length}`);
  assert.ok(j.changes.length >= MAX_LIMIT_CHANGES / 2);
  assert.deepEqual(j.changes[0], [0, 4]);
  assert.deepEqual(j.changes[j.changes.length - 1], [5001, 7]);
  assert.equal(j.final, 7);
  assert.equal(j.min, 1);
  assert.equal(j.max, 50);
  for (let i = 1; i < j.changes.length; i++) assert.ok(j.changes[i]![0] >= j.changes[i - 1]![0], 'in time order');
});

test('a second Retry-After while the first one holds the limit halves it (the first cut trusted a burst)', () => {
  const l = new ConcurrencyLimiter(256, 0);
  l.set(20, 0);
  // Healthy for a second at 20 in flight: the goodput estimate says about 20.
  for (let t = 10; t <= 1000; t += 10) round(l, t, 10, 20);
  l.loss(1000, 1005, 1000, true);
  const first = l.limit;
  assert.equal(l.reason, 'rate-limited');
  assert.ok(first > 8, `the first cut keeps more than half of it: ${first}`);
  // After the pause, at the cut limit and busy (the estimate reads high again), refused again
  // within the hold: half of it, not the estimate.
  for (let t = 2010; t <= 2110; t += 25) round(l, t, 25, first);
  l.loss(2120, 2140, 1000, true);
  assert.equal(l.limit, Math.floor(first * RATE_LIMIT_BETA));
  assert.equal(l.reason, 'rate-limited');
  // Past the hold a Retry-After is a first one again: the estimate decides, not the halving.
  const l2 = new ConcurrencyLimiter(256, 0);
  l2.set(20, 0);
  for (let t = 10; t <= 1000; t += 10) round(l2, t, 10, 20);
  l2.loss(1000, 1005, 1000, true);
  const at = l2.limit;
  const late = 2005 + RATE_LIMIT_HOLD_MS + 10;
  for (let t = late - 1000; t <= late; t += 10) round(l2, t, 10, at);
  l2.loss(late, late + 5, 1000, true);
  assert.ok(l2.limit > Math.floor(at * RATE_LIMIT_BETA), `${l2.limit} after ${at}`);
});
