// The reports of one `batch-http run`: each keeps only what its format needs while the
// results stream in, and no report holds every result. JSON and JUnit render each result
// at once into a temporary file (a fragment spool: 12 bytes per request in memory); HTML
// spools each result's slim JSON and reads the file twice at the end (its page draws over
// all of them); pretty keeps only the rows it can show (a few hundred at most);
// OpenMetrics keeps counters per origin. Results carried over from an earlier report
// (`--resume`) go the same way, and then the summary is rebuilt over the whole batch. Then
// each report is written to its file or stdout, in order.
import { resolve } from 'node:path';
import { MetricsBuilder, PrettyCollector, prettyText, SummaryBuilder } from '../core/report';
import type { RequestResult, RunReport } from '../core/types';
import type { CliOutput } from './output';
import type { ReportTarget } from './report-options';
import { checkOutputPath, deliverReport, type ReportChunks } from './report-sink';
import { HtmlSpool } from './html-spool';
import { JunitSpool } from './junit-spool';
import { ResultSpool } from './result-spool';

export class ReportSet {
  private readonly spool: ResultSpool | null;
  private readonly junit: JunitSpool | null;
  private readonly pretty: PrettyCollector | null;
  private readonly html: HtmlSpool | null;
  private readonly metrics: MetricsBuilder | null;
  /** The summary of the whole batch; made by the first carried result. */
  private whole: SummaryBuilder | null = null;

  /** `count`: the number of requests of the plan; `secrets`: those known before the run; `file`: the report's file. */
  constructor(
    private readonly targets: readonly ReportTarget[],
    count: number,
    private readonly secrets: readonly string[],
    file: string,
  ) {
    const wants = (reporter: ReportTarget['reporter']): boolean => targets.some((t) => t.reporter === reporter);
    this.spool = wants('json') ? new ResultSpool(count, secrets) : null;
    this.junit = wants('junit') ? new JunitSpool(count, file, secrets) : null;
    this.pretty = wants('pretty') ? new PrettyCollector() : null;
    this.html = wants('html') ? new HtmlSpool(count, secrets) : null;
    this.metrics = wants('openmetrics') ? new MetricsBuilder() : null;
  }

  /** Takes one finished result (the runner's `onResult`). */
  readonly add = (result: RequestResult): void => {
    this.whole?.add(result);
    this.spool?.add(result);
    this.junit?.add(result);
    this.pretty?.add(result);
    this.html?.add(result);
    this.metrics?.add(result);
  };

  /** A result of an earlier report (`--resume`): its bytes as they stand there, and the result. */
  readonly carry = (index: number, raw: Uint8Array, result: RequestResult): void => {
    (this.whole ??= new SummaryBuilder()).add(result);
    this.spool?.carry(index, raw);
    this.junit?.add(result, true);
    this.pretty?.add(result);
    this.html?.add(result, true);
    this.metrics?.add(result);
  };

  /**
   * The report of the whole batch from the runner's report (which keeps no results): with
   * carried results, a summary over both. Its req/s stays this run's (the carried results
   * took no time here).
   */
  complete(report: RunReport): RunReport {
    if (!this.whole) return report;
    return { ...report, summary: { ...this.whole.build(report.durationMs), requestsPerSecond: report.summary.requestsPerSecond } };
  }

  /**
   * Writes every report, in order; one that cannot be written (said on stderr) does not
   * stop the others. Resolves true when all were written.
   */
  async write(report: RunReport, out: CliOutput, quiet: boolean, resumedFrom: string | null = null): Promise<boolean> {
    let all = true;
    for (const target of this.targets) {
      // A report written over the one it resumes from is replaced only once it is complete.
      const replacing = target.output !== null && resumedFrom !== null && resolve(target.output) === resolve(resumedFrom);
      const written = await deliverReport(this.chunks(target, report), target.output, out, replacing);
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
        return this.junit!.reportChunks(report);
      case 'html':
        return this.html!.reportChunks(report);
      default:
        return [prettyText(report, this.pretty!.rows(), { secrets })];
    }
  }

  /** Removes the temporary files. */
  close(): void {
    this.spool?.close();
    this.junit?.close();
    this.html?.close();
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
