// Reads an earlier JSON report (`--resume`) without holding it: the file is read 1 MB at a
// time, each element of its `results` array is handed on as its own bytes as soon as it is
// complete, and only the rest of the report (the head and the summary, a few KB) is kept
// and parsed at the end. Memory: one read window plus the largest single result.
import { closeSync, openSync, readSync } from 'node:fs';

const WINDOW = 1 << 20;
/** The report without its results is small; anything bigger is not one of our reports. */
const MAX_REST = 16 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export class ReportFormatError extends Error {}

/**
 * Byte-level scanner of a JSON report. It tracks strings and nesting only; the pieces it
 * cuts out are parsed by `JSON.parse`, which rejects anything malformed.
 */
class ReportScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1: the next string is a key (after `{` or `,`), not a value. */
  private expectKey = false;
  /** Bytes of the key being read at depth 1, and the last complete key. */
  private key: Buffer[] | null = null;
  private lastKey = '';
  /** Depth 2 inside the top-level `results` array. */
  private inResults = false;
  private seenResults = false;
  /** Pieces of the result being read (from its `{`). */
  private element: Buffer[] | null = null;
  /** Everything outside the results' elements. */
  private rest: Buffer[] = [];
  private restBytes = 0;

  constructor(private readonly onResult: (raw: Buffer) => void) {}

  feed(chunk: Buffer): void {
    let elementFrom = this.element ? 0 : -1;
    let restFrom = this.inResults ? -1 : 0;
    let keyFrom = this.key ? 0 : -1;
    let nextBackslash = -2;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Jump to the next quote; a backslash before it escapes the character after it.
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        const quote = chunk.indexOf(QUOTE, i);
        if (quote === -1 && (nextBackslash === -1 || nextBackslash >= chunk.length)) {
          i = chunk.length - 1;
          continue;
        }
        if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
          i = nextBackslash;
          this.escaped = true;
          continue;
        }
        i = quote;
        this.inString = false;
        if (keyFrom >= 0) {
          this.key!.push(chunk.subarray(keyFrom, i + 1));
          this.lastKey = JSON.parse(Buffer.concat(this.key!).toString('utf8')) as string;
          this.key = null;
          keyFrom = -1;
        }
        continue;
      }
      const c = chunk[i]!;
      if (this.inResults && this.depth === 2 && c > 0x20 && c !== OPEN_OBJECT && c !== COMMA && c !== CLOSE_ARRAY) {
        throw new ReportFormatError('an element of "results" is not an object');
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.key = [];
          keyFrom = i;
        }
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.depth++;
        if (this.depth === 1) {
          if (c !== OPEN_OBJECT) throw new ReportFormatError('it is not a JSON object');
          this.expectKey = true;
        } else if (this.depth === 2 && c === OPEN_ARRAY && this.lastKey === 'results' && !this.seenResults) {
          // The rest keeps `"results": []`: nothing between the brackets.
          this.inResults = this.seenResults = true;
          this.addRest(chunk, restFrom, i + 1);
          restFrom = -1;
        } else if (this.depth === 3 && this.inResults) {
          this.element = [];
          elementFrom = i;
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth < 0) throw new ReportFormatError('its brackets do not match');
        if (this.depth === 2 && this.inResults) {
          this.element!.push(chunk.subarray(elementFrom, i + 1));
          const raw = Buffer.concat(this.element!);
          this.element = null;
          elementFrom = -1;
          this.onResult(raw);
        } else if (this.depth === 1 && this.inResults) {
          this.inResults = false;
          restFrom = i;
        }
      } else if (this.depth === 1 && c === COMMA) this.expectKey = true;
      else if (this.depth === 1 && c === COLON) this.expectKey = false;
    }
    if (keyFrom >= 0) this.key!.push(Buffer.from(chunk.subarray(keyFrom)));
    if (elementFrom >= 0) this.element!.push(chunk.subarray(elementFrom));
    if (restFrom >= 0) this.addRest(chunk, restFrom, chunk.length);
  }

  private addRest(chunk: Buffer, from: number, to: number): void {
    if (from < 0 || to <= from) return;
    this.restBytes += to - from;
    if (this.restBytes > MAX_REST) throw new ReportFormatError('it holds more than results (over 16 MB besides them)');
    this.rest.push(Buffer.from(chunk.subarray(from, to)));
  }

  /** The report's fields besides its results (`results` is []). */
  end(): Record<string, unknown> {
    if (this.depth !== 0 || this.inString || this.element) throw new ReportFormatError('it ends early (was it written completely?)');
    if (!this.seenResults) throw new ReportFormatError('it has no "results" array');
    let head: unknown;
    try {
      head = JSON.parse(Buffer.concat(this.rest).toString('utf8'));
    } catch (err) {
      throw new ReportFormatError(`it is not valid JSON (${(err as Error).message})`);
    }
    if (head === null || typeof head !== 'object' || Array.isArray(head)) throw new ReportFormatError('it is not a JSON object');
    return head as Record<string, unknown>;
  }
}

/**
 * Reads the JSON report at `path`: calls `onResult` with the bytes of each element of its
 * `results` array in file order, then returns the other fields. Throws `ReportFormatError`
 * for a file that is not a complete JSON report, and the file system's error when it cannot
 * be read.
 */
export function readJsonReport(path: string, onResult: (raw: Buffer) => void): Record<string, unknown> {
  const scanner = new ReportScanner(onResult);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      // A new buffer each time: a result being read keeps slices of the previous one.
      const chunk = Buffer.allocUnsafe(WINDOW);
      const n = readSync(fd, chunk, 0, WINDOW, null);
      if (n === 0) break;
      scanner.feed(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return scanner.end();
}
