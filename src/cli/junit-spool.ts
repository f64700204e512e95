// The JUnit report of a big run without holding every result: each finished result's
// `<testcase>` element is rendered (redacted) at once into a fragment spool
// (fragment-spool.ts); at the end the `<testsuite>` head is written from the summary, then
// the elements in index order as bytes. The same text as `toJunit` of the whole report.
import { escapeXml, junitHead, junitTestCase, JUNIT_TAIL } from '../core/report';
import { Redactor } from '../core/redact';
import { SecretTree } from '../core/secret-tree';
import type { RequestResult, RunReport } from '../core/types';
import { FragmentSpool, type FragmentEdit } from './fragment-spool';

export class JunitSpool {
  private readonly spool: FragmentSpool;
  private readonly redactor: Redactor;
  private readonly known: Set<string>;
  /** The report's file, escaped (`classname` of every element). */
  private readonly file: string;

  /** `count`: the number of requests of the plan; `file`: the report's file; `secrets`: those known before the run. */
  constructor(
    count: number,
    file: string,
    private readonly secrets: readonly string[],
  ) {
    this.redactor = new Redactor(secrets);
    this.known = new Set(this.redactor.secrets());
    this.file = escapeXml(file);
    this.spool = new FragmentSpool(count, 'xml');
  }

  /** Renders and stores one finished result; `carried`: one of an earlier report (`--resume`). */
  add(result: RequestResult, carried = false): void {
    this.spool.add(result.index, () => junitTestCase(result, this.file, this.redactor), carried);
  }

  /** The whole report in pieces, the elements in index order; a piece of bytes is valid until the next is asked for. */
  *reportChunks(report: RunReport): Generator<string | Buffer> {
    this.spool.check(); // before anything is handed on
    const edit = this.lateRedaction(report);
    yield junitHead(report);
    yield* this.spool.batches(null, edit);
    yield JUNIT_TAIL;
  }

  /**
   * A secret the run learned from a response after results that show it were rendered:
   * those elements get it redacted in its escaped form, as it stands in their text.
   */
  private lateRedaction(report: RunReport): FragmentEdit | null {
    const all = new Redactor([...this.secrets, ...(report.secrets ?? [])]);
    const tree = new SecretTree();
    let any = false;
    for (const secret of all.secrets()) {
      const escaped = escapeXml(secret);
      if (this.known.has(secret) || escaped.length < 3) continue;
      tree.insert(escaped);
      any = true;
    }
    if (!any) return null;
    return ({ buffer, at, length }) => {
      const text = buffer.toString('utf8', at, at + length);
      const redacted = tree.replace(text);
      return redacted === text ? null : Buffer.from(redacted);
    };
  }

  /** Closes and removes the temporary file. */
  close(): void {
    this.spool.close();
  }
}
