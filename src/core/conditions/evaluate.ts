// The condition evaluator: whether a check holds on a response, and the value it found, as
// results show it. Pure: no I/O, no clock; the same for assertions and for `@until`.
import { createHash } from 'node:crypto';
import { isSecretHeader, REDACTED } from '../redact';
import { cutActual } from './cut';
import type { Check, ConditionOp } from './model';
import type { PreparedChecks } from './prepared';
import { readField, ResponseValues, type CheckedResponse, type FoundValue } from './values';

/** JSON number syntax (the spec's rule for numbers in EXPECTED and in a value's text). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function isJsonNumber(text: string): boolean {
  return JSON_NUMBER.test(text);
}

/** The value's text: a string as it is, anything else as its compact JSON text. */
export function textOf(v: FoundValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? '';
}

/** The number a value stands for when it is one or its text is one; null otherwise. */
function numberOf(v: FoundValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && JSON_NUMBER.test(v.trim())) return Number(v.trim());
  return null;
}

/** The compact JSON text of `text` when it is a JSON object or array, else null. */
function compactJson(text: string): string | null {
  const t = text.trim();
  if (t[0] !== '{' && t[0] !== '[') return null;
  try {
    return JSON.stringify(JSON.parse(t));
  } catch {
    return null;
  }
}

/**
 * The spec's equality: numbers as numbers, `true`/`false`/`null` with that word, objects and
 * arrays as compact JSON text, anything else text with text. Two leniencies a user of the
 * other tools expects (both only make more things equal): JSON text on either side compares
 * by its compact form (white space and number spelling do not matter), and a quoted EXPECTED
 * (`"Ada"`) equals the string it quotes.
 */
export function valuesEqual(v: FoundValue, expected: string): boolean {
  if (v === undefined) return false;
  if (typeof v === 'number' && JSON_NUMBER.test(expected)) return v === Number(expected);
  if (v === null || typeof v === 'boolean') return expected === String(v);
  const text = textOf(v);
  if (text === expected) return true;
  if (typeof v === 'string' && expected.length >= 2 && expected[0] === '"' && expected[expected.length - 1] === '"') {
    try {
      if (JSON.parse(expected) === v) return true;
    } catch {
      // not a JSON string: compared as text above
    }
  }
  const want = compactJson(expected);
  if (want === null) return false;
  return (typeof v === 'object' ? text : compactJson(text)) === want;
}

function compare(op: '>' | '>=' | '<' | '<=', v: FoundValue, expected: string): boolean {
  const a = numberOf(v);
  if (a === null || !JSON_NUMBER.test(expected)) return false;
  const b = Number(expected);
  return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
}

function truthy(v: FoundValue): boolean {
  return !(v === undefined || v === null || v === false || v === 0 || v === '');
}

/** The base64 (or hex) digest of the value; the whole body is digested as its bytes. */
function digestMatches(algorithm: 'sha256' | 'sha512' | 'md5', v: FoundValue, expected: string, check: Check, values: ResponseValues | null): boolean {
  const hash = createHash(algorithm);
  const body = values?.response.body;
  if (check.field === 'body' && check.arg === null && body) hash.update(body);
  else hash.update(textOf(v), 'utf8');
  const digest = hash.digest();
  const want = expected.trim();
  return digest.toString('base64') === want || digest.toString('hex') === want.toLowerCase();
}

/** Compiles `matches` patterns once per evaluator. */
export class PatternCache {
  /** Made at the first pattern: most checks never compile one, and a cache is made per response. */
  private patterns: Map<string, RegExp | null> | null = null;

  get(source: string): RegExp | null {
    this.patterns ??= new Map();
    let re = this.patterns.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source);
      } catch {
        re = null;
      }
      if (this.patterns.size < 256) this.patterns.set(source, re);
    }
    return re;
  }
}

/** True when the check holds for the value found. On a missing value only `!=` and `isFalse` hold. */
export function holds(check: Check, v: FoundValue, values: ResponseValues | null = null, patterns?: PatternCache): boolean {
  const op: ConditionOp = check.op;
  const expected = check.expected ?? '';
  if (v === undefined) return op === '!=' || op === 'isFalse';
  switch (op) {
    case '==':
      return valuesEqual(v, expected);
    case '!=':
      return !valuesEqual(v, expected);
    case '>':
    case '>=':
    case '<':
    case '<=':
      return compare(op, v, expected);
    case 'startsWith':
      return textOf(v).startsWith(expected);
    case 'endsWith':
      return textOf(v).endsWith(expected);
    case 'includes':
    case 'contains':
      return textOf(v).includes(expected);
    case 'matches': {
      const re = (patterns ?? new PatternCache()).get(expected);
      return re !== null && re.test(textOf(v));
    }
    case 'exists':
      return true;
    case 'isTrue':
      return truthy(v);
    case 'isFalse':
      return !truthy(v);
    case 'isNumber':
      return typeof v === 'number';
    case 'isBoolean':
      return typeof v === 'boolean';
    case 'isString':
      return typeof v === 'string';
    case 'isArray':
      return Array.isArray(v);
    case 'sha256':
    case 'sha512':
    case 'md5':
      return digestMatches(op, v, expected, check, values);
  }
}

/** How much of a long value is redacted before the cut (a secret longer than this may show in part). */
const REDACT_WINDOW = 4096;

/**
 * The value found as results show it: compact JSON text for status, duration and a body
 * path, the text itself for a header, the body and XPath; null when missing. A secret
 * header's value is `***`; other text goes through `redact` and is cut to 200 characters.
 */
export function shownValue(check: Pick<Check, 'field' | 'arg'>, v: FoundValue, redact?: (text: string) => string): string | null {
  if (v === undefined) return null;
  if (check.field === 'header' && isSecretHeader(check.arg ?? '')) return REDACTED;
  return redactAndCut(valueText(check, v), redact);
}

/** A value found (not missing) as text, before redaction and the cut (see shownValue). */
export function valueText(check: Pick<Check, 'field' | 'arg'>, v: FoundValue): string {
  if (check.field === 'duration' && typeof v === 'number') return String(Math.round(v * 10) / 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (check.field === 'header' || check.field === 'xpath' || (check.field === 'body' && check.arg === null)) return textOf(v);
  return JSON.stringify(v) ?? 'null';
}

/** A value's text as results keep it: known secrets redacted, then cut to 200 characters. */
export function redactAndCut(text: string, redact?: (text: string) => string): string {
  const head = text.length > REDACT_WINDOW ? text.slice(0, REDACT_WINDOW) : text;
  return cutActual(redact ? redact(head) : head);
}

/** A check's outcome on one response. */
export interface CheckOutcome {
  ok: boolean;
  /** The value found, as `shownValue` gives it. */
  actual: string | null;
}

export interface EvaluateOptions {
  /** Redacts known secret values in the value shown (before it is cut). */
  redact?: (text: string) => string;
  patterns?: PatternCache;
  /** The run's checks made ready (prepared.ts): the same outcomes, less work per response. */
  prepared?: PreparedChecks;
  /**
   * A number that changes whenever `redact` may hide more (the run's count of secrets known):
   * with it, prepared checks reuse a value's redacted text while it stays the same.
   */
  redactVersion?: number;
}

/** Checks one condition against a response (a `ResponseValues` to share parsed bodies between checks). */
export function evaluateCheck(check: Check, response: CheckedResponse | ResponseValues, options: EvaluateOptions = {}): CheckOutcome {
  const values = response instanceof ResponseValues ? response : new ResponseValues(response);
  const prepared = options.prepared?.get(check);
  if (prepared) return prepared.evaluate(values, options);
  const v = readField(check, values);
  return { ok: holds(check, v, values, options.patterns), actual: shownValue(check, v, options.redact) };
}
