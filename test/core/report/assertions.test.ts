// Assertions in every report: JSON (per result and in the summary), JUnit (the
// ASSERTION_FAILED failure lists every assertion), pretty (failing ones under the request, a
// count in the summary), and the run report's model (rows carry them, redacted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportModel } from '../../../src/core/report/timeline';
import { toJsonReport, toJsonReportObject, toJunit, toPretty } from '../../../src/core/report';
import { assertionFailureMessage, uncheckedAssertions } from '../../../src/core/conditions';
import { AssertionFailedError } from '../../../src/core/runner/errors';
import type { AssertionResult, RequestResult } from '../../../src/core/types';
import { makeReport, makeResult } from '../../support/results';

const SECRET = 'tok-hunter22';

const checked: AssertionResult[] = [
  { line: 12, text: 'status == 200', ok: true, actual: '200' },
  { line: 13, text: 'body $.state == done', ok: false, actual: '"running"' },
  { line: 14, text: `header x-token == ${SECRET}`, ok: false, actual: `${SECRET} and ${'x'.repeat(300)}` },
];

function failing(): RequestResult {
  const message = assertionFailureMessage(checked)!;
  return makeResult({ index: 0, title: 'Job state', line: 11, outcome: 'failed', error: new AssertionFailedError(message).toResultError(), assertions: checked });
}

function results(): RequestResult[] {
  return [
    failing(),
    makeResult({ index: 1, assertions: [{ line: 20, text: 'status == 200', ok: true, actual: '200' }] }),
    makeResult({
      index: 2,
      outcome: 'failed',
      status: null,
      attempts: 1,
      error: { code: 'CONNECTION_REFUSED', message: 'connection refused' },
      assertions: uncheckedAssertions([{ line: 30, text: 'status == 200', field: 'status', arg: null, op: '==', expected: '200' }]),
    }),
    makeResult({ index: 3 }),
  ];
}

test('the ASSERTION_FAILED message names the first failing assertion, quotes its text and line, and the value found', () => {
  const m = assertionFailureMessage(checked)!;
  assert.match(m, /^assertion on line 13 failed: '\?\? body \$\.state == done' found '"running"' \(2 of 3 assertions failed\)/);
  assert.equal(assertionFailureMessage([checked[0]!]), null);
  assert.match(assertionFailureMessage([{ line: 1, text: 'header x exists', ok: false, actual: null }])!, /found nothing \(missing\)/);
  const e = new AssertionFailedError(m);
  assert.equal(e.code, 'ASSERTION_FAILED');
  assert.deepEqual(e.toResultError(), { code: 'ASSERTION_FAILED', message: m });
});

test('JSON: assertions per result (redacted, cut to 200), the summary counts checked ones; none gives []', () => {
  const report = makeReport(results(), { secrets: [SECRET] });
  const obj = toJsonReportObject(report);
  assert.deepEqual(obj.summary.assertions, { total: 5, passed: 2, failed: 2 });
  assert.equal(obj.summary.notNeeded, 0);
  const [a, b, c, d] = obj.results;
  assert.deepEqual(a!.assertions.slice(0, 2), checked.slice(0, 2));
  assert.equal(a!.assertions[2]!.text, 'header x-token == ***');
  assert.equal(a!.assertions[2]!.actual!.length, 200);
  assert.ok(a!.assertions[2]!.actual!.startsWith('*** and xxx'));
  assert.deepEqual(b!.assertions, [{ line: 20, text: 'status == 200', ok: true, actual: '200' }]);
  assert.deepEqual(c!.assertions, [{ line: 30, text: 'status == 200', ok: null, actual: null }], 'not checked: no response arrived');
  assert.deepEqual(d!.assertions, []);
  const text = toJsonReport(report);
  assert.doesNotMatch(text, /hunter22/);
  assert.deepEqual(JSON.parse(text), obj);
});

test('JUnit: one ASSERTION_FAILED failure listing every assertion with PASS/FAIL and the value found', () => {
  const xml = toJunit(makeReport(results(), { secrets: [SECRET] }));
  const failure = /<failure message="([^"]*)" type="ASSERTION_FAILED">([^<]*)<\/failure>/.exec(xml);
  assert.ok(failure, xml);
  assert.match(failure[1]!, /^ASSERTION_FAILED: assertion on line 13 failed: &apos;\?\? body \$\.state == done&apos;/);
  const lines = failure[2]!.split('\n');
  assert.deepEqual(lines.slice(-4, -1), ['assertions:', 'PASS line 12: ?? status == 200 (found: 200)', 'FAIL line 13: ?? body $.state == done (found: &quot;running&quot;)']);
  assert.match(lines.at(-1)!, /^FAIL line 14: \?\? header x-token == \*\*\* \(found: \*\*\* and x+…\)$/);
  assert.equal((xml.match(/<failure /g) ?? []).length, 2, 'the refused request fails too');
  assert.match(xml, /NOT CHECKED line 30: \?\? status == 200<\/failure>/);
  assert.doesNotMatch(xml, /hunter22/);
});

test('pretty: the failing assertions under the request, and the count in the summary', () => {
  const text = toPretty(makeReport(results(), { secrets: [SECRET] }));
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('  #0 (line 11) ASSERTION_FAILED: assertion on line 13 failed'));
  assert.ok(at > 0, text);
  assert.equal(lines[at + 1], '      ✗ line 13: ?? body $.state == done  (found "running")');
  assert.match(lines[at + 2]!, /^ {6}✗ line 14: \?\? header x-token == \*\*\* {2}\(found \*\*\* and x+…\)$/);
  assert.ok(lines.includes('assertions  5: 2 passed, 2 failed, 1 not checked'), text);
  assert.doesNotMatch(text, /hunter22/);
  // Without assertions, no line about them.
  assert.doesNotMatch(toPretty(makeReport([makeResult()])), /assertions/);
});

test('the run report model: rows carry their assertions redacted; rows without any carry none', () => {
  const model = buildReportModel(makeReport(results(), { secrets: [SECRET] }));
  const [a, , c, d] = model.rows;
  assert.equal(a!.errorCode, 'ASSERTION_FAILED');
  assert.equal(a!.assertions!.length, 3);
  assert.equal(a!.assertions![2]!.text, 'header x-token == ***');
  assert.equal(c!.assertions![0]!.ok, null);
  assert.equal('assertions' in d!, false);
  assert.deepEqual(model.summary.assertions, { total: 5, passed: 2, failed: 2 });
  assert.doesNotMatch(JSON.stringify(model), /hunter22/);
});

test('a very long assertion text is cut to 200 characters too, after redaction', async () => {
  const { jsonAssertions } = await import('../../../src/core/report');
  const { Redactor } = await import('../../../src/core/redact');
  const text = `body $.x == ${SECRET}${'y'.repeat(300)}`;
  const [a] = jsonAssertions([{ line: 1, text, ok: false, actual: null }], new Redactor([SECRET]));
  assert.equal(a!.text.length, 200);
  assert.ok(a!.text.startsWith('body $.x == ***yyy'));
  assert.ok(a!.text.endsWith('…'));
});

test('a value found that was cut and ends with the start of a secret learned later: that tail is hidden', async () => {
  const { jsonAssertions } = await import('../../../src/core/report');
  const { Redactor } = await import('../../../src/core/redact');
  const cut = `${'x'.repeat(193)}tok-hu…`;
  assert.equal(cut.length, 200);
  const [a] = jsonAssertions([{ line: 1, text: 'body exists', ok: true, actual: cut }], new Redactor([SECRET]));
  assert.equal(a!.actual, `${'x'.repeat(193)}***…`);
  const [b] = jsonAssertions([{ line: 1, text: 'body exists', ok: true, actual: 'ends with tok-hu' }], new Redactor([SECRET]));
  assert.equal(b!.actual, 'ends with tok-hu', 'a value that was not cut ends where it ends');
});

test('assertions with nothing to hide or cut are reported as they are; one with a secret makes a copy and leaves the results alone', async () => {
  const { jsonAssertions } = await import('../../../src/core/report');
  const { Redactor } = await import('../../../src/core/redact');
  const redactor = new Redactor([SECRET]);
  const plain: AssertionResult[] = [
    { line: 1, text: 'status == 200', ok: true, actual: '200' },
    { line: 2, text: 'body exists', ok: null, actual: null },
  ];
  assert.equal(jsonAssertions(plain, redactor), plain);
  const before = structuredClone(checked);
  const shown = jsonAssertions(checked, redactor);
  assert.notEqual(shown, checked);
  assert.deepEqual(checked, before, 'the results keep their own values');
  assert.deepEqual(
    shown.map((a) => [a.line, a.ok, a.text, a.actual?.length ?? null]),
    [
      [12, true, 'status == 200', 3],
      [13, false, 'body $.state == done', 9],
      [14, false, 'header x-token == ***', 200],
    ],
  );
  assert.equal(shown[0], checked[0], 'an unchanged assertion before the first changed one is kept');
  assert.doesNotMatch(JSON.stringify(shown), /hunter22/);
});
