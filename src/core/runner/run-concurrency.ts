// A run's concurrency control: the origins' adaptive limits (`@concurrency auto`) and the caps
// set while the batch runs (`BatchHandle.setConcurrency`). BatchRun owns one; it feeds the
// scheduler's caps and announces each limit that takes effect (the `concurrency` event).
import type { OriginConcurrency } from '../types';
import { AdaptiveControl, type LimitSink } from './adaptive';
import type { ConcurrencyChoice } from './caps';
import type { Job } from './job';
import type { LimitReason } from './limiter';
import type { Origins } from './origins';
import type { OriginSlots, Scheduler, SchedulerClock } from './scheduler';

/** What the control needs of its run. */
export interface ConcurrencyHost {
  elapsed(): number;
  wallNow(): number;
  /** A limit took effect: an origin's (adaptive) or the whole run's (`origin` null, set by hand). */
  limitChanged(origin: string | null, limit: number, reason: string, pausedMs: number): void;
}

export class RunConcurrency implements LimitSink {
  private readonly adaptive: AdaptiveControl;
  /** True while an ended attempt is recorded: a raised cap waits for the slot's release to start anyone. */
  private recording = false;
  private ended = false;

  constructor(
    caps: ConcurrencyChoice,
    clock: SchedulerClock,
    private readonly scheduler: Scheduler<Job>,
    private readonly origins: Origins,
    private readonly host: ConcurrencyHost,
  ) {
    this.adaptive = new AdaptiveControl(caps.perHost, clock, this);
    if (caps.adaptive) origins.control(this.adaptive);
  }

  setOriginCap(slots: OriginSlots, cap: number): void {
    this.scheduler.setLimit(slots, cap, !this.recording);
  }

  limitChanged(origin: string, limit: number, reason: LimitReason, pausedMs: number): void {
    this.host.limitChanged(origin, limit, reason, pausedMs);
  }

  elapsed(): number {
    return this.host.elapsed();
  }

  wallNow(): number {
    return this.host.wallNow();
  }

  /** Runs `record` (an ended attempt going to its origin's limiter) without starting anyone meanwhile. */
  whileRecording<T>(record: () => T): T {
    this.recording = true;
    try {
      return record();
    } finally {
      this.recording = false;
    }
  }

  /** Set Concurrency while the batch runs: the new caps apply at once. False once the run ended. */
  set(caps: ConcurrencyChoice): boolean {
    if (this.ended) return false;
    this.scheduler.setCaps(caps.global, caps.perHost);
    this.adaptive.setCeiling(caps.perHost);
    if (caps.adaptive) {
      this.origins.control(this.adaptive);
    } else {
      this.origins.control(null);
      this.adaptive.detachAll(caps.perHost);
      this.host.limitChanged(null, caps.global, 'manual', 0);
    }
    return true;
  }

  stop(): void {
    this.ended = true;
    this.adaptive.stop();
  }

  /** Each origin's limit over the run (null without adaptive concurrency). */
  summary(): Record<string, OriginConcurrency> | null {
    return this.adaptive.summary();
  }
}
