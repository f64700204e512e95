// The HTML report of a big run without holding every result: each finished result goes as
// slim JSON (no body, no response headers, no cookies; its texts redacted with the secrets
// known so far) into a fragment spool (fragment-spool.ts). At the end a first pass over the spool, in index order, gathers what
// the page draws over all results (model-totals.ts: typed arrays of attempt times and
// durations, counts); a second writes the page with each result's row in index order. The
// same text as `toHtml` of the whole report; memory: 12 bytes a request in the spool, and
// while writing about 24 bytes an attempt and 8 a result.
import { embedJson, htmlPageChunks, jsonAssertions, modelParts, reportRedactor, rowFromResult } from '../core/report';
import { Redactor } from '../core/redact';
import type { RequestResult, RunReport } from '../core/types';
import { FragmentSpool } from './fragment-spool';

export class HtmlSpool {
  private readonly spool: FragmentSpool;
  private readonly redactor: Redactor;

  /** `count`: the number of requests of the plan; `secrets`: those known before the run. */
  constructor(
    count: number,
    private readonly secrets: readonly string[],
  ) {
    this.redactor = new Redactor(secrets);
    this.spool = new FragmentSpool(count, 'html');
  }

  /** Stores one finished result; `carried`: one of an earlier report (`--resume`). */
  add(result: RequestResult, carried = false): void {
    this.spool.add(result.index, () => JSON.stringify(this.slim(result)), carried);
  }

  /**
   * What the page shows of a result, its texts redacted now so that no secret known
   * already reaches the disk; they are redacted again with every secret when the page is
   * written (as the JSON spool does with a secret learned late).
   */
  private slim(r: RequestResult): RequestResult {
    const text = (value: string | null): string | null => (value === null ? null : this.redactor.text(value));
    return {
      ...r,
      title: text(r.title),
      name: text(r.name),
      url: this.redactor.text(r.url),
      error: r.error && { ...r.error, message: this.redactor.text(r.error.message) },
      assertions: r.assertions && (jsonAssertions(r.assertions, this.redactor) as unknown as RequestResult['assertions']),
      responseHeaders: null,
      body: null,
      cookies: null,
    };
  }

  /** The page in pieces; `nonce` for its inline script and style (random by default). */
  *reportChunks(report: RunReport, nonce?: string): Generator<string> {
    this.spool.check(); // before anything is handed on
    const redactor = reportRedactor(report, this.secrets);
    const { head, tail } = modelParts(report, redactor, this.results());
    const rows = (function* (results: Iterable<RequestResult>) {
      for (const result of results) yield embedJson(rowFromResult(result, redactor));
    })(this.results());
    yield* htmlPageChunks(head, rows, tail, nonce);
  }

  /** The stored results in index order. */
  private *results(): Generator<RequestResult> {
    for (const { buffer, at, length } of this.spool.fragments()) yield JSON.parse(buffer.toString('utf8', at, at + length)) as RequestResult;
  }

  /** Closes and removes the temporary file. */
  close(): void {
    this.spool.close();
  }
}
