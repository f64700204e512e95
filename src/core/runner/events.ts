// The run's one outward stream: `onEvent`, `onResult` and the trace log, each guarded so a
// throwing listener cannot break the run. Nothing is built for a listener that is absent.
import { redactUserinfo, type Redactor } from '../redact';
import type { Logger, PlannedRequest, RequestResult, RunEvent } from '../types';
import type { Job } from './job';
import type { PollDecision } from './polling';
import { traceConcurrency, traceFinished, tracePolling, traceQueued, traceRetrying, traceStarted } from './trace';

export class RunAnnouncer {
  private readonly trace: boolean;

  constructor(
    private readonly onEvent: ((event: RunEvent) => void) | undefined,
    private readonly onResult: ((result: RequestResult) => void) | undefined,
    private readonly logger: Logger,
    private readonly redactor: Redactor,
  ) {
    this.trace = logger.enabled('trace');
  }

  /** Warnings and notes before the first request. */
  starting(insecure: boolean, proxied: boolean, lazy = 0): void {
    if (lazy > 0 && this.logger.enabled('debug')) this.logger.debug(`${lazy} requests of big groups are planned as the run takes them (docs/scaling.md)`);
    if (insecure && this.logger.enabled('warn')) {
      this.logger.warn('TLS certificate verification is off (--insecure): responses may come from an impostor server');
    }
    if (proxied && this.logger.enabled('debug')) this.logger.debug('requests go through the proxy from HTTP_PROXY/HTTPS_PROXY (NO_PROXY honoured)');
  }

  queued(r: PlannedRequest): void {
    if (this.onEvent) this.emit({ type: 'queued', index: r.index, request: r, atMs: 0 });
    if (this.trace) this.logger.trace(traceQueued(r, this.redactor));
  }

  started(job: Job, atMs: number): void {
    if (this.onEvent) this.emit({ type: 'started', index: job.index, attempt: job.attempts, url: redactUserinfo(job.url), atMs });
    if (this.trace) this.logger.trace(traceStarted(job, this.redactor));
  }

  retrying(job: Job, delayMs: number, reason: string, atMs: number): void {
    const next = job.attempts + 1;
    if (this.onEvent) this.emit({ type: 'retrying', index: job.index, attempt: next, delayMs, reason, atMs });
    if (this.trace) this.logger.trace(traceRetrying(job, next, delayMs, reason, this.redactor));
  }

  /** An `@until` poll whose condition does not hold yet; the next poll comes after `next.delayMs`. */
  polling(job: Job, next: PollDecision, atMs: number): void {
    if (this.onEvent) this.emit({ type: 'polling', index: job.index, poll: job.polls, delayMs: next.delayMs, reason: next.reason, value: next.value, atMs });
    if (this.trace) this.logger.trace(tracePolling(job, next, this.redactor));
  }

  /** A concurrency limit took effect (an origin's adaptive limit, or a cap set by hand). */
  concurrency(origin: string | null, limit: number, reason: string, pausedMs: number, atMs: number): void {
    if (this.onEvent) this.emit({ type: 'concurrency', origin, limit, reason, pausedMs, atMs });
    if (this.trace) this.logger.trace(traceConcurrency(origin, limit, reason, pausedMs));
  }

  /** `onResult` first, then the `finished` event. */
  finished(job: Job, result: RequestResult): void {
    if (this.onResult) this.deliver(result);
    if (this.onEvent) this.emit({ type: 'finished', index: job.index, result, atMs: job.endedAtMs });
    if (this.trace) this.logger.trace(traceFinished(job, result, this.redactor));
  }

  private deliver(result: RequestResult): void {
    try {
      this.onResult!(result);
    } catch (err) {
      if (this.logger.enabled('error')) this.logger.error(`a result listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private emit(event: RunEvent): void {
    try {
      this.onEvent!(event);
    } catch (err) {
      if (this.logger.enabled('error')) this.logger.error(`an event listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
