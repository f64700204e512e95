// runBatch: runs a BatchPlan concurrently and returns the RunReport (format spec, section 5).
import pRetry from 'p-retry';
import type { Dispatcher } from 'undici';
import { learnedUrlSecrets, Redactor, redactUserinfo, secretHeaderValues, userinfoSecrets } from '../redact';
import { SummaryBuilder } from '../report/summary';
import { createSilentLogger, createSystemClock } from '../system';
import type { BatchPlan, Clock, Logger, PlannedRequest, RequestResult, RunEvent, RunReport } from '../types';
import { CircuitBreaker } from './breaker';
import { selectRequests, wireDependencies, type DepGroup } from './deps';
import { DispatcherPool } from './dispatcher';
import {
  CircuitOpenError,
  DependencyFailedError,
  InvalidUrlError,
  isConnectionLevel,
  RunError,
  stopError,
  type StopCode,
  UnexpectedStatusError,
  UnresolvedVariableError,
  ConnectionResetError,
} from './errors';
import { Exchange, flatten, type ExchangeHost } from './exchange';
import { statusMatches } from '../parser/values';
import { Job, type OriginState } from './job';
import { DEFAULT_MAX_BODY_BYTES, type RunOptions } from './options';
import { substituteResponseRefs, type ResponseSource } from './refs';
import { backoffDelay, isRetryableCode, isRetryableStatus, methodAllowsRetry, parseRetryAfter } from './retry-policy';
import { createOriginSlots, Scheduler } from './scheduler';
import { traceFinished, traceQueued, traceRetrying, traceStarted } from './trace';

/** Runs the batch; resolves when every request has its result. Never rejects for request failures. */
export async function runBatch(plan: BatchPlan, options: RunOptions = {}): Promise<RunReport> {
  return new BatchRun(plan, options).execute();
}

/** Thrown inside p-retry's loop when an attempt failed in a retryable way. */
class RetrySignal extends Error {
  constructor(readonly job: Job) {
    super('retryable failure');
  }
}

interface Sleeper {
  timer: ReturnType<typeof setTimeout>;
  resolve: () => void;
}

function wake(sleeper: Sleeper, sleepers: Set<Sleeper>): void {
  clearTimeout(sleeper.timer);
  sleepers.delete(sleeper);
  sleeper.resolve();
}

class BatchRun implements ExchangeHost {
  readonly maxBodyBytes: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly onEvent: ((event: RunEvent) => void) | undefined;
  private readonly redactor: Redactor;
  private readonly random: () => number;
  private readonly scheduler: Scheduler<Job>;
  private readonly dispatchers: DispatcherPool;
  /** The requests to run, in file order. */
  private readonly requests: PlannedRequest[];
  /**
   * Jobs made before the run, by position in `requests`: the requests with a name or with
   * dependencies. Every other request gets its Job only when `feed` reaches it, so a big
   * batch holds Jobs for about the requests in flight, not for all of them.
   */
  private readonly graph = new Map<number, Job>();
  /** Position in `requests` of the next request `feed` looks at. */
  private cursor = 0;
  private feeding = false;
  /** True once the requests that can never be sent were finished at the start. */
  private settledUpFront = false;
  private groups = new Map<string, DepGroup>();
  private readonly origins = new Map<string, OriginState>();
  private readonly inflight = new Set<Exchange>();
  private readonly sleepers = new Set<Sleeper>();
  private readonly results: RequestResult[] = [];
  private readonly keepResults: boolean;
  private readonly summary = new SummaryBuilder();
  private readonly finishQueue: Job[] = [];
  private draining = false;
  private stopCode: StopCode | null = null;
  private t0 = 0;
  private done = 0;
  private resolveDone: (() => void) | null = null;

  constructor(
    private readonly plan: BatchPlan,
    private readonly options: RunOptions,
  ) {
    this.clock = options.clock ?? createSystemClock();
    this.logger = options.logger ?? createSilentLogger();
    this.onEvent = options.onEvent;
    this.keepResults = options.keepResults ?? true;
    this.redactor = new Redactor([...plan.secrets, ...(options.secrets ?? [])]);
    this.random = options.random ?? Math.random;
    this.maxBodyBytes = Math.max(0, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const s = plan.settings;
    const concurrency = Math.max(1, Math.floor(s.concurrency));
    const perHost = Math.max(1, Math.min(concurrency, Math.floor(s.perHost)));
    this.scheduler = new Scheduler<Job>(concurrency, perHost, s.rate, this.clock, this.onGrant);
    this.requests = selectRequests(plan.requests, options.only);
    let maxTimeout = 10_000;
    this.requests.forEach((r, p) => {
      if (r.timeoutMs > maxTimeout) maxTimeout = r.timeoutMs;
      if (r.name !== null || r.dependsOn.length > 0) this.graph.set(p, new Job(r));
    });
    this.dispatchers = new DispatcherPool({
      perHost,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
      proxyEnv: options.proxyEnv,
      defaultConnectTimeoutMs: maxTimeout + 1000,
    });
  }

  elapsed(): number {
    return this.clock.now() - this.t0;
  }

  redact(text: string): string {
    return this.redactor.text(text);
  }

  async execute(): Promise<RunReport> {
    if (this.dispatchers.usesProxy) await this.dispatchers.prepare();
    this.t0 = this.clock.now();
    const startedAt = this.clock.date().toISOString();
    if (this.options.rejectUnauthorized === false && this.logger.enabled('warn')) {
      this.logger.warn('TLS certificate verification is off (--insecure): responses may come from an impostor server');
    }
    if (this.dispatchers.usesProxy && this.logger.enabled('debug')) this.logger.debug('requests go through the proxy from HTTP_PROXY/HTTPS_PROXY (NO_PROXY honoured)');
    const allDone = new Promise<void>((resolve) => (this.resolveDone = resolve));
    const { groups, blocked } = wireDependencies([...this.graph.values()]);
    this.groups = groups;

    const trace = this.logger.enabled('trace');
    for (const r of this.requests) {
      if (this.onEvent) this.emit({ type: 'queued', index: r.index, request: r, atMs: 0 });
      if (trace) this.logger.trace(traceQueued(r, this.redactor));
    }

    const signal = this.options.signal;
    const onAbort = (): void => this.stop('CANCELLED');
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadlineMs = this.plan.settings.deadlineMs;
    const deadline = deadlineMs !== null && deadlineMs >= 0 ? setTimeout(() => this.stop('DEADLINE_EXCEEDED'), deadlineMs) : null;

    try {
      if (this.requests.length === 0) this.resolveDone!();
      if (signal?.aborted) this.stop('CANCELLED');
      if (!this.stopCode) this.settleUnsendable(blocked);
      this.feed();
      await allDone;
    } finally {
      if (deadline) clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      this.scheduler.stop();
      await this.dispatchers.destroy();
    }
    const durationMs = this.elapsed();
    const results = this.results.sort((a, b) => a.index - b.index);
    return {
      version: 1,
      file: this.plan.file,
      startedAt,
      durationMs,
      settings: this.plan.settings,
      summary: this.summary.build(durationMs),
      results,
      secrets: this.redactor.secrets(),
    };
  }

  // --- starting a request ---------------------------------------------------------------

  /**
   * At the start, in file order: requests that wait for a missing name or a cycle are
   * skipped, and requests with unresolved variables fail; neither is ever sent.
   */
  private settleUnsendable(blocked: ReadonlyMap<Job, string>): void {
    this.settledUpFront = true;
    for (let p = 0; p < this.requests.length; p++) {
      const r = this.requests[p]!;
      const pre = this.graph.get(p);
      const reason = pre ? blocked.get(pre) : undefined;
      if (reason !== undefined) {
        pre!.error = new DependencyFailedError(`not run: it ${reason}`);
        this.finish(pre!, 'skipped');
      } else if (r.unresolved.length > 0) {
        const job = pre ?? new Job(r);
        const names = r.unresolved.map((n) => `{{${n}}}`).join(', ');
        job.error = new UnresolvedVariableError(`not sent: unresolved variable${r.unresolved.length > 1 ? 's' : ''} ${names}; define them in the file, the environment or with --var`);
        this.finish(job, 'failed');
      }
    }
  }

  /**
   * Launches requests in file order while the scheduler could start one more (a free slot
   * and nobody queued for it); after a stop, cancels every request not yet launched.
   * Requests with dependencies are launched here once their dependencies have succeeded
   * before the cursor reaches them, else by `afterFinish`.
   */
  private feed(): void {
    if (this.feeding) return;
    this.feeding = true;
    try {
      while (this.cursor < this.requests.length) {
        if (!this.stopCode && !this.scheduler.hungry()) break;
        const p = this.cursor++;
        let job = this.graph.get(p);
        if (job) {
          if (job.state !== 'waiting' || (job.pendingDeps > 0 && !this.stopCode)) continue;
        } else {
          const r = this.requests[p]!;
          if (r.unresolved.length > 0 && this.settledUpFront) continue;
          job = new Job(r);
        }
        this.launch(job);
      }
    } finally {
      this.feeding = false;
    }
  }

  /** Dependencies met: substitute response values, check the URL, then run the attempts. */
  private launch(job: Job): void {
    if (this.stopCode) {
      this.finish(job, 'cancelled');
      return;
    }
    job.state = 'ready';
    const r = job.request;
    try {
      if (r.hasResponseRefs) this.substitute(job);
    } catch (err) {
      job.error = err instanceof RunError ? err : new UnresolvedVariableError(String(err));
      this.finish(job, 'failed');
      return;
    }
    let url: URL | null;
    try {
      url = new URL(job.url);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      job.error = new InvalidUrlError(`'${this.redactor.text(job.url)}' is not a valid http(s) URL`);
      this.finish(job, 'failed');
      return;
    }
    if (r.hasResponseRefs) this.redactor.add(learnedUrlSecrets(url));
    if (url.username || url.password) {
      if (!job.headers.some(([n]) => n.toLowerCase() === 'authorization')) {
        job.headers = [...job.headers, ['Authorization', userinfoSecrets(url).authorization]];
      }
      url.username = '';
      url.password = '';
    }
    // Jobs exist only for about the requests in flight (see `feed`), so keeping it is cheap.
    job.parsedUrl = url;
    job.slots = job.home = this.originOf(url.origin);
    job.retryAllowed = r.retries > 0 && methodAllowsRetry(r.method, r.idempotent, job.headers);
    this.firstAttempt(job);
  }

  private substitute(job: Job): void {
    const lookup = (name: string): ResponseSource | undefined => {
      const g = this.groups.get(name);
      if (!g || g.jobs.length !== 1 || g.jobs[0].outcome !== 'succeeded') return undefined;
      const dep = g.jobs[0];
      return (dep.source ??= dep.asSource());
    };
    job.url = substituteResponseRefs(job.url, lookup);
    job.headers = job.headers.map(([n, v]) => {
      const header: [string, string] = [substituteResponseRefs(n, lookup), substituteResponseRefs(v, lookup)];
      // A token taken from a response into a secret header is a secret wherever else it appears.
      if (header[1] !== v) this.redactor.add(secretHeaderValues(header[0], header[1]));
      return header;
    });
    if (typeof job.body === 'string') job.body = substituteResponseRefs(job.body, lookup);
  }

  private originOf(origin: string): OriginState {
    let o = this.origins.get(origin);
    if (!o) {
      o = { ...createOriginSlots(), origin, breaker: new CircuitBreaker() };
      this.origins.set(origin, o);
    }
    return o;
  }

  /**
   * The first attempt runs on callbacks alone (no promise, no closure per request): a slot
   * now or a place in the queue, then the exchange. Only a retryable failure enters p-retry.
   */
  private firstAttempt(job: Job): void {
    if (this.stopCode) {
      job.stopped = true;
      this.complete(job);
      return;
    }
    if (job.home!.breaker.refuses(this.clock.now())) {
      this.circuitOpen(job);
      this.complete(job);
      return;
    }
    if (this.scheduler.tryAcquire(job)) this.send(job);
    else this.scheduler.wait(job);
  }

  /** The scheduler's answer for a queued job. */
  private readonly onGrant = (job: Job, granted: boolean): void => {
    const waiter = job.slotWaiter;
    if (waiter) {
      job.slotWaiter = null;
      waiter(granted);
      return;
    }
    if (granted) {
      this.send(job);
    } else {
      job.stopped = true;
      this.complete(job);
    }
    this.feed();
  };

  /** After a retryable failure: p-retry drives the remaining attempts, each waiting out its backoff first. */
  private async retryLoop(job: Job): Promise<void> {
    job.inRetryLoop = true;
    const retries = job.request.retries;
    try {
      await this.beforeRetry(job, retries);
      await pRetry(() => this.retryAttempt(job), {
        retries: retries - 1,
        minTimeout: 0,
        factor: 1,
        onFailedAttempt: (ctx) => this.beforeRetry(job, ctx.retriesLeft),
      });
    } catch (err) {
      if (!(err instanceof RetrySignal)) {
        job.error = err instanceof RunError ? err : new ConnectionResetError(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.complete(job);
    this.releaseHeld(job);
  }

  /** Frees the slot of a retry's ended attempt (see onSettled), after its event is out. */
  private releaseHeld(job: Job): void {
    const slots = job.heldSlots;
    if (slots) {
      job.heldSlots = null;
      this.scheduler.release(slots);
      this.feed();
    }
  }

  /** One retry: a slot (and a rate token), then the exchange. Throws RetrySignal to retry again. */
  private async retryAttempt(job: Job): Promise<void> {
    this.releaseHeld(job); // normally freed by beforeRetry already; never hold two slots
    if (this.stopCode) {
      job.stopped = true;
      return;
    }
    // A redirect of the last attempt may have moved it to another origin: start at home again.
    const slots = (job.slots = job.home!);
    if (slots.breaker.refuses(this.clock.now())) {
      this.circuitOpen(job);
      return;
    }
    if (!this.scheduler.tryAcquire(job)) {
      const granted = await new Promise<boolean>((resolve) => {
        job.slotWaiter = resolve;
        this.scheduler.wait(job);
      });
      if (!granted) {
        job.stopped = true;
        return;
      }
    }
    const retry = await new Promise<boolean>((resolve) => {
      job.attemptDone = resolve;
      this.send(job);
    });
    if (retry) throw new RetrySignal(job);
  }

  private circuitOpen(job: Job): void {
    job.status = null;
    job.responseHeaders = null;
    job.body_ = null;
    job.error = new CircuitOpenError(`${job.home!.origin} failed 5 times in a row; requests to it fail at once for 10 s before one probe is let through`);
  }

  /** Starts an attempt on a slot already taken; the exchange calls `onSettled` at its end. */
  private send(job: Job): void {
    const slots = job.slots!;
    const admission = slots.breaker.admit(this.clock.now());
    if (admission === 'open') {
      this.scheduler.release(slots);
      this.circuitOpen(job);
      this.attemptEnded(job, false);
      return;
    }
    job.isProbe = admission === 'probe';
    job.attempts++;
    const exchange = new Exchange(this, job, this.dispatcherFor(job), job.request.timeoutMs, this.flatHeaders(job));
    job.attemptStartMs = exchange.startMs;
    if (job.startedAtMs === null) job.startedAtMs = exchange.startMs;
    // In flight before `started` is emitted: a listener that cancels the run right there
    // must abort this attempt too.
    this.inflight.add(exchange);
    if (this.onEvent) this.emit({ type: 'started', index: job.index, attempt: job.attempts, url: redactUserinfo(job.url), atMs: exchange.startMs });
    if (this.logger.enabled('trace')) this.logger.trace(traceStarted(job, this.redactor));
    if (!exchange.settled) exchange.start();
  }

  /** Routes the end of an attempt: into the retry loop, back to it, or to the result. */
  private attemptEnded(job: Job, retry: boolean): void {
    const done = job.attemptDone;
    if (done) {
      job.attemptDone = null;
      done(retry);
    } else if (retry && !job.inRetryLoop) {
      void this.retryLoop(job);
    } else {
      this.complete(job);
    }
  }

  private dispatcherFor(job: Job): Dispatcher {
    return this.dispatchers.get(job.request.connectionTimeoutMs);
  }

  private flatHeaders(job: Job): string[] {
    return (job.flatHeaders ??= flatten(job.headers));
  }

  /** Called by the exchange when the attempt ends (response, failure, timeout or abort). */
  onSettled(ex: Exchange): void {
    this.inflight.delete(ex);
    const job = ex.job;
    const slots = job.slots!;
    const breaker = job.home!.breaker;
    const now = this.elapsed();
    const error = job.error;
    if (ex.stoppedInFlight) {
      job.stopped = true;
      job.stoppedInFlight = true;
      if (job.isProbe) breaker.releaseProbe();
    } else {
      const failed = error !== null && isConnectionLevel(error.code);
      if (slots === job.home) {
        breaker.record(failed, job.isProbe, this.clock.now());
      } else {
        // Redirected: the request's own origin answered; a failure belongs to the origin the
        // redirect led to.
        breaker.record(false, job.isProbe, this.clock.now());
        slots.breaker.record(failed, false, this.clock.now());
      }
    }
    job.isProbe = false;
    job.attemptLog.push({
      attempt: job.attempts,
      startMs: ex.startMs,
      ttfbMs: job.ttfbMs,
      endMs: now,
      status: job.status,
      errorCode: error ? error.code : null,
      retryDelayMs: null,
    });
    let retry = false;
    job.retryAfterMs = null;
    if (!job.stopped) {
      if (error) {
        retry = job.retryAllowed && isRetryableCode(error.code);
      } else {
        const status = job.status!;
        if (!statusMatches(job.request.expectStatus, status)) {
          const expected = job.request.expectStatus ?? '2xx or 3xx';
          job.error = new UnexpectedStatusError(`status ${status}, expected ${expected}`);
          retry = job.retryAllowed && isRetryableStatus(status);
          if (retry) job.retryAfterMs = parseRetryAfter(job.responseHeaders?.['retry-after'], this.clock.date().getTime());
        }
      }
    }
    // Free the slot last: the next request may start right away and must see this outcome
    // (the breaker's state, a bail) and come after this attempt's `retrying` or `finished`.
    // A retry's attempt resumes the retry loop a few microtasks later, so the loop frees it.
    // A request waiting for a redirect's origin holds only its global slot; cancelHop frees it.
    const loopFrees = job.attemptDone !== null && !job.hop;
    if (loopFrees) job.heldSlots = slots;
    this.attemptEnded(job, retry);
    if (job.hop) {
      // It ended while waiting for a slot of a redirect's origin: it holds only its global slot.
      this.scheduler.cancelHop(job.hop);
      job.hop = null;
    } else if (!loopFrees) {
      this.scheduler.release(slots);
    }
    this.feed();
  }

  /** A redirect into another origin takes a slot of that origin, waiting for one if it is full. */
  enterOrigin(ex: Exchange, origin: string): boolean {
    const job = ex.job;
    const to = this.originOf(origin);
    if (to === job.slots) return true;
    job.hop = this.scheduler.hop(job, to, () => {
      job.hop = null;
      ex.resume();
    });
    return job.hop === null;
  }

  /** Between attempts: waits the backoff (or Retry-After) holding no slot. */
  private beforeRetry(job: Job, retriesLeft: number): Promise<void> | void {
    if (retriesLeft <= 0 || this.stopCode) return;
    const delay = job.retryAfterMs ?? backoffDelay(job.attempts, this.random);
    const last = job.attemptLog[job.attemptLog.length - 1];
    if (last) last.retryDelayMs = delay;
    const next = job.attempts + 1;
    const reason = job.error ? (job.error.code === 'UNEXPECTED_STATUS' ? `status ${job.status}` : job.error.code) : 'retry';
    if (this.onEvent) this.emit({ type: 'retrying', index: job.index, attempt: next, delayMs: delay, reason, atMs: this.elapsed() });
    if (this.logger.enabled('trace')) this.logger.trace(traceRetrying(job, next, delay, reason, this.redactor));
    this.releaseHeld(job);
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = { timer: undefined as unknown as ReturnType<typeof setTimeout>, resolve };
      sleeper.timer = setTimeout(wake, delay, sleeper, this.sleepers);
      this.sleepers.add(sleeper);
    });
  }

  // --- ending a request -----------------------------------------------------------------

  private complete(job: Job): void {
    if (job.state === 'done') return;
    if (job.stopped) this.finish(job, 'cancelled');
    else this.finish(job, job.error ? 'failed' : 'succeeded');
  }

  /** Records the job's result and releases (or skips) what waits for it. */
  private finish(job: Job, outcome: 'succeeded' | 'failed' | 'cancelled' | 'skipped'): void {
    if (job.state === 'done') return;
    job.state = 'done';
    job.outcome = outcome;
    job.parsedUrl = null;
    job.flatHeaders = null;
    job.endedAtMs = this.elapsed();
    if (outcome === 'cancelled') {
      job.error = stopError(this.stopCode ?? 'CANCELLED', job.stoppedInFlight ? 'in-flight' : job.attempts > 0 ? 'retry' : 'queued');
    }
    const result = job.toResult();
    this.summary.add(result);
    if (this.keepResults) this.results.push(result);
    else if (!this.isReferenced(job)) job.dropResponse();
    if (this.options.onResult) this.deliver(result);
    if (this.onEvent) this.emit({ type: 'finished', index: job.index, result, atMs: job.endedAtMs });
    if (this.logger.enabled('trace')) this.logger.trace(traceFinished(job, result, this.redactor));
    this.finishQueue.push(job);
    this.drainFinished();
  }

  /** Propagates finished jobs to their dependents without deep recursion. */
  private drainFinished(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.finishQueue.pop(); job; job = this.finishQueue.pop()) {
        this.afterFinish(job);
      }
    } finally {
      this.draining = false;
    }
  }

  private afterFinish(job: Job): void {
    const name = job.request.name;
    const g = name ? this.groups.get(name) : undefined;
    if (g) {
      if (job.outcome === 'succeeded') {
        if (++g.succeeded === g.jobs.length) {
          for (const d of g.dependents) if (d.state === 'waiting' && --d.pendingDeps === 0) this.launch(d);
        }
      } else if (!g.failed) {
        g.failed = true;
        for (const d of g.dependents) {
          if (d.state !== 'waiting') continue;
          if (this.stopCode) {
            this.finish(d, 'cancelled');
          } else {
            d.error = new DependencyFailedError(`skipped: it depends on '${name}', which ${job.outcome === 'failed' ? 'failed' : `was ${job.outcome}`}`);
            this.finish(d, 'skipped');
          }
        }
      }
    }
    if (job.outcome === 'failed' && this.plan.settings.bail) this.stop('BAILED');
    if (++this.done === this.requests.length) this.resolveDone?.();
    this.feed();
  }

  /** Cancel, deadline or bail: no new starts, in-flight requests aborted, the rest cancelled. */
  private stop(code: StopCode): void {
    if (this.stopCode) return;
    this.stopCode = code;
    if (this.logger.enabled('info')) this.logger.info(`stopping the batch: ${code}`);
    this.scheduler.stop();
    for (const ex of [...this.inflight]) ex.abort(stopError(code, 'in-flight'), true);
    for (const s of [...this.sleepers]) wake(s, this.sleepers);
    for (const [p, job] of this.graph) if (p < this.cursor && job.state === 'waiting') this.finish(job, 'cancelled');
    this.feed();
  }

  /** True when a request waits for this one's name (it may read the response). */
  private isReferenced(job: Job): boolean {
    const name = job.request.name;
    return name !== null && (this.groups.get(name)?.dependents.length ?? 0) > 0;
  }

  private deliver(result: RequestResult): void {
    try {
      this.options.onResult!(result);
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
