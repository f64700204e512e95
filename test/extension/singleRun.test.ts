// Running one request: which runs are single-request runs, which response opens, the store
// replacing the previous one-request run of a file, when the Results view is revealed, and
// where a waterfall click shows the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunRecord } from '../../src/extension/model/runModel';
import { RunStore } from '../../src/extension/model/runStore';
import { isSingleRequestRun, responseToShow, revealColumn, shouldRevealResults, type EndedRun } from '../../src/extension/model/singleRun';
import { plan, planned, result, runReport } from './fixtures';

test('a single-request run: blocks that plan to exactly one request', () => {
  assert.equal(isSingleRequestRun({ kind: 'blocks', blocks: [2] }, [2]), true, 'Run / Run at Cursor / a selection of one');
  assert.equal(isSingleRequestRun({ kind: 'blocks', blocks: [2] }, [2, 3, 4]), false, 'a @repeat block');
  assert.equal(isSingleRequestRun({ kind: 'blocks', blocks: [1, 2] }, [1, 2]), false, 'two blocks');
  assert.equal(isSingleRequestRun({ kind: 'all' }, undefined), false, 'the whole file, even of one request');
  assert.equal(isSingleRequestRun({ kind: 'indices', indices: [3], expectTotal: 9 }, [3]), false, 'a rerun from the tree');
});

function ended(over: Partial<EndedRun> & { state?: string }): EndedRun {
  return { single: true, only: [4], reported: true, stateOf: () => over.state ?? 'succeeded', ...over };
}

test('the response that opens: the one request, also a failed one; not when off, cancelled or without a report', () => {
  assert.equal(responseToShow(ended({}), true), 4);
  assert.equal(responseToShow(ended({ state: 'failed' }), true), 4, 'a failed request shows what went wrong');
  assert.equal(responseToShow(ended({}), false), null, 'batchHttp.showResponse off');
  assert.equal(responseToShow(ended({ state: 'cancelled' }), true), null, 'the user cancelled');
  assert.equal(responseToShow(ended({ reported: false }), true), null, 'the run broke');
  assert.equal(responseToShow(ended({ single: false }), true), null, 'a batch');
  assert.equal(responseToShow(ended({ stateOf: () => undefined }), true), null);
});

function record(id: string, single: boolean, file = '/w/api.batch.http'): RunRecord {
  return new RunRecord({ id, file, startedAt: new Date(0), only: single ? [0] : undefined, single, secrets: [], requests: [planned(0), planned(1)] });
}

function finish(store: RunStore, run: RunRecord): void {
  run.finish(runReport([result(0, 'succeeded')]));
  store.ended(run);
}

test('a single-request run replaces the previous finished one of the same file; batches and other files stay', () => {
  const store = new RunStore(5);
  const batch = record('batch', false);
  store.start(batch, plan([planned(0), planned(1)]));
  finish(store, batch);
  const one = record('one', true);
  store.start(one, plan([planned(0)]));
  finish(store, one);
  const other = record('other', true, '/w/other.batch.http');
  store.start(other, plan([planned(0)]));
  finish(store, other);
  const changes: string[] = [];
  store.onDidChange((c) => changes.push(c.kind));
  const two = record('two', true);
  const dropped = store.start(two, plan([planned(0)]));
  assert.deepEqual(store.runs.map((r) => r.id), ['two', 'other', 'batch']);
  assert.deepEqual(dropped.map((r) => r.id), ['one'], 'the replaced run is returned like a dropped one');
  assert.deepEqual(changes, ['runs', 'started']);
  finish(store, two);
  const three = record('three', true);
  store.start(three, plan([planned(0)]));
  assert.deepEqual(store.runs.map((r) => r.id), ['three', 'other', 'batch']);
});

test('a running single-request run is never replaced; a batch run replaces nothing', () => {
  const store = new RunStore(5);
  const a = record('a', true);
  store.start(a, plan([planned(0)]));
  const b = record('b', true);
  store.start(b, plan([planned(0)]));
  assert.deepEqual(store.runs.map((r) => r.id), ['b', 'a']);
  finish(store, a);
  finish(store, b);
  store.start(record('c', false), plan([planned(0)]));
  assert.deepEqual(store.runs.map((r) => r.id), ['c', 'b', 'a']);
});

test('the Results view is revealed on the first run (first), every run (always) or never', () => {
  assert.deepEqual([shouldRevealResults('first', false), shouldRevealResults('first', true)], [true, false]);
  assert.deepEqual([shouldRevealResults('always', false), shouldRevealResults('always', true)], [true, true]);
  assert.deepEqual([shouldRevealResults('never', false), shouldRevealResults('never', true)], [false, false]);
});

test('a waterfall click reuses a column: the one showing the file, another group, else the report\'s own', () => {
  assert.equal(revealColumn([1], [1, 2], 2), 1, 'the file is open beside the report');
  assert.equal(revealColumn([], [1, 2, 3], 2), 1, 'another group, no new split');
  assert.equal(revealColumn([], [2], 2), 2, 'only the report\'s group: a tab there');
  assert.equal(revealColumn([2], [2], 2), 2);
  assert.equal(revealColumn([], [], undefined), 1);
});

test('the full response: status line with time and size, headers (secret ones masked), blank line, pretty JSON', async () => {
  const { renderFullResponse } = await import('../../src/extension/model/responseText');
  const { Redactor } = await import('../../src/core/redact');
  const redactor = new Redactor(['tok-1']);
  const body = new TextEncoder().encode('{"a":[1,2]}');
  const r = result(0, 'succeeded', { status: 201, durationMs: 12.4, body, bodyBytes: body.byteLength, responseHeaders: { 'content-type': 'application/json', 'set-cookie': 'sid=abc' } });
  const text = renderFullResponse('succeeded', r, redactor);
  const [status, ...rest] = text.split('\n');
  assert.equal(status, 'HTTP/1.1 201 · 12 ms · 11 B');
  assert.ok(rest.includes('content-type: application/json'));
  assert.ok(!text.includes('sid=abc'), 'a Set-Cookie value is masked');
  assert.ok(text.endsWith('\n\n{\n  "a": [\n    1,\n    2\n  ]\n}\n'), text);
  const failed = renderFullResponse('failed', result(0, 'failed'), redactor);
  assert.match(failed, /TIMEOUT: x/, 'no response: what went wrong');
  const unexpected = renderFullResponse('failed', result(0, 'failed', { status: 500, responseHeaders: {}, bodyBytes: 0, body: null, error: { code: 'UNEXPECTED_STATUS', message: 'status 500, expected 2xx' } }), redactor);
  assert.match(unexpected, /^HTTP\/1\.1 500 .*\n\nUNEXPECTED_STATUS: status 500, expected 2xx\n\n$/);
});
