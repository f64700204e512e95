// Per-origin state shared by the requests to one origin: its slots (scheduler) and its
// circuit breaker. Seam (adaptive concurrency): the per-origin limiter lives here, reads
// each attempt's outcome in `recordAttempt` and sets the origin's cap with `Scheduler.setLimit`.
import { BREAKER_THRESHOLD, CircuitBreaker, connectFailure } from './breaker';
import { CircuitOpenError } from './errors';
import type { Job, OriginState } from './job';
import type { AttemptOutcome, RefusedOutcome } from './lifecycle';
import { createOriginSlots } from './scheduler';

export class Origins {
  private readonly byOrigin = new Map<string, OriginState>();

  /** `breakerThreshold`: failures to connect in a row that open an origin's circuit; null: off. */
  constructor(private readonly breakerThreshold: number | null = BREAKER_THRESHOLD) {}

  get(origin: string): OriginState {
    let o = this.byOrigin.get(origin);
    if (!o) {
      o = { ...createOriginSlots(), origin, breaker: new CircuitBreaker(this.breakerThreshold) };
      this.byOrigin.set(origin, o);
    }
    return o;
  }

  /**
   * Counts an ended attempt for the breakers. A redirected attempt is a response of the
   * request's own origin; its failure belongs to the origin the redirect led to. An attempt
   * the run stopped tells nothing (a probe's turn passes to the next request).
   */
  recordAttempt(job: Job, probe: boolean, outcome: AttemptOutcome, nowMs: number): void {
    const breaker = job.home!.breaker;
    if (outcome.kind === 'stopped') {
      if (probe) breaker.releaseProbe();
      return;
    }
    const failed = connectFailure(outcome);
    if (job.slots === job.home) {
      breaker.record(failed, probe, nowMs);
    } else {
      breaker.record(null, probe, nowMs);
      job.slots!.breaker.record(failed, false, nowMs);
    }
  }
}

/** The outcome of an attempt the open circuit of `origin` does not let through. */
export function refusal(origin: OriginState): RefusedOutcome {
  const error = new CircuitOpenError(origin.breaker.describe(origin.origin));
  return { kind: 'refused', error };
}
