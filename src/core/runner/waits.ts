// The `waiting` state of the request lifecycle: a request between attempts (a retry's
// backoff, a Retry-After, the interval before the next `@until` poll) holds no slot, only a
// timer of the run's clock. When the timer fires the request asks for a slot again.
import type { Clock } from '../types';
import type { Job } from './job';
import type { WaitReason } from './lifecycle';

export class Waits {
  private readonly jobs = new Set<Job>();

  /** `resume`: called when a wait is over (not when it is cancelled). */
  constructor(
    private readonly clock: Clock,
    private readonly resume: (job: Job) => void,
  ) {}

  start(job: Job, reason: WaitReason, delayMs: number): void {
    job.state = 'waiting';
    job.waitReason = reason;
    job.timer = this.clock.setTimer(delayMs, this.fired, job);
    this.jobs.add(job);
  }

  /** Ends the wait without resuming (the run stopped, or a `@first` group no longer needs it). */
  cancel(job: Job): void {
    if (job.timer !== null) this.clock.clearTimer(job.timer);
    job.timer = null;
    this.jobs.delete(job);
  }

  /** The requests waiting now (a copy: cancelling while iterating is fine). */
  all(): Job[] {
    return [...this.jobs];
  }

  private readonly fired = (job: Job): void => {
    job.timer = null;
    this.jobs.delete(job);
    this.resume(job);
  };
}
