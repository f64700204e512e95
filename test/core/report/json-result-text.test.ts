// The hand-written result serializer against JSON.stringify: the same text for thousands of
// generated results (awkward strings, odd numbers, nulls, empty and integer-named headers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionTextMemo, jsonResult, jsonResultText, redactJsonResult, toJsonReport, toJsonReportObject, type JsonResult } from '../../../src/core/report';
import { Redactor } from '../../../src/core/redact';
import type { RequestResult } from '../../../src/core/types';
import { createRng, type Rng } from '../../support/prng';
import { makeReport, makeResult } from '../../support/results';
import { num } from '../../../src/core/report/json-result-text';

/** What the report printed before the serializer: JSON.stringify, re-indented for the array. */
function reference(result: JsonResult): string {
  return `\n    ${JSON.stringify(result, null, 2).replaceAll('\n', '\n    ')}`;
}

const PIECES = [
  'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u0080',
  'é', 'ñ', '✓', '€', '\u2028', '\u2029', '😀', '\ud83d', '\ude00', '\udfff', '\ud800', '\ufeff', '\uffff', '{', '}', '[', ']',
  ',', ':', 'null', 'true', '${x}', '***', '%', '&', '<', '>', "'", '\u00a0',
];

function text(rng: Rng, max = 24): string {
  let s = '';
  const n = rng.int(0, max);
  for (let i = 0; i < n; i++) s += rng.pick(PIECES);
  return s;
}

function number(rng: Rng): number {
  return rng.weighted<() => number>([
    [6, () => rng.int(0, 100000)],
    [4, () => Math.round(rng.next() * 100000) / 10],
    [1, () => -0],
    [1, () => NaN],
    [1, () => Infinity],
    [1, () => -Infinity],
    [1, () => 1e21],
    [1, () => 1.5e-7],
    [1, () => Number.MAX_SAFE_INTEGER],
    [1, () => -rng.next()],
  ])();
}

function orNull<T>(rng: Rng, make: () => T, p = 0.3): T | null {
  return rng.chance(p) ? null : make();
}

function headers(rng: Rng): Record<string, string> {
  const out: Record<string, string> = {};
  const n = rng.weighted([[2, 0], [5, rng.int(1, 4)], [1, rng.int(5, 12)]]);
  for (let i = 0; i < n; i++) {
    const name = rng.weighted<() => string>([[5, () => text(rng, 8)], [1, () => String(rng.int(0, 20))], [1, () => 'content-type']])();
    out[name] = text(rng);
  }
  return out;
}

/** Assertion outcomes: none (most results), or a few with awkward text, each state of `ok`. */
function assertions(rng: Rng): JsonResult['assertions'] {
  const n = rng.weighted([[3, 0], [2, rng.int(1, 4)]]);
  return [...Array(n).keys()].map(() => ({
    line: rng.int(1, 9999),
    text: text(rng, 30),
    ok: rng.pick([true, false, null]),
    actual: orNull(rng, () => text(rng, 40)),
  }));
}

function randomJsonResult(rng: Rng): JsonResult {
  const r: JsonResult = {
    index: rng.int(0, 1_000_000),
    name: orNull(rng, () => text(rng, 6)),
    title: orNull(rng, () => text(rng)),
    line: rng.int(1, 99999),
    method: rng.pick(['GET', 'POST', 'DELETE', text(rng, 4)]),
    url: text(rng, 40),
    outcome: rng.pick(['succeeded', 'failed', 'cancelled', 'skipped'] as const),
    status: orNull(rng, () => rng.int(100, 599)),
    attempts: rng.int(0, 5),
    durationMs: orNull(rng, () => number(rng)),
    timings: orNull(rng, () => ({
      queuedMs: number(rng),
      dnsMs: orNull(rng, () => number(rng)),
      connectMs: orNull(rng, () => number(rng)),
      tlsMs: orNull(rng, () => number(rng)),
      ttfbMs: orNull(rng, () => number(rng)),
      downloadMs: orNull(rng, () => number(rng)),
      totalMs: number(rng),
      reused: rng.chance(0.5),
    })),
    trace: orNull(rng, () => ({ traceId: text(rng, 32), spanId: text(rng, 16) })),
    error: orNull(rng, () => ({ code: rng.pick(['TIMEOUT', 'HTTP_ERROR', text(rng, 5)]), message: text(rng, 60) }), 0.6),
    assertions: assertions(rng),
    responseHeaders: orNull(rng, () => headers(rng)),
    bodyBytes: rng.int(0, 1 << 20),
    body: orNull(rng, () => text(rng, 200)),
    truncated: rng.chance(0.5),
  };
  if (rng.chance(0.3)) {
    // bodyBase64 sits between body and truncated, as jsonResult puts it.
    const { truncated, ...rest } = r;
    return { ...rest, bodyBase64: Buffer.from(text(rng, 30)).toString('base64'), truncated };
  }
  return r;
}

test('jsonResultText equals re-indented JSON.stringify for 5000 generated results', () => {
  const rng = createRng(0x5eed_1234);
  for (let i = 0; i < 5000; i++) {
    const r = randomJsonResult(rng);
    assert.equal(jsonResultText(r), reference(r), `result ${i}: ${JSON.stringify(r)}`);
  }
});

test('one memo over many results: the same text as without it, repeated items and past its bound', () => {
  const rng = createRng(0xa55e);
  const memo = new AssertionTextMemo();
  // Few distinct items so that most are reused, then many distinct ones (more than the memo keeps).
  const repeated = Array.from({ length: 12 }, () => randomJsonResult(rng).assertions).filter((l) => l.length > 0);
  assert.ok(repeated.length > 0, 'some generated results have assertions');
  for (let i = 0; i < 7000; i++) {
    const r = randomJsonResult(rng);
    if (i < 2000) r.assertions = repeated[i % repeated.length]!.map((a, k) => ({ ...a, line: i + k }));
    else r.assertions = [{ line: i, text: `status == ${i}`, ok: rng.pick([true, false, null]), actual: String(i) }];
    assert.equal(jsonResultText(r, memo), reference(r), `result ${i}: ${JSON.stringify(r)}`);
  }
});

test('jsonResultText equals the reference after a JSON round trip and a second redaction', () => {
  const rng = createRng(77);
  const redactor = new Redactor(['a', 'é✓']);
  for (let i = 0; i < 1000; i++) {
    const parsed = JSON.parse(jsonResultText(randomJsonResult(rng))) as JsonResult;
    assert.equal(jsonResultText(parsed), reference(parsed));
    const again = redactJsonResult(parsed, redactor);
    assert.equal(jsonResultText(again), reference(again));
  }
});

function randomRequestResult(rng: Rng, index: number): RequestResult {
  const bodyKind = rng.pick(['text', 'binary', 'none', 'split'] as const);
  const body =
    bodyKind === 'none'
      ? null
      : bodyKind === 'binary'
        ? Buffer.from([0xff, rng.int(0, 255), 0x00])
        : bodyKind === 'split'
          ? Buffer.from('ok ✓').subarray(0, 4)
          : Buffer.from(text(rng, 100));
  return makeResult({
    index,
    name: orNull(rng, () => `r${index}`),
    title: orNull(rng, () => text(rng)),
    url: `http://127.0.0.1:1/${text(rng, 10)}?token=hunter22`,
    outcome: rng.pick(['succeeded', 'failed'] as const),
    status: orNull(rng, () => rng.int(200, 504)),
    durationMs: orNull(rng, () => rng.next() * 1000),
    timings: orNull(rng, () => ({
      queuedMs: rng.next(),
      ...(rng.chance(0.5) && { dnsMs: orNull(rng, () => rng.next() * 5), connectMs: rng.next(), tlsMs: null, downloadMs: rng.next(), reused: rng.chance(0.5) }),
      ttfbMs: orNull(rng, () => rng.next() * 50),
      totalMs: rng.next() * 100,
    })),
    trace: orNull(rng, () => ({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) })),
    error: orNull(rng, () => ({ code: 'TIMEOUT' as const, message: `slow hunter22 ${text(rng)}` }), 0.7),
    assertions: assertions(rng).map((a) => ({ ...a, text: `${a.text} hunter22`, actual: a.actual === null ? null : `hunter22 ${a.actual}` })),
    responseHeaders: orNull(rng, () => ({ ...headers(rng), authorization: 'Bearer hunter22', 'set-cookie': 'sid=1' })),
    bodyBytes: body?.length ?? 0,
    body,
    truncated: bodyKind === 'split' || rng.chance(0.1),
  });
}

test('results made by jsonResult from generated RequestResults: the same text, secrets redacted', () => {
  const rng = createRng(2026);
  const redactor = new Redactor(['hunter22']);
  let base64 = 0;
  for (let i = 0; i < 2000; i++) {
    const r = jsonResult(randomRequestResult(rng, i), redactor);
    if (r.bodyBase64 !== undefined) base64++;
    const t = jsonResultText(r);
    assert.equal(t, reference(r));
    assert.doesNotMatch(t, /hunter22/);
  }
  assert.ok(base64 > 100, 'binary bodies were covered');
});

test('whole generated reports: the streamed text is the report object stringified', () => {
  const rng = createRng(9);
  for (const n of [0, 1, 2, 50]) {
    const report = makeReport([...Array(n).keys()].map((i) => randomRequestResult(rng, i)), { secrets: ['hunter22'] });
    assert.equal(toJsonReport(report), `${JSON.stringify(toJsonReportObject(report), null, 2)}\n`);
  }
});

test('numbers are written exactly as JSON.stringify writes them', () => {
  const samples = [0, -0, 1, 12.3, 0.1, 2999.9, 1e15 + 0.5, 123456789.7, -4.2, 1.25, 1 / 3, 0.30000000000000004, 1e21, NaN, Infinity, null];
  for (let i = 0; i < 2000; i++) samples.push(Math.round(i * 7.3) / 10, i / 7);
  for (const n of samples) assert.equal(num(n), JSON.stringify(n), String(n));
});
