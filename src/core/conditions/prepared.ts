// Checks made ready for many responses. A batch checks the same few `??` lines on thousands
// of responses: what a check's field reads (the header name in lower case, the body path's
// steps), whether a header's value is shown as `***`, and the verdict on a value seen
// before (status 200, `application/json`, `true`) are worked out once per run instead of
// once per response. The owner (one per run) passes it in EvaluateOptions; bounded.
import { REDACTED, isSecretHeader } from '../redact';
import { holds, redactAndCut, valueText, PatternCache, type CheckOutcome, type EvaluateOptions } from './evaluate';
import type { Check } from './model';
import { jsonPathSteps, readBodyPath, readField, type FoundValue, type ResponseValues } from './values';

/** Checks remembered at most (a run with more distinct checks evaluates the rest as they come). */
const CHECKS_MAX = 256;
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

/** The checks of one run made ready, found again by their parts. */
export class PreparedChecks {
  private readonly byExpected = new Map<string | null, PreparedCheck[]>();
  private size = 0;

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
}
