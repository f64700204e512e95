// How deep a JSON text nests arrays and objects, found in one pass without parsing: a value
// nested thousands deep would overflow the stack when it is parsed or printed again, so the
// files a plan reads (environments, `@foreach` data) are refused above a sane depth.

/** Deepest nesting of a JSON file the planner accepts. */
export const MAX_JSON_DEPTH = 256;

/** The deepest nesting of `[`/`{` in `text` (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, escapes included.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/** The diagnostic message for a file nested deeper than the limit, or null. */
export function tooDeepMessage(text: string, file: string): string | null {
  return jsonDepth(text) > MAX_JSON_DEPTH ? `${file} nests arrays or objects more than ${MAX_JSON_DEPTH} deep; flatten it (the file is not used)` : null;
}
