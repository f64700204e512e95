// W3C Trace Context (format spec, section 10): one random trace id for a run, a new random
// span id for each attempt, sent as `traceparent: 00-TRACEID-SPANID-01`. Ids are
// lower-case hex and never all zeros. Randomness is injected (a fixed source in tests).

/** Fills a new array of `size` random bytes (crypto.randomBytes in the hosts). */
export type RandomBytes = (size: number) => Uint8Array;

export interface TraceIds {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits: the attempt's span (the parent id of the header). */
  spanId: string;
}

export const TRACEPARENT = 'traceparent';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b]!;
  return out;
}

/** `size` random bytes as hex, never all zeros (an all-zero draw is drawn again, then forced). */
function randomId(random: RandomBytes, size: number): string {
  for (let i = 0; i < 3; i++) {
    const bytes = random(size);
    if (bytes.length !== size) throw new RangeError(`the random source gave ${bytes.length} bytes, not ${size}`);
    if (bytes.some((b) => b !== 0)) return hex(bytes);
  }
  return `${'0'.repeat(size * 2 - 1)}1`;
}

export function newTraceId(random: RandomBytes): string {
  return randomId(random, 16);
}

export function newSpanId(random: RandomBytes): string {
  return randomId(random, 8);
}

/** The header value for these ids, sampled (`-01`). */
export function formatTraceparent(ids: TraceIds): string {
  return `00-${ids.traceId}-${ids.spanId}-01`;
}

const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** A later version: the same first fields, optionally followed by `-` and more. */
const LATER_VERSION = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZEROS = /^0+$/;

/**
 * The ids of a `traceparent` header value, or null when it is not valid by the W3C rules:
 * lower-case hex fields of the right lengths, version not `ff`, version `00` with exactly
 * four fields, trace id and parent id not all zeros. Surrounding white space is ignored.
 */
export function parseTraceparent(value: string): TraceIds | null {
  const text = value.trim();
  const m = text.startsWith('00-') ? VERSION_00.exec(text) : LATER_VERSION.exec(text);
  if (!m) return null;
  const [traceId, spanId] = text.startsWith('00-') ? [m[1]!, m[2]!] : [m[2]!, m[3]!];
  if (!text.startsWith('00-') && m[1] === 'ff') return null;
  if (ALL_ZEROS.test(traceId) || ALL_ZEROS.test(spanId)) return null;
  return { traceId, spanId };
}

/**
 * The trace of a run: its trace id is drawn once; `nextSpan()` draws a new span id for
 * each attempt. A request that sets `traceparent` itself keeps its own header:
 * `ownTrace` gives the ids its results show (null when the value is not valid).
 */
export class RunTrace {
  readonly traceId: string;

  constructor(private readonly random: RandomBytes) {
    this.traceId = newTraceId(random);
  }

  /** The ids and header value of a new attempt. */
  nextSpan(): TraceIds & { header: string } {
    const ids = { traceId: this.traceId, spanId: newSpanId(this.random) };
    return { ...ids, header: formatTraceparent(ids) };
  }
}

/** What one attempt sends and records: the header to add (null: none) and the ids its result shows. */
export interface AttemptTrace {
  header: string | null;
  ids: TraceIds | null;
}

const NO_TRACE: AttemptTrace = { header: null, ids: null };

/**
 * The trace of one attempt: nothing when the run does not trace; the request's own header
 * (kept, its ids or null when invalid) when it sets one; else a new span of the run.
 */
export function attemptTrace(run: RunTrace | null, headers: readonly (readonly [string, string])[]): AttemptTrace {
  if (!run) return NO_TRACE;
  const own = ownTraceparent(headers);
  if (own !== undefined) return { header: null, ids: parseTraceparent(own) };
  const span = run.nextSpan();
  return { header: span.header, ids: { traceId: span.traceId, spanId: span.spanId } };
}

/** The value of the request's own `traceparent` header (case-insensitive name), or undefined. */
export function ownTraceparent(headers: readonly (readonly [string, string])[]): string | undefined {
  for (const [name, value] of headers) if (name.toLowerCase() === TRACEPARENT) return value;
  return undefined;
}
