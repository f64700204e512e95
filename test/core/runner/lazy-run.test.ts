// Running a plan with lazy groups (docs/scaling.md) against a real local server: the same
// results as the eager plan, in the same order with the same indices; at most the window
// of requests planned and not finished at any time (counted through the group's cursor);
// a cancel still gives every request its result; `only` and unresolved copies as eager.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, planSize } from '../../../src/core/parser';
import { runBatch } from '../../../src/core/runner';
import { createNodeFileReader } from '../../../src/core/system';
import type { BatchPlan, LazyRequests, RequestResult } from '../../../src/core/types';
import { sendJson, startServer, type TestServer } from '../../support/server';

let dir = '';
let server: TestServer;
const ROWS = 400;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-lazy-run-'));
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/items/13')) return sendJson(res, 404, { missing: path });
    setTimeout(() => sendJson(res, 200, { path, row: req.headers['x-row'] ?? null }), path.startsWith('/slow') ? 20 : 0);
  });
  const csv = ['id,sku'];
  for (let i = 1; i <= ROWS; i++) csv.push(`${i},sku-${i}`);
  await writeFile(join(dir, 'rows.csv'), `${csv.join('\n')}\n`);
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function file(extra = ''): string {
  return `@host = ${server.url}
# @concurrency 4
### login
# @name login
GET {{host}}/login

### rows
# @foreach ./rows.csv
GET {{host}}/items/{{id}}?sku={{sku}}
X-Row: {{$index}}
${extra}
### after
# @depends-on login
GET {{host}}/after
`;
}

function plan(text: string, lazyFrom?: number): Promise<BatchPlan> {
  return buildPlan(text, {
    filePath: join(dir, 'f.batch.http'),
    workspaceRoot: dir,
    files: createNodeFileReader(),
    processEnv: {},
    ...(lazyFrom !== undefined ? { lazyFrom } : {}),
  });
}

/** What a result says apart from timings. */
function shape(r: RequestResult): unknown[] {
  return [r.index, r.method, r.url, r.line, r.outcome, r.status, r.error?.code ?? null, r.body ? Buffer.from(r.body).toString('utf8') : null];
}

test('a lazy group gives the results of the eager plan: same indices, order, URLs, outcomes and bodies', async () => {
  const eager = await plan(file());
  const lazy = await plan(file(), 100);
  assert.equal(lazy.lazy?.length, 1, 'the rows are a lazy group');
  assert.equal(lazy.requests.length, 2);
  server.seen.length = 0;
  const a = await runBatch(eager);
  const seenEager = server.seen.map((s) => `${s.url} ${s.headers['x-row'] ?? ''}`).sort();
  server.seen.length = 0;
  const b = await runBatch(lazy);
  const seenLazy = server.seen.map((s) => `${s.url} ${s.headers['x-row'] ?? ''}`).sort();
  assert.equal(b.results.length, ROWS + 2);
  assert.deepEqual(b.results.map(shape), a.results.map(shape));
  assert.deepEqual(seenLazy, seenEager, 'the server received the same requests');
  assert.equal(seenLazy.length, ROWS + 2);
  assert.deepEqual(b.summary.statusCounts, a.summary.statusCounts);
  assert.equal(b.summary.failed, a.summary.failed);
  assert.equal(b.results.filter((r) => r.status === 404).length, 11, 'rows 13 and 130-139');
});

/** Wraps the group so that every copy its cursors hand out is counted. */
function counted(group: LazyRequests, count: { planned: number }): LazyRequests {
  return {
    firstIndex: group.firstIndex,
    count: group.count,
    sample: group.sample,
    open: () => {
      const cursor = group.open();
      return {
        next: async (max) => {
          const batch = await cursor.next(max);
          count.planned += batch.length;
          return batch;
        },
        newSecrets: () => cursor.newSecrets(),
      };
    },
  };
}

test('memory bound by count: at most the window (2 x C) plus C requests planned and not finished at once', async () => {
  const p = await plan(file(), 100);
  const count = { planned: 0 };
  const runnable: BatchPlan = { ...p, lazy: [counted(p.lazy![0]!, count)] };
  let finished = 0;
  let most = 0;
  let queuedAtStart = 0;
  const report = await runBatch(runnable, {
    keepResults: false,
    onEvent: (e) => {
      if (e.type === 'queued' && finished === 0) queuedAtStart++;
    },
    onResult: () => {
      finished++;
      most = Math.max(most, count.planned - finished);
    },
  });
  const c = 4;
  const window = 16; // max(16, 2 x C)
  assert.equal(report.summary.total, ROWS + 2);
  assert.equal(count.planned, ROWS, 'every copy planned once');
  assert.ok(most <= window + c, `at most ${window + c} planned and not finished, saw ${most}`);
  assert.ok(most > 0);
  assert.ok(queuedAtStart < ROWS / 2, `the copies are queued as they are planned, not all at the start (${queuedAtStart})`);
});

test('a cancel in the middle of a lazy group: every request still has its result, in index order', async () => {
  const p = await plan(file().replace('/items/', '/slow/items/'), 100);
  const controller = new AbortController();
  let finished = 0;
  const report = await runBatch(p, {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'finished' && ++finished === 30) controller.abort();
    },
  });
  assert.equal(report.results.length, ROWS + 2);
  assert.deepEqual(
    report.results.map((r) => r.index),
    [...Array(ROWS + 2).keys()],
  );
  const s = report.summary;
  assert.ok(s.cancelled > ROWS / 2, `cancelled ${s.cancelled}`);
  assert.equal(s.succeeded + s.cancelled + s.failed + s.skipped, ROWS + 2);
  assert.equal(report.results.at(-2)!.error?.code, 'CANCELLED');
});

test('`only` on a plan with a lazy group sends those indices (and what they depend on)', async () => {
  const p = await plan(file(), 100);
  server.seen.length = 0;
  const report = await runBatch(p, { only: [5, 250, ROWS + 1] });
  assert.deepEqual(
    report.results.map((r) => [r.index, r.outcome]),
    [
      [0, 'succeeded'],
      [5, 'succeeded'],
      [250, 'succeeded'],
      [ROWS + 1, 'succeeded'],
    ],
  );
  assert.deepEqual(server.seen.map((s) => new URL(s.url, 'http://x').pathname).sort(), ['/after', '/items/250', '/items/5', '/login']);
});

test('lazy copies with an unresolved variable fail unsent, as the eager ones do', async () => {
  const text = `### rows
# @repeat 40
GET ${server.url}/u/{{nope}}/{{$index}}
`;
  const eager = await runBatch(await plan(text));
  const p = await plan(text, 10);
  assert.equal(planSize(p), 40);
  assert.equal(p.lazy?.length, 1);
  server.seen.length = 0;
  const lazy = await runBatch(p);
  assert.equal(server.seen.length, 0, 'nothing sent');
  assert.deepEqual(lazy.results.map(shape), eager.results.map(shape));
  assert.equal(lazy.summary.errorCounts.UNRESOLVED_VARIABLE, 40);
});

test('two lazy groups with requests planned up front between and around them run in file order, each request once', async () => {
  const text = `@host = ${server.url}
# @concurrency 3
### a
GET {{host}}/a
### rows
# @foreach ./rows.csv
GET {{host}}/items/{{id}}
### b
GET {{host}}/b
### copies
# @repeat 150
GET {{host}}/copies/{{$index}}
### c
GET {{host}}/c
`;
  const eager = await plan(text);
  const lazy = await plan(text, 100);
  assert.deepEqual(
    lazy.lazy!.map((g) => [g.firstIndex, g.count]),
    [
      [1, ROWS],
      [ROWS + 2, 150],
    ],
  );
  const a = await runBatch(eager);
  const started: number[] = [];
  server.seen.length = 0;
  const b = await runBatch(lazy, { onEvent: (e) => void (e.type === 'started' && started.push(e.index)) });
  assert.deepEqual(b.results.map(shape), a.results.map(shape));
  assert.equal(server.seen.length, ROWS + 153);
  assert.deepEqual(
    started,
    [...Array(ROWS + 153).keys()],
    'with nothing retried, requests start in file order',
  );
});
