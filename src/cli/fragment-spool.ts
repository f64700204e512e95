// A spool of one rendered text per request index in a temporary file, so a report of a
// big run is written in index order without holding its results: each fragment is encoded
// to UTF-8 into a write buffer and appended to the file (0600, unlinked at once on POSIX,
// removed by `close` on Windows); only each index's offset and length stay in memory (12
// bytes per index). The first failure to write is remembered and thrown when the report is
// asked for. Memory: a 128 KB write buffer, and while reporting 1 MB read windows and one
// output buffer of about 1 MB, filled again for each batch.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes encoded before one write to the file. */
const WRITE_BATCH = 1 << 17;
/** Bytes read from the file at once while fragments come one after the other. */
const READ_WINDOW = 1 << 20;
/** How far before a fragment a window starts: results finish a little out of index order. */
const READ_BACK = 1 << 16;
/** Bytes of report handed on at once (at least; the report sink writes 1 MB at a time). */
const OUT_BATCH = 1 << 20;
/** Room of an output batch: one more fragment mostly fits. */
const OUT_ROOM = OUT_BATCH + (1 << 16);

/** A fragment read back: its bytes are `buffer[at, at + length)`, valid until the next one is read. */
export interface Fragment {
  index: number;
  buffer: Buffer;
  at: number;
  length: number;
}

/** Gives a fragment's bytes anew (redacted again, say), or null to keep them as they are. */
export type FragmentEdit = (fragment: Fragment) => Buffer | null;

export class FragmentSpool {
  private readonly path: string;
  private fd: number | null;
  /** Byte offset and length of each index's fragment in the file (-1: none). */
  private readonly offsets: Float64Array;
  private readonly lengths: Int32Array;
  /** 1 for a fragment carried over from an earlier report: read through its own window. */
  private readonly carried: Uint8Array;
  private pending: Buffer | null = Buffer.allocUnsafe(WRITE_BATCH);
  private pendingBytes = 0;
  /** Bytes already in the file. */
  private written = 0;
  private failure: Error | null = null;

  /** `count`: the number of requests of the plan (indices 0..count-1); `kind`: in the file's name. */
  constructor(count: number, kind: string) {
    this.offsets = new Float64Array(count);
    this.lengths = new Int32Array(count).fill(-1);
    this.carried = new Uint8Array(count);
    this.path = join(tmpdir(), `batch-http-results-${process.pid}-${randomBytes(6).toString('hex')}.${kind}`);
    this.fd = openSync(this.path, 'wx+', 0o600);
    try {
      unlinkSync(this.path); // POSIX: the open file lives on and vanishes with the process, whatever happens
    } catch {
      // Windows: removed by close()
    }
  }

  /** The number of indices. */
  get count(): number {
    return this.lengths.length;
  }

  /**
   * Stores the text of index `index` (a later one of the same index replaces it); `render`
   * makes it, and a failure there is remembered like a failure to write. `carried`: a result
   * of an earlier report (`--resume`), read back through its own window.
   */
  add(index: number, render: () => string, carried = false): void {
    if (this.failure) return;
    try {
      const text = render();
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
      this.place(index, offset, bytes, carried ? 1 : 0);
    } catch (err) {
      this.failure = err as Error;
    }
  }

  /** Stores bytes of index `index` as they are (`head` then `raw`): a fragment carried over from an earlier report. */
  carry(index: number, head: Uint8Array, raw: Uint8Array): void {
    if (this.failure) return;
    try {
      const size = head.byteLength + raw.byteLength;
      if (size > WRITE_BATCH - this.pendingBytes) this.flush();
      const offset = this.written + this.pendingBytes;
      if (size <= WRITE_BATCH) {
        this.pending!.set(head, this.pendingBytes);
        this.pending!.set(raw, this.pendingBytes + head.byteLength);
        this.pendingBytes += size;
      } else {
        this.writeAll(Buffer.concat([head, raw]), size);
      }
      this.place(index, offset, size, 1);
    } catch (err) {
      this.failure = err as Error;
    }
  }

  private place(index: number, offset: number, length: number, carried: number): void {
    this.offsets[index] = offset;
    this.lengths[index] = length;
    this.carried[index] = carried;
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

  /** Throws the failure remembered while storing fragments, if any. */
  check(): void {
    if (this.failure) throw new Error(`cannot keep the results in a temporary file: ${this.failure.message}`);
  }

  /** Every stored fragment in index order; throws the remembered failure first. No more can be added. */
  *fragments(): Generator<Fragment> {
    this.check();
    this.flush();
    this.pending = null;
    // Carried fragments lie in index order at the start of the file, this run's after them in
    // finish order: a window each keeps both reads mostly sequential.
    const readers = [new FragmentReader(this.fd!, this.written), new FragmentReader(this.fd!, this.written)];
    for (let index = 0; index < this.lengths.length; index++) {
      const length = this.lengths[index]!;
      if (length < 0) continue;
      const reader = readers[this.carried[index]!]!;
      const buffer = reader.read(this.offsets[index]!, length);
      yield { index, buffer, at: reader.at, length };
    }
  }

  /**
   * The fragments in index order, as output batches of about 1 MB: `separator` (a byte)
   * between two fragments, each one's bytes through `edit` when given. Every batch is a view
   * of one buffer that the next batch fills again: write or copy a batch before asking for
   * the next. (A fresh megabyte per batch cost more than the copying into it: the pages of a
   * new buffer fault in one by one.)
   */
  *batches(separator: number | null, edit: FragmentEdit | null = null): Generator<Buffer> {
    let out: Buffer | null = null;
    let used = 0;
    let any = false;
    for (const fragment of this.fragments()) {
      let source = fragment.buffer;
      let at = fragment.at;
      let size = fragment.length;
      const edited = edit?.(fragment) ?? null;
      if (edited) [source, at, size] = [edited, 0, edited.length];
      const needed = size + (separator === null ? 0 : 1);
      if (out === null || used + needed > out.length) {
        if (out !== null && used > 0) yield out.subarray(0, used);
        if (out === null || needed > out.length) out = Buffer.allocUnsafe(Math.max(OUT_ROOM, needed));
        used = 0;
      }
      if (any && separator !== null) out[used++] = separator;
      out.set(source.subarray(at, at + size), used);
      used += size;
      any = true;
      if (used >= OUT_BATCH) {
        yield out.subarray(0, used);
        used = 0;
      }
    }
    if (out !== null && used > 0) yield out.subarray(0, used);
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
