// Assertions (`??` lines) on a request's final response: checking them all, the failure
// message, and the rule that `?? status` replaces the default expected statuses.
import { quote } from '../parser/quote';
import { statusMatches } from '../parser/values';
import { evaluateCheck, holds, type EvaluateOptions } from './evaluate';
import type { AssertionResult, PlannedCheck } from './model';
import type { PreparedChecks } from './prepared';
import { bodyPathCount, ResponseValues, type CheckedResponse } from './values';

const NONE: readonly AssertionResult[] = Object.freeze([]);

/** Checks every assertion on the final response, in file order. */
export function checkAssertions(list: readonly PlannedCheck[], response: CheckedResponse, options: EvaluateOptions = {}): AssertionResult[] {
  if (list.length === 0) return NONE as AssertionResult[];
  const ready = options.prepared?.list(list);
  if (ready) return ready.check(list, response, options);
  const values = new ResponseValues(response, bodyPathCount(list));
  const out: AssertionResult[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const o = evaluateCheck(a, values, options);
    out[i] = { line: a.line, text: a.text, ok: o.ok, actual: o.actual };
  }
  return out;
}

/** The assertions of a request on which no response arrived: not checked. */
export function uncheckedAssertions(list: readonly PlannedCheck[]): AssertionResult[] {
  if (list.length === 0) return NONE as AssertionResult[];
  return list.map((a) => ({ line: a.line, text: a.text, ok: null, actual: null }));
}

/** True when the request has a `?? status` assertion. */
export function hasStatusAssertion(list: readonly PlannedCheck[]): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]!.field === 'status') return true;
  return false;
}

/**
 * Whether a status is expected for a request with `?? status` assertions and no
 * `@expect-status`: every status assertion must hold (they replace the default 2xx/3xx).
 */
export function statusAssertionsHold(list: readonly PlannedCheck[], status: number, prepared?: PreparedChecks): boolean {
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    if (a.field !== 'status') continue;
    const ready = prepared?.get(a);
    if (!(ready ? ready.holdsOn(status) : holds(a, status))) return false;
  }
  return true;
}

/**
 * Whether a response's status is expected: `@expect-status` when given; else the request's
 * `?? status` assertions, which replace the default; else 2xx and 3xx (format section 6).
 */
export function statusExpected(request: { expectStatus: string | null; assertions?: readonly PlannedCheck[] }, status: number, prepared?: PreparedChecks): boolean {
  if (request.expectStatus !== null) return statusMatches(request.expectStatus, status);
  const list = request.assertions;
  if (list && list.length > 0) {
    const ready = prepared?.list(list);
    if (ready) return ready.statusHolds(status) ?? statusMatches(null, status);
    if (hasStatusAssertion(list)) return statusAssertionsHold(list, status, prepared);
  }
  return statusMatches(null, status);
}

/** Counts of a list of assertion results: checked ones pass or fail. */
export function assertionCounts(results: readonly AssertionResult[]): { total: number; passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const a of results) {
    if (a.ok === true) passed++;
    else if (a.ok === false) failed++;
  }
  return { total: results.length, passed, failed };
}

/** The value found as a message shows it. */
export function foundText(actual: string | null): string {
  return actual === null ? 'nothing (missing)' : `'${quote(actual, 120)}'`;
}

/**
 * The `ASSERTION_FAILED` message: the first failing assertion's line, text and value found,
 * and how many failed; null when none failed.
 */
export function assertionFailureMessage(results: readonly AssertionResult[]): string | null {
  // Called for every checked response: no array made when all held (the usual case).
  let first: AssertionResult | null = null;
  let failed = 0;
  for (const a of results) {
    if (a.ok !== false) continue;
    first ??= a;
    failed++;
  }
  if (first === null) return null;
  const more = failed > 1 ? ` (${failed} of ${results.length} assertions failed)` : '';
  return `assertion on line ${first.line} failed: '?? ${quote(first.text, 120)}' found ${foundText(first.actual)}${more}; check the response or the expected value`;
}
