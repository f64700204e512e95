// Line-level recognisers: separators, comments, directives, variables, other tools' lines.

/**
 * Calls `each` with every line of `text` (split at `\n` or `\r\n`, a leading UTF-8 byte
 * order mark dropped) and its 1-based number, one line at a time (no array of every line);
 * returns the number of lines.
 */
export function eachLine(text: string, each: (line: string, ln: number) => void): number {
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let ln = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    each(text.slice(from, end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end), ++ln);
    if (nl < 0) return ln;
    from = nl + 1;
  }
}

/** Index of the first character that is not a space or tab (the line's length when blank). */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 12 && c !== 11) break;
    i++;
  }
  return i;
}

/** Length of the comment marker at `at` (`#`... or `//`), or 0 when the text there is no comment. */
export function commentMarker(line: string, at: number): number {
  const c = line.charCodeAt(at);
  if (c === 35 /* # */) return 1;
  if (c === 47 /* / */ && line.charCodeAt(at + 1) === 47) return 2;
  return 0;
}

const DIRECTIVE = /^#*\s*@([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*|\s+|$)(.*)$/;

/** A directive found in a comment: key (lower-case), value and the value's offset in the line. */
export interface DirectiveMatch {
  key: string;
  value: string;
  valueOffset: number;
  keyEnd: number;
}

/** Reads `# @key value` / `// @key = value` from the comment starting at `at` (marker length `marker`). */
export function matchDirective(line: string, at: number, marker: number): DirectiveMatch | null {
  const rest = line.slice(at + marker);
  const m = DIRECTIVE.exec(rest);
  if (!m) return null;
  const key = m[1]!;
  const rawValue = m[2]!;
  const value = rawValue.trim();
  const base = at + marker;
  const keyEnd = base + rest.indexOf('@') + 1 + key.length;
  const valueOffset = value === '' ? keyEnd : base + (rest.length - rawValue.length) + (rawValue.length - rawValue.trimStart().length);
  return { key: key.toLowerCase(), value, valueOffset, keyEnd };
}

const VARIABLE = /^@([A-Za-z_$][A-Za-z0-9_.$-]*)\s*:?=\s*(.*)$/;

/** `@name = value` starting at `at`: the name, the trimmed value and the value's offset. */
export function matchVariable(line: string, at: number): { name: string; value: string; valueOffset: number } | null {
  const rest = line.slice(at);
  const m = VARIABLE.exec(rest);
  if (!m) return null;
  const raw = m[2]!;
  const value = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  return { name: m[1]!, value, valueOffset: at + rest.length - raw.length + lead };
}

/** What an other tool's line is, and whether it opens a multi-line block to skip. */
export interface ForeignLine {
  what: string;
  /** 'handler': skip to a line holding `%}`; 'script': skip to a line ending with `}}`. */
  opens: 'handler' | 'script' | null;
}

/**
 * Recognises lines of other tools that are not request content (given the line without
 * leading white space): JetBrains response handlers and redirects, response references,
 * httpYac assertions, script blocks and `proto <` lines.
 */
export function matchForeignLine(line: string, at = 0): ForeignLine | null {
  const c = line.charCodeAt(at);
  // Fast exit: every form starts with one of > < ? { p.
  if (c !== 62 && c !== 60 && c !== 63 && c !== 123 && c !== 112) return null;
  const t = at === 0 ? line : line.slice(at);
  if (c === 62 /* > */) {
    if (t.startsWith('>>')) return { what: 'JetBrains response redirect', opens: null };
    const afterMarker = t.slice(1).trimStart();
    if (afterMarker.startsWith('{%')) {
      return { what: 'JetBrains response handler', opens: afterMarker.indexOf('%}', 2) >= 0 ? null : 'handler' };
    }
    if (/^>\s+\S+\s*$/.test(t)) return { what: 'JetBrains response handler', opens: null };
    return null;
  }
  if (c === 60 /* < */ && t.charCodeAt(1) === 62) return { what: 'response reference (<>)', opens: null };
  if (c === 63 /* ? */ && t.charCodeAt(1) === 63) return { what: 'httpYac assertion (??)', opens: null };
  if (c === 123 /* { */ && t.charCodeAt(1) === 123 && t.indexOf('}}', 2) < 0) return { what: 'httpYac script block', opens: 'script' };
  if (c === 112 /* p */ && /^proto\s+</.test(t)) return { what: 'httpYac proto line', opens: null };
  return null;
}

/** True when a skipped multi-line block ends on this line. */
export function closesForeign(kind: 'handler' | 'script', line: string): boolean {
  return kind === 'handler' ? line.includes('%}') : line.trimEnd().endsWith('}}');
}
