// Follows a run's event stream and gives report snapshots while it goes on: the results
// finished so far plus the requests still queued or running, for the live report view.
import type { BatchSettings, OriginConcurrency, RequestIdentity, RequestResult, RunEvent, RunReport, RunSummary } from '../types';
import type { PendingRequest } from './timeline';

export interface LiveRunInfo {
  file: string;
  /** ISO 8601 UTC start of the run. */
  startedAt: string;
  settings: BatchSettings;
  /** The summary of a list of results (the reporters' summary function). */
  summarize(results: readonly RequestResult[], durationMs: number): RunSummary;
}

export interface LiveSnapshot {
  report: RunReport;
  pending: PendingRequest[];
  nowMs: number;
}

/**
 * A request queued and not finished, as the live report draws it. One object literal: on
 * Node 20 a copy of the identity that then gets more fields costs several times more, in
 * making it and in every later write to it.
 */
function pendingRequest(r: RequestIdentity, queuedAtMs: number): PendingRequest {
  return { index: r.index, name: r.name, title: r.title, line: r.line, method: r.method, url: r.url, queuedAtMs, startedAtMs: null, attemptLog: [], currentAttemptStartMs: null };
}

export class LiveRunRecorder {
  // By request index (arrays, not maps: three lookups an event for each of many requests,
  // and the snapshots want index order).
  private readonly finished: (RequestResult | undefined)[] = [];
  private finishedCount = 0;
  private readonly pending: (PendingRequest | undefined)[] = [];
  private pendingCount = 0;
  private lastEventMs = 0;
  /** Adaptive limits seen so far, by origin (summary.concurrency of the snapshots). */
  private readonly limits = new Map<string, OriginConcurrency>();

  constructor(private readonly info: LiveRunInfo) {}

  /** Feeds one runner event (pass it from `RunOptions.onEvent`). */
  record(event: RunEvent): void {
    this.lastEventMs = Math.max(this.lastEventMs, event.atMs);
    switch (event.type) {
      case 'concurrency':
        if (event.origin !== null) this.limitChanged(event.origin, event.limit, event.atMs);
        break;
      case 'queued':
        if (this.pending[event.index] === undefined) this.pendingCount++;
        this.pending[event.index] = pendingRequest(event.request, event.atMs);
        break;
      case 'started': {
        const p = this.pending[event.index];
        if (!p) break;
        p.startedAtMs ??= event.atMs;
        p.currentAttemptStartMs = event.atMs;
        p.url = event.url;
        break;
      }
      case 'retrying': {
        const p = this.pending[event.index];
        if (!p || p.currentAttemptStartMs === null) break;
        p.attemptLog.push({
          attempt: event.attempt,
          startMs: p.currentAttemptStartMs,
          ttfbMs: null,
          endMs: event.atMs,
          status: null,
          errorCode: null,
          retryDelayMs: event.delayMs,
        });
        p.currentAttemptStartMs = null;
        break;
      }
      case 'polling': {
        // `@until`: a poll whose condition does not hold yet; the next poll after `delayMs`.
        const p = this.pending[event.index];
        if (!p || p.currentAttemptStartMs === null) break;
        p.attemptLog.push({
          attempt: p.attemptLog.length + 1,
          startMs: p.currentAttemptStartMs,
          ttfbMs: null,
          endMs: event.atMs,
          status: null,
          errorCode: null,
          retryDelayMs: null,
          poll: true,
          pollDelayMs: event.delayMs,
        });
        p.currentAttemptStartMs = null;
        break;
      }
      case 'finished':
        if (this.pending[event.index] !== undefined) {
          this.pending[event.index] = undefined;
          this.pendingCount--;
        }
        if (this.finished[event.index] === undefined) this.finishedCount++;
        this.finished[event.index] = event.result;
        break;
    }
  }

  /** True while some queued request has not finished. */
  get running(): boolean {
    return this.pendingCount > 0;
  }

  /**
   * The run so far. `nowMs` (ms since the run started) extends running bars; it defaults
   * to the last event's time. The summary counts finished requests, its total all known ones.
   */
  snapshot(nowMs = this.lastEventMs): LiveSnapshot {
    const results = present(this.finished, this.finishedCount);
    const pending = present(this.pending, this.pendingCount).map((p) => ({ ...p, attemptLog: [...p.attemptLog] }));
    const durationMs = Math.max(nowMs, this.lastEventMs);
    const summary: RunSummary = { ...this.info.summarize(results, durationMs), total: results.length + pending.length };
    if (this.limits.size > 0) summary.concurrency = Object.fromEntries([...this.limits].map(([o, c]) => [o, { ...c, changes: [...c.changes] }]));
    return {
      report: { version: 1, file: this.info.file, startedAt: this.info.startedAt, durationMs, settings: this.info.settings, summary, results },
      pending,
      nowMs: durationMs,
    };
  }

  private limitChanged(origin: string, limit: number, atMs: number): void {
    const c = this.limits.get(origin);
    if (!c) return void this.limits.set(origin, { final: limit, min: limit, max: limit, changes: [[atMs, limit]] });
    c.final = limit;
    c.min = Math.min(c.min, limit);
    c.max = Math.max(c.max, limit);
    const last = c.changes[c.changes.length - 1];
    if (last && last[1] === limit) return;
    // Live only: past 1,000 changes the newest replace the last point (the final report thins evenly).
    if (c.changes.length >= 1000) c.changes[c.changes.length - 1] = [atMs, limit];
    else c.changes.push([atMs, limit]);
  }
}

/** The `count` items of a list by index, in index order. */
function present<T>(byIndex: readonly (T | undefined)[], count: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < byIndex.length && out.length < count; i++) {
    const item = byIndex[i];
    if (item !== undefined) out.push(item);
  }
  return out;
}
