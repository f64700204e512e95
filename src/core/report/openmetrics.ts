// `--reporter openmetrics`: the run's metrics in the Prometheus text exposition format
// (version 0.0.4), for a Pushgateway or a CI dashboard (cli.md). Built one result at a
// time with a fixed amount of state per origin, so a big run never holds its results.
// Labels: origin (`scheme://host:port`), outcome, status, code, result; never a path, a
// query or a header value.
import { Redactor } from '../redact';
import type { RequestResult, RunReport } from '../types';
import { OriginCache } from './origin';
import { round1 } from './summary';

/** Upper bounds of the duration histogram, in seconds (+Inf is implied). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export const OUTCOME_LABELS = ['succeeded', 'failed', 'cancelled', 'skipped', 'not_needed'] as const;
type OutcomeLabel = (typeof OUTCOME_LABELS)[number];

/**
 * What the metrics read of a result. `assertions` and `polls` are optional so the
 * reporter works with results that do not carry them.
 */
export type MetricsResult = Pick<RequestResult, 'url' | 'outcome' | 'status' | 'attempts' | 'durationMs' | 'error'> & {
  readonly assertions?: readonly { readonly ok: boolean | null }[];
  /** Retries of the request (`@until` polls are attempts but not retries); absent: attempts - 1. */
  readonly retries?: number;
};

/** The counters of one origin. */
class OriginMetrics {
  readonly outcomes = new Map<OutcomeLabel, number>();
  readonly statuses = new Map<string, number>();
  readonly errors = new Map<string, number>();
  retries = 0;
  passed = 0;
  failed = 0;
  /** Non-cumulative counts per bucket; the last one is +Inf. */
  readonly buckets = new Float64Array(DURATION_BUCKETS.length + 1);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    this.buckets[i]!++;
    this.sum += seconds;
    this.count++;
  }

  merge(other: OriginMetrics): void {
    for (const [k, v] of other.outcomes) bump(this.outcomes, k, v);
    for (const [k, v] of other.statuses) bump(this.statuses, k, v);
    for (const [k, v] of other.errors) bump(this.errors, k, v);
    this.retries += other.retries;
    this.passed += other.passed;
    this.failed += other.failed;
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! += other.buckets[i]!;
    this.sum += other.sum;
    this.count += other.count;
  }
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function outcomeLabel(r: MetricsResult): OutcomeLabel {
  // As the summary counts them: a NOT_NEEDED copy (`@first`) apart from the cancelled ones.
  return r.error?.code === 'NOT_NEEDED' ? 'not_needed' : r.outcome;
}

/** Retries of a result, as the summary counts them (`SummaryBuilder`). */
export function retriesOf(r: MetricsResult): number {
  return Math.max(0, r.retries ?? r.attempts - 1);
}

/** Gathers the metrics of a run, one finished result at a time. */
export class MetricsBuilder {
  private readonly origins = new Map<string, OriginMetrics>();
  private readonly originCache = new OriginCache();

  add(r: MetricsResult): void {
    const origin = this.originCache.of(r.url);
    let m = this.origins.get(origin);
    if (!m) this.origins.set(origin, (m = new OriginMetrics()));
    bump(m.outcomes, outcomeLabel(r));
    m.retries += retriesOf(r);
    if (r.status !== null) {
      bump(m.statuses, String(r.status));
      // The JSON report's durationMs (rounded to 0.1 ms), so its numbers and these agree.
      if (r.durationMs !== null) m.observe(round1(r.durationMs) / 1000);
    }
    if (r.error) bump(m.errors, r.error.code);
    for (const a of r.assertions ?? []) {
      if (a.ok === true) m.passed++;
      else if (a.ok === false) m.failed++;
    }
  }

  /**
   * The exposition text. Origins are redacted with `secrets` (a host that came from a
   * private value shows as `***`); origins that redact alike are counted together.
   */
  toText(runDurationMs: number, secrets: readonly string[] = []): string {
    const redactor = new Redactor(secrets);
    const merged = new Map<string, OriginMetrics>();
    for (const [origin, m] of this.origins) {
      const shown = redactor.text(origin);
      const into = merged.get(shown);
      if (into) into.merge(m);
      else merged.set(shown, cloneOf(m));
    }
    const sorted = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return renderMetrics(sorted, runDurationMs);
  }
}

function cloneOf(m: OriginMetrics): OriginMetrics {
  const copy = new OriginMetrics();
  copy.merge(m);
  return copy;
}

type Family = { name: string; type: 'counter' | 'gauge' | 'histogram'; help: string; lines: string[] };

function renderMetrics(origins: readonly [string, OriginMetrics][], runDurationMs: number): string {
  const families: Family[] = [
    { name: 'batch_http_requests_total', type: 'counter', help: 'Requests of the batch by origin and outcome.', lines: [] },
    { name: 'batch_http_responses_total', type: 'counter', help: "Requests by origin and their final response's status.", lines: [] },
    { name: 'batch_http_errors_total', type: 'counter', help: "Requests by origin and their final error's code.", lines: [] },
    { name: 'batch_http_retries_total', type: 'counter', help: 'Retries sent, by origin.', lines: [] },
    { name: 'batch_http_assertions_total', type: 'counter', help: 'Assertions checked, by origin and result.', lines: [] },
    { name: 'batch_http_request_duration_seconds', type: 'histogram', help: 'Duration of each request that got a response, first attempt start to end of the last.', lines: [] },
  ];
  const [requests, responses, errors, retries, assertions, duration] = families as [Family, Family, Family, Family, Family, Family];
  for (const [origin, m] of origins) {
    const o = `origin="${escapeLabelValue(origin)}"`;
    for (const label of OUTCOME_LABELS) {
      const n = m.outcomes.get(label);
      if (n !== undefined) requests.lines.push(`batch_http_requests_total{${o},outcome="${label}"} ${n}`);
    }
    for (const [status, n] of sortedEntries(m.statuses)) responses.lines.push(`batch_http_responses_total{${o},status="${escapeLabelValue(status)}"} ${n}`);
    for (const [code, n] of sortedEntries(m.errors)) errors.lines.push(`batch_http_errors_total{${o},code="${escapeLabelValue(code)}"} ${n}`);
    retries.lines.push(`batch_http_retries_total{${o}} ${m.retries}`);
    if (m.passed + m.failed > 0) {
      assertions.lines.push(`batch_http_assertions_total{${o},result="passed"} ${m.passed}`);
      assertions.lines.push(`batch_http_assertions_total{${o},result="failed"} ${m.failed}`);
    }
    if (m.count > 0) duration.lines.push(...histogramLines('batch_http_request_duration_seconds', o, m));
  }
  const out: string[] = [];
  for (const f of families) {
    if (f.lines.length === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...f.lines);
  }
  out.push(
    '# HELP batch_http_run_duration_seconds Duration of the whole run.',
    '# TYPE batch_http_run_duration_seconds gauge',
    `batch_http_run_duration_seconds ${formatNumber(round1(runDurationMs) / 1000)}`,
  );
  return `${out.join('\n')}\n`;
}

function histogramLines(name: string, originLabel: string, m: OriginMetrics): string[] {
  const lines: string[] = [];
  let cumulative = 0;
  for (let i = 0; i < DURATION_BUCKETS.length; i++) {
    cumulative += m.buckets[i]!;
    lines.push(`${name}_bucket{${originLabel},le="${formatNumber(DURATION_BUCKETS[i]!)}"} ${cumulative}`);
  }
  cumulative += m.buckets[DURATION_BUCKETS.length]!;
  lines.push(`${name}_bucket{${originLabel},le="+Inf"} ${cumulative}`);
  lines.push(`${name}_sum{${originLabel}} ${formatNumber(m.sum)}`);
  lines.push(`${name}_count{${originLabel}} ${m.count}`);
  return lines;
}

function sortedEntries(map: Map<string, number>): [string, number][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A sample value: a finite number as JavaScript writes it (which Go's ParseFloat reads), rounded to 1 µs. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  return String(Math.round(n * 1e6) / 1e6);
}

/** A label value as the text format needs it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** HELP text: backslash and line feed escaped. */
function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** The metrics of a finished report whose results are all at hand. */
export function toOpenMetrics(report: RunReport, secrets: readonly string[] = []): string {
  const builder = new MetricsBuilder();
  for (const r of report.results) builder.add(r);
  return builder.toText(report.durationMs, [...secrets, ...(report.secrets ?? [])]);
}
