// What the report model (timeline.ts) draws over all the results, gathered one result at a
// time: the attempts' start and end times in typed arrays (16 bytes an attempt), the
// durations with a response (8 bytes a result), counts by status and error code, phase
// sums, and the last time known. The in-memory model and the HTML report written from a
// stream (the CLI) both build on this, so both give the same numbers.
import type { RequestResult, RunReport, RunSummary } from '../types';
import { PhaseTotalsBuilder } from './phase-totals';
import type { BucketSeries, CountEntry, ReportModel, StepSeries, TimelineAttempt } from './timeline';

/** A growing list of numbers in a Float64Array. */
export class NumberList {
  private data = new Float64Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The numbers so far (a view: valid until the next push). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** The series and counts at the end of the model (after its rows). */
export type ModelTail = Pick<ReportModel, 'inFlight' | 'limit' | 'atCapRatio' | 'starts' | 'latency' | 'statusCounts' | 'errorCounts' | 'phaseTotals'>;

export interface ModelTailOptions {
  startBuckets?: number;
  latencyBins?: number;
}

export class ModelTotals {
  private readonly starts = new NumberList();
  private readonly ends = new NumberList();
  private readonly durations = new NumberList();
  private readonly statuses = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly phases = new PhaseTotalsBuilder();
  private last = -Infinity;

  /**
   * Takes one result with its attempts (`attemptsOf` in timeline.ts). Phase sums follow the
   * order given: index order gives the in-memory model's sums exactly.
   */
  add(r: RequestResult, attempts: readonly TimelineAttempt[]): void {
    this.seen(r.endedAtMs);
    for (const a of attempts) this.addAttempt(a);
    if (r.status !== null && r.durationMs !== null) this.durations.push(r.durationMs);
    count(this.statuses, r.status === null ? 'no response' : String(r.status));
    const code = r.error?.code ?? null;
    if (code !== null) count(this.errors, code);
    this.phases.add(r);
  }

  /** An attempt of a request still running (live model). */
  addAttempt(a: Pick<TimelineAttempt, 'startMs' | 'endMs'>): void {
    this.starts.push(a.startMs);
    this.ends.push(a.endMs);
  }

  /** A time the model's axis must reach. */
  seen(timeMs: number): void {
    this.last = Math.max(this.last, timeMs);
  }

  /** The last time known: the run's duration, or a later end. */
  lastKnown(durationMs: number): number {
    return Math.max(durationMs, this.last);
  }

  tail(report: Pick<RunReport, 'summary' | 'settings'>, spanMs: number, options: ModelTailOptions = {}): ModelTail {
    const starts = this.starts.values();
    const inFlight = inFlightFromTimes(starts, this.ends.values());
    const cap = report.settings.concurrency;
    return {
      inFlight,
      limit: limitSeries(report.summary.concurrency ?? null, cap),
      atCapRatio: shareAtLeast(inFlight, cap, spanMs),
      starts: bucketStarts(starts, spanMs, options.startBuckets ?? 60),
      latency: histogramOf(this.durations.values(), options.latencyBins ?? 40),
      statusCounts: countEntries(this.statuses),
      errorCounts: countEntries(this.errors),
      phaseTotals: this.phases.build(),
    };
  }
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts, most frequent first (ties by label). */
export function countEntries(counts: ReadonlyMap<string, number>): CountEntry[] {
  return [...counts].map(([label, n]) => ({ label, count: n })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/**
 * Attempts in flight over time, from each attempt's start and end. An attempt counts from
 * its start to its end (one that does not end after it starts, not at all); at equal times
 * ends are applied before starts, so a slot handed straight on is not counted twice.
 */
export function inFlightFromTimes(starts: Float64Array, ends: Float64Array): StepSeries {
  const up = new NumberList();
  const down = new NumberList();
  for (let i = 0; i < starts.length; i++) {
    if (!(ends[i]! > starts[i]!)) continue;
    up.push(starts[i]!);
    down.push(ends[i]!);
  }
  const rise = up.values().sort();
  const fall = down.values().sort();
  const times: number[] = [0];
  const values: number[] = [0];
  let current = 0;
  let max = 0;
  for (let i = 0, j = 0; i < rise.length || j < fall.length; ) {
    // An end at or before the next start goes first.
    const end = j < fall.length && (i === rise.length || fall[j]! <= rise[i]!);
    const time = end ? fall[j++]! : rise[i++]!;
    current += end ? -1 : 1;
    if (times[times.length - 1] === time) values[values.length - 1] = current;
    else {
      times.push(time);
      values.push(current);
    }
    if (current > max) max = current;
  }
  return { times, values, max };
}

/** Attempt starts counted per bucket of a "nice" width giving about `target` buckets over the span. */
export function bucketStarts(starts: ArrayLike<number>, spanMs: number, target = 60): BucketSeries {
  const widthMs = Math.max(10, niceStep(spanMs / Math.max(1, target)));
  const counts = new Array<number>(Math.max(1, Math.ceil(spanMs / widthMs))).fill(0);
  for (let k = 0; k < starts.length; k++) {
    const i = Math.min(counts.length - 1, Math.max(0, Math.floor(starts[k]! / widthMs)));
    counts[i]++;
  }
  return { widthMs, counts };
}

/** Histogram of durations, in about `target` bins of a "nice" width. */
export function histogramOf(durations: ArrayLike<number>, target = 40): BucketSeries {
  if (durations.length === 0) return { widthMs: 1, counts: [] };
  let max = 0;
  for (let k = 0; k < durations.length; k++) if (durations[k]! > max) max = durations[k]!;
  const widthMs = niceStep(Math.max(max, 1) / Math.max(1, target));
  const counts = new Array<number>(Math.floor(max / widthMs) + 1).fill(0);
  for (let k = 0; k < durations.length; k++) counts[Math.floor(Math.max(0, durations[k]!) / widthMs)]++;
  return { widthMs, counts };
}

/** The origins' adaptive limits summed over time (each origin counts from its first change), capped at `cap`. */
export function limitSeries(concurrency: RunSummary['concurrency'] | null, cap: number): StepSeries | null {
  if (!concurrency) return null;
  const edges: Array<[time: number, origin: number, limit: number]> = [];
  Object.values(concurrency).forEach((c, origin) => {
    for (const [t, limit] of c.changes) edges.push([t, origin, limit]);
  });
  if (edges.length === 0) return null;
  edges.sort((x, y) => x[0] - y[0]);
  const current = new Map<number, number>();
  let sum = 0;
  const times: number[] = [];
  const values: number[] = [];
  let max = 0;
  for (const [t, origin, limit] of edges) {
    sum += limit - (current.get(origin) ?? 0);
    current.set(origin, limit);
    const v = Math.min(cap, sum);
    if (times.length > 0 && times[times.length - 1] === t) values[values.length - 1] = v;
    else {
      times.push(t);
      values.push(v);
    }
    if (v > max) max = v;
  }
  return { times, values, max };
}

/** Share of [0, spanMs] during which the series is at least `level`. */
export function shareAtLeast(series: StepSeries, level: number, spanMs: number): number {
  if (!(spanMs > 0)) return 0;
  let total = 0;
  for (let i = 0; i < series.times.length; i++) {
    if (series.values[i] < level) continue;
    const from = Math.min(series.times[i], spanMs);
    const to = Math.min(i + 1 < series.times.length ? series.times[i + 1] : spanMs, spanMs);
    total += Math.max(0, to - from);
  }
  return total / spanMs;
}

/** The smallest of 1, 2, 5 x 10^k that is >= x (x > 0); 1 for anything else. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exp = Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) {
    const step = m * 10 ** exp;
    if (step >= x * (1 - 1e-12)) return Number(step.toPrecision(12));
  }
  return 10 ** (exp + 1);
}
