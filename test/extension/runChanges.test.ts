// The run model's change event, which the tree, status bar, CodeLenses and report follow:
// what each store operation tells, in order, and unsubscribing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunRecord } from '../../src/extension/model/runModel';
import { RunStore, type RunChange } from '../../src/extension/model/runStore';
import { plan, planned, result, runReport } from './fixtures';

function record(id: string, n: number, only?: number[]): RunRecord {
  return new RunRecord({ id, file: '/w/api.batch.http', startedAt: new Date(0), only, secrets: [], requests: Array.from({ length: n }, (_, i) => planned(i)) });
}

const report = runReport;

function describe(c: RunChange): string {
  if (c.kind === 'runs') return 'runs';
  if (c.kind === 'preparing') return `preparing:${c.fileName ?? '-'}`;
  if (c.kind === 'event') return `event:${c.event.type}:${c.entry ? c.entry.index : '-'}${c.childrenChanged ? ':children' : ''}`;
  return `${c.kind}:${c.run.id}`;
}

test('a run tells its start, each event with the entry it changed, and its end', () => {
  const store = new RunStore(5);
  const seen: string[] = [];
  store.onDidChange((c) => seen.push(describe(c)));
  const run = record('r1', 2);
  const p = plan([planned(0), planned(1)]);
  store.start(run, p);
  assert.equal(store.running(), run);
  store.record(run, { type: 'queued', index: 0, request: planned(0), atMs: 0 });
  store.record(run, { type: 'started', index: 0, attempt: 1, url: 'http://127.0.0.1:1/r0', atMs: 1 });
  store.record(run, { type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 2 });
  store.record(run, { type: 'started', index: 9, attempt: 1, url: 'http://x', atMs: 3 });
  run.finish(report([result(0, 'succeeded'), result(1, 'failed')]));
  store.ended(run);
  assert.equal(store.running(), undefined);
  assert.deepEqual(seen, ['runs', 'started:r1', 'event:queued:-', 'event:started:0', 'event:finished:0', 'event:started:-', 'ended:r1']);
});

test('the started change carries the plan (the report view reads its settings)', () => {
  const store = new RunStore(5);
  const p = plan([planned(0)]);
  let got: unknown;
  store.onDidChange((c) => {
    if (c.kind === 'started') got = c.plan;
  });
  store.start(record('r1', 1), p);
  assert.equal(got, p);
});

test('a partial run says when it lists a new request (a dependency it queued)', () => {
  const store = new RunStore(5);
  const seen: string[] = [];
  const run = record('r1', 3, [2]);
  store.start(run, plan([]));
  store.onDidChange((c) => seen.push(describe(c)));
  store.record(run, { type: 'queued', index: 0, request: planned(0), atMs: 0 });
  store.record(run, { type: 'started', index: 0, attempt: 1, url: 'http://127.0.0.1:1/r0', atMs: 1 });
  assert.deepEqual(seen, ['event:queued:0:children', 'event:started:0']);
});

test('clearing, trimming and unsubscribing', () => {
  const store = new RunStore(2);
  const seen: string[] = [];
  const sub = store.onDidChange((c) => seen.push(describe(c)));
  for (const id of ['a', 'b', 'c']) {
    const run = record(id, 1);
    run.finish(report([]));
    store.add(run);
  }
  assert.deepEqual(store.runs.map((r) => r.id), ['c', 'b']);
  assert.deepEqual(seen, ['runs', 'runs', 'runs']);
  assert.equal(store.setKeep(1).length, 1);
  assert.deepEqual(seen.length, 4, 'a trim that drops a run is a change');
  assert.equal(store.setKeep(3).length, 0);
  assert.equal(seen.length, 4, 'a trim that drops nothing is not');
  assert.equal(store.clearFinished(), true);
  assert.equal(store.clearFinished(), false);
  assert.equal(seen.length, 5, 'only a clear that removed runs is a change');
  sub.dispose();
  store.add(record('d', 1));
  assert.equal(seen.length, 5, 'no change after dispose');
});

test('a listener that throws is reported and does not stop the others', () => {
  const errors: unknown[] = [];
  const store = new RunStore(5, (err) => errors.push(err));
  let after = 0;
  store.onDidChange(() => {
    throw new Error('view broke');
  });
  store.onDidChange(() => after++);
  store.add(record('a', 1));
  assert.equal(after, 1);
  assert.equal((errors[0] as Error).message, 'view broke');
});

test('a run being prepared is told before it starts, and a preparation without a run is told too', () => {
  const store = new RunStore(5);
  const seen: string[] = [];
  store.onDidChange((c) => seen.push(describe(c)));
  store.preparing('api.batch.http');
  const run = record('r1', 1);
  store.start(run, plan([planned(0)]));
  store.preparing('api.batch.http');
  store.notPrepared();
  assert.deepEqual(seen, ['preparing:api.batch.http', 'runs', 'started:r1', 'preparing:api.batch.http', 'preparing:-']);
  assert.equal(store.runs.length, 1, 'preparing adds no run');
});
