// The JSON report of a big run without holding every result: each finished result is
// rendered (redacted) at once into a fragment spool (fragment-spool.ts); the report is then
// read back in index order as bytes, never decoded again (unless a secret learned late
// needs redacting). Memory: about 12 bytes per request, plus the spool's buffers.
import { AssertionTextMemo, jsonReportFrame, jsonResult, jsonResultText, redactJsonResult, type JsonResult } from '../core/report';
import { Redactor } from '../core/redact';
import type { RequestResult, RunReport } from '../core/types';
import { FragmentSpool, type FragmentEdit } from './fragment-spool';

const COMMA = 0x2c;
/** What comes before a result's object in the report's text (see `jsonResultText`). */
const INDENT = Buffer.from('\n    ');

export class ResultSpool {
  private readonly spool: FragmentSpool;
  private readonly redactor: Redactor;
  private readonly known: Set<string>;
  private readonly memo = new AssertionTextMemo();

  /** `count`: the number of requests of the plan (indices 0..count-1); `secrets`: those known before the run. */
  constructor(
    count: number,
    private readonly secrets: readonly string[],
  ) {
    this.redactor = new Redactor(secrets);
    this.known = new Set(this.redactor.secrets());
    this.spool = new FragmentSpool(count, 'json');
  }

  /** Renders and stores one finished result. */
  add(result: RequestResult): void {
    this.spool.add(result.index, () => jsonResultText(jsonResult(result, this.redactor), this.memo));
  }

  /**
   * Stores the result of index `index` as it stands in an earlier report (`--resume`): its
   * object's bytes, already rendered and redacted, kept as they are. A later `add` of the same
   * index replaces it.
   */
  carry(index: number, raw: Uint8Array): void {
    this.spool.carry(index, INDENT, raw);
  }

  /**
   * The whole JSON report in pieces (text around the results, results as UTF-8 bytes),
   * results in index order. Results rendered before the run learned a secret from a
   * response are redacted again with every secret. A piece of bytes is valid until the
   * next is asked for (`FragmentSpool.batches`).
   */
  *reportChunks(report: RunReport): Generator<string | Buffer> {
    const frame = jsonReportFrame(report);
    const all = new Redactor([...this.secrets, ...(report.secrets ?? [])]);
    const again = all.secrets().some((s) => !this.known.has(s)) ? all : null;
    const edit: FragmentEdit | null = again
      ? ({ buffer, at, length }) => Buffer.from(jsonResultText(redactJsonResult(JSON.parse(buffer.toString('utf8', at, at + length)) as JsonResult, again), this.memo))
      : null;
    let any = false;
    for (const batch of this.spool.batches(COMMA, edit)) {
      if (!any) yield frame.head;
      any = true;
      yield batch;
    }
    yield any ? frame.tail : frame.empty;
  }

  /** Closes and removes the temporary file. */
  close(): void {
    this.spool.close();
  }
}
