// The records of a CSV file one at a time, for big `@foreach` groups (docs/scaling.md):
// csv-parse's streaming parser is fed the file's bytes a chunk at a time, synchronously, so
// at most one chunk's records exist at once. The options are those of `csvRecords`
// (records.ts): both readers give the same records and the same errors.
import { parse, type Parser } from 'csv-parse';
import { headerNames, type DataRecord } from './records';

/** Bytes handed to the parser at once. */
const CHUNK = 1 << 16;

export class CsvRows {
  private readonly parser: Parser;
  private at = 0;
  private ended = false;

  constructor(private readonly bytes: Uint8Array) {
    this.parser = parse({ bom: true, columns: headerNames, skip_empty_lines: true, trim: false });
    // Errors are read from `errored` after each write; the listener only keeps the stream from throwing.
    this.parser.on('error', () => undefined);
  }

  /** The next record, or null after the last; throws the parser's error (with `lines`) for a bad file. */
  next(): DataRecord | null {
    for (;;) {
      const record = this.parser.read() as DataRecord | null;
      if (record !== null) return record;
      this.check();
      if (this.ended) return null;
      if (this.at < this.bytes.byteLength) {
        const end = Math.min(this.bytes.byteLength, this.at + CHUNK);
        this.parser.write(this.bytes.subarray(this.at, end));
        this.at = end;
      } else {
        this.ended = true;
        this.parser.end();
      }
      this.check();
    }
  }

  private check(): void {
    const e = this.parser.errored;
    if (e) throw e;
  }
}

/**
 * The number of records of a CSV file, reading them once and keeping none; or the parser's
 * error. The first validating pass of a big group (its diagnostics come before anything is sent).
 */
export function countCsvRecords(bytes: Uint8Array): number | Error {
  const rows = new CsvRows(bytes);
  let n = 0;
  try {
    while (rows.next() !== null) n++;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
  return n;
}
