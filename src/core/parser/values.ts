// Value syntaxes shared by directives and CLI options: durations, rates, counts, status lists.

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?$/;

/**
 * Parses a DURATION: a positive number with an optional unit `ms`, `s` or `m` (a space
 * before the unit is allowed); a bare number is milliseconds. Returns milliseconds, or
 * null when the text is not a positive duration.
 */
/**
 * The longest duration a timeout or deadline may have: 2^31-1 ms (about 24.8 days, 35791m),
 * the longest delay a Node.js timer keeps. Longer ones are refused, never shortened.
 */
export const MAX_DURATION_MS = 2_147_483_647;

/** Why a parsed duration is too long (null when it is fine): for directives and options. */
export function durationTooLong(ms: number, written: string): string | null {
  if (ms <= MAX_DURATION_MS) return null;
  return `'${written}' is longer than the longest timeout or deadline, 35791m (2147483647 ms, about 24.8 days)`;
}

export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const ms = unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : n;
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}

const RATE = /^(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|m)$/;

/** Parses `N/s` or `N/m` into request starts per second; null when invalid or not positive. */
export function parseRate(text: string): number | null {
  const m = RATE.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n > 0) || !Number.isFinite(n)) return null;
  return m[2] === 'm' ? n / 60 : n;
}

/** Parses a decimal integer within [min, max]; null otherwise. */
export function parseIntIn(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

const STATUS_ITEM = /^[1-5](?:\d\d|xx|XX)$/;

/** True for an `@expect-status` list: `200`, `2xx`, `200,404` (spaces around commas allowed). */
export function isStatusList(text: string): boolean {
  const items = text.split(',');
  return items.length > 0 && items.every((s) => STATUS_ITEM.test(s.trim()));
}

/** True when `status` matches an `@expect-status` list (or, for null, is 2xx or 3xx). */
export function statusMatches(expect: string | null, status: number): boolean {
  if (expect === null) return status >= 200 && status < 400;
  for (const raw of expect.split(',')) {
    const item = raw.trim().toLowerCase();
    if (item.endsWith('xx') ? Math.floor(status / 100) === Number(item[0]) : Number(item) === status) return true;
  }
  return false;
}

/** A request name: letters, digits, `_` and `-`. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** An HTTP header name (RFC 9110 token). */
export const TOKEN_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
