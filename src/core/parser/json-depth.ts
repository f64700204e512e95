// How deep a JSON text nests arrays and objects, found in one pass without parsing: a value
// nested thousands deep would overflow the stack when it is parsed or printed again, so the
// files a plan reads (environments, `@foreach` data) are refused above a sane depth. And
// the one way those files are parsed: depth first, then JSON.parse, a failure placed.

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

/** A JSON file's text parsed, or why not: too deep (`tooDeep` is the message) or not JSON (`error`, at `line`/`column`). */
export type ParsedJsonFile = { ok: true; value: unknown } | { ok: false; line: number; column: number; tooDeep: string | null; error: string };

/** Parses the text of a data file (`file` names it in messages), refusing it above MAX_JSON_DEPTH. */
export function parseJsonFile(text: string, file: string): ParsedJsonFile {
  const tooDeep = tooDeepMessage(text, file);
  if (tooDeep) return { ok: false, line: 1, column: 1, tooDeep, error: tooDeep };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const error = (err as Error).message;
    const m = /position (\d+)/.exec(error);
    return { ok: false, ...(m ? positionOf(text, Number(m[1])) : { line: 1, column: 1 }), tooDeep: null, error };
  }
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
