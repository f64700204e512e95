// What BatchRun sets up before its first request: the Jobs made ahead, the connection pools,
// and the two ways a run is stopped from outside (the caller's signal, the deadline).
import { randomBytes } from 'node:crypto';
import type { ConnectionTimer } from '../timing/connection';
import type { BatchPlan, Clock, LazyRequests, Logger, PlannedRequest, TimerHandle } from '../types';
import { WireHooks } from '../wire/hooks';
import { createDispatcherPool, type DispatcherSource } from './dispatcher';
import type { StopCode } from './errors';
import { Job } from './job';
import { LazyFeed } from './lazy-feed';
import type { RunOptions } from './options';

/**
 * Jobs made before the run, by position in `requests`: the requests with a name, with
 * dependencies or in a `@first` group. Every other request gets its Job only when the run
 * reaches it. Also the longest request timeout (the pools' connect timeout follows it).
 */
export function jobsAhead(requests: readonly PlannedRequest[], lazy?: readonly LazyRequests[]): { graph: Map<number, Job>; maxTimeoutMs: number } {
  const graph = new Map<number, Job>();
  let maxTimeoutMs = 10_000;
  // Every copy of a lazy group has its copy 0's timeout.
  for (const g of lazy ?? []) if (g.sample.timeoutMs > maxTimeoutMs) maxTimeoutMs = g.sample.timeoutMs;
  requests.forEach((r, p) => {
    if (r.timeoutMs > maxTimeoutMs) maxTimeoutMs = r.timeoutMs;
    if (r.name !== null || r.dependsOn.length > 0 || r.first) graph.set(p, new Job(r));
  });
  return { graph, maxTimeoutMs };
}

/**
 * The feed of the plan's lazy groups (null without any): `window` requests planned ahead at
 * most, twice the run's cap (`global`), so a slot that frees finds its next request ready.
 */
export function lazyFeed(plan: BatchPlan, only: readonly number[] | undefined, global: number, onReady: () => void, redactor: { add(values: Iterable<string>): void }): LazyFeed | null {
  if (!plan.lazy || plan.lazy.length === 0) return null;
  const window = Math.min(4096, Math.max(16, 2 * global));
  return new LazyFeed(plan.lazy, only ? new Set(only) : null, window, onReady, (values) => redactor.add(values));
}

/** The run's connection pools (`RunOptions.dispatchers`, else the default pool). */
export function runDispatchers(options: RunOptions, perHost: number, maxTimeoutMs: number, http2: boolean, connectionTimer?: ConnectionTimer, wire?: WireHooks): DispatcherSource {
  return (options.dispatchers ?? createDispatcherPool)({
    wire,
    perHost,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    proxyEnv: options.proxyEnv,
    defaultConnectTimeoutMs: maxTimeoutMs + 1000,
    connectionTimer,
    allowH2: http2,
  });
}

/** The run's wire hooks, with a path for `OPTIONS *` that no file can guess (a new one per run). */
export function runWireHooks(logger: () => Logger): WireHooks {
  return new WireHooks(randomBytes(12).toString('hex'), logger);
}

interface Stoppable {
  stop(code: StopCode): void;
}

function onDeadline(run: Stoppable): void {
  run.stop('DEADLINE_EXCEEDED');
}

/** Stops `run` when `signal` aborts (CANCELLED) or at the deadline; returns what undoes both. */
export function watchStops(run: Stoppable, signal: AbortSignal | undefined, deadlineMs: number | null, clock: Clock): () => void {
  const onAbort = (): void => run.stop('CANCELLED');
  signal?.addEventListener('abort', onAbort, { once: true });
  let deadline: TimerHandle | null = null;
  if (deadlineMs !== null && Number.isFinite(deadlineMs)) deadline = clock.setTimer(deadlineMs, onDeadline, run);
  return () => {
    if (deadline) clock.clearTimer(deadline);
    signal?.removeEventListener('abort', onAbort);
  };
}
