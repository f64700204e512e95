// Writes a report given in pieces (text, or UTF-8 bytes) to the -o file or stdout in
// batches of about 1 MB, so the whole report is never held at once; each batch waits
// until the previous one is out. Bytes are written as they are, never decoded; bytes kept
// while the next piece is asked for are copied (their source may reuse its buffer).
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CliOutput } from './output';

const BATCH_BYTES = 1 << 20;

/** A piece of a report. Pieces given as bytes hold whole UTF-8 characters. */
export type ReportChunk = string | Uint8Array;
export type ReportChunks = Iterable<ReportChunk> | AsyncIterable<ReportChunk>;

/** Gathers pieces: text stays text until bytes come along (then it is encoded once). */
class Batch {
  private text = '';
  private parts: Uint8Array[] = [];
  /** `parts` before this index are the batch's own (copied or encoded here). */
  private owned = 0;
  private bytes = 0;
  /** Characters of text plus bytes: about the size of the batch. */
  size = 0;

  add(chunk: ReportChunk): void {
    if (typeof chunk === 'string') {
      this.text += chunk;
      this.size += chunk.length;
      return;
    }
    this.encodeText();
    this.parts.push(chunk);
    this.bytes += chunk.byteLength;
    this.size += chunk.byteLength;
  }

  private encodeText(): void {
    if (this.text.length === 0) return;
    const encoded = Buffer.from(this.text);
    this.parts.push(encoded);
    this.owned = this.parts.length;
    this.bytes += encoded.length;
    this.text = '';
  }

  /**
   * Copies the bytes gathered since the last call: the batch keeps them while its source is
   * asked for more, and a source may fill the same buffer again then (`FragmentSpool.batches`).
   */
  detach(): void {
    for (let i = this.owned; i < this.parts.length; i++) this.parts[i] = Buffer.from(this.parts[i]!);
    this.owned = this.parts.length;
  }

  /** Everything gathered, as one piece; the batch is empty afterwards. */
  take(): ReportChunk {
    let piece: ReportChunk;
    if (this.parts.length === 0) piece = this.text;
    else {
      this.encodeText();
      piece = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bytes);
    }
    this.text = '';
    this.parts = [];
    this.owned = 0;
    this.bytes = 0;
    this.size = 0;
    return piece;
  }
}

async function writeBatched(chunks: ReportChunks, write: (piece: ReportChunk) => Promise<void> | void): Promise<void> {
  const batch = new Batch();
  for await (const chunk of chunks) {
    batch.add(chunk);
    if (batch.size >= BATCH_BYTES) await write(batch.take());
    else batch.detach();
  }
  if (batch.size > 0) await write(batch.take());
}

function asText(piece: ReportChunk): string {
  return typeof piece === 'string' ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('utf8');
}

/**
 * Writes the pieces to `output` (parent folders created), or to stdout when it is null.
 * `replace`: the file is written beside `output` and renamed over it once complete, so an
 * interrupted write leaves the earlier file whole (`--resume R -o R`).
 */
export async function writeReport(chunks: ReportChunks, output: string | null, out: CliOutput, replace = false): Promise<void> {
  if (output === null) {
    await writeBatched(chunks, (piece) => (out.stdoutAsync ? out.stdoutAsync(piece) : out.stdout(asText(piece))));
    return;
  }
  const target = resolve(output);
  await mkdir(dirname(target), { recursive: true });
  const path = replace ? `${target}.${process.pid}.partial` : target;
  const file = await open(path, 'w');
  try {
    // writeFile goes on from the current position and retries short writes.
    await writeBatched(chunks, (piece) => file.writeFile(piece));
  } catch (err) {
    await file.close();
    if (replace) await rm(path, { force: true });
    throw err;
  }
  await file.close();
  if (replace) await rename(path, target);
}

/**
 * Checks before anything is sent that the report can go to `output`: its folder is made,
 * and the file opened for writing (created if missing, left as it is otherwise). Returns a
 * one-line reason when it cannot, null when it can.
 */
export async function checkOutputPath(output: string): Promise<string | null> {
  const target = resolve(output);
  try {
    const info = await stat(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (info?.isDirectory()) return `cannot write the report to ${output}: it is a folder`;
    await mkdir(dirname(target), { recursive: true });
    const file = await open(target, 'a');
    await file.close();
    return null;
  } catch (err) {
    return `cannot write the report to ${output}: ${writeErrorText(err)}`;
  }
}

/** A file system error in a few words: `no space left on device (ENOSPC)`. */
export function writeErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
  };
  if (typeof e?.code === 'string') return `${known[e.code] ?? e.message.split('\n')[0]} (${e.code})`;
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/**
 * `writeReport`, with a failure said in one line on stderr instead of thrown. Resolves
 * true when the report was written.
 */
export async function deliverReport(chunks: ReportChunks, output: string | null, out: CliOutput, replace = false): Promise<boolean> {
  try {
    await writeReport(chunks, output, out, replace);
    return true;
  } catch (err) {
    out.stderr(`batch-http run: cannot write the report to ${output ?? 'stdout'}: ${writeErrorText(err)}\n`);
    return false;
  }
}
