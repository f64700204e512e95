// Coalesces bursts of changes into at most one flush per interval (leading and trailing), so a
// 10,000-request batch refreshes the tree ~10 times a second instead of 20,000 times.
export interface TimerHost {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: TimerHost = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Resolves after `ms` on `timers` and then one more timer turn, so that what the timers of the
 * first turn scheduled in their turn (VS Code's status bar sends its update from a timer, and
 * the message goes to the window from another one) has run before the caller goes on.
 */
export async function settle(ms: number, timers: TimerHost = systemTimers): Promise<void> {
  await new Promise<void>((resolve) => void timers.setTimeout(resolve, ms));
  await new Promise<void>((resolve) => void timers.setTimeout(resolve, 0));
}

export class Coalescer<K> {
  private pending = new Set<K>();
  private timer: unknown = null;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private disposed = false;

  /**
   * @param flush receives the keys changed since the last flush (never empty).
   * @param intervalMs minimum time between two flushes.
   */
  constructor(
    private readonly flush: (keys: Set<K>) => void,
    private readonly intervalMs: number,
    private readonly timers: TimerHost = systemTimers,
  ) {}

  /** Notes a change; the flush happens at once when the interval has passed, else at its end. */
  add(key: K): void {
    if (this.disposed) return;
    this.pending.add(key);
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  /** Flushes what is pending now (the end of a run). */
  flushNow(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private run(): void {
    if (this.disposed || this.pending.size === 0) return;
    const keys = this.pending;
    this.pending = new Set();
    this.lastFlush = this.timers.now();
    this.flush(keys);
  }
}

/** Calls `fn` once `delayMs` after the last `trigger` for the same key (diagnostics as you type). */
export class Debouncer<K> {
  private readonly timers = new Map<K, unknown>();

  constructor(
    private readonly fn: (key: K) => void,
    private readonly delayMs: number,
    private readonly host: TimerHost = systemTimers,
  ) {}

  trigger(key: K): void {
    this.cancel(key);
    this.timers.set(
      key,
      this.host.setTimeout(() => {
        this.timers.delete(key);
        this.fn(key);
      }, this.delayMs),
    );
  }

  cancel(key: K): void {
    const t = this.timers.get(key);
    if (t !== undefined) {
      this.host.clearTimeout(t);
      this.timers.delete(key);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) this.host.clearTimeout(t);
    this.timers.clear();
  }
}
