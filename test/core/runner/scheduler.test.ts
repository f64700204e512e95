import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOriginSlots, Scheduler, type OriginSlots, type Waiter } from '../../../src/core/runner/scheduler';
import { IndexHeap } from '../../../src/core/runner/queue';

const clock = { now: () => performance.now(), date: () => new Date() };

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
