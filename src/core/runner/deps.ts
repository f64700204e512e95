// Dependencies between requests: the subset to run (`only` plus what it needs), the groups of
// requests sharing a name (the copies of `@repeat`/`@foreach` share theirs), cycle detection,
// and propagation: when a request finishes, which dependents may start and which must end.
import type { Outcome, PlannedRequest } from '../types';
import type { Job } from './job';
import { unreachableReason } from './first';
import type { ResponseSource } from './refs';

/**
 * The requests sharing a `@name` (several for `@repeat`/`@foreach` copies), or the copies of
 * an unnamed `@first` request. The group succeeds once `need` members succeeded (all of
 * them, or K with `@first K`) and fails as soon as so many did not that `need` is out of
 * reach. A dependent starts when the group succeeds and ends when it fails. Once a `@first`
 * group succeeds, the run ends the members not finished with NOT_NEEDED.
 */
export interface DepGroup {
  readonly jobs: Job[];
  /** Successes needed: `@first K`, else every member. */
  need: number;
  /** `@first K`, else null. */
  readonly first: number | null;
  succeeded: number;
  /** Members that ended without success (before the group succeeded). */
  ended: number;
  failed: boolean;
  /** True once `need` members succeeded. */
  done: boolean;
  /** The member that succeeded first (what a reference to a `@first 1` group reads). */
  winner: Job | null;
  /** Jobs waiting for this group, each once. */
  readonly dependents: Job[];
}

/** What the run does when dependencies are settled (the coordinator implements it). */
export interface DependencySink {
  /** Every dependency of `job` succeeded: it may start. */
  dependenciesMet(job: Job): void;
  /** The group `name` did not succeed (one member ended `outcome`): `job`, waiting for it, ends. */
  dependencyFailed(job: Job, name: string, outcome: Outcome, why?: string): void;
  /** A `@first K` group has its K successes: the members not finished are not needed. */
  groupSatisfied(group: DepGroup): void;
}

/** The dependency graph of a run: groups by name, the jobs that can never start, propagation. */
export class Dependencies {
  readonly blocked: ReadonlyMap<Job, string>;
  private readonly groups: Map<string, DepGroup>;

  /** `jobs`: every request with a name or with dependencies (the others take no part). */
  constructor(jobs: readonly Job[]) {
    const { groups, blocked } = wireDependencies(jobs);
    this.groups = groups;
    this.blocked = blocked;
  }

  /** The group of requests named `name`, if any. */
  group(name: string): DepGroup | undefined {
    return this.groups.get(name);
  }

  /**
   * The response a reference to `name` reads: the one request of that name, once it
   * succeeded; for a `@first 1` group, the copy that succeeded first (a hedged request).
   */
  source(name: string): ResponseSource | undefined {
    const g = this.groups.get(name);
    if (!g) return undefined;
    const dep = g.jobs.length === 1 ? g.jobs[0] : g.first === 1 ? g.winner : null;
    if (!dep || dep.outcome !== 'succeeded') return undefined;
    return (dep.source ??= dep.asSource());
  }

  /** True when a request waits for this one's name (it may read the response). */
  isReferenced(job: Job): boolean {
    const name = job.request.name;
    return name !== null && (this.groups.get(name)?.dependents.length ?? 0) > 0;
  }

  /** `job` finished: starts the dependents whose last dependency it was, or ends those of a failed group. */
  settle(job: Job, sink: DependencySink): void {
    const key = groupKey(job);
    const g = key !== null ? this.groups.get(key) : undefined;
    // After the group succeeded, its last members (NOT_NEEDED, late ones) change nothing.
    if (!g || g.done) return;
    const name = job.request.name;
    if (job.outcome === 'succeeded') {
      g.winner ??= job;
      if (++g.succeeded < g.need || g.failed) return;
      g.done = true;
      if (g.first !== null) sink.groupSatisfied(g);
      for (const d of g.dependents) if (d.state === 'waitingDeps' && --d.pendingDeps === 0) sink.dependenciesMet(d);
    } else {
      g.ended++;
      // Without @first one member that did not succeed fails the group; with it, once K is out of reach.
      if (g.failed || g.jobs.length - g.ended >= g.need) return;
      g.failed = true;
      const why = g.first !== null ? unreachableReason(g, g.ended) : undefined;
      for (const d of g.dependents) if (d.state === 'waitingDeps') sink.dependencyFailed(d, name!, job.outcome!, why);
    }
  }
}

/**
 * The group a job belongs to: its name, or for the copies of an unnamed `@first` request a
 * key no name can be (names are letters, digits, `_` and `-`).
 */
function groupKey(job: Job): string | null {
  const r = job.request;
  if (r.name !== null) return r.name;
  return r.first ? `#block ${r.blockIndex}` : null;
}

/** Indices to run: `only` and, transitively, every request they depend on; all when `only` is absent. */
export function selectRequests(requests: readonly PlannedRequest[], only: readonly number[] | undefined): PlannedRequest[] {
  if (!only) return requests.slice();
  const byName = new Map<string, PlannedRequest[]>();
  for (const r of requests) if (r.name) (byName.get(r.name) ?? byName.set(r.name, []).get(r.name)!).push(r);
  const byIndex = new Map(requests.map((r) => [r.index, r]));
  const chosen = new Set<number>();
  const stack = only.filter((i) => byIndex.has(i));
  while (stack.length) {
    const i = stack.pop()!;
    if (chosen.has(i)) continue;
    chosen.add(i);
    for (const dep of byIndex.get(i)!.dependsOn) for (const r of byName.get(dep) ?? []) stack.push(r.index);
  }
  return requests.filter((r) => chosen.has(r.index));
}

export interface DependencyWiring {
  groups: Map<string, DepGroup>;
  /** Jobs that can never start: a missing name, or a cycle. With the reason. */
  blocked: Map<Job, string>;
}

/** Builds the groups, sets `pendingDeps` (and `waitingDeps`) on every job and finds the jobs that can never start. */
export function wireDependencies(jobs: readonly Job[]): DependencyWiring {
  const groups = new Map<string, DepGroup>();
  for (const job of jobs) {
    const key = groupKey(job);
    if (key === null) continue;
    let g = groups.get(key);
    const first = job.request.first ?? null;
    if (!g) groups.set(key, (g = { jobs: [], need: 0, first, succeeded: 0, ended: 0, failed: false, done: false, winner: null, dependents: [] }));
    g.jobs.push(job);
  }
  for (const g of groups.values()) g.need = g.first !== null ? Math.min(g.first, g.jobs.length) : g.jobs.length;
  const blocked = new Map<Job, string>();
  for (const job of jobs) {
    const seen = new Set<string>();
    for (const dep of job.request.dependsOn) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      const g = groups.get(dep);
      if (!g) {
        blocked.set(job, `depends on '${dep}', but no request has that name`);
        continue;
      }
      g.dependents.push(job);
      job.pendingDeps++;
    }
  }
  let anyDeps = false;
  for (const job of jobs) {
    if (job.pendingDeps === 0) continue;
    anyDeps = true;
    job.state = 'waitingDeps';
  }
  if (!anyDeps) return { groups, blocked };
  // Kahn's algorithm over jobs: what is never reached waits on a cycle.
  const pending = new Map<Job, number>();
  const left = new Map<DepGroup, number>();
  for (const g of groups.values()) left.set(g, g.jobs.length);
  const ready: Job[] = [];
  for (const job of jobs) {
    pending.set(job, job.pendingDeps);
    if (job.pendingDeps === 0) ready.push(job);
  }
  let reached = 0;
  while (ready.length) {
    const job = ready.pop()!;
    reached++;
    const key = groupKey(job);
    const g = key !== null ? groups.get(key) : undefined;
    if (!g) continue;
    const n = left.get(g)! - 1;
    left.set(g, n);
    if (n > 0) continue;
    for (const d of g.dependents) {
      const p = pending.get(d)! - 1;
      pending.set(d, p);
      if (p === 0) ready.push(d);
    }
  }
  if (reached < jobs.length) {
    for (const job of jobs) {
      if (pending.get(job)! > 0 && !blocked.has(job)) blocked.set(job, 'is part of a dependency cycle (or waits for one)');
    }
  }
  return { groups, blocked };
}
