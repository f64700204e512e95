// Checks made ready for many responses. A batch checks the same few `??` lines on thousands
// of responses: what a check's field reads (the header name in lower case, the body path's
// steps), whether a header's value is shown as `***`, and the verdict on a value seen
// before (status 200, `application/json`, `true`) are worked out once per run instead of
// once per response. The owner (one per run) passes it in EvaluateOptions; bounded.
import { REDACTED, isSecretHeader } from '../redact';
import { holds, redactAndCut, valueText, PatternCache, type CheckOutcome, type EvaluateOptions } from './evaluate';
import type { AssertionResult, Check, PlannedCheck } from './model';
import { bodyPathCount, jsonPathSteps, readBodyPath, readField, ResponseValues, type CheckedResponse, type FoundValue } from './values';

/** Checks remembered at most (a run with more distinct checks evaluates the rest as they come). */
const CHECKS_MAX = 256;
/** Lists of checks (a request's `??` lines) remembered at most. */
const LISTS_MAX = 256;
/** Values whose verdict one check remembers at most, and the longest text value remembered. */
const VALUES_MAX = 64;
const VALUE_TEXT_MAX = 64;

/**
 * What a check concluded on a value: whether it holds, the value's text before redaction and
 * the cut, and the outcome last made of it with the redaction version it was made at.
 */
interface Verdict {
  ok: boolean;
  text: string;
  outcome: CheckOutcome | null;
  version: number | undefined;
}

/** True when the verdict on `v` depends on nothing but `v` (a digest reads the body's bytes). */
function remembered(check: Check, v: FoundValue): boolean {
  if (check.op === 'sha256' || check.op === 'sha512' || check.op === 'md5') return false;
  return v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= VALUE_TEXT_MAX);
}

/** One check, ready: its parts copied (a planned line's parts may be getters), its field's reading worked out. */
class PreparedCheck {
  private readonly check: Check;
  /** The header to read, lower-cased; null for other fields. */
  private readonly header: string | null;
  private readonly secret: boolean;
  /** The body path's steps (null: a malformed path, never found); undefined for other fields. */
  private readonly steps: readonly (string | number)[] | null | undefined;
  private readonly patterns = new PatternCache();
  private readonly verdicts = new Map<FoundValue, Verdict>();

  constructor(check: Check) {
    this.check = { field: check.field, arg: check.arg, op: check.op, expected: check.expected };
    this.header = check.field === 'header' ? (check.arg ?? '').toLowerCase() : null;
    this.secret = check.field === 'header' && isSecretHeader(check.arg ?? '');
    this.steps = check.field === 'body' && check.arg !== null ? jsonPathSteps(check.arg) : undefined;
  }

  /** True when this is `check` (the same field, argument, condition and EXPECTED). */
  is(check: Check): boolean {
    const c = this.check;
    return c.field === check.field && c.op === check.op && c.arg === check.arg && c.expected === check.expected;
  }

  /** The value the field has on a response, as readField reads it. */
  private read(values: ResponseValues): FoundValue {
    if (this.header !== null) {
      const headers = values.response.headers;
      return headers ? headers[this.header] : undefined;
    }
    if (this.steps !== undefined) return readBodyPath(values, this.steps);
    return readField(this.check, values);
  }

  /**
   * The check's outcome on a response. The object may be one given before for the same value
   * (when `options.redactVersion` has not changed since): read it, do not change it.
   */
  evaluate(values: ResponseValues, options: EvaluateOptions): CheckOutcome {
    const check = this.check;
    const v = this.read(values);
    const patterns = options.patterns ?? this.patterns;
    if (v === undefined) return { ok: holds(check, v, values, patterns), actual: null };
    if (this.secret) return { ok: holds(check, v, values, patterns), actual: REDACTED };
    const verdict = this.verdict(v, values, patterns);
    const version = options.redactVersion;
    if (verdict.outcome !== null && version !== undefined && verdict.version === version) return verdict.outcome;
    const outcome: CheckOutcome = { ok: verdict.ok, actual: redactAndCut(verdict.text, options.redact) };
    verdict.outcome = outcome;
    verdict.version = version;
    return outcome;
  }

  /** Whether the check holds on a status (`?? status` lines deciding whether a status is expected). */
  holdsOn(status: number): boolean {
    return this.verdict(status, null, this.patterns).ok;
  }

  private verdict(v: FoundValue, values: ResponseValues | null, patterns: PatternCache): Verdict {
    let verdict = this.verdicts.get(v);
    if (verdict === undefined) {
      verdict = { ok: holds(this.check, v, values, patterns), text: valueText(this.check, v), outcome: null, version: undefined };
      if (this.verdicts.size < VALUES_MAX && remembered(this.check, v)) this.verdicts.set(v, verdict);
    }
    return verdict;
  }
}

/**
 * A request's `??` lines made ready as a whole: what every response of the requests that
 * repeat these lines needs (the checks made ready, which ones read the status, how many
 * body paths), worked out once. Found by the lines' shared conditions (`shared`),
 * so a response costs one lookup instead of one per line and per question.
 */
export class PreparedList {
  /** Which condition each line repeats: the list this is ready for. */
  private readonly shared: readonly PlannedCheck[];
  private readonly checks: readonly PreparedCheck[];
  private readonly texts: readonly string[];
  /** The `?? status` lines: whether a status is expected (they replace the default 2xx/3xx). */
  private readonly statusChecks: readonly PreparedCheck[];
  private readonly bodyPaths: number;

  constructor(shared: readonly PlannedCheck[], checks: readonly PreparedCheck[]) {
    this.shared = shared;
    this.checks = checks;
    this.texts = shared.map((c) => c.text);
    this.statusChecks = checks.filter((_, i) => shared[i]!.field === 'status');
    this.bodyPaths = bodyPathCount(shared);
  }

  /** True when `list` repeats these lines, in this order. */
  matches(list: readonly PlannedCheck[]): boolean {
    const shared = this.shared;
    if (list.length !== shared.length) return false;
    for (let i = 0; i < shared.length; i++) if (list[i]!.shared !== shared[i]) return false;
    return true;
  }

  /** Whether `status` is expected by the `?? status` lines; null when there are none (the default applies). */
  statusHolds(status: number): boolean | null {
    const checks = this.statusChecks;
    if (checks.length === 0) return null;
    for (let i = 0; i < checks.length; i++) if (!checks[i]!.holdsOn(status)) return false;
    return true;
  }

  /** Every line checked on the final response (`list`: the request's own lines, for their line numbers). */
  check(list: readonly PlannedCheck[], response: CheckedResponse, options: EvaluateOptions): AssertionResult[] {
    const values = new ResponseValues(response, this.bodyPaths);
    const checks = this.checks;
    const out: AssertionResult[] = new Array(checks.length);
    for (let i = 0; i < checks.length; i++) {
      const o = checks[i]!.evaluate(values, options);
      out[i] = { line: list[i]!.line, text: this.texts[i]!, ok: o.ok, actual: o.actual };
    }
    return out;
  }
}

/** The checks of one run made ready, found again by their parts. */
export class PreparedChecks {
  private readonly byExpected = new Map<string | null, PreparedCheck[]>();
  private size = 0;
  /** Lists made ready, by the condition their first line repeats. */
  private readonly lists = new Map<PlannedCheck, PreparedList[]>();
  private listCount = 0;

  /** The check made ready; null once the table is full and `check` is not in it. */
  get(check: Check): PreparedCheck | null {
    const list = this.byExpected.get(check.expected);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) if (list[i]!.is(check)) return list[i]!;
    }
    if (this.size >= CHECKS_MAX) return null;
    const made = new PreparedCheck(check);
    if (list === undefined) this.byExpected.set(check.expected, [made]);
    else list.push(made);
    this.size++;
    return made;
  }

  /**
   * A request's lines made ready as a whole; null when one of them repeats no condition read
   * before (its EXPECTED took a response's value, or the parser kept it apart) or a table is full.
   */
  list(list: readonly PlannedCheck[]): PreparedList | null {
    const first = list.length > 0 ? list[0]!.shared : undefined;
    if (first === undefined) return null;
    const known = this.lists.get(first);
    if (known !== undefined) {
      for (let i = 0; i < known.length; i++) if (known[i]!.matches(list)) return known[i]!;
    }
    if (this.listCount >= LISTS_MAX) return null;
    const shared: PlannedCheck[] = [];
    const checks: PreparedCheck[] = [];
    for (const c of list) {
      const ready = c.shared === undefined ? null : this.get(c.shared);
      if (ready === null) return null;
      shared.push(c.shared!);
      checks.push(ready);
    }
    const made = new PreparedList(shared, checks);
    if (known === undefined) this.lists.set(first, [made]);
    else known.push(made);
    this.listCount++;
    return made;
  }
}
