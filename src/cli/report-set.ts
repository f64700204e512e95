// The reports of one `batch-http run`: each keeps only what its format needs while the
// results stream in. JSON goes through a temporary file (results and bodies as bytes);
// pretty, JUnit and HTML keep slim results (no bodies, no response headers); OpenMetrics
// keeps counters per origin. Then each report is written to its file or stdout, in order.
import { MetricsBuilder, toHtml, toJunit, toPretty } from '../core/report';
import type { RequestResult, RunReport } from '../core/types';
import type { CliOutput } from './output';
import type { ReportTarget } from './report-options';
import { checkOutputPath, deliverReport, type ReportChunks } from './report-sink';
import { ResultSpool } from './result-spool';

export class ReportSet {
  private readonly spool: ResultSpool | null;
  private readonly slim: RequestResult[] | null;
  private readonly metrics: MetricsBuilder | null;

  /** `count`: the number of requests of the plan; `secrets`: those known before the run. */
  constructor(
    private readonly targets: readonly ReportTarget[],
    count: number,
    private readonly secrets: readonly string[],
  ) {
    const wants = (...reporters: ReportTarget['reporter'][]): boolean => targets.some((t) => reporters.includes(t.reporter));
    this.spool = wants('json') ? new ResultSpool(count, secrets) : null;
    this.slim = wants('pretty', 'junit', 'html') ? [] : null;
    this.metrics = wants('openmetrics') ? new MetricsBuilder() : null;
  }

  /** Takes one finished result (the runner's `onResult`). */
  readonly add = (result: RequestResult): void => {
    this.spool?.add(result);
    this.slim?.push({ ...result, responseHeaders: null, body: null });
    this.metrics?.add(result);
  };

  /**
   * Writes every report, in order; one that cannot be written (said on stderr) does not
   * stop the others. Resolves true when all were written.
   */
  async write(report: RunReport, out: CliOutput, quiet: boolean): Promise<boolean> {
    const full: RunReport = this.slim ? { ...report, results: this.slim.sort((a, b) => a.index - b.index) } : report;
    let all = true;
    for (const target of this.targets) {
      const written = await deliverReport(this.chunks(target, full), target.output, out);
      if (written && target.output !== null && !quiet) out.stderr(`batch-http run: report written to ${target.output}\n`);
      all &&= written;
    }
    return all;
  }

  private chunks(target: ReportTarget, report: RunReport): ReportChunks {
    const secrets = this.secrets;
    switch (target.reporter) {
      case 'json':
        return this.spool!.reportChunks(report);
      case 'openmetrics':
        return [this.metrics!.toText(report.durationMs, [...secrets, ...(report.secrets ?? [])])];
      case 'junit':
        return [toJunit(report, secrets)];
      case 'html':
        return [toHtml(report, { secrets })];
      default:
        return [toPretty(report, { secrets })];
    }
  }

  /** Removes the temporary file. */
  close(): void {
    this.spool?.close();
  }
}

/** Before anything is sent: the first report file that cannot be written, as a one-line reason, or null. */
export async function checkReportPaths(targets: readonly ReportTarget[]): Promise<string | null> {
  for (const t of targets) {
    const reason = t.output === null ? null : await checkOutputPath(t.output);
    if (reason) return reason;
  }
  return null;
}
