// The human report of `batch-http run` (default): a table of requests and the summary.
import { Redactor } from '../redact';
import type { RequestResult, RunReport } from '../types';

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
  const label = r.name ?? r.title ?? '';
  return [
    String(r.index),
    clip(label, 24),
    r.method,
    clip(redactor.text(r.url), URL_WIDTH),
    r.status === null ? '-' : String(r.status),
    r.outcome,
    String(r.attempts),
    ms(r.durationMs),
    r.error ? r.error.code : '',
  ];
}

export function toPretty(report: RunReport, options: PrettyOptions = {}): string {
  const redactor = new Redactor([...(options.secrets ?? []), ...(report.secrets ?? [])]);
  const maxRows = options.maxRows ?? MAX_ROWS;
  const s = report.summary;
  const out: string[] = [];
  const all = report.results;
  const shown = all.length <= maxRows ? all : all.filter((r) => r.outcome !== 'succeeded').slice(0, maxRows);
  if (shown.length > 0) {
    const header = ['#', 'name', 'method', 'url', 'status', 'outcome', 'tries', 'ms', 'error'];
    out.push(...table([header, ...shown.map((r) => requestRow(r, redactor))], new Set([0, 4, 6, 7])));
    const hidden = all.length - shown.length;
    if (hidden > 0) out.push(`(${hidden} more not shown${all.length > maxRows ? '; every request that did not succeed is listed first' : ''})`);
    out.push('');
  }
  const problems = all.filter((r) => r.error && r.outcome !== 'succeeded').slice(0, 20);
  if (problems.length > 0) {
    out.push('Problems:');
    for (const r of problems) {
      out.push(`  #${r.index} (line ${r.line}) ${r.error!.code}: ${redactor.text(r.error!.message)}`);
    }
    out.push('');
  }
  const lat = s.latencyMs;
  const counts = (rec: Record<string, number>): string =>
    Object.entries(rec)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} x${v}`)
      .join(', ') || '-';
  const summary: string[][] = [
    ['file', report.file],
    ['requests', `${s.total}: ${s.succeeded} succeeded, ${s.failed} failed, ${s.cancelled} cancelled, ${s.skipped} skipped`],
    ['retries', String(s.retries)],
    ['duration', `${(report.durationMs / 1000).toFixed(2)} s (${s.requestsPerSecond} req/s)`],
    ['latency ms', lat ? `p50 ${lat.p50}  p90 ${lat.p90}  p95 ${lat.p95}  p99 ${lat.p99}  max ${lat.max}` : '-'],
    ['statuses', counts(s.statusCounts)],
    ['errors', counts(s.errorCounts)],
  ];
  // Adaptive concurrency: one line per origin (origins carry no secrets but userinfo is never part of one).
  for (const [origin, c] of Object.entries(s.concurrency ?? {})) {
    summary.push(['concurrency', `${redactor.text(origin)}: final ${c.final}, min ${c.min}, max ${c.max} (auto, MAX ${report.settings.concurrency})`]);
  }
  const w = Math.max(...summary.map(([k]) => k.length));
  for (const [k, v] of summary) out.push(`${k.padEnd(w)}  ${v}`);
  out.push(s.succeeded === s.total ? 'RESULT: all requests succeeded' : `RESULT: ${s.total - s.succeeded} of ${s.total} requests did not succeed`);
  return `${out.join('\n')}\n`;
}
