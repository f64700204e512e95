// The reports of one `batch-http run`: each keeps only what its format needs while the
// results stream in. JSON goes through a temporary file (results and bodies as bytes);
// pretty, JUnit and HTML keep slim results (no bodies, no response headers); OpenMetrics
// keeps counters per origin. Then each report is written to its file or stdout, in order.
import { MetricsBuilder, toHtml, toJunit, toPretty } from '../core/report';
import type { RequestResult, RunReport } from '../core/types';
import type { CliOutput } from './output';
import type { ReportTarget } from './report-options';
import { writeReport, type ReportChunks } from './report-sink';
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

  /** Writes every report; one that cannot be written does not stop the others (the first error is thrown after). */
  async write(report: RunReport, out: CliOutput, quiet: boolean): Promise<void> {
    const full: RunReport = this.slim ? { ...report, results: this.slim.sort((a, b) => a.index - b.index) } : report;
    let failure: unknown = null;
    for (const target of this.targets) {
      try {
        await writeReport(this.chunks(target, full), target.output, out);
        if (target.output !== null && !quiet) out.stderr(`batch-http run: report written to ${target.output}\n`);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== null) throw failure;
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
