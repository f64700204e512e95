// A byte filter that removes interim (1xx) HTTP/1.x responses from the start of a response,
// so that the HTTP client above it (undici, which refuses an unrequested `100 Continue`
// and destroys the connection) sees only the final response. RFC 9110 (15.2): a client
// must accept any number of 1xx responses before the final one, even unrequested.
//
// The filter knows where a response starts from its owner: `expectResponse()` is called
// when a request has been written (one request at a time on a connection: no pipelining).
// From then on, incoming bytes are looked at until they are decided: a status line
// `HTTP/1.x 1NN` (other than 101 Switching Protocols, which starts an upgrade) begins an
// interim response, whose head (up to its blank line) is dropped; anything else begins the
// final response, and every byte after it is handed on untouched until the next request.
// A head split across chunks is held until it is complete; nothing else is ever held.

/** The longest interim head kept while waiting for its end; past it the bytes go on as they are. */
export const MAX_INTERIM_HEAD = 64 * 1024;

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** `HTTP/1.` then the minor version digit, a space and the three status digits. */
const PREFIX = 'HTTP/1.';
const STATUS_END = 12;

/**
 * What the bytes at a response's start begin: `undecided` (too few bytes to say), `interim`
 * (a 1xx status line, not 101) or `final` (anything else: the final response, or bytes the
 * client will judge itself).
 */
export type Verdict = 'undecided' | 'interim' | 'final';

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** What the bytes at the start of a response begin. */
export function classifyStart(buf: Uint8Array): Verdict {
  const n = Math.min(buf.length, STATUS_END);
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    let ok: boolean;
    if (i < PREFIX.length) ok = b === PREFIX.charCodeAt(i);
    else if (i === 7) ok = b === 0x30 || b === 0x31;
    else if (i === 8) ok = b === 0x20;
    else if (i === 9) ok = b === 0x31;
    else ok = isDigit(b);
    if (!ok) return 'final';
  }
  if (buf.length < STATUS_END) return 'undecided';
  // 101 Switching Protocols is the response to an upgrade: never an interim one here.
  return buf[10] === 0x30 && buf[11] === 0x31 ? 'final' : 'interim';
}

/** The status code of a status line the filter classified as interim. */
function statusOf(buf: Uint8Array): number {
  return (buf[9]! - 0x30) * 100 + (buf[10]! - 0x30) * 10 + (buf[11]! - 0x30);
}

/** The interim-response filter of one connection (see the file's comment). */
export class InterimFilter {
  /** True from a request written until its final response's first byte. */
  private atStart = false;
  /** Bytes at a response's start not decided yet (a status line or interim head cut short). */
  private held: Buffer | null = null;

  /** A request was written: the next bytes received start its response. */
  expectResponse(): void {
    this.atStart = true;
  }

  /** Whether bytes are held back (the caller hands them on at the end of the stream with `flush`). */
  get holding(): boolean {
    return this.held !== null;
  }

  /** The bytes held back, handed on as they are (the stream ended): the client judges them. */
  flush(): Buffer | null {
    const held = this.held;
    this.held = null;
    this.atStart = false;
    return held;
  }

  /**
   * The part of `chunk` to hand on: `chunk` itself when no response is starting, else the
   * bytes after any interim responses (empty while undecided). `skipped` is told each
   * interim response's status code as it is dropped.
   */
  filter(chunk: Buffer, skipped: (status: number) => void): Buffer {
    if (!this.atStart) return chunk;
    let buf = this.held === null ? chunk : Buffer.concat([this.held, chunk]);
    this.held = null;
    for (;;) {
      const verdict = classifyStart(buf);
      if (verdict === 'final') {
        this.atStart = false;
        return buf;
      }
      const end = verdict === 'interim' ? buf.indexOf(HEAD_END) : -1;
      if (end < 0) {
        if (buf.length > MAX_INTERIM_HEAD) {
          // Not a head this filter will wait for: the client reads it as it is.
          this.atStart = false;
          return buf;
        }
        this.held = buf;
        return EMPTY;
      }
      skipped(statusOf(buf));
      buf = buf.subarray(end + HEAD_END.length);
      if (buf.length === 0) return EMPTY;
    }
  }
}
