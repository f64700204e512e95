// `??` assertions in a k6 script: one `check()` entry per assertion that k6 can evaluate,
// with the batch's rules (format section 6) in a small support function; notes for the rest.
import type { ExportAssertion, ExportNote, ExportStep, Template } from './model';

const js = (s: string): string => JSON.stringify(s);

/** k6's timing of each `duration` phase (k6 does not time DNS lookups apart). */
const K6_TIMINGS: Record<string, string | undefined> = {
  total: 'duration',
  firstByte: 'waiting',
  connect: 'connecting',
  tls: 'tls_handshaking',
  download: 'receiving',
};

/** What the step's assertions need from the script. */
export interface K6AssertionUse {
  support: boolean;
  crypto: boolean;
}

/** `$.a.b[0]` or httpYac's bare `a.b[0]` as a gjson path, or null. */
function gjson(path: string, toGjsonPath: (p: string) => string | null): string | null {
  const rooted = path.startsWith('$') ? path : path.startsWith('[') ? `$${path}` : `$.${path}`;
  return toGjsonPath(rooted);
}

function valueExpression(a: ExportAssertion, toGjsonPath: (p: string) => string | null): string | null {
  switch (a.field) {
    case 'status':
      return 'r.status';
    case 'header':
      return `assertHeader(r.headers, ${js((a.arg ?? '').toLowerCase())})`;
    case 'body': {
      if (a.arg === null) return 'bodyText(r.body)';
      const path = gjson(a.arg, toGjsonPath);
      return path === null ? null : `assertJson(r, ${js(path)})`;
    }
    case 'duration': {
      const timing = K6_TIMINGS[a.arg ?? 'total'];
      return timing ? `r.timings.${timing}` : null;
    }
    case 'xpath':
      return null;
  }
}

/**
 * The `check()` entries (`"name": (r) => ...`) for a step's assertions; a note for each
 * assertion k6 cannot evaluate (XPath, a DNS phase, a body path gjson cannot express).
 */
export function k6AssertionEntries(
  step: ExportStep,
  expression: (t: Template) => string,
  toGjsonPath: (p: string) => string | null,
  notes: ExportNote[],
  use: K6AssertionUse,
): string[] {
  const entries: string[] = [];
  for (const a of step.assertions) {
    const body = k6Condition(a, expression, toGjsonPath, use);
    if (body === null) {
      notes.push({ line: a.line, message: `${step.label}: k6 cannot check '?? ${a.text}' (${whyNot(a)}); not carried over` });
      continue;
    }
    entries.push(`${js(`${step.label}: ?? ${a.text}`)}: (r) => ${body}`);
  }
  return entries;
}

/** Why k6 cannot evaluate a condition. */
export function whyNot(a: ExportAssertion): string {
  return a.field === 'xpath' ? 'no XPath in k6' : a.field === 'duration' ? 'k6 does not time this phase' : 'the path has no gjson form';
}

/**
 * A condition of the shared grammar (a `??` line or `@until`) as a JavaScript expression
 * over the response `r`, or null when k6 cannot evaluate it.
 */
export function k6Condition(a: ExportAssertion, expression: (t: Template) => string, toGjsonPath: (p: string) => string | null, use: K6AssertionUse): string | null {
  const value = valueExpression(a, toGjsonPath);
  if (value === null) return null;
  use.support = true;
  const expected = a.expected === null ? "''" : expression(a.expected);
  if (a.op === 'sha256' || a.op === 'sha512' || a.op === 'md5') {
    use.crypto = true;
    return `assertDigest(${value}, ${js(a.op)}, ${expected})`;
  }
  return `assertHolds(${value}, ${js(a.op)}, ${expected})`;
}

/** True when the step's `?? status` assertions stand for its expected statuses (no `@expect-status`). */
export function statusByAssertions(step: ExportStep): boolean {
  return step.expectStatus === null && step.assertions.some((a) => a.field === 'status');
}

/** The support functions of the assertion checks (JavaScript, typed for `tsc --checkJs`). */
export function k6AssertionSupport(use: K6AssertionUse): string {
  const digest = use.crypto
    ? `

/** The base64 (or hex) digest of a value's text. @param {unknown} v @param {string} alg @param {string} expected */
function assertDigest(v, alg, expected) {
  if (v === undefined) return false;
  const text = assertText(v);
  const b64 = alg === 'md5' ? crypto.md5(text, 'base64') : alg === 'sha512' ? crypto.sha512(text, 'base64') : crypto.sha256(text, 'base64');
  const hex = alg === 'md5' ? crypto.md5(text, 'hex') : alg === 'sha512' ? crypto.sha512(text, 'hex') : crypto.sha256(text, 'hex');
  return b64 === expected.trim() || hex === expected.trim().toLowerCase();
}`
    : '';
  return `/** A response header for an assertion; undefined when absent. @param {Record<string, string>} headers @param {string} name @returns {string | undefined} */
function assertHeader(headers, name) {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** A JSON value of the body for an assertion; undefined when the body is not JSON. @param {{ json(selector?: string): unknown }} res @param {string} path @returns {unknown} */
function assertJson(res, path) {
  try {
    return path === '' ? res.json() : res.json(path);
  } catch {
    return undefined;
  }
}

const ASSERT_NUMBER = /^-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?$/;

/** A value's text: a string as it is, other JSON values as compact JSON. @param {unknown} v @returns {string} */
function assertText(v) {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? '';
}

/** Equality as batch-http checks it (format section 6). @param {unknown} v @param {string} expected */
function assertEqual(v, expected) {
  if (typeof v === 'number' && ASSERT_NUMBER.test(expected)) return v === Number(expected);
  if (v === null || typeof v === 'boolean') return expected === String(v);
  const text = assertText(v);
  if (text === expected) return true;
  try {
    const want = JSON.parse(expected);
    return typeof want === 'object' ? JSON.stringify(want) === (typeof v === 'object' ? text : JSON.stringify(JSON.parse(text))) : typeof v === 'string' && want === v;
  } catch {
    return false;
  }
}

/** An assertion's condition (format section 6); a missing value holds only for != and isFalse. @param {unknown} v @param {string} op @param {string} expected */
function assertHolds(v, op, expected) {
  if (v === undefined) return op === '!=' || op === 'isFalse';
  const text = assertText(v);
  const n = typeof v === 'number' ? v : typeof v === 'string' && ASSERT_NUMBER.test(v.trim()) ? Number(v.trim()) : null;
  const e = ASSERT_NUMBER.test(expected) ? Number(expected) : null;
  const truthy = !(v === null || v === false || v === 0 || v === '');
  switch (op) {
    case '==': return assertEqual(v, expected);
    case '!=': return !assertEqual(v, expected);
    case '>': return n !== null && e !== null && n > e;
    case '>=': return n !== null && e !== null && n >= e;
    case '<': return n !== null && e !== null && n < e;
    case '<=': return n !== null && e !== null && n <= e;
    case 'startsWith': return text.startsWith(expected);
    case 'endsWith': return text.endsWith(expected);
    case 'includes': case 'contains': return text.includes(expected);
    case 'matches': try { return new RegExp(expected).test(text); } catch { return false; }
    case 'exists': return true;
    case 'isTrue': return truthy;
    case 'isFalse': return !truthy;
    case 'isNumber': return typeof v === 'number';
    case 'isBoolean': return typeof v === 'boolean';
    case 'isString': return typeof v === 'string';
    case 'isArray': return Array.isArray(v);
    default: return false;
  }
}${digest}`;
}
