// A manual Clock for runner tests: time moves only when the test calls `advance`, and every
// timer set through it is visible (`pending`). No real timer is ever set.
import type { Clock, TimerHandle } from '../../src/core/types';

interface FakeTimer extends TimerHandle {
  readonly id: number;
  readonly at: number;
  readonly delayMs: number;
  readonly fire: () => void;
}

export class FakeClock implements Clock {
  private nowMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();
  /** Every delay ever asked for, in order. */
  readonly requested: number[] = [];

  constructor(private readonly wallStartMs = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.nowMs;
  }

  date(): Date {
    return new Date(this.wallStartMs + this.nowMs);
  }

  setTimer<A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle {
    const timer: FakeTimer = { id: this.nextId++, at: this.nowMs + ms, delayMs: ms, fire: () => fn(arg) };
    this.timers.set(timer.id, timer);
    this.requested.push(ms);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete((handle as FakeTimer).id);
  }

  /** Delays of the timers not fired yet, in the order they were set. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.delayMs);
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in time order. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      let next: FakeTimer | null = null;
      for (const t of this.timers.values()) if (t.at <= end && (!next || t.at < next.at)) next = t;
      if (!next) break;
      this.timers.delete(next.id);
      this.nowMs = next.at;
      next.fire();
    }
    this.nowMs = end;
  }
}
