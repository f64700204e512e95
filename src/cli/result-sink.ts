// Where `batch-http run` puts each result: the spool for the JSON report, otherwise a slim copy
// (no body, no response headers) for the reporters that show neither. Results carried over
// from an earlier report (`--resume`) go the same way, and then the summary is rebuilt over
// the whole batch.
import { SummaryBuilder } from '../core/report';
import type { RequestResult, RunReport } from '../core/types';
import type { ResultSpool } from './result-spool';

export class ResultSink {
  private readonly slim: RequestResult[] = [];
  /** The summary of the whole batch; made by the first carried result. */
  private whole: SummaryBuilder | null = null;

  constructor(private readonly spool: ResultSpool | null) {}

  /** A result of an earlier report: its bytes as they stand there, and the result for the summary. */
  readonly carry = (index: number, raw: Uint8Array, result: RequestResult): void => {
    (this.whole ??= new SummaryBuilder()).add(result);
    if (this.spool) this.spool.carry(index, raw);
    else this.slim.push(result);
  };

  /** A result of this run (the runner's `onResult`). */
  readonly add = (result: RequestResult): void => {
    this.whole?.add(result);
    if (this.spool) this.spool.add(result);
    else this.slim.push({ ...result, responseHeaders: null, body: null });
  };

  /**
   * The report of the whole batch from the runner's report: the slim results in index order
   * (without the spool), and with carried results a summary over both. Its req/s stays this
   * run's (responses of this run per second of this run): the carried ones took no time here.
   */
  complete(report: RunReport): RunReport {
    let out = report;
    if (!this.spool) out = { ...out, results: this.slim.sort((a, b) => a.index - b.index) };
    if (this.whole) out = { ...out, summary: { ...this.whole.build(report.durationMs), requestsPerSecond: report.summary.requestsPerSecond } };
    return out;
  }
}
