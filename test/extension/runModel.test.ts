import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE_SIZE, RunRecord } from '../../src/extension/model/runModel';
import { RunStore } from '../../src/extension/model/runStore';
import { planned, result, runReport } from './fixtures';

function record(id: string, n: number, only?: number[]): RunRecord {
  return new RunRecord({
    id, file: '/w/dir/api.batch.http', startedAt: new Date(0), only, secrets: [],
    requests: Array.from({ length: n }, (_, i) => planned(i, i === 1 ? { title: 'Second' } : i === 2 ? { name: 'third' } : {})),
  });
}

const report = runReport;

test('a whole-batch run lists every request in file order with labels, queued at first', () => {
  const run = record('r1', 3);
  assert.equal(run.fileName, 'api.batch.http');
  assert.equal(run.total, 3);
  assert.deepEqual(run.entriesInOrder().map((e) => [e.index, e.label, e.state]), [
    [0, 'GET http://127.0.0.1:1/r0', 'queued'],
    [1, 'Second', 'queued'],
    [2, 'third', 'queued'],
  ]);
});

test('events move requests through running, retrying and a final outcome, counted once', () => {
  const run = record('r1', 3);
  assert.equal(run.apply({ type: 'queued', index: 1, request: planned(1), atMs: 0 }), undefined, 'already shown as queued: nothing to refresh');
  assert.equal(run.apply({ type: 'started', index: 1, attempt: 1, url: 'http://127.0.0.1:1/r1', atMs: 1 })?.state, 'running');
  assert.equal(run.entry(1)?.state, 'running');
  run.apply({ type: 'retrying', index: 1, attempt: 1, delayMs: 100, reason: '503', atMs: 2 });
  assert.equal(run.entry(1)?.state, 'retrying');
  assert.equal(run.entry(1)?.retryReason, '503');
  assert.equal(run.apply({ type: 'finished', index: 1, result: result(1, 'failed'), atMs: 3 })?.state, 'failed');
  assert.equal(run.apply({ type: 'finished', index: 1, result: result(1, 'failed'), atMs: 3 }), undefined);
  assert.equal(run.apply({ type: 'started', index: 1, attempt: 3, url: 'late', atMs: 4 }), undefined);
  assert.equal(run.entry(1)?.state, 'failed', 'a late event does not undo a final outcome');
  assert.deepEqual(run.counts, { done: 1, succeeded: 0, failed: 1, cancelled: 0, skipped: 0 });
  assert.equal(run.apply({ type: 'queued', index: 99, request: planned(99), atMs: 0 }), undefined);
  assert.equal(run.running, true);
});

test('finish fills in results that had no event and ends the run', () => {
  const run = record('r1', 3);
  run.apply({ type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 1 });
  run.finish(report([result(0, 'succeeded'), result(1, 'cancelled'), result(2, 'skipped')]));
  assert.equal(run.running, false);
  assert.deepEqual(run.counts, { done: 3, succeeded: 1, failed: 0, cancelled: 1, skipped: 1 });
  assert.deepEqual(run.unsuccessfulIndices(), [1, 2]);
});

test('a partial run shows only the requests it queued, sorted, and its total grows with dependencies', () => {
  const run = record('r2', 5, [3]);
  assert.equal(run.entriesInOrder().length, 0);
  run.apply({ type: 'queued', index: 3, request: planned(3), atMs: 0 });
  run.apply({ type: 'queued', index: 1, request: planned(1), atMs: 0 });
  assert.deepEqual(run.entriesInOrder().map((e) => e.index), [1, 3]);
  assert.equal(run.total, 2);
});

test('an internal failure marks unfinished requests cancelled', () => {
  const run = record('r1', 2);
  run.apply({ type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 1 });
  run.fail('boom');
  assert.equal(run.running, false);
  assert.deepEqual(run.entriesInOrder().map((e) => e.state), ['succeeded', 'cancelled']);
});

test('the store keeps the newest runs, never drops a running one, and clears finished ones', () => {
  const store = new RunStore(2);
  const a = record('a', 1);
  a.finish(report([result(0, 'succeeded')]));
  const b = record('b', 1);
  b.finish(report([result(0, 'failed')]));
  const c = record('c', 1);
  assert.deepEqual(store.add(a), []);
  assert.deepEqual(store.add(b), []);
  assert.deepEqual(store.add(c).map((r) => r.id), ['a']);
  assert.deepEqual(store.runs.map((r) => r.id), ['c', 'b']);
  assert.equal(store.latestFinished()?.id, 'b');
  assert.deepEqual(store.setKeep(1).map((r) => r.id), ['b']);
  assert.deepEqual(store.runs.map((r) => r.id), ['c'], 'the running run stays');
  assert.equal(store.clearFinished(), false);
  c.finish(report([result(0, 'succeeded')]));
  assert.equal(store.clearFinished(), true);
  assert.equal(store.runs.length, 0);
});

test('labels never show the run secrets', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), secrets: ['tok-123'], requests: [planned(0, { url: 'http://127.0.0.1:1/x?key=tok-123' })] });
  assert.equal(run.entry(0)?.label, 'GET http://127.0.0.1:1/x?key=***');
});

test('a large run is paged; pages are stable and find their entries', () => {
  const small = record('s', PAGE_SIZE);
  assert.deepEqual(small.pages(), []);
  assert.equal(small.pageOf(small.entry(5)!), undefined);
  const big = record('b', PAGE_SIZE * 2 + 5);
  const pages = big.pages();
  assert.deepEqual(pages.map((p) => [p.page, p.start, p.end]), [[0, 0, 1000], [1, 1000, 2000], [2, 2000, 2005]]);
  assert.equal(big.pages()[1], pages[1], 'the same objects on every call');
  assert.equal(big.pageOf(big.entry(1999)!), pages[1]);
  assert.equal(big.pageOf(big.entry(2004)!), pages[2]);
  assert.equal(big.positionOf(big.entry(1234)!), 1234);
});

test('a partial run pages by position, not by batch index', () => {
  const run = record('p', 3000, [2999]);
  for (let i = 0; i < 3000; i += 2) run.apply({ type: 'queued', index: i, request: planned(i), atMs: 0 });
  assert.equal(run.entriesInOrder().length, 1500);
  assert.deepEqual(run.pages().map((p) => [p.start, p.end]), [[0, 1000], [1000, 1500]]);
  assert.equal(run.positionOf(run.entry(2998)!), 1499);
  assert.equal(run.pageOf(run.entry(2998)!)?.page, 1);
});

test('secret header values and the runner\'s learned secrets are redacted too', () => {
  const run = new RunRecord({
    id: 'h', file: '/w/a.batch.http', startedAt: new Date(0), secrets: [],
    requests: [planned(0, { url: 'http://127.0.0.1:1/x?t=abc123', headers: [['Authorization', 'Bearer abc123']] })],
  });
  assert.equal(run.entry(0)?.label, 'GET http://127.0.0.1:1/x?t=***');
  assert.ok(run.secrets.includes('abc123'));
  run.finish({ ...report([result(0, 'succeeded')]), secrets: ['learned-token'] });
  assert.ok(run.secrets.includes('learned-token'));
  assert.equal(run.redactor.text('saw learned-token'), 'saw ***');
});
