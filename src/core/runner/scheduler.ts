// Slots and start tokens: a global cap, a per-origin cap and an optional token bucket
// (one token) spacing starts evenly. Waiters are served in file order as far as the caps
// allow; a waiter whose origin is full steps aside so later requests to other origins go.
// Every operation is O(1) amortised per request. This is what a request in the
// `waitingSlot` state asks (docs/architecture.md).
import type { Clock, TimerHandle } from '../types';
import { IndexHeap, Queue } from './queue';

export interface OriginSlots {
  active: number;
  /**
   * This origin's own cap, below the scheduler's `perHost` (Infinity: none). Seam (adaptive
   * concurrency): a limiter lowers or raises it at run time through `Scheduler.setLimit`.
   */
  limit: number;
  /** Waiters that found this origin full, in arrival order. */
  readonly waiting: Queue<Waiter>;
  /** True while the origin sits in the scheduler's ready list. */
  listed: boolean;
  /** In-flight requests redirected here, waiting for a slot of this origin (they hold a global one). */
  readonly hops: Queue<Hop>;
}

/** A request in flight that follows a redirect into a full origin. */
export interface Hop {
  readonly waiter: Waiter;
  readonly go: () => void;
  cancelled: boolean;
}

export interface Waiter {
  readonly index: number;
  slots: OriginSlots | null;
  /** True once the waiter no longer wants its slot (`Scheduler.withdraw`): it is passed over, never granted. */
  readonly withdrawn?: boolean;
}

/** Told when a queued waiter got its slot (true) or was refused because the run stopped (false). */
export type GrantCallback<W extends Waiter> = (waiter: W, granted: boolean) => void;

export function createOriginSlots(): OriginSlots {
  return { active: 0, limit: Infinity, waiting: new Queue<Waiter>(), listed: false, hops: new Queue<Hop>() };
}

/** The clock's part the scheduler uses (the `@rate` bucket's refill timer). */
export type SchedulerClock = Pick<Clock, 'now' | 'setTimer' | 'clearTimer'>;

function onRefill(s: { refilled(): void }): void {
  s.refilled();
}

export class Scheduler<W extends Waiter = Waiter> {
  private active = 0;
  /** Waiters in file order (first starts arrive in index order). */
  private readonly main = new Queue<W>();
  private lastMainIndex = -Infinity;
  /** Waiters that became ready out of order (dependents, retries): served by index too. */
  private readonly late = new IndexHeap<W>();
  /** Origins with waiters that may have a free slot. */
  private ready: OriginSlots[] = [];
  /** Every origin that ever had a parked waiter. */
  private readonly parked = new Set<OriginSlots>();
  private readonly intervalMs: number;
  private nextTokenAt = -Infinity;
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private concurrency: number,
    private perHost: number,
    ratePerSecond: number | null,
    private readonly clock: SchedulerClock,
    private readonly onGrant: GrantCallback<W>,
  ) {
    this.intervalMs = ratePerSecond && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  }

  /** Most requests in flight at once so far (for tests and reports). */
  peakActive = 0;

  /** Takes a slot (and a token) at once when nothing waits ahead; false means: call `wait`. */
  tryAcquire(w: W): boolean {
    const slots = w.slots!;
    if (this.stopped || this.active >= this.concurrency || this.full(slots)) return false;
    if (this.main.length > 0 || this.late.length > 0 || slots.waiting.length > 0) return false;
    if (!this.takeToken()) return false;
    this.occupy(slots);
    return true;
  }

  /** True when a new waiter could start at once: a free global slot and nobody queued for one. */
  hungry(): boolean {
    return !this.stopped && this.active < this.concurrency && this.main.length === 0 && this.late.length === 0;
  }

  /** Queues the waiter; `onGrant` tells when it may go. */
  wait(w: W): void {
    if (this.stopped) {
      this.onGrant(w, false);
      return;
    }
    if (w.index >= this.lastMainIndex) {
      this.main.push(w);
      this.lastMainIndex = w.index;
    } else {
      this.late.push(w);
    }
    this.pump();
  }

  /**
   * A queued waiter has set `withdrawn` (a `@first` copy no longer needed): it is dropped
   * when it reaches the head of its queue, takes no slot and no token, and the others move up.
   */
  withdraw(): void {
    this.pump();
  }

  release(slots: OriginSlots): void {
    this.active--;
    this.releaseOrigin(slots);
    this.pump();
  }

  /**
   * A request in flight follows a redirect from its origin into `to`: it gives up its slot
   * of the old origin and takes one of `to` (it keeps its global slot). Returns the hop when
   * `to` is full: `go` is called once a slot of `to` passes to it (before any queued start),
   * unless `cancelHop` comes first. Returns null when the slot was taken at once.
   */
  hop(w: W, to: OriginSlots, go: () => void): Hop | null {
    const from = w.slots!;
    w.slots = to;
    this.releaseOrigin(from);
    let hop: Hop | null = null;
    if (!this.full(to)) to.active++;
    else {
      hop = { waiter: w, go, cancelled: false };
      to.hops.push(hop);
    }
    this.pump();
    return hop;
  }

  /**
   * The redirected request ended (timeout, cancel) before it got its slot: it holds its
   * global slot only, which this frees.
   */
  cancelHop(hop: Hop): void {
    hop.cancelled = true;
    this.active--;
    this.pump();
  }

  private releaseOrigin(slots: OriginSlots): void {
    for (let hop = slots.hops.shift(); hop; hop = slots.hops.shift()) {
      if (hop.cancelled) continue;
      // The slot passes straight to the redirected request.
      hop.go();
      return;
    }
    slots.active--;
    if (slots.waiting.length > 0 && !slots.listed) {
      slots.listed = true;
      this.ready.push(slots);
    }
  }

  /**
   * Sets an origin's own cap (adaptive concurrency); a raise lets its waiters start at once,
   * or at the next release when `pump` is false (an attempt's end is being recorded).
   */
  setLimit(slots: OriginSlots, limit: number, pump = true): void {
    slots.limit = limit;
    if (slots.waiting.length > 0 && !slots.listed && !this.full(slots)) {
      slots.listed = true;
      this.ready.push(slots);
    }
    if (pump) this.pump();
  }

  /**
   * Changes the global and per-origin caps at run time (Set Concurrency while a batch runs).
   * A lower cap lets the requests in flight finish and starts nothing until in-flight is below it.
   */
  setCaps(concurrency: number, perHost: number): void {
    this.concurrency = concurrency;
    this.perHost = Math.min(perHost, concurrency);
    for (const slots of this.parked) {
      if (slots.waiting.length > 0 && !slots.listed && !this.full(slots)) {
        slots.listed = true;
        this.ready.push(slots);
      }
    }
    this.pump();
  }

  private full(slots: OriginSlots): boolean {
    return slots.active >= this.perHost || slots.active >= slots.limit;
  }

  /** Refuses every waiter and every later request. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = null;
    const refused = [...this.main.drain(), ...this.late.drain()];
    for (const slots of this.parked) for (const w of slots.waiting.drain()) refused.push(w as W);
    this.ready = [];
    this.parked.clear();
    for (const w of refused) this.onGrant(w, false);
  }

  private occupy(slots: OriginSlots): void {
    this.active++;
    slots.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
  }

  private takeToken(): boolean {
    if (this.intervalMs === 0) return true;
    const now = this.clock.now();
    if (now < this.nextTokenAt) {
      this.arm(this.nextTokenAt - now);
      return false;
    }
    this.nextTokenAt = Math.max(now, this.nextTokenAt) + this.intervalMs;
    return true;
  }

  private arm(delayMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = this.clock.setTimer(Math.max(1, Math.ceil(delayMs)), onRefill, this);
  }

  /** The bucket's timer fired: a token is there again. */
  refilled(): void {
    this.timer = null;
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.active < this.concurrency) {
      const next = this.pick();
      if (!next) return;
      if (!this.takeToken()) return;
      if (next === this.main.peek()) this.main.shift();
      else if (next === this.late.peek()) this.late.pop();
      else next.slots!.waiting.shift();
      this.occupy(next.slots!);
      this.onGrant(next, true);
    }
  }

  /** Moves a waiter whose origin is full (or has waiters already) to that origin's queue. */
  private park(w: W): void {
    const slots = w.slots!;
    slots.waiting.push(w);
    this.parked.add(slots);
    if (!this.full(slots) && !slots.listed) {
      slots.listed = true;
      this.ready.push(slots);
    }
  }

  private startable(w: W): boolean {
    const slots = w.slots!;
    return !this.full(slots) && slots.waiting.length === 0;
  }

  /** The lowest-index waiter that may start now, without removing it. */
  private pick(): W | undefined {
    let head = this.main.peek();
    while (head && (head.withdrawn || !this.startable(head))) {
      const w = this.main.shift()!;
      if (!w.withdrawn) this.park(w);
      head = this.main.peek();
    }
    let late = this.late.peek();
    while (late && (late.withdrawn || !this.startable(late))) {
      const w = this.late.pop()!;
      if (!w.withdrawn) this.park(w);
      late = this.late.peek();
    }
    let best = head;
    if (late && (!best || late.index < best.index)) best = late;
    let keep = 0;
    for (let i = 0; i < this.ready.length; i++) {
      const slots = this.ready[i];
      while (slots.waiting.peek()?.withdrawn) slots.waiting.shift();
      const first = slots.waiting.peek() as W | undefined;
      if (!first || this.full(slots)) {
        slots.listed = false;
        continue;
      }
      this.ready[keep++] = slots;
      if (!best || first.index < best.index) best = first;
    }
    this.ready.length = keep;
    return best;
  }
}
