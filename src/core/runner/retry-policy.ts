// What may be retried and how long to wait before the next attempt (format spec, section 5).
import type { ErrorCode, Header } from '../types';

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set<ErrorCode>(['CONNECTION_REFUSED', 'CONNECTION_RESET', 'DNS_FAILURE', 'TIMEOUT']);

export const BASE_BACKOFF_MS = 100;
export const MAX_RETRY_AFTER_MS = 60_000;
const HTTP_DATE_START = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;
/** Upper bound of the exponential part, so a request with many retries still makes progress. */
export const MAX_BACKOFF_MS = 30_000;

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

export function isRetryableCode(code: ErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

/** POST and PATCH are retried only with `@idempotent` or an `Idempotency-Key` header. */
export function methodAllowsRetry(method: string, idempotent: boolean, headers: readonly Header[]): boolean {
  if (idempotent) return true;
  if (method !== 'POST' && method !== 'PATCH') return true;
  for (const [name] of headers) if (name.toLowerCase() === 'idempotency-key') return true;
  return false;
}

/**
 * Exponential backoff with full jitter above the base: retry n (1-based) waits a random
 * time in [base * 2^(n-1), base * 2^n).
 */
export function backoffDelay(retry: number, random: () => number): number {
  const floor = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (retry - 1));
  return Math.round(floor * (1 + random()));
}

/**
 * A `Retry-After` value (delta seconds or an HTTP date) as milliseconds from `nowMs`
 * (wall clock), capped at 60 s; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // An HTTP date (IMF-fixdate, RFC 850 or asctime) starts with the day's name; anything
    // else (`-5`, `1.5`) is not a Retry-After value even where Date.parse would read it.
    if (!HTTP_DATE_START.test(text)) return null;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - nowMs;
  }
  return Math.max(0, Math.min(MAX_RETRY_AFTER_MS, ms));
}
