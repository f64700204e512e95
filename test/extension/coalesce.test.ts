import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer, Debouncer, settle, type TimerHost } from '../../src/extension/model/coalesce';

/** A manual clock: timers fire only when the test advances time. */
function fakeTimers(): TimerHost & { advance(ms: number): void; pending(): number } {
  let now = 1000;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...timers.entries()].filter(([, t]) => t.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

test('20,000 changes over a second flush at most once per 100 ms, and every key is delivered', () => {
  const t = fakeTimers();
  const flushes: number[][] = [];
  const times: number[] = [];
  const c = new Coalescer<number>((keys) => {
    flushes.push([...keys]);
    times.push(t.now());
  }, 100, t);
  for (let i = 0; i < 20_000; i++) {
    c.add(i % 50);
    if (i % 20 === 0) t.advance(1);
  }
  t.advance(200);
  assert.ok(flushes.length <= 12 && flushes.length >= 5, `flushed ${flushes.length} times`);
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 100, `flushes ${i - 1} and ${i} are ${times[i]! - times[i - 1]!} ms apart`);
  assert.deepEqual(new Set(flushes.flat()), new Set(Array.from({ length: 50 }, (_, i) => i)));
  assert.ok(flushes.every((f) => f.length > 0));
});

test('the first change after a quiet period flushes on the next tick; flushNow delivers pending keys', () => {
  const t = fakeTimers();
  const flushes: string[][] = [];
  const c = new Coalescer<string>((keys) => flushes.push([...keys]), 100, t);
  c.add('a');
  t.advance(0);
  assert.deepEqual(flushes, [['a']]);
  c.add('b');
  c.add('c');
  assert.equal(flushes.length, 1, 'held back within the interval');
  c.flushNow();
  assert.deepEqual(flushes[1], ['b', 'c']);
  assert.equal(t.pending(), 0);
  c.add('d');
  c.dispose();
  t.advance(500);
  assert.equal(flushes.length, 2, 'nothing after dispose');
  assert.equal(t.pending(), 0);
});

test('the debouncer runs once per key after the last trigger', () => {
  const t = fakeTimers();
  const calls: string[] = [];
  const d = new Debouncer<string>((k) => calls.push(k), 300, t);
  d.trigger('a');
  t.advance(200);
  d.trigger('a');
  d.trigger('b');
  t.advance(299);
  assert.deepEqual(calls, []);
  t.advance(1);
  assert.deepEqual(calls.sort(), ['a', 'b']);
  d.trigger('c');
  d.dispose();
  t.advance(1000);
  assert.deepEqual(calls.sort(), ['a', 'b']);
});

/**
 * Timers as Node runs them: a turn runs the timers due when it begins; a timer added during a
 * turn (even with 0 ms) waits for the next one. Promise callbacks run between turns.
 */
function turnTimers(): TimerHost & { turn(): Promise<void> } {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(1, ms), fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    async turn() {
      const next = Math.min(...[...timers.values()].map((x) => x.at));
      if (Number.isFinite(next)) now = Math.max(now, next);
      const due = [...timers.entries()].filter(([, x]) => x.at <= now).sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
      for (const [id, x] of due) {
        timers.delete(id);
        x.fn();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

test('settle waits its time and one more timer turn: what the timers of its turn scheduled runs first', async () => {
  const t = turnTimers();
  const order: string[] = [];
  // As VS Code's status bar: an update deferred to a timer (due in the same turn as settle's
  // wait ends), whose message goes to the window from a timer of its own.
  t.setTimeout(() => {
    order.push('status bar update');
    t.setTimeout(() => order.push('message sent'), 0);
  }, 15);
  let settled = false;
  void settle(15, t).then(() => {
    settled = true;
    order.push('batch starts');
  });
  for (let i = 0; i < 5 && !settled; i++) await t.turn();
  assert.equal(t.now(), 16, 'settled after its 15 ms and one more turn');
  assert.deepEqual(order, ['status bar update', 'message sent', 'batch starts']);
});

test('settle on the system timers resolves', async () => {
  await settle(1);
  assert.ok(true);
});
