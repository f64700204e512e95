// Source text quoted in a diagnostic message is clipped, so a pathological line (a
// megabyte-long URL, a header of braces) cannot turn one message into megabytes.

/** Longest stretch of source text a message quotes, ellipsis included. */
export const QUOTE_MAX = 80;
/** Longest file path a message quotes. */
export const PATH_MAX = 240;
/** Longest list of quoted names (a dependency or variable loop) a message holds. */
export const LIST_MAX = 240;

/**
 * `text` as a message may quote it: unchanged when it fits in `max` characters, otherwise
 * its start and an ellipsis, `max` characters in all (a surrogate pair is never split).
 */
export function quote(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
