// One result of the JSON report as text, written out field by field: the same characters
// `JSON.stringify(result, null, 2)` gives, indented for the result's place in the report's
// `results` array, at a fraction of the cost (no generic walk, no second pass re-indenting).
import type { JsonResult } from './json';

/** Where a result's own fields start (the result sits at depth 2 of the report). */
const FIELD = '\n      ';
/** Where the fields of a nested object (timings, error, headers) start. */
const INNER = '\n        ';

/**
 * A JSON number as JSON.stringify prints it: non-finite numbers become null, -0 becomes 0.
 * Durations are rounded to 0.1 ms; such a number is written from its integer tenths, which is
 * several times cheaper than the general double-to-text conversion (the same characters).
 */
export function num(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return 'null';
  if (Number.isInteger(n) || n < 0 || n >= 1e15) return `${n}`;
  const tenths = Math.round(n * 10);
  if (tenths / 10 !== n) return `${n}`;
  const digit = tenths % 10;
  return `${(tenths - digit) / 10}.${digit}`;
}

/** Strings JSON.stringify copies as they are: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** A JSON string as JSON.stringify prints it; most strings need no escaping, which is cheaper to check. */
function str(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

function strOrNull(s: string | null): string {
  return s === null ? 'null' : str(s);
}

function timingsText(t: JsonResult['timings']): string {
  if (t === null) return 'null';
  return (
    `{\n        "queuedMs": ${num(t.queuedMs)},\n        "dnsMs": ${num(t.dnsMs)},\n        "connectMs": ${num(t.connectMs)},` +
    `\n        "tlsMs": ${num(t.tlsMs)},\n        "ttfbMs": ${num(t.ttfbMs)},\n        "downloadMs": ${num(t.downloadMs)},` +
    `\n        "totalMs": ${num(t.totalMs)},\n        "reused": ${t.reused ? 'true' : 'false'}\n      }`
  );
}

function traceText(t: JsonResult['trace']): string {
  if (t === null) return 'null';
  return `{\n        "traceId": ${str(t.traceId)},\n        "spanId": ${str(t.spanId)}\n      }`;
}

function errorText(e: JsonResult['error']): string {
  if (e === null) return 'null';
  return `{\n        "code": ${str(e.code)},\n        "message": ${str(e.message)}\n      }`;
}

/** Where the fields of an object inside a nested array (an assertion) start. */
const ITEM = '\n          ';

/** An assertion's fixed pieces, joined once: fewer strings made for each of the many results. */
const ASSERTION_HEAD = `${INNER}{${ITEM}"line": `;
const ASSERTION_TEXT = `,${ITEM}"text": `;
const OK_ACTUAL = {
  null: `,${ITEM}"ok": null,${ITEM}"actual": `,
  true: `,${ITEM}"ok": true,${ITEM}"actual": `,
  false: `,${ITEM}"ok": false,${ITEM}"actual": `,
};
const ASSERTION_END = `${INNER}}`;

/** An assertion's text after its line number (`"text": ..., "ok": ..., "actual": ...}`). */
function itemTail(text: string, ok: boolean | null, actual: string | null): string {
  return `${ASSERTION_TEXT}${str(text)}${ok === null ? OK_ACTUAL.null : ok ? OK_ACTUAL.true : OK_ACTUAL.false}${strOrNull(actual)}${ASSERTION_END}`;
}

/**
 * Assertion texts already written, for one report's writer: a batch repeats the same few `??`
 * lines with the same values found, so most items are written once and then reused whole.
 * Bounded: values all different (an id found in each response) stop being remembered once
 * the table is full.
 */
export class AssertionTextMemo {
  private readonly byText = new Map<string, Map<string | null, string>[]>();
  private size = 0;

  tail(text: string, ok: boolean | null, actual: string | null): string {
    let byActual = this.byText.get(text);
    const slot = ok === null ? 0 : ok ? 1 : 2;
    const known = byActual?.[slot]?.get(actual);
    if (known !== undefined) return known;
    const made = itemTail(text, ok, actual);
    if (this.size < ITEM_TAILS_MAX) {
      if (byActual === undefined) this.byText.set(text, (byActual = []));
      (byActual[slot] ??= new Map()).set(actual, made);
      this.size++;
    }
    return made;
  }
}

/** The most item tails remembered (each a few hundred bytes at most: 200-character values). */
const ITEM_TAILS_MAX = 4096;

function assertionsText(list: JsonResult['assertions'], memo: AssertionTextMemo | undefined): string {
  if (list.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    out += `${i > 0 ? ',' : ''}${ASSERTION_HEAD}${num(a.line)}${memo ? memo.tail(a.text, a.ok, a.actual) : itemTail(a.text, a.ok, a.actual)}`;
  }
  return `${out}${FIELD}]`;
}

function headersText(headers: Record<string, string> | null): string {
  if (headers === null) return 'null';
  // Object.keys walks the keys in the order JSON.stringify does (integer-like names first).
  let out = '';
  for (const name of Object.keys(headers)) out += `${out ? ',' : ''}${INNER}${str(name)}: ${str(headers[name])}`;
  return out ? `{${out}${FIELD}}` : '{}';
}

/** The field when the result has it (as JSON.stringify leaves an absent key out). */
function httpVersionText(v: JsonResult['httpVersion']): string {
  return v === undefined ? '' : `${FIELD}"httpVersion": ${strOrNull(v)},`;
}

/**
 * One result as it appears in the JSON report's text: a leading newline and the object,
 * indented by four spaces (its place in the `results` array), keys in the report's order.
 * A writer of many results passes one `memo` for all of them.
 */
export function jsonResultText(r: JsonResult, memo?: AssertionTextMemo): string {
  const base64 = r.bodyBase64 === undefined ? '' : `\n      "bodyBase64": ${str(r.bodyBase64)},`;
  return (
    `\n    {\n      "index": ${num(r.index)},\n      "name": ${strOrNull(r.name)},\n      "title": ${strOrNull(r.title)},` +
    `\n      "line": ${num(r.line)},\n      "method": ${str(r.method)},\n      "url": ${str(r.url)},` +
    `\n      "outcome": ${str(r.outcome)},\n      "status": ${num(r.status)},${httpVersionText(r.httpVersion)}\n      "attempts": ${num(r.attempts)},` +
    `\n      "durationMs": ${num(r.durationMs)},\n      "timings": ${timingsText(r.timings)},\n      "trace": ${traceText(r.trace)},\n      "error": ${errorText(r.error)},` +
    `\n      "assertions": ${assertionsText(r.assertions, memo)},${r.polls === undefined ? '' : `\n      "polls": ${num(r.polls)},`}` +
    `\n      "responseHeaders": ${headersText(r.responseHeaders)},\n      "bodyBytes": ${num(r.bodyBytes)},` +
    `\n      "body": ${strOrNull(r.body)},${base64}\n      "truncated": ${r.truncated ? 'true' : 'false'}\n    }`
  );
}
