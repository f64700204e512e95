// The records of a JSON `@foreach` file one at a time, for big groups (docs/scaling.md): a
// byte scanner cuts each element out of the top-level array and parses it alone. It runs
// only over a file the validating pass (`countJsonRecords`) accepted: an array of objects.
import { jsonRecord, type DataRecord } from './records';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export class JsonRows {
  private readonly text: Buffer;
  /** Where the scan goes on: after the previous element (or the array's `[`). */
  private at: number;

  constructor(bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const bom = this.text[0] === 0xef && this.text[1] === 0xbb && this.text[2] === 0xbf ? 3 : 0;
    this.at = this.text.indexOf(OPEN_ARRAY, bom) + 1;
  }

  /** The next record, or null after the last. */
  next(): DataRecord | null {
    const t = this.text;
    // Only whitespace and commas come between elements: the next byte else is `{` or the array's `]`.
    let start = this.at;
    while (start < t.length && t[start] !== OPEN_OBJECT && t[start] !== CLOSE_ARRAY) start++;
    if (start >= t.length || t[start] === CLOSE_ARRAY) return null;
    let depth = 0;
    let inString = false;
    let i = start;
    for (; i < t.length; i++) {
      const c = t[i]!;
      if (inString) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) break;
    }
    this.at = i + 1;
    return jsonRecord(JSON.parse(t.toString('utf8', start, i + 1)) as object);
  }
}
