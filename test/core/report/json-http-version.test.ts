// httpVersion in the JSON report (format spec, section 13 item 12): after `status`, in every
// result (null without a response, or for a result made without one); the hand-written
// serializer stays byte-identical with JSON.stringify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonResult, jsonResultText, toJsonReport, toJsonReportObject, type JsonResult } from '../../../src/core/report';
import { Redactor } from '../../../src/core/redact';
import { createRng } from '../../support/prng';
import { makeReport, makeResult } from '../../support/results';

function reference(result: JsonResult): string {
  return `\n    ${JSON.stringify(result, null, 2).replaceAll('\n', '\n    ')}`;
}

test('httpVersion sits after status, as "1.1", "2" or null, and the text equals JSON.stringify', () => {
  const rng = createRng(1312);
  const redactor = new Redactor([]);
  for (let i = 0; i < 500; i++) {
    const version = rng.pick(['1.1', '2', null, undefined] as const);
    const r = jsonResult(makeResult({ index: i, status: version === null ? null : 200, ...(version !== undefined ? { httpVersion: version } : {}) }), redactor);
    assert.equal(jsonResultText(r), reference(r));
    const keys = Object.keys(r);
    assert.deepEqual(keys.slice(keys.indexOf('status'), keys.indexOf('status') + 3), ['status', 'httpVersion', 'attempts']);
    assert.equal(r.httpVersion, version ?? null);
  }
  const report = makeReport([makeResult({ index: 0, httpVersion: '2' }), makeResult({ index: 1, httpVersion: null, status: null })]);
  assert.equal(toJsonReport(report), `${JSON.stringify(toJsonReportObject(report), null, 2)}\n`);
  assert.deepEqual(toJsonReportObject(report).results.map((r) => r.httpVersion), ['2', null]);
});
