// BatchRun: runs a BatchPlan concurrently and returns the RunReport (format spec, section 5);
// `runBatch` and `startBatch` (start.ts) make one. BatchRun coordinates; each request moves
// through the states of `lifecycle.ts` and every attempt's outcome goes through `decide`
// (docs/architecture.md, "Request lifecycle").
import { isAsteriskUrl } from '../asterisk';
import { PreparedChecks } from '../conditions/prepared';
import { Redactor } from '../redact';
import { createSilentLogger, createSystemClock, createSystemRandom } from '../system';
import { ConnectionTimer } from '../timing/connection';
import { attemptTrace, RunTrace } from '../trace-context';
import type { BatchPlan, Clock, HttpVersion, Logger, Outcome, PlannedRequest, RunReport } from '../types';
import { type ConcurrencyChoice, runCaps } from './caps';
import { RunCookies } from './cookies';
import { Dependencies, type DepGroup, selectRequests, type DependencySink } from './deps';
import { type DispatcherSource, readProxySettings } from './dispatcher';
import { DependencyFailedError, type RunError, stopError, type StopCode } from './errors';
import { RunAnnouncer } from './events';
import { Exchange, flatten, type ExchangeHost } from './exchange';
import { Waits } from './waits';
import { Job } from './job';
import { type AttemptOutcome, decide, type DecideRun, type FinalOutcome, isPoll } from './lifecycle';
import { notNeededError } from './first';
import { DEFAULT_MAX_BODY_BYTES, type RunOptions } from './options';
import { Origins, refusal } from './origins';
import { prepareRequest } from './prepare';
import type { ResponseSource } from './refs';
import { RunResults } from './results';
import { type ConcurrencyHost, RunConcurrency } from './run-concurrency';
import { jobsAhead, lazyFeed, runDispatchers, runWireHooks, watchStops } from './run-setup';
import { RequestFeed } from './feed';
import { methodAllowsRetry } from './retry-policy';
import { Scheduler } from './scheduler';

/** One run of a batch (`runBatch` / `startBatch` in start.ts make it). */
export class BatchRun implements ExchangeHost, DecideRun, DependencySink, ConcurrencyHost {
  readonly maxBodyBytes: number;
  readonly clock: Clock;
  readonly random: () => number;
  /** Times the connections the dispatchers make (timing phases, docs/timing.md). */
  readonly connectionTimer = new ConnectionTimer(() => this.elapsed());
  /** Hooks the run's HTTP/1.1 connections: interim responses, `OPTIONS *` (src/core/wire). */
  readonly wire = runWireHooks(() => this.logger);
  /** The run's trace with `@traceparent`, else null. */
  private readonly trace: RunTrace | null;
  stopCode: StopCode | null = null;
  readonly cookies: RunCookies | null;
  private readonly http2: boolean;
  private readonly logger: Logger;
  private readonly announce: RunAnnouncer;
  private readonly redactor: Redactor;
  private readonly scheduler: Scheduler<Job>;
  private readonly dispatchers: DispatcherSource;
  /** The requests in file order as the scheduler can take them (feed.ts). */
  private readonly requests: RequestFeed;
  private readonly deps: Dependencies;
  private readonly origins: Origins;
  /** The origins' adaptive limits and the caps set while the batch runs. */
  private readonly concurrency: RunConcurrency;
  private readonly inflight = new Set<Exchange>();
  /** Requests in the `waiting` state (between attempts). */
  private readonly waits: Waits;
  private readonly results: RunResults;
  private readonly finishQueue: Job[] = [];
  private draining = false;
  private t0 = 0;
  private done = 0;
  private resolveDone: (() => void) | null = null;
  private readonly lookup = (name: string): ResponseSource | undefined => this.deps.source(name);

  constructor(
    private readonly plan: BatchPlan,
    private readonly options: RunOptions,
  ) {
    this.clock = options.clock ?? createSystemClock();
    this.waits = new Waits(this.clock, (job) => {
      this.toSlot(job);
      this.requests.feed();
    });
    this.logger = options.logger ?? createSilentLogger();
    this.results = new RunResults(options.keepResults ?? true);
    this.redactor = new Redactor([...plan.secrets, ...(options.secrets ?? [])]);
    this.announce = new RunAnnouncer(options.onEvent, options.onResult, this.logger, this.redactor);
    this.random = options.random ?? Math.random;
    this.trace = plan.settings.traceparent === true ? new RunTrace(options.randomBytes ?? createSystemRandom()) : null;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const s = plan.settings;
    this.origins = new Origins(s.circuitBreaker);
    const caps = runCaps(s);
    const perHost = caps.perHost;
    this.scheduler = new Scheduler<Job>(caps.global, perHost, s.rate, this.clock, this.onGrant);
    this.concurrency = new RunConcurrency(caps, this.clock, this.scheduler, this.origins, this);
    const requests = selectRequests(plan.requests, options.only);
    const { graph, maxTimeoutMs } = jobsAhead(requests, plan.lazy);
    this.deps = new Dependencies([...graph.values()]);
    const lazy = lazyFeed(plan, options.only, caps.global, () => this.requests.feed(), this.redactor);
    this.requests = new RequestFeed(requests, graph, lazy, this, this.deps.blocked);
    this.http2 = s.http2 === true;
    this.cookies = s.cookieJar === false ? null : new RunCookies((values) => this.redactor.add(values), this.logger);
    this.dispatchers = runDispatchers(options, perHost, maxTimeoutMs, this.http2, this.connectionTimer, this.wire);
  }

  httpVersion(url: URL): HttpVersion {
    return this.http2 && url.protocol === 'https:' ? (this.dispatchers.httpVersion?.(url.origin) ?? '1.1') : '1.1';
  }

  elapsed(): number {
    return this.clock.now() - this.t0;
  }

  wallNow(): number {
    return this.clock.date().getTime();
  }

  /** Redacts known secrets in an assertion's value found (a property: `decide` hands it on unbound). */
  readonly redact = (text: string): string => this.redactor.text(text);

  /** The assertions made ready once for all responses (read by `decide` as the evaluator's options). */
  readonly prepared = new PreparedChecks();

  /** Changes when `redact` may hide more: the evaluator's options (prepared.ts reuses text redacted at the same count). */
  get redactVersion(): number {
    return this.redactor.count;
  }

  async execute(): Promise<RunReport> {
    const ready = this.dispatchers.prepare?.();
    if (ready) await ready;
    this.t0 = this.clock.now();
    const startedAt = this.clock.date().toISOString();
    this.announce.starting(this.options.rejectUnauthorized === false, readProxySettings(this.options.proxyEnv) !== null, this.requests.lazyCount);
    const allDone = new Promise<void>((resolve) => (this.resolveDone = resolve));
    for (const r of this.requests.planned) this.announce.queued(r);
    const signal = this.options.signal;
    const unwatch = watchStops(this, signal, this.plan.settings.deadlineMs, this.clock);
    try {
      if (this.requests.total === 0) this.resolveDone!();
      if (signal?.aborted) this.stop('CANCELLED');
      if (!this.stopCode) this.requests.settleUnsendable();
      this.requests.feed();
      await allDone;
    } finally {
      unwatch();
      this.concurrency.stop();
      this.scheduler.stop();
      await this.dispatchers.destroy();
    }
    return this.results.report(this.plan, startedAt, this.elapsed(), this.redactor.secrets(), this.concurrency.summary());
  }

  limitChanged(origin: string | null, limit: number, reason: string, pausedMs: number): void {
    this.announce.concurrency(origin, limit, reason, pausedMs, this.elapsed());
  }

  /** Set Concurrency while the batch runs: the new caps apply at once. */
  setConcurrency(caps: ConcurrencyChoice): void {
    if (!this.concurrency.set(caps)) return;
    // The connection pools grow with a raised cap (they were made for the old one).
    this.dispatchers.setPerHost?.(caps.perHost);
    this.requests.feed();
  }

  // --- queued and waitingDeps -----------------------------------------------------------

  /** The feed's way to the lifecycle: a request taken from the feed enters `queued`, then goes on. */
  launchNew(job: Job): void {
    this.launch(job);
  }

  finishUnsent(job: Job, outcome: 'failed' | 'skipped', error: RunError): void {
    this.finish(job, outcome, error);
  }

  hungry(): boolean {
    return this.scheduler.hungry();
  }

  queued(r: PlannedRequest): void {
    this.announce.queued(r);
  }

  dependenciesMet(job: Job): void {
    this.launch(job);
  }

  dependencyFailed(job: Job, name: string, outcome: Outcome, why?: string): void {
    if (this.stopCode) return this.finish(job, 'cancelled', stopError(this.stopCode, 'queued'));
    const which = why ?? (outcome === 'failed' ? 'failed' : `was ${outcome}`);
    this.finish(job, 'skipped', new DependencyFailedError(`skipped: it depends on '${name}', which ${which}`));
  }

  /** Dependencies met: substitutes response values, checks the URL, then asks for a slot. */
  private launch(job: Job): void {
    if (this.stopCode) return this.finish(job, 'cancelled', stopError(this.stopCode, 'queued'));
    const error = prepareRequest(job, this.lookup, this.redactor);
    if (error) return this.finish(job, 'failed', error);
    job.home = this.origins.get(job.parsedUrl!.origin);
    job.retryAllowed = job.request.retries > 0 && methodAllowsRetry(job.request.method, job.request.idempotent, job.headers);
    this.toSlot(job);
  }

  // --- waitingSlot and inFlight ---------------------------------------------------------

  /** Every attempt starts here, at the request's own origin. */
  private toSlot(job: Job): void {
    if (this.stopCode) return this.finish(job, 'cancelled', stopError(this.stopCode, job.attempts > 0 ? 'retry' : 'queued'));
    job.state = 'waitingSlot';
    const home = (job.slots = job.home!);
    if (home.breaker.refuses(this.clock.now())) return this.settle(job, refusal(home));
    if (this.scheduler.tryAcquire(job)) this.send(job);
    else this.scheduler.wait(job);
  }

  /** The scheduler's answer for a queued job: its slot, or a refusal because the run stopped. */
  private readonly onGrant = (job: Job, granted: boolean): void => {
    if (granted) this.send(job);
    else this.finish(job, 'cancelled', stopError(this.stopCode ?? 'CANCELLED', job.attempts > 0 ? 'retry' : 'queued'));
    this.requests.feed();
  };

  /** Starts an attempt on a slot already taken; the exchange calls `onAttemptEnd` at its end. */
  private send(job: Job): void {
    const slots = job.slots!;
    const admission = slots.breaker.admit(this.clock.now());
    if (admission === 'open') {
      this.scheduler.release(slots);
      return this.settle(job, refusal(job.home!));
    }
    job.state = 'inFlight';
    // An attempt after one that was not a poll retries it; after a poll it is the next poll.
    if (job.attempts > job.attemptsBeforePoll) job.retries++;
    job.attempts++;
    const flat = (job.flatHeaders ??= flatten(job.headers));
    // `@traceparent`: a new span per attempt (or the request's own header, kept as it is).
    const trace = attemptTrace(this.trace, job.headers);
    job.trace = trace.ids;
    const headers = trace.header === null ? flat : [...flat, 'traceparent', trace.header];
    const exchange = new Exchange(this, job, this.dispatchers.get(job.request.connectionTimeoutMs, isAsteriskUrl(job.url)), headers, trace.header);
    exchange.probe = admission === 'probe';
    job.exchange = exchange;
    if (job.startedAtMs === null) job.startedAtMs = exchange.startMs;
    // In flight before `started` is emitted: a listener that cancels the run right there
    // must abort this attempt too.
    this.inflight.add(exchange);
    this.announce.started(job, exchange.startMs);
    if (!exchange.settled) exchange.start();
  }

  /** A redirect into another origin takes a slot of that origin, waiting for one if it is full. */
  enterOrigin(ex: Exchange, origin: string): boolean {
    const to = this.origins.get(origin);
    if (to === ex.job.slots) return true;
    ex.hop = this.scheduler.hop(ex.job, to, () => {
      ex.hop = null;
      ex.resume();
    });
    return ex.hop === null;
  }

  /**
   * The attempt ended: the breaker counts it, `decide` picks the next step, and only then is
   * the slot freed, so the next start sees this outcome (the breaker, a bail) and comes
   * after this attempt's `retrying` or `finished` event.
   */
  onAttemptEnd(ex: Exchange, outcome: AttemptOutcome): void {
    this.inflight.delete(ex);
    const job = ex.job;
    job.exchange = null;
    const slots = job.slots!;
    this.concurrency.whileRecording(() => this.origins.recordAttempt(job, ex.probe, outcome, this.clock.now()));
    job.logAttempt(outcome);
    this.settle(job, outcome);
    // A request waiting for a redirect's origin holds only its global slot.
    if (ex.hop) this.scheduler.cancelHop(ex.hop);
    else this.scheduler.release(slots);
    this.requests.feed();
  }

  /** Records the outcome, asks `decide` and takes the step: finish, or wait and try (or poll) again. */
  private settle(job: Job, outcome: AttemptOutcome): void {
    job.record(outcome);
    const poll = isPoll(outcome, job.request, job.checks, this.prepared);
    const last = outcome.kind === 'refused' ? undefined : job.attemptLog[job.attemptLog.length - 1];
    if (poll) {
      job.polls++;
      if (last) last.poll = true;
    }
    const next = decide(outcome, job, this);
    if (next.step === 'finish') {
      if (next.assertions) job.assertions = next.assertions;
      return this.finish(job, next.outcome, next.error);
    }
    job.error = next.error;
    if (next.step === 'poll') {
      job.attemptsBeforePoll = job.attempts;
      job.lastPollValue = next.value;
      if (last) last.pollDelayMs = next.delayMs;
    } else if (last) last.retryDelayMs = next.delayMs;
    // In `waiting` before the event goes out: a listener that stops the run ends the wait.
    this.waits.start(job, next.step === 'poll' ? 'poll' : 'backoff', next.delayMs);
    if (next.step === 'poll') this.announce.polling(job, next, this.elapsed());
    else this.announce.retrying(job, next.delayMs, next.reason, this.elapsed());
  }

  // --- waiting --------------------------------------------------------------------------

  /** Ends a `waiting` request now (the run stopped, or a `@first` group no longer needs it). */
  private endWait(job: Job, outcome: FinalOutcome, error: RunError): void {
    this.waits.cancel(job);
    this.finish(job, outcome, error);
  }

  // --- @first K -------------------------------------------------------------------------

  /**
   * A `@first K` group has its K successes: every copy not finished ends cancelled with
   * NOT_NEEDED, each from its own state (as `stop` does for the whole run).
   */
  groupSatisfied(group: DepGroup): void {
    const error = notNeededError(group);
    for (const job of group.jobs) {
      if (job.state === 'finished') continue;
      if (job.state === 'inFlight') job.exchange?.abort(error, true); // its `stopped` outcome goes through decide
      else if (job.state === 'waiting') this.endWait(job, 'cancelled', error);
      else {
        if (job.state === 'waitingSlot') job.withdrawn = true;
        this.finish(job, 'cancelled', error);
      }
    }
    this.scheduler.withdraw();
  }

  // --- finished -------------------------------------------------------------------------

  /** Records the job's result and releases (or skips) what waits for it. */
  private finish(job: Job, outcome: FinalOutcome | 'skipped', error: RunError | null): void {
    if (job.state === 'finished') return;
    job.state = 'finished';
    job.outcome = outcome;
    job.error = error;
    job.parsedUrl = null;
    job.flatHeaders = null;
    job.endedAtMs = this.elapsed();
    const result = job.toResult();
    this.results.add(result);
    if (!this.results.keep && !this.deps.isReferenced(job)) job.dropResponse();
    this.announce.finished(job, result);
    this.finishQueue.push(job);
    this.drainFinished();
  }

  /** Propagates finished jobs to their dependents without deep recursion. */
  private drainFinished(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.finishQueue.pop(); job; job = this.finishQueue.pop()) {
        this.deps.settle(job, this);
        if (job.outcome === 'failed' && this.plan.settings.bail) this.stop('BAILED');
        if (++this.done === this.requests.total) this.resolveDone?.();
        this.requests.feed();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Cancel, deadline or bail: no new starts; every request not finished ends cancelled. */
  stop(code: StopCode): void {
    if (this.stopCode) return;
    this.stopCode = code;
    if (this.logger.enabled('info')) this.logger.info(`stopping the batch: ${code}`);
    this.scheduler.stop(); // waitingSlot: refused through onGrant
    for (const ex of [...this.inflight]) ex.abort(stopError(code, 'in-flight'), true);
    for (const job of this.waits.all()) this.endWait(job, 'cancelled', stopError(code, job.waitReason === 'poll' ? 'poll' : 'retry'));
    for (const job of this.requests.passed()) {
      if (job.state === 'queued' || job.state === 'waitingDeps') this.finish(job, 'cancelled', stopError(code, 'queued'));
    }
    this.requests.feed();
  }
}
