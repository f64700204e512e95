// Assertion outcomes as every report shows them: text and value found redacted, the value
// cut to 200 characters. No Node.js dependency (the report page's model uses it).
import { cutActual } from '../conditions/cut';
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

/** A result's assertions as the reports show them: redacted, the value found cut to 200 characters. */
export function jsonAssertions(list: readonly AssertionResult[] | readonly JsonAssertion[] | undefined, redactor: Redactor): JsonAssertion[] {
  if (!list || list.length === 0) return NO_ASSERTIONS as JsonAssertion[];
  return list.map((a) => ({ line: a.line, text: redactor.text(a.text), ok: a.ok, actual: a.actual === null ? null : cutActual(redactor.text(a.actual)) }));
}
