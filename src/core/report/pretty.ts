// The human report of `batch-http run` (default): a table of requests and the summary.
import { printable } from '../printable';
import type { Redactor } from '../redact';
import { reportRedactor } from './redactor';
import type { RequestResult, RunReport } from '../types';
import { jsonAssertions } from './assertions';

const MAX_ROWS = 100;
const URL_WIDTH = 56;

export interface PrettyOptions {
  secrets?: readonly string[];
  /** Show every request up to this many (default 100); beyond, only the ones that did not succeed. */
  maxRows?: number;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function ms(n: number | null): string {
  return n === null ? '-' : n < 10 ? n.toFixed(1) : Math.round(n).toString();
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows.slice(1)) out.push(line(r));
  return out;
}

function requestRow(r: RequestResult, redactor: Redactor): string[] {
  const label = printable(r.name ?? (r.title === null ? '' : redactor.text(r.title)));
  return [
    String(r.index),
    clip(label, 24),
    r.method,
    clip(printable(redactor.text(r.url)), URL_WIDTH),
    r.status === null ? '-' : String(r.status),
    r.outcome,
    r.polls ? `${r.attempts} (${r.polls} polls)` : String(r.attempts),
    ms(r.durationMs),
    r.error ? r.error.code : '',
  ];
}

/** What the table and the problems list show of a run's results, and the poll counts over all of them. */
export interface PrettyRows {
  /** The results reported. */
  count: number;
  /** The rows of the table. */
  shown: readonly RequestResult[];
  /** The first results that did not succeed (at most 20), listed under "Problems". */
  problems: readonly RequestResult[];
  polls: number;
  /** Results that polled. */
  pollers: number;
}

/** Shown in the table beyond `maxRows` results: one that did not succeed and was needed. */
function isBad(r: RequestResult): boolean {
  return r.outcome !== 'succeeded' && r.error?.code !== 'NOT_NEEDED';
}

/** Listed under "Problems": one that did not succeed with an error, not a NOT_NEEDED copy (`@first`: no problem). */
function isProblem(r: RequestResult): boolean {
  return !!r.error && r.outcome !== 'succeeded' && r.error.code !== 'NOT_NEEDED';
}

const MAX_PROBLEMS = 20;

/** True when a list of at most `size` results in index order would keep one of index `index`. */
function takes(list: readonly RequestResult[], size: number, index: number): boolean {
  return list.length < size || (size > 0 && list[list.length - 1]!.index > index);
}

/** The rows of the results as given. */
export function prettyRows(all: readonly RequestResult[], maxRows = MAX_ROWS): PrettyRows {
  const shown = all.length <= maxRows ? all : all.filter(isBad).slice(0, maxRows);
  let polls = 0;
  let pollers = 0;
  for (const r of all) {
    polls += r.polls ?? 0;
    if (r.polls) pollers++;
  }
  return { count: all.length, shown, problems: all.filter(isProblem).slice(0, MAX_PROBLEMS), polls, pollers };
}

/**
 * The rows of results that come one at a time in any order, keeping only what can be shown
 * (a few hundred results at most): the same rows as `prettyRows` of them in index order.
 */
export class PrettyCollector {
  private count = 0;
  private polls = 0;
  private pollers = 0;
  /** The results of the smallest indices: all of them when there are no more than `maxRows`. */
  private readonly first: RequestResult[] = [];
  private readonly bad: RequestResult[] = [];
  private readonly problems: RequestResult[] = [];

  constructor(private readonly maxRows = MAX_ROWS) {}

  /** Takes one result (its body and response headers are not kept). */
  add(result: RequestResult): void {
    this.count++;
    this.polls += result.polls ?? 0;
    if (result.polls) this.pollers++;
    const lists: RequestResult[][] = [];
    if (takes(this.first, this.maxRows, result.index)) lists.push(this.first);
    if (isBad(result) && takes(this.bad, this.maxRows, result.index)) lists.push(this.bad);
    if (isProblem(result) && takes(this.problems, MAX_PROBLEMS, result.index)) lists.push(this.problems);
    if (lists.length === 0) return;
    const slim = { ...result, responseHeaders: null, body: null };
    for (const list of lists) {
      let at = list.length;
      while (at > 0 && list[at - 1]!.index > slim.index) at--;
      list.splice(at, 0, slim);
      if (list.length > (list === this.problems ? MAX_PROBLEMS : this.maxRows)) list.pop();
    }
  }

  /** The rows of the results taken so far. */
  rows(): PrettyRows {
    const shown = this.count <= this.maxRows ? this.first : this.bad;
    return { count: this.count, shown, problems: this.problems, polls: this.polls, pollers: this.pollers };
  }
}

export function toPretty(report: RunReport, options: PrettyOptions = {}): string {
  return prettyText(report, prettyRows(report.results, options.maxRows), options);
}

/** The report's text: `report` gives the summary, `rows` the results shown. */
export function prettyText(report: Omit<RunReport, 'results'>, rows: PrettyRows, options: PrettyOptions = {}): string {
  const redactor = reportRedactor(report, options.secrets);
  const s = report.summary;
  const out: string[] = [];
  const { shown, count } = rows;
  if (shown.length > 0) {
    const header = ['#', 'name', 'method', 'url', 'status', 'outcome', 'tries', 'ms', 'error'];
    out.push(...table([header, ...shown.map((r) => requestRow(r, redactor))], new Set([0, 4, 6, 7])));
    const hidden = count - shown.length;
    // Rows are hidden only beyond `maxRows` results, when the table lists those that did not succeed.
    if (hidden > 0) out.push(`(${hidden} more not shown; every request that did not succeed is listed first)`);
    out.push('');
  }
  out.push(...problemLines(rows.problems, redactor));
  const lat = s.latencyMs;
  const notNeeded = s.notNeeded ?? 0;
  const counts = (rec: Record<string, number>): string =>
    Object.entries(rec)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} x${v}`)
      .join(', ') || '-';
  const summary: string[][] = [
    ['file', printable(report.file)],
    ['requests', `${s.total}: ${s.succeeded} succeeded, ${s.failed} failed, ${s.cancelled} cancelled, ${s.skipped} skipped${notNeeded > 0 ? `, ${notNeeded} not needed` : ''}`],
    ['retries', String(s.retries)],
    ['duration', `${(report.durationMs / 1000).toFixed(2)} s (${s.requestsPerSecond} req/s)`],
    ['latency ms', lat ? `p50 ${lat.p50}  p90 ${lat.p90}  p95 ${lat.p95}  p99 ${lat.p99}  max ${lat.max}` : '-'],
    ['statuses', counts(s.statusCounts)],
    ['errors', counts(s.errorCounts)],
  ];
  const { polls, pollers } = rows;
  if (polls > 0) {
    summary.splice(2, 0, ['polls', `${polls} (${pollers} request${pollers === 1 ? '' : 's'} with @until)`]);
  }
  const asserted = s.assertions;
  if (asserted && asserted.total > 0) {
    const unchecked = asserted.total - asserted.passed - asserted.failed;
    summary.splice(2, 0, ['assertions', `${asserted.total}: ${asserted.passed} passed, ${asserted.failed} failed${unchecked > 0 ? `, ${unchecked} not checked` : ''}`]);
  }
  // Adaptive concurrency: one line per origin (origins carry no secrets but userinfo is never part of one).
  for (const [origin, c] of Object.entries(s.concurrency ?? {})) {
    summary.push(['concurrency', `${redactor.text(origin)}: final ${c.final}, min ${c.min}, max ${c.max} (auto, MAX ${report.settings.concurrency})`]);
  }
  const w = Math.max(...summary.map(([k]) => k.length));
  for (const [k, v] of summary) out.push(`${k.padEnd(w)}  ${v}`);
  if (s.succeeded + notNeeded === s.total) out.push(notNeeded > 0 ? `RESULT: all requests succeeded (${notNeeded} not needed: @first had its successes)` : 'RESULT: all requests succeeded');
  else out.push(`RESULT: ${s.total - s.succeeded - notNeeded} of ${s.total} requests did not succeed`);
  return `${out.join('\n')}\n`;
}

function problemLines(problems: readonly RequestResult[], redactor: Redactor): string[] {
  if (problems.length === 0) return [];
  const out = ['Problems:'];
  for (const r of problems) {
    out.push(`  #${r.index} (line ${r.line}) ${r.error!.code}: ${printable(redactor.text(r.error!.message))}`);
    for (const a of jsonAssertions(r.assertions, redactor)) {
      if (a.ok === false) out.push(`      ✗ line ${a.line}: ?? ${printable(a.text)}  (found ${printable(a.actual ?? 'nothing')})`);
    }
  }
  out.push('');
  return out;
}
