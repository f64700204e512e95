// The JSON report of a big run without holding every result: each finished result is
// rendered (redacted) at once, encoded to UTF-8 into a write buffer and appended to a
// temporary file; the report is then read back in index order as bytes, never decoded
// again (unless a secret learned late needs redacting). Memory: about 12 bytes per
// request, a 128 KB write buffer, and a 1 MB read window and output batch while reporting.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonReportFrame, jsonResult, jsonResultText, redactJsonResult, type JsonResult } from '../core/report';
import { Redactor } from '../core/redact';
import type { RequestResult, RunReport } from '../core/types';

/** Bytes encoded before one write to the file. */
const WRITE_BATCH = 1 << 17;
/** Bytes read from the file at once while fragments come one after the other. */
const READ_WINDOW = 1 << 20;
/** How far before a fragment a window starts: results finish a little out of index order. */
const READ_BACK = 1 << 16;
/** Bytes of report handed on at once (at least; the report sink writes 1 MB at a time). */
const OUT_BATCH = 1 << 20;
/** Room of an output batch: one more result mostly fits. */
const OUT_ROOM = OUT_BATCH + (1 << 16);
const COMMA = 0x2c;
/** What comes before a result's object in the report's text (see `jsonResultText`). */
const INDENT = Buffer.from('\n    ');

export class ResultSpool {
  private readonly path: string;
  private fd: number | null;
  /** Byte offset and length of each index's fragment in the file (-1: no result). */
  private readonly offsets: Float64Array;
  private readonly lengths: Int32Array;
  /** 1 for a result carried over from an earlier report (`carry`): read through its own window. */
  private readonly carried: Uint8Array;
  private pending: Buffer | null = Buffer.allocUnsafe(WRITE_BATCH);
  private pendingBytes = 0;
  /** Bytes already in the file. */
  private written = 0;
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
    this.carried = new Uint8Array(count);
    this.path = join(tmpdir(), `batch-http-results-${process.pid}-${randomBytes(6).toString('hex')}.json`);
    this.fd = openSync(this.path, 'wx+', 0o600);
    try {
      unlinkSync(this.path); // POSIX: the open file lives on and vanishes with the process, whatever happens
    } catch {
      // Windows: removed by close()
    }
  }

  /** Renders and stores one finished result. */
  add(result: RequestResult): void {
    if (this.failure) return;
    try {
      const text = jsonResultText(jsonResult(result, this.redactor));
      // A UTF-16 code unit takes at most 3 bytes in UTF-8: `room` is surely enough.
      const room = text.length * 3;
      if (room > WRITE_BATCH - this.pendingBytes) this.flush();
      const offset = this.written + this.pendingBytes;
      let bytes: number;
      if (room <= WRITE_BATCH) {
        bytes = this.pending!.write(text, this.pendingBytes);
        this.pendingBytes += bytes;
      } else {
        const big = Buffer.from(text);
        this.writeAll(big, big.length);
        bytes = big.length;
      }
      this.offsets[result.index] = offset;
      this.lengths[result.index] = bytes;
      this.carried[result.index] = 0;
    } catch (err) {
      this.failure = err as Error;
    }
  }

  /**
   * Stores the result of index `index` as it stands in an earlier report (`--resume`): its
   * object's bytes, already rendered and redacted, kept as they are. A later `add` of the same
   * index replaces it.
   */
  carry(index: number, raw: Uint8Array): void {
    if (this.failure) return;
    try {
      const size = INDENT.length + raw.byteLength;
      if (size > WRITE_BATCH - this.pendingBytes) this.flush();
      const offset = this.written + this.pendingBytes;
      if (size <= WRITE_BATCH) {
        this.pendingBytes += INDENT.copy(this.pending!, this.pendingBytes);
        this.pending!.set(raw, this.pendingBytes);
        this.pendingBytes += raw.byteLength;
      } else {
        const piece = Buffer.concat([INDENT, raw]);
        this.writeAll(piece, size);
      }
      this.offsets[index] = offset;
      this.lengths[index] = size;
      this.carried[index] = 1;
    } catch (err) {
      this.failure = err as Error;
    }
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    this.writeAll(this.pending!, this.pendingBytes);
    this.pendingBytes = 0;
  }

  private writeAll(bytes: Buffer, length: number): void {
    for (let done = 0; done < length; ) done += writeSync(this.fd!, bytes, done, length - done, this.written + done);
    this.written += length;
  }

  /**
   * The whole JSON report in pieces (text around the results, results as UTF-8 bytes),
   * results in index order. Results rendered before the run learned a secret from a
   * response are redacted again with every secret.
   */
  *reportChunks(report: RunReport): Generator<string | Buffer> {
    if (this.failure) throw new Error(`cannot keep the results in a temporary file: ${this.failure.message}`);
    this.flush();
    this.pending = null; // no more results
    const frame = jsonReportFrame(report);
    const all = new Redactor([...this.secrets, ...(report.secrets ?? [])]);
    const again = all.secrets().some((s) => !this.known.has(s)) ? all : null;
    // Carried results lie in index order at the start of the file, this run's after them in
    // finish order: a window each keeps both reads mostly sequential.
    const readers = [new FragmentReader(this.fd!, this.written), new FragmentReader(this.fd!, this.written)];
    let out: Buffer | null = null;
    let used = 0;
    let first = true;
    for (let i = 0; i < this.lengths.length; i++) {
      const length = this.lengths[i]!;
      if (length < 0) continue;
      const reader = readers[this.carried[i]!]!;
      let source = reader.read(this.offsets[i]!, length);
      let at = reader.at;
      let size = length;
      if (again) {
        const text = jsonResultText(redactJsonResult(JSON.parse(source.toString('utf8', at, at + length)) as JsonResult, again));
        source = Buffer.from(text);
        at = 0;
        size = source.length;
      }
      if (first) yield frame.head;
      if (out === null || used + size + 1 > out.length) {
        if (out !== null && used > 0) yield out.subarray(0, used);
        out = Buffer.allocUnsafe(Math.max(OUT_ROOM, size + 1));
        used = 0;
      }
      if (!first) out[used++] = COMMA;
      used += source.copy(out, used, at, at + size);
      first = false;
      if (used >= OUT_BATCH) {
        yield out.subarray(0, used);
        out = null;
      }
    }
    if (out !== null && used > 0) yield out.subarray(0, used);
    yield first ? frame.empty : frame.tail;
  }

  /** Closes and removes the temporary file. */
  close(): void {
    this.pending = null;
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    rmSync(this.path, { force: true });
  }
}

/**
 * Reads fragments of the file through a window: results finish roughly in index order, so
 * the next fragment mostly lies just after the last one. A fragment far from the window (a
 * slow request that finished late, or one that finished early) is read on its own.
 */
class FragmentReader {
  private window: Buffer | null = null;
  private start = 0;
  private filled = 0;

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  /** Where the bytes asked for start in the buffer `read` returned last. */
  at = 0;

  /** A buffer holding the bytes at [offset, offset + length) from `at` on: valid until the next call. */
  read(offset: number, length: number): Buffer {
    const end = this.start + this.filled;
    if (offset >= this.start && offset + length <= end) {
      this.at = offset - this.start;
      return this.window!;
    }
    if (offset < this.start || offset >= end + READ_BACK || length > READ_WINDOW - READ_BACK) {
      const alone = Buffer.allocUnsafe(length);
      this.fill(alone, length, offset);
      this.at = 0;
      return alone;
    }
    this.window ??= Buffer.allocUnsafe(READ_WINDOW);
    this.start = Math.max(0, offset - READ_BACK);
    this.filled = Math.min(READ_WINDOW, this.size - this.start);
    this.fill(this.window, this.filled, this.start);
    this.at = offset - this.start;
    return this.window;
  }

  private fill(buf: Buffer, length: number, position: number): void {
    for (let done = 0; done < length; ) {
      const n = readSync(this.fd, buf, done, length - done, position + done);
      if (n === 0) throw new Error('the temporary results file ended early');
      done += n;
    }
  }
}
