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

export function toPretty(report: RunReport, options: PrettyOptions = {}): string {
  const redactor = reportRedactor(report, options.secrets);
  const maxRows = options.maxRows ?? MAX_ROWS;
  const s = report.summary;
  const out: string[] = [];
  const all = report.results;
  const shown = all.length <= maxRows ? all : all.filter((r) => r.outcome !== 'succeeded' && r.error?.code !== 'NOT_NEEDED').slice(0, maxRows);
  if (shown.length > 0) {
    const header = ['#', 'name', 'method', 'url', 'status', 'outcome', 'tries', 'ms', 'error'];
    out.push(...table([header, ...shown.map((r) => requestRow(r, redactor))], new Set([0, 4, 6, 7])));
    const hidden = all.length - shown.length;
    if (hidden > 0) out.push(`(${hidden} more not shown${all.length > maxRows ? '; every request that did not succeed is listed first' : ''})`);
    out.push('');
  }
  // NOT_NEEDED copies (`@first`) are no problem.
  const problems = all.filter((r) => r.error && r.outcome !== 'succeeded' && r.error.code !== 'NOT_NEEDED').slice(0, 20);
  if (problems.length > 0) {
    out.push('Problems:');
    for (const r of problems) {
      out.push(`  #${r.index} (line ${r.line}) ${r.error!.code}: ${printable(redactor.text(r.error!.message))}`);
      for (const a of jsonAssertions(r.assertions, redactor)) {
        if (a.ok === false) out.push(`      ✗ line ${a.line}: ?? ${printable(a.text)}  (found ${printable(a.actual ?? 'nothing')})`);
      }
    }
    out.push('');
  }
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
  const polls = all.reduce((n, r) => n + (r.polls ?? 0), 0);
  if (polls > 0) {
    const pollers = all.filter((r) => r.polls).length;
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
