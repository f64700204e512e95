// What each `??` line shows inline after a run: ✓, or ✗ with the value found. Copies of a
// `@repeat`/`@foreach` request share their lines, so a line sums up all its copies. Pure.
import type { Redactor } from '../../core/redact';
import { jsonAssertions } from '../../core/report/assertions';
import type { RequestResult } from '../../core/types';

export interface AssertionMark {
  /** 1-based line of the `??` line. */
  line: number;
  /** True: every check of the line passed; false: at least one failed; null: none was checked. */
  ok: boolean | null;
  /** The text shown after the line. */
  text: string;
}

/** The inline mark of each `??` line of the results, in line order. */
export function assertionMarks(results: Iterable<Pick<RequestResult, 'assertions'> | null | undefined>, redactor: Redactor): AssertionMark[] {
  const byLine = new Map<number, { passed: number; failed: number; total: number; found: string | null; foundSet: boolean }>();
  for (const r of results) {
    if (!r?.assertions || r.assertions.length === 0) continue;
    for (const a of jsonAssertions(r.assertions, redactor)) {
      let s = byLine.get(a.line);
      if (!s) byLine.set(a.line, (s = { passed: 0, failed: 0, total: 0, found: null, foundSet: false }));
      s.total++;
      if (a.ok === true) s.passed++;
      if (a.ok === false) {
        s.failed++;
        if (!s.foundSet) {
          s.found = a.actual;
          s.foundSet = true;
        }
      }
    }
  }
  return [...byLine]
    .sort(([a], [b]) => a - b)
    .map(([line, s]) => {
      const many = s.total > 1;
      if (s.failed > 0) {
        const found = s.found === null ? 'nothing' : s.found;
        return { line, ok: false, text: `✗ found ${found}${many ? ` (${s.failed} of ${s.total} failed)` : ''}` };
      }
      if (s.passed === 0) return { line, ok: null, text: '– not checked (no response)' };
      return { line, ok: true, text: many ? `✓ ${s.passed}/${s.total}` : '✓' };
    });
}
