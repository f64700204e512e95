import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOriginSlots, Scheduler, type OriginSlots, type Waiter } from '../../../src/core/runner/scheduler';
import { IndexHeap } from '../../../src/core/runner/queue';
import { createSystemClock } from '../../../src/core/system';

const clock = createSystemClock();

function setup(concurrency: number, perHost: number) {
  const granted: number[] = [];
  const refused: number[] = [];
  const s = new Scheduler<Waiter>(concurrency, perHost, null, clock, (w, ok) => (ok ? granted : refused).push(w.index));
  const w = (index: number, slots: OriginSlots): Waiter => ({ index, slots });
  const enter = (x: Waiter): void => {
    if (s.tryAcquire(x)) granted.push(x.index);
    else s.wait(x);
  };
  return { s, granted, refused, w, enter };
}

test('the global and per-origin caps hold; a full origin does not hold back others', () => {
  const { s, granted, w, enter } = setup(3, 2);
  const a = createOriginSlots();
  const b = createOriginSlots();
  for (const x of [w(0, a), w(1, a), w(2, a), w(3, a), w(4, b), w(5, b)]) enter(x);
  assert.deepEqual(granted, [0, 1, 4], 'A capped at 2; B takes the third global slot');
  s.release(a);
  assert.deepEqual(granted, [0, 1, 4, 2]);
  s.release(b);
  assert.deepEqual(granted, [0, 1, 4, 2, 5], 'B next, A still at its cap');
  assert.equal(s.peakActive, 3);
});

test('late arrivals (dependents, retries) go before later requests, in index order', () => {
  const { s, granted, w, enter } = setup(1, 1);
  const a = createOriginSlots();
  for (const i of [0, 10, 11, 12]) enter(w(i, a));
  enter(w(3, a)); // e.g. dependents of request 0 that became ready
  enter(w(2, a));
  assert.deepEqual(granted, [0]);
  for (let i = 0; i < 5; i++) s.release(a);
  assert.deepEqual(granted, [0, 2, 3, 10, 11, 12]);
});

test('stop refuses every waiter, parked ones included, and every later one', () => {
  const { s, granted, refused, w, enter } = setup(2, 1);
  const a = createOriginSlots();
  const b = createOriginSlots();
  for (const x of [w(0, a), w(1, a), w(2, b), w(3, b), w(4, a)]) enter(x);
  assert.deepEqual(granted, [0, 2]);
  s.stop();
  assert.deepEqual(refused.sort(), [1, 3, 4]);
  enter(w(5, b));
  assert.deepEqual(refused.sort(), [1, 3, 4, 5]);
});

test('IndexHeap pops in index order', () => {
  const h = new IndexHeap<{ index: number }>();
  for (const i of [5, 1, 9, 3, 7, 0, 8]) h.push({ index: i });
  const out: number[] = [];
  while (h.length) out.push(h.pop()!.index);
  assert.deepEqual(out, [0, 1, 3, 5, 7, 8, 9]);
});

test('a redirect into a full origin waits for its slot, gets it before queued starts, and frees the old one', () => {
  const { s, granted, w, enter } = setup(4, 1);
  const a = createOriginSlots();
  const b = createOriginSlots();
  const onA = w(0, a);
  const onB = w(1, b);
  enter(onA);
  enter(onB);
  enter(w(2, b)); // queued: B is full
  enter(w(3, a)); // queued: A is full
  assert.deepEqual(granted, [0, 1]);
  const hopped: number[] = [];
  const hop = s.hop(onA, b, () => hopped.push(0));
  assert.ok(hop, 'B is full: the redirect waits');
  assert.equal(onA.slots, b);
  assert.deepEqual(granted, [0, 1, 3], 'the slot of A it left went to the next request to A');
  assert.equal(b.active, 1);
  s.release(b); // request 1 ends: B's slot passes to the redirect, not to queued request 2
  assert.deepEqual(hopped, [0]);
  assert.deepEqual(granted, [0, 1, 3]);
  assert.equal(b.active, 1);
  s.release(b); // the redirected request ends
  assert.deepEqual(granted, [0, 1, 3, 2]);
  assert.equal(b.active, 1);
});

test('a redirect that ends while waiting frees its global slot only; a free origin is taken at once', () => {
  const { s, granted, w, enter } = setup(2, 1);
  const a = createOriginSlots();
  const b = createOriginSlots();
  const c = createOriginSlots();
  const first = w(0, a);
  enter(first);
  enter(w(1, b));
  const onC = w(2, c);
  enter(onC); // global cap 2: queued
  const hop = s.hop(first, b, () => assert.fail('never resumed'));
  assert.ok(hop);
  assert.equal(a.active, 0);
  s.cancelHop(hop);
  assert.deepEqual(granted, [0, 1, 2], 'its global slot went to request 2');
  s.release(b);
  assert.equal(b.active, 0, 'the cancelled redirect does not take the slot');
  const d = createOriginSlots();
  assert.equal(s.hop(onC, d, () => assert.fail('not called')), null, 'D is free: no wait');
  assert.equal(d.active, 1);
  assert.equal(c.active, 0);
});

test('an origin limit below perHost holds; raising it at run time lets its waiters start at once', () => {
  const { s, granted, w, enter } = setup(10, 4);
  const a = createOriginSlots();
  const b = createOriginSlots();
  s.setLimit(a, 1);
  for (const x of [w(0, a), w(1, a), w(2, a), w(3, b)]) enter(x);
  assert.deepEqual(granted, [0, 3], 'A at its own limit of 1; B only under perHost');
  s.setLimit(a, 3);
  assert.deepEqual(granted, [0, 3, 1, 2], 'the raise starts the parked waiters of A in index order');
  s.setLimit(a, 1);
  enter(w(4, a));
  s.release(a);
  s.release(a);
  assert.deepEqual(granted, [0, 3, 1, 2], 'after a lowering, A stays full until it is under the new limit');
  s.release(a);
  assert.deepEqual(granted, [0, 3, 1, 2, 4]);
});

test('the @rate bucket waits on the clock it is given', () => {
  const timers: number[] = [];
  let now = 0;
  let fire: (() => void) | null = null;
  const clock = {
    now: () => now,
    setTimer: <A>(ms: number, fn: (arg: A) => void, arg: A) => {
      timers.push(ms);
      fire = () => fn(arg);
      return {};
    },
    clearTimer: () => {},
  };
  const granted: number[] = [];
  const s = new Scheduler<Waiter>(10, 10, 2, clock, (x, ok) => ok && granted.push(x.index));
  const a = createOriginSlots();
  for (const i of [0, 1]) {
    const x = { index: i, slots: a };
    if (s.tryAcquire(x)) granted.push(i);
    else s.wait(x);
  }
  assert.deepEqual(granted, [0], 'one token at 2/s');
  assert.deepEqual(timers, [500], 'the refill is a timer of the given clock');
  now = 500;
  fire!();
  assert.deepEqual(granted, [0, 1]);
});
