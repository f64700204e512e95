// Assertion outcomes as every report shows them: text and value found redacted, the value
// cut to 200 characters. No Node.js dependency (the report page's model uses it).
import { cutActual } from '../conditions/cut';
import { ACTUAL_MAX } from '../conditions/model';
import type { Redactor } from '../redact';
import type { AssertionResult } from '../types';

/** One `??` line's outcome as reports show it. */
export interface JsonAssertion {
  line: number;
  text: string;
  ok: boolean | null;
  actual: string | null;
}

const NO_ASSERTIONS: readonly JsonAssertion[] = Object.freeze([]);

/** A result's assertions as the reports show them: redacted, the text and the value found cut to 200 characters. */
export function jsonAssertions(list: readonly AssertionResult[] | readonly JsonAssertion[] | undefined, redactor: Redactor): JsonAssertion[] {
  if (!list || list.length === 0) return NO_ASSERTIONS as JsonAssertion[];
  // Usually nothing is hidden or cut: the list is then returned as it is (the two shapes are
  // the same; no report changes them), not copied for each of many results.
  let out: JsonAssertion[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const text = cutActual(redactor.text(a.text));
    const actual = a.actual === null ? null : shownActual(a.actual, redactor);
    if (out === null && text === a.text && actual === a.actual) continue;
    out ??= list.slice(0, i);
    out.push({ line: a.line, text, ok: a.ok, actual });
  }
  return out ?? (list as JsonAssertion[]);
}

/**
 * A value found, redacted again with the report's secrets. A value already cut (200
 * characters, the last `…`) may end with the start of a secret learned after it was
 * checked: that tail is hidden too.
 */
function shownActual(actual: string, redactor: Redactor): string {
  if (actual.length === ACTUAL_MAX && actual.endsWith('…')) return cutActual(`${redactor.bodyText(actual.slice(0, -1), true)}…`);
  return cutActual(redactor.text(actual));
}
