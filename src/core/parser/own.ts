// Strings a plan keeps must not hold on to the file's text. In V8 a slice of 13 characters
// or more points into the string it was cut from (one header value would keep a 17 MB
// file alive), and `a + b` of 13 or more makes a tree of its pieces. A plan outlives the
// text it came from (the CLI drops the text once planned), so what it keeps is copied flat.

/** Below this length V8 copies a slice and flattens a concatenation anyway. */
const SHORT = 13;

/** A flat copy of `s` that refers to no other string (joining two strings always makes one). */
export function own(s: string): string {
  return s.length < SHORT ? s : [s.charAt(0), s.slice(1)].join('');
}

/** `own` for a value that may be null. */
export function ownOrNull(s: string | null): string | null {
  return s === null ? null : own(s);
}
