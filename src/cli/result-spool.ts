// The JSON report of a big run without holding every result: each finished result is
// rendered (redacted) at once and appended to a temporary file; the report is then read
// back in index order. Memory: about 12 bytes per request plus a 64 KB write batch.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonReportFrame, jsonResult, jsonResultText, redactJsonResult, type JsonResult } from '../core/report';
import { Redactor } from '../core/redact';
import type { RequestResult, RunReport } from '../core/types';

const BATCH_CHARS = 1 << 16;

export class ResultSpool {
  private readonly path: string;
  private fd: number | null;
  /** Byte offset and length of each index's fragment in the file (-1: no result). */
  private readonly offsets: Float64Array;
  private readonly lengths: Int32Array;
  private pending: string[] = [];
  private pendingChars = 0;
  private size = 0;
  private failure: Error | null = null;
  private readonly redactor: Redactor;
  private readonly known: Set<string>;

  /** `count`: the number of requests of the plan (indices 0..count-1); `secrets`: those known before the run. */
  constructor(
    count: number,
    private readonly secrets: readonly string[],
  ) {
    this.redactor = new Redactor(secrets);
    this.known = new Set(this.redactor.secrets());
    this.offsets = new Float64Array(count);
    this.lengths = new Int32Array(count).fill(-1);
    this.path = join(tmpdir(), `batch-http-results-${process.pid}-${randomBytes(6).toString('hex')}.json`);
    this.fd = openSync(this.path, 'wx+', 0o600);
    try {
      unlinkSync(this.path); // POSIX: the open file lives on and vanishes with the process, whatever happens
    } catch {
      // Windows: removed by close()
    }
  }

  /** Renders and stores one finished result (each comes with a leading comma). */
  add(result: RequestResult): void {
    if (this.failure) return;
    try {
      const text = `,${jsonResultText(jsonResult(result, this.redactor))}`;
      const bytes = Buffer.byteLength(text);
      this.offsets[result.index] = this.size;
      this.lengths[result.index] = bytes;
      this.size += bytes;
      this.pending.push(text);
      this.pendingChars += text.length;
      if (this.pendingChars >= BATCH_CHARS) this.flush();
    } catch (err) {
      this.failure = err as Error;
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    writeSync(this.fd!, text);
  }

  /**
   * The whole JSON report in pieces, results in index order. Results rendered before the
   * run learned a secret from a response are redacted again with every secret.
   */
  *reportChunks(report: RunReport): Generator<string> {
    if (this.failure) throw new Error(`cannot keep the results in a temporary file: ${this.failure.message}`);
    this.flush();
    const frame = jsonReportFrame(report);
    const all = new Redactor([...this.secrets, ...(report.secrets ?? [])]);
    const again = all.secrets().some((s) => !this.known.has(s)) ? all : null;
    let first = true;
    for (let i = 0; i < this.lengths.length; ) {
      if (this.lengths[i] < 0) {
        i++;
        continue;
      }
      // A run of fragments that lie one after the other in the file: one read.
      const start = this.offsets[i]!;
      let end = start + this.lengths[i]!;
      let j = i + 1;
      while (j < this.lengths.length && this.lengths[j]! >= 0 && this.offsets[j] === end && end - start < BATCH_CHARS) {
        end += this.lengths[j]!;
        j++;
      }
      let text = this.read(start, end - start);
      if (again) text = this.redactAgain(text, i, j, start, again);
      if (first) {
        yield frame.head;
        text = text.slice(1);
        first = false;
      }
      yield text;
      i = j;
    }
    yield first ? frame.empty : frame.tail;
  }

  private read(position: number, length: number): string {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd!, buf, done, length - done, position + done);
      if (n === 0) throw new Error('the temporary results file ended early');
      done += n;
    }
    return buf.toString('utf8');
  }

  private redactAgain(text: string, from: number, to: number, start: number, redactor: Redactor): string {
    const bytes = Buffer.from(text);
    let out = '';
    for (let k = from; k < to; k++) {
      const at = this.offsets[k]! - start;
      const fragment = bytes.toString('utf8', at + 1, at + this.lengths[k]!);
      out += `,${jsonResultText(redactJsonResult(JSON.parse(fragment) as JsonResult, redactor))}`;
    }
    return out;
  }

  /** Closes and removes the temporary file. */
  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    rmSync(this.path, { force: true });
  }
}
