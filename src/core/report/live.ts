// Follows a run's event stream and gives report snapshots while it goes on: the results
// finished so far plus the requests still queued or running, for the live report view.
import type { BatchSettings, OriginConcurrency, RequestResult, RunEvent, RunReport, RunSummary } from '../types';
import type { PendingRequest } from './timeline';
import { requestIdentity } from '../identity';

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

export class LiveRunRecorder {
  private readonly finished = new Map<number, RequestResult>();
  private readonly pending = new Map<number, PendingRequest>();
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
        // Object.assign onto the identity, not `{ ...identity, more }`: on Node 20 a spread
        // followed by new fields costs about 10 µs an object here, and every later write to
        // it several times more (measured: 10,000 requests spent 170 ms in this method).
        this.pending.set(event.index, Object.assign(requestIdentity(event.request), { queuedAtMs: event.atMs, startedAtMs: null, attemptLog: [], currentAttemptStartMs: null }));
        break;
      case 'started': {
        const p = this.pending.get(event.index);
        if (!p) break;
        p.startedAtMs ??= event.atMs;
        p.currentAttemptStartMs = event.atMs;
        p.url = event.url;
        break;
      }
      case 'retrying': {
        const p = this.pending.get(event.index);
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
        const p = this.pending.get(event.index);
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
        this.pending.delete(event.index);
        this.finished.set(event.index, event.result);
        break;
    }
  }

  /** True while some queued request has not finished. */
  get running(): boolean {
    return this.pending.size > 0;
  }

  /**
   * The run so far. `nowMs` (ms since the run started) extends running bars; it defaults
   * to the last event's time. The summary counts finished requests, its total all known ones.
   */
  snapshot(nowMs = this.lastEventMs): LiveSnapshot {
    const results = [...this.finished.values()].sort((a, b) => a.index - b.index);
    const pending = [...this.pending.values()].sort((a, b) => a.index - b.index).map((p) => ({ ...p, attemptLog: [...p.attemptLog] }));
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
