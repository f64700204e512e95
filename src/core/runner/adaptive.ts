// Adaptive concurrency in a run: one `ConcurrencyLimiter` per origin, fed every attempt's
// outcome by `Origins.recordAttempt`. Each change of an origin's limit sets its cap in the
// scheduler (a start waits for it in `waitingSlot`, as for any slot), is announced on the
// event stream, and is kept for `summary.concurrency`. A Retry-After pause is a cap of 0
// until a clock timer restores the limit.
import type { OriginConcurrency } from '../types';
import type { AttemptOutcome } from './lifecycle';
import { ConcurrencyLimiter, type LimitReason } from './limiter';
import { parseRetryAfter } from './retry-policy';
import type { OriginSlots, SchedulerClock } from './scheduler';
import type { TimerHandle } from '../types';

/** Most `[ms, limit]` pairs kept per origin (format spec, section 9). */
export const MAX_LIMIT_CHANGES = 1000;

/** What the run does with a new limit: the scheduler's cap and the event stream. */
export interface LimitSink {
  /** Sets the origin's cap in the scheduler (0 while paused). */
  setOriginCap(slots: OriginSlots, cap: number): void;
  limitChanged(origin: string, limit: number, reason: LimitReason, pausedMs: number): void;
  elapsed(): number;
  wallNow(): number;
}

/** An origin under adaptive control, as `AdaptiveControl` sees it. */
export interface AdaptiveOrigin extends OriginSlots {
  readonly origin: string;
}

/** Final, lowest and highest limit of one origin and its changes, thinned to at most 1,000. */
export class LimitHistory {
  min: number;
  max: number;
  final: number;
  private changes: Array<[number, number]>;
  /** Keep every `stride`-th change once the list is full (halved each time it fills). */
  private stride = 1;
  private seen = 0;

  constructor(atMs: number, limit: number) {
    this.min = this.max = this.final = limit;
    this.changes = [[round(atMs), limit]];
  }

  add(atMs: number, limit: number): void {
    this.final = limit;
    if (limit < this.min) this.min = limit;
    if (limit > this.max) this.max = limit;
    this.seen++;
    if (this.seen % this.stride !== 0) {
      this.changes[this.changes.length - 1] = [round(atMs), limit]; // the latest stays visible
      return;
    }
    this.changes.push([round(atMs), limit]);
    if (this.changes.length > MAX_LIMIT_CHANGES) {
      this.changes = this.changes.filter((_, i) => i % 2 === 0 || i === this.changes.length - 1);
      this.stride *= 2;
    }
  }

  toJson(): OriginConcurrency {
    return { final: this.final, min: this.min, max: this.max, changes: this.changes.map((c) => [c[0], c[1]]) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

interface Controlled {
  readonly slots: AdaptiveOrigin;
  readonly limiter: ConcurrencyLimiter;
  readonly history: LimitHistory;
  timer: TimerHandle | null;
}

function onPauseEnd(c: { control: AdaptiveControl; entry: Controlled }): void {
  c.control.pauseEnded(c.entry);
}

const LOSS_CODES = new Set(['TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_RESET']);

export class AdaptiveControl {
  private readonly byOrigin = new Map<AdaptiveOrigin, Controlled>();
  private readonly histories = new Map<string, LimitHistory>();

  constructor(
    private ceiling: number,
    private readonly clock: SchedulerClock,
    private readonly sink: LimitSink,
  ) {}

  /** Puts an origin under control: its cap becomes the limiter's starting limit. */
  attach(slots: AdaptiveOrigin): void {
    if (this.byOrigin.has(slots)) return;
    const now = this.sink.elapsed();
    const limiter = new ConcurrencyLimiter(this.ceiling, now);
    let history = this.histories.get(slots.origin);
    if (history) history.add(now, limiter.limit);
    else this.histories.set(slots.origin, (history = new LimitHistory(now, limiter.limit)));
    const entry: Controlled = { slots, limiter, history, timer: null };
    this.byOrigin.set(slots, entry);
    this.sink.setOriginCap(slots, limiter.limit);
    this.sink.limitChanged(slots.origin, limiter.limit, 'start', 0);
  }

  /** The cap under which every limit stays (MAX and @per-host); a runtime change may lower it. */
  setCeiling(ceiling: number): void {
    this.ceiling = ceiling;
    for (const entry of this.byOrigin.values()) {
      const before = entry.limiter.limit;
      entry.limiter.setCeiling(ceiling);
      if (entry.limiter.limit !== before) this.apply(entry, 'manual');
    }
  }

  /** Reads an attempt's outcome: an overload signal, a healthy response, or nothing. */
  record(slots: AdaptiveOrigin, outcome: AttemptOutcome): void {
    const entry = this.byOrigin.get(slots);
    if (!entry || outcome.kind === 'refused' || outcome.kind === 'stopped') return;
    const limiter = entry.limiter;
    const now = this.sink.elapsed();
    const pausedBefore = limiter.pausedUntilMs;
    let changed: boolean;
    if (outcome.kind === 'response' && (outcome.status === 429 || outcome.status === 503)) {
      const retryAfter = parseRetryAfter(outcome.headers['retry-after'], this.sink.wallNow());
      changed = limiter.loss(outcome.startMs, now, retryAfter, true);
    } else if (outcome.kind === 'failure' && LOSS_CODES.has(outcome.error.code)) {
      changed = limiter.loss(outcome.startMs, now, null);
    } else if (outcome.kind === 'response') {
      changed = limiter.success(outcome.startMs, outcome.ttfbMs ?? outcome.endMs - outcome.startMs, now);
    } else {
      return; // DNS, TLS, a bad response: says nothing about the server's load
    }
    if (limiter.pausedUntilMs > pausedBefore) this.pause(entry, now);
    if (changed) this.apply(entry, limiter.reason);
  }

  private pause(entry: Controlled, now: number): void {
    if (entry.timer) this.clock.clearTimer(entry.timer);
    const ms = Math.max(1, Math.ceil(entry.limiter.pausedUntilMs - now));
    entry.timer = this.clock.setTimer(ms, onPauseEnd, { control: this, entry });
    this.sink.setOriginCap(entry.slots, 0);
    this.sink.limitChanged(entry.slots.origin, entry.limiter.limit, entry.limiter.reason, ms);
  }

  /** The Retry-After pause is over: new starts go again, up to the limit. */
  pauseEnded(entry: Controlled): void {
    entry.timer = null;
    if (this.byOrigin.get(entry.slots) !== entry) return;
    this.sink.setOriginCap(entry.slots, entry.limiter.limit);
  }

  private apply(entry: Controlled, reason: LimitReason): void {
    const limit = entry.limiter.limit;
    entry.history.add(this.sink.elapsed(), limit);
    if (entry.timer === null) this.sink.setOriginCap(entry.slots, limit);
    this.sink.limitChanged(entry.slots.origin, limit, reason, 0);
  }

  /** Leaves adaptive control (a fixed number chosen mid-run): caps lifted, pauses ended. */
  detachAll(fixed: number): void {
    const now = this.sink.elapsed();
    for (const entry of this.byOrigin.values()) {
      if (entry.timer) this.clock.clearTimer(entry.timer);
      entry.timer = null;
      entry.history.add(now, fixed);
      this.sink.setOriginCap(entry.slots, Infinity);
    }
    this.byOrigin.clear();
  }

  /** Clears the pause timers (end of the run). */
  stop(): void {
    for (const entry of this.byOrigin.values()) {
      if (entry.timer) this.clock.clearTimer(entry.timer);
      entry.timer = null;
    }
  }

  /** `summary.concurrency`: each origin's final, lowest and highest limit and its changes. */
  summary(): Record<string, OriginConcurrency> | null {
    if (this.histories.size === 0) return null;
    const out: Record<string, OriginConcurrency> = {};
    for (const [origin, h] of this.histories) out[origin] = h.toJson();
    return out;
  }

  /** Origins ever controlled, for a re-attach after a switch back to `auto`. */
  has(origin: string): boolean {
    return this.histories.has(origin);
  }
}
