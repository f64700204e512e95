// The editor's view of assertions: one tree child per `??` line, "2/3 assertions" in the
// request's description, the inline marks after a run, and Rerun Failed including requests
// that failed on assertions. Pure model code (no vscode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import type { AssertionResult } from '../../src/core/types';
import { assertionMarks } from '../../src/extension/model/assertionMarks';
import { assertionDetails, assertionSummary, requestDetails } from '../../src/extension/model/details';
import { requestDescription } from '../../src/extension/model/format';
import { RunRecord } from '../../src/extension/model/runModel';
import { planned, result } from './fixtures';

const SECRET = 'tok-hunter22';
const LIST: AssertionResult[] = [
  { line: 4, text: 'status == 200', ok: true, actual: '200' },
  { line: 5, text: 'body $.state == done', ok: false, actual: '"running"' },
  { line: 6, text: 'header x-token exists', ok: true, actual: SECRET },
];

test('one tree child per assertion: the line as written, passed or failed with the value found, an icon; secrets redacted', () => {
  const redactor = new Redactor([SECRET]);
  assert.deepEqual(assertionDetails({ assertions: LIST }, redactor), [
    { label: '?? status == 200', description: 'line 4 · passed, found 200', icon: 'pass' },
    { label: '?? body $.state == done', description: 'line 5 · failed, found "running"', icon: 'fail' },
    { label: '?? header x-token exists', description: 'line 6 · passed, found ***', icon: 'pass' },
  ]);
  assert.deepEqual(assertionDetails({ assertions: [{ line: 9, text: 'status == 200', ok: null, actual: null }] }, redactor), [
    { label: '?? status == 200', description: 'line 9 · not checked (no response)', icon: 'unchecked' },
  ]);
  assert.deepEqual(assertionDetails({}, redactor), []);
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), secrets: [], requests: [planned(0)] });
  run.apply({ type: 'finished', index: 0, result: result(0, 'failed', { status: 200, error: { code: 'ASSERTION_FAILED', message: 'm' }, assertions: LIST }), atMs: 1 });
  const details = requestDetails(run.entry(0)!, redactor);
  assert.deepEqual(details.map((d) => d.label).slice(0, 6), ['URL', 'Status', 'Error', '?? status == 200', '?? body $.state == done', '?? header x-token exists']);
});

test('the request description counts passed assertions', () => {
  assert.equal(assertionSummary({ assertions: LIST }), '2/3 assertions');
  assert.equal(assertionSummary({ assertions: [] }), null);
  assert.equal(assertionSummary(null), null);
  const base = { state: 'failed' as const, status: 200, durationMs: 12, bodyBytes: 10, errorCode: 'ASSERTION_FAILED' as const, attempt: 1 };
  assert.equal(requestDescription({ ...base, assertions: '2/3 assertions' }), '200 · 12 ms · 10 B · 2/3 assertions');
  assert.equal(requestDescription(base), '200 · 12 ms · 10 B', 'unchanged without assertions');
  assert.equal(requestDescription({ ...base, status: null, errorCode: 'TIMEOUT', assertions: '0/3 assertions' }), 'TIMEOUT · 0/3 assertions');
});

test('inline marks: ✓, ✗ with the value found, copies summed per line, not checked; redacted', () => {
  const redactor = new Redactor([SECRET]);
  const copies = [
    { assertions: [{ line: 4, text: 'status == 200', ok: true, actual: '200' }, { line: 5, text: 'body $.n > 1', ok: true, actual: '2' }] },
    { assertions: [{ line: 4, text: 'status == 200', ok: true, actual: '200' }, { line: 5, text: 'body $.n > 1', ok: false, actual: SECRET }] },
    { assertions: [{ line: 4, text: 'status == 200', ok: true, actual: '200' }, { line: 5, text: 'body $.n > 1', ok: false, actual: '0' }] },
    null,
    { assertions: [{ line: 9, text: 'status == 200', ok: null, actual: null }] },
    { assertions: [{ line: 7, text: 'header x exists', ok: false, actual: null }] },
    { assertions: [{ line: 8, text: 'status == 201', ok: true, actual: '201' }] },
  ];
  assert.deepEqual(assertionMarks(copies, redactor), [
    { line: 4, ok: true, text: '✓ 3/3' },
    { line: 5, ok: false, text: '✗ found *** (2 of 3 failed)' },
    { line: 7, ok: false, text: '✗ found nothing' },
    { line: 8, ok: true, text: '✓' },
    { line: 9, ok: null, text: '– not checked (no response)' },
  ]);
});

test('Rerun Failed includes the requests that failed on assertions', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), secrets: [], requests: [planned(0), planned(1), planned(2)] });
  run.apply({ type: 'finished', index: 0, result: result(0, 'succeeded', { assertions: [LIST[0]!] }), atMs: 1 });
  run.apply({ type: 'finished', index: 1, result: result(1, 'failed', { status: 200, error: { code: 'ASSERTION_FAILED', message: 'm' }, assertions: LIST }), atMs: 2 });
  run.apply({ type: 'finished', index: 2, result: result(2, 'succeeded'), atMs: 3 });
  assert.deepEqual(run.unsuccessfulIndices(), [1]);
});
