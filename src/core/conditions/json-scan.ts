// One body path read straight from a response's UTF-8 bytes, without building the document.
// `?? body $.ok == true` on thousands of responses used to decode every body to text and
// JSON.parse all of it (every key, every string copied) to read one value. The scan below
// walks the bytes once, checks that the whole body is JSON exactly as JSON.parse would, and
// parses only the value at the path. Same answers as
//   followJsonPath(JSON.parse(new TextDecoder().decode(bytes)), steps)
// (undefined when the body is not JSON or the path is missing), which the differential test
// (test/core/conditions/json-scan.test.ts) checks on generated and mutated documents.
//
// Why bytes are enough: decoding UTF-8 never turns a byte >= 0x80 into an ASCII character
// nor swallows an ASCII byte, so JSON's structure (all ASCII) is the same in the bytes as in
// the text; inside strings every non-ASCII character is allowed. The decoder drops a leading
// byte order mark, and so does the scan. Long runs of string text are read four bytes at a
// time (skipPlainRun): on a body made mostly of one long value that is what makes the scan
// cheaper than decoding and JSON.parse, not dearer.
import type { FoundValue } from './values';

const utf8 = new TextDecoder('utf-8');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** What the scan expects next. */
const VALUE = 0;
/** Just after `{` or `[`: a member or the closing bracket. */
const FIRST = 1;
/** After a value: `,`, a closing bracket, or (at the top) the end. */
const AFTER = 2;
/** After `,` (or the first member): a key and `:` in an object, nothing in an array; then a value. */
const MEMBER = 3;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

function skipSpace(b: Uint8Array, i: number): number {
  while (isSpace(b[i])) i++;
  return i;
}

/** True for a byte that may stand as itself in a JSON string (not `"`, `\\`, or a control character). */
function isPlain(c: number): boolean {
  return c >= 0x20 && c !== QUOTE && c !== BACKSLASH;
}

/** A string's bytes read one at a time before the rest is read four at a time (most keys and short values end first). */
const SHORT_RUN = 16;

/**
 * True when one of the four bytes in `w` is not plain: below 0x20, `"` or `\`. The classic
 * bit tricks ("has a byte less than n", "has a zero byte" after an XOR): each sets the top bit
 * of a byte at or above a byte that matches, and of none when no byte matches, so the answer
 * for the word as a whole is exact (the byte order does not matter).
 */
function hasSpecialByte(w: number): boolean {
  const q = w ^ 0x22222222;
  const s = w ^ 0x5c5c5c5c;
  return ((((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) !== 0;
}

/**
 * The first byte from `k` that is not plain (or `b.length`). A long run of text (a padded or
 * base64 value, a long description) is read as 32-bit words of the underlying buffer: four
 * times fewer steps than one byte at a time.
 */
function skipPlainRun(b: Uint8Array, k: number): number {
  const n = b.length;
  const base = b.byteOffset;
  while (k < n && ((base + k) & 3) !== 0) {
    if (!isPlain(b[k]!)) return k;
    k++;
  }
  const count = (n - k) >> 2;
  if (count > 0) {
    const words = new Int32Array(b.buffer, base + k, count);
    let j = 0;
    while (j < count && !hasSpecialByte(words[j]!)) j++;
    k += j << 2;
  }
  while (k < n && isPlain(b[k]!)) k++;
  return k;
}

/** After the string that starts (`"`) at `i`; -1 when it is not a JSON string. */
function skipString(b: Uint8Array, i: number): number {
  const n = b.length;
  i++;
  for (;;) {
    let k = i;
    const first = Math.min(n, i + SHORT_RUN);
    while (k < first && isPlain(b[k]!)) k++;
    if (k === first) k = skipPlainRun(b, k);
    if (k >= n) return -1;
    const c = b[k]!;
    if (c === QUOTE) return k + 1;
    if (c !== BACKSLASH) return -1;
    const e = b[k + 1];
    if (e === 0x75) {
      if (!(isHex(b[k + 2]) && isHex(b[k + 3]) && isHex(b[k + 4]) && isHex(b[k + 5]))) return -1;
      i = k + 6;
    } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      i = k + 2;
    } else return -1;
  }
}

/** After the number that starts at `i`; -1 when it is not a JSON number. */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

/** After `word` (ASCII) when it stands at `i`; -1 otherwise. */
function skipWord(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

/** After the scalar (string, number, literal) at `i`; -1 when there is none. */
function skipScalar(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === 0x74) return skipWord(b, i, 'true');
  if (c === 0x66) return skipWord(b, i, 'false');
  if (c === 0x6e) return skipWord(b, i, 'null');
  return skipNumber(b, i);
}

/** True when the key (a valid string from `from`, its `"`, to `to`, after its `"`) is `name`. */
function keyIs(b: Uint8Array, from: number, to: number, name: string): boolean {
  const length = to - from - 2;
  for (let k = 0; k < length; k++) {
    const c = b[from + 1 + k]!;
    // An escape or a non-ASCII character: compare the key as JSON.parse reads it.
    if (c === BACKSLASH || c >= 0x80) return (JSON.parse(utf8.decode(b.subarray(from, to))) as string) === name;
    if (k >= name.length || c !== name.charCodeAt(k)) return false;
  }
  return length === name.length;
}

/** The JSON value of bytes `from`..`to` (already checked to be one). */
function valueOf(b: Uint8Array, from: number, to: number): FoundValue {
  const c = b[from];
  if (c === 0x74) return true;
  if (c === 0x66) return false;
  if (c === 0x6e) return null;
  return JSON.parse(utf8.decode(b.subarray(from, to))) as FoundValue;
}

/**
 * The value at `steps` (a body path's steps; none: the whole document) in `body` read as UTF-8 JSON;
 * undefined when the path is missing or the body is not JSON. Duplicate keys: the last one
 * wins, as in JSON.parse. Iterative: any depth of nesting JSON.parse takes.
 */
export function scanJsonPath(body: Uint8Array, steps: readonly (string | number)[]): FoundValue {
  const b = body;
  const n = b.length;
  const want = steps.length;
  let i = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  // The open containers (their opening byte) and the members read in each so far.
  const open: number[] = [];
  const members: number[] = [];
  // The open containers on the path are the first `onPath` of `open` (always a prefix).
  let onPath = 0;
  // The value next read is on the path (the top value always is).
  let next = true;
  // Where the value at the path starts and ends; -1: not found (yet).
  let from = -1;
  let to = -1;
  let state = VALUE;
  for (;;) {
    i = skipSpace(b, i);
    const c = b[i];
    const level = open.length;
    if (state === VALUE) {
      // A later duplicate of a key on the path replaces everything found under the earlier one.
      if (next && level < want) from = -1;
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        open.push(c);
        members.push(0);
        if (next) {
          onPath = level + 1;
          if (level === want) from = i;
        }
        i++;
        state = FIRST;
        continue;
      }
      const end = skipScalar(b, i);
      if (end < 0) return undefined;
      if (next && level === want) {
        from = i;
        to = end;
      }
      i = end;
      state = AFTER;
      continue;
    }
    if (state === MEMBER) {
      const top = level - 1;
      const step = top < want && onPath === level ? steps[top] : undefined;
      if (open[top] === OPEN_OBJECT) {
        if (c !== QUOTE) return undefined;
        const end = skipString(b, i);
        if (end < 0) return undefined;
        next = typeof step === 'string' && keyIs(b, i, end, step);
        i = skipSpace(b, end);
        if (b[i] !== COLON) return undefined;
        i++;
      } else {
        next = step === members[top];
      }
      state = VALUE;
      continue;
    }
    if (state === AFTER && level === 0) return i === n && from >= 0 ? valueOf(b, from, to) : undefined;
    const opener = open[level - 1];
    if (c === (opener === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
      // FIRST: an empty container; AFTER: the last member read.
      i++;
      open.pop();
      members.pop();
      if (onPath > level - 1) {
        onPath = level - 1;
        if (level - 1 === want) to = i;
      }
      state = AFTER;
      continue;
    }
    if (state === AFTER) {
      if (c !== COMMA) return undefined;
      i++;
      members[level - 1] = members[level - 1]! + 1;
    }
    state = MEMBER;
  }
}
