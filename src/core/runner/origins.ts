// Per-origin state shared by the requests to one origin: its slots (scheduler), its
// circuit breaker and, under `@concurrency auto`, its adaptive limit (`AdaptiveControl`,
// which reads each attempt's outcome here and sets the origin's cap in the scheduler).
import type { AdaptiveControl } from './adaptive';
import { BREAKER_THRESHOLD, CircuitBreaker, connectFailure } from './breaker';
import { CircuitOpenError } from './errors';
import type { Job, OriginState } from './job';
import type { AttemptOutcome, RefusedOutcome } from './lifecycle';
import { createOriginSlots } from './scheduler';

export class Origins {
  private readonly byOrigin = new Map<string, OriginState>();
  /** The adaptive limits, while `auto` is in force (null: fixed caps). */
  private adaptive: AdaptiveControl | null = null;

  /** `breakerThreshold`: failures to connect in a row that open an origin's circuit; null: off. */
  constructor(private readonly breakerThreshold: number | null = BREAKER_THRESHOLD) {}

  get(origin: string): OriginState {
    let o = this.byOrigin.get(origin);
    if (!o) {
      o = { ...createOriginSlots(), origin, breaker: new CircuitBreaker(this.breakerThreshold) };
      this.byOrigin.set(origin, o);
      this.adaptive?.attach(o);
    }
    return o;
  }

  /** Puts every origin (those known and those to come) under `control`, or takes them out (null). */
  control(control: AdaptiveControl | null): void {
    this.adaptive = control;
    if (control) for (const o of this.byOrigin.values()) control.attach(o);
  }

  /**
   * Counts an ended attempt for the breakers. A redirected attempt is a response of the
   * request's own origin; its failure belongs to the origin the redirect led to. An attempt
   * the run stopped tells nothing (a probe's turn passes to the next request).
   */
  recordAttempt(job: Job, probe: boolean, outcome: AttemptOutcome, nowMs: number): void {
    this.adaptive?.record(job.slots!, outcome);
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
