// Which request enters the run next: the plan's requests in file order as the scheduler can
// take one more, merged with the copies of lazy groups as they are planned (lazy-feed.ts).
// Each request taken becomes a Job in `queued` (docs/architecture.md, "Request lifecycle").
import type { PlannedRequest } from '../types';
import { DependencyFailedError, type RunError, type StopCode } from './errors';
import { Job } from './job';
import { type LazyFeed, PENDING } from './lazy-feed';
import { unresolvedError } from './prepare';

/** What the feed asks of the run (BatchRun). */
export interface FeedHost {
  readonly stopCode: StopCode | null;
  /** The scheduler could start one more request at once. */
  hungry(): boolean;
  /** Dependencies met: on through the lifecycle (`launch`). */
  launchNew(job: Job): void;
  /** Ends a request that is never sent. */
  finishUnsent(job: Job, outcome: 'failed' | 'skipped', error: RunError): void;
  /** The `queued` event of a request. */
  queued(r: PlannedRequest): void;
}

export class RequestFeed {
  /** Requests this run sends: the planned ones and the lazy copies. */
  readonly total: number;
  /** Of these, the copies of lazy groups. */
  readonly lazyCount: number;
  /** Position in `planned` of the next request `feed` looks at. */
  private cursor = 0;
  private feeding = false;
  /** True once the requests that can never be sent were finished at the start. */
  private settledUpFront = false;

  /**
   * `planned`: the requests planned up front that run, in file order; `graph`: the Jobs made
   * before the run by position in `planned` (run-setup.ts `jobsAhead`), the others made only
   * when `feed` reaches them, so a big batch holds Jobs for about the requests in flight.
   */
  constructor(
    readonly planned: readonly PlannedRequest[],
    private readonly graph: ReadonlyMap<number, Job>,
    private readonly lazy: LazyFeed | null,
    private readonly host: FeedHost,
    private readonly blocked: ReadonlyMap<Job, string>,
  ) {
    this.lazyCount = lazy?.total ?? 0;
    this.total = planned.length + this.lazyCount;
  }

  /**
   * At the start, in file order: requests that wait for a missing name or a cycle are
   * skipped, and requests with unresolved variables fail; neither is ever sent. (Lazy copies
   * with unresolved variables fail when the feed reaches them.)
   */
  settleUnsendable(): void {
    this.settledUpFront = true;
    for (let p = 0; p < this.planned.length; p++) {
      const r = this.planned[p]!;
      const pre = this.graph.get(p);
      const reason = pre ? this.blocked.get(pre) : undefined;
      if (reason !== undefined) this.host.finishUnsent(pre!, 'skipped', new DependencyFailedError(`not run: it ${reason}`));
      else if (r.unresolved.length > 0) this.host.finishUnsent(pre ?? new Job(r), 'failed', unresolvedError(r.unresolved));
    }
  }

  /** The Jobs made ahead that the feed has passed (after a stop, those still queued are cancelled). */
  *passed(): Iterable<Job> {
    for (const [p, job] of this.graph) if (p < this.cursor) yield job;
  }

  /**
   * Launches requests in file order while the scheduler could start one more (a free slot
   * and nobody queued for one); after a stop, cancels every request not yet launched.
   * Requests in `waitingDeps` are launched by `dependenciesMet` (or cancelled here after a stop).
   */
  feed(): void {
    if (this.feeding) return;
    this.feeding = true;
    const host = this.host;
    try {
      if (this.lazy !== null) this.feedWithLazy(this.lazy);
      else while (this.cursor < this.planned.length && (host.stopCode || host.hungry())) this.feedAt(this.cursor++);
    } finally {
      this.feeding = false;
    }
  }

  /** Launches the request at position `p` of `planned` unless it was settled already. */
  private feedAt(p: number): void {
    let job = this.graph.get(p);
    if (job) {
      if (job.state !== 'queued' && !(job.state === 'waitingDeps' && this.host.stopCode)) return;
    } else {
      const r = this.planned[p]!;
      if (r.unresolved.length > 0 && this.settledUpFront) return;
      job = new Job(r);
    }
    this.host.launchNew(job);
  }

  /** `feed` with lazy groups: their copies and `planned` merged in file order; a copy still being planned ends the round. */
  private feedWithLazy(lazy: LazyFeed): void {
    const host = this.host;
    while (host.stopCode || host.hungry()) {
      const r = lazy.take(this.cursor < this.planned.length ? this.planned[this.cursor]!.index : Infinity);
      if (r === PENDING) return;
      if (r !== null) {
        // A lazy copy is queued as it is planned; one with unresolved variables ends here, unsent.
        host.queued(r);
        if (r.unresolved.length > 0) host.finishUnsent(new Job(r), 'failed', unresolvedError(r.unresolved));
        else host.launchNew(new Job(r));
      } else if (this.cursor < this.planned.length) this.feedAt(this.cursor++);
      else return;
    }
  }
}
