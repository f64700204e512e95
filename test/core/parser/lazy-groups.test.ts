// Big groups planned as the run asks (`PlanOptions.lazyFrom`, docs/scaling.md): the copies a
// lazy group gives are the requests the eager plan holds, the same index for the same copy;
// groups the lazy path cannot carry stay eager; a bad row is found before anything is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, planSize, type PlanOptions } from '../../../src/core/parser';
import { createNodeFileReader } from '../../../src/core/system';
import type { BatchPlan, LazyRequests, PlannedRequest } from '../../../src/core/types';
import { FIXED_DATE, seeded } from './helpers';

let dir = '';
const ROWS = 120;
/** Indentation that varies by row. */
const indent = (id: number): number => id % 3;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-lazy-plan-'));
  const csv = ['id,sku,token'];
  for (let i = 1; i <= ROWS; i++) csv.push(`${i},"sku, ${i}",tok-${String(i).padStart(6, '0')}`);
  await writeFile(join(dir, 'rows.csv'), `${csv.join('\n')}\n`);
  await writeFile(join(dir, 'small.csv'), 'id\n1\n2\n');
  // Strings with braces, brackets, quotes, escapes and non-ASCII; nested values; a BOM; spacing.
  const items = Array.from({ length: ROWS }, (_, i) => ({ id: i, name: `n{${i}}] "q" \\ é ${'😀'.repeat(i % 3)}`, tags: i % 2 ? ['a', { b: '}' }] : [], o: { x: i, y: null }, n: i % 5 === 0 ? null : i * 1.5, t: i % 4 === 0 }));
  await writeFile(join(dir, 'rows.json'), `\ufeff [\n ${items.map((x) => JSON.stringify(x, null, indent(x.id))).join(' ,\n')} ] \n`);
  const bad = ['id,sku'];
  for (let i = 1; i <= ROWS; i++) bad.push(i === 77 ? `${i},x,extra` : `${i},x`);
  await writeFile(join(dir, 'bad.csv'), `${bad.join('\n')}\n`);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function plan(text: string, options: Partial<PlanOptions> = {}): Promise<BatchPlan> {
  return buildPlan(text, {
    filePath: join(dir, 'f.batch.http'),
    workspaceRoot: dir,
    files: createNodeFileReader(),
    processEnv: {},
    clock: { now: () => 0, date: () => new Date(FIXED_DATE) },
    random: seeded(7),
    ...options,
  });
}

async function copies(group: LazyRequests, max = 7): Promise<PlannedRequest[]> {
  const cursor = group.open();
  const out: PlannedRequest[] = [];
  for (let batch = await cursor.next(max); batch.length > 0; batch = await cursor.next(max)) {
    assert.ok(batch.length <= max, `a batch of ${batch.length} is more than the ${max} asked`);
    out.push(...batch);
  }
  return out;
}

/** Every request of a plan in index order, the lazy copies materialised. */
async function all(p: BatchPlan): Promise<PlannedRequest[]> {
  const out = [...p.requests];
  for (const g of p.lazy ?? []) out.push(...(await copies(g)));
  return out.sort((a, b) => a.index - b.index);
}

const FILE = `@host = http://127.0.0.1:9
### before
GET {{host}}/before

### rows
# @foreach ./rows.csv
# @retries 2
POST {{host}}/items/{{id}}?sku={{sku}}
Content-Type: application/json
X-Row: {{$index}}
Authorization: Bearer {{token}}

{"id": {{id}}, "row": {{$index}}}

### repeat
# @repeat 50
GET {{host}}/r/{{$index}}

### after
GET {{host}}/after
`;

test('a lazy @foreach over CSV and a lazy @repeat give exactly the requests of the eager plan', async () => {
  const eager = await plan(FILE);
  const lazy = await plan(FILE, { lazyFrom: 50 });
  assert.equal(eager.lazy, undefined, 'a plan without lazyFrom has no lazy field');
  assert.equal(lazy.lazy?.length, 2);
  assert.deepEqual(
    lazy.lazy!.map((g) => [g.firstIndex, g.count]),
    [
      [1, ROWS],
      [1 + ROWS, 50],
    ],
  );
  assert.deepEqual(
    lazy.requests.map((r) => [r.index, r.url]),
    [
      [0, 'http://127.0.0.1:9/before'],
      [ROWS + 51, 'http://127.0.0.1:9/after'],
    ],
  );
  assert.equal(planSize(lazy), eager.requests.length);
  assert.equal(planSize(eager), eager.requests.length);
  assert.deepEqual(await all(lazy), eager.requests);
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  // The first copy is planned up front (its options are checked before a run).
  assert.deepEqual(lazy.lazy![0]!.sample, eager.requests[1]);
});

test('each pass reads the rows again; the secrets of later rows are handed on as the copies are planned', async () => {
  const p = await plan(FILE, { lazyFrom: 50 });
  const group = p.lazy![0]!;
  assert.ok(p.secrets.includes('tok-000001'), 'copy 0 is planned up front');
  assert.ok(!p.secrets.includes('tok-000002'), 'later rows are not planned yet');
  const cursor = group.open();
  const first = await cursor.next(10);
  assert.deepEqual(
    first.map((r) => r.index),
    Array.from({ length: 10 }, (_, i) => 1 + i),
  );
  // The header's value and the token in it (secretHeaderValues), for rows 2 to 10.
  const fresh = cursor.newSecrets();
  assert.deepEqual(
    fresh.filter((v) => !v.startsWith('Bearer ')),
    Array.from({ length: 9 }, (_, i) => `tok-${String(i + 2).padStart(6, '0')}`),
  );
  assert.equal(fresh.length, 18);
  assert.deepEqual(cursor.newSecrets(), [], 'drained');
  const again = await copies(group, 1000);
  assert.equal(again.length, ROWS);
  assert.deepEqual(
    again.slice(0, 10).map((r) => r.url),
    first.map((r) => r.url),
  );
});

test('groups the lazy path cannot carry are planned up front, as without lazyFrom', async () => {
  const text = `@host = http://127.0.0.1:9
### named
# @name rows
# @foreach ./rows.csv
GET {{host}}/n/{{id}}

### first
# @first 2
# @repeat 60
GET {{host}}/f/{{$index}}

### depends
# @repeat 60
# @depends-on rows
GET {{host}}/d/{{$index}}

### refers
# @repeat 60
GET {{host}}/x/{{rows.response.status}}

### small
# @foreach ./small.csv
GET {{host}}/s/{{id}}
`;
  const eager = await plan(text);
  const lazy = await plan(text, { lazyFrom: 3 });
  assert.equal(lazy.lazy, undefined);
  assert.deepEqual(lazy, eager);
});

test('a bad row of a big CSV: the file:line diagnostic of the eager plan, and no copy', async () => {
  const text = `### rows\n# @foreach ./bad.csv\nGET http://127.0.0.1:9/{{id}}\n`;
  const eager = await plan(text);
  const lazy = await plan(text, { lazyFrom: 10 });
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  const d = lazy.diagnostics.find((x) => x.file === join(dir, 'bad.csv'));
  assert.equal(d?.line, 78, 'the header row is line 1: row 77 is line 78');
  assert.equal(d?.severity, 'error');
  assert.equal(planSize(lazy), 0);
});

test('the largest batch counts the copies of lazy groups', async () => {
  const text = `### a\n# @repeat 60\nGET http://127.0.0.1:9/a\n\n### b\n# @repeat 50\nGET http://127.0.0.1:9/b\n`;
  const eager = await plan(text, { maxRequests: 100 });
  const lazy = await plan(text, { maxRequests: 100, lazyFrom: 10 });
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  assert.match(lazy.diagnostics[0]?.message ?? '', /would exceed 100 requests/);
  assert.equal(planSize(lazy), 60);
  assert.equal(planSize(eager), 60);
});

test('a lazy @foreach over JSON gives the requests of the eager plan (nested values, escapes, a BOM)', async () => {
  const text = `### json\n# @foreach ./rows.json\nPOST http://127.0.0.1:9/j/{{id}}?t={{t}}&n={{n}}\nContent-Type: application/json\n\n{"name": "{{name}}", "tags": {{tags}}, "o": {{o}}}\n`;
  const eager = await plan(text);
  const lazy = await plan(text, { lazyFrom: 100 });
  assert.equal(lazy.lazy?.length, 1);
  assert.equal(lazy.lazy![0]!.count, ROWS);
  assert.equal(eager.requests.length, ROWS);
  assert.deepEqual(await all(lazy), eager.requests);
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  assert.match(eager.requests[1]!.body as string, /"tags": \["a",\{"b":"\}"\}\]/);
});

test('a bad JSON data file: the diagnostics of the eager plan, and no copy', async () => {
  await writeFile(join(dir, 'bad.json'), `[${Array.from({ length: 50 }, (_, k) => (k === 30 ? '[1]' : `{"id": ${k}}`)).join(',')}]`);
  await writeFile(join(dir, 'broken.json'), `[${Array.from({ length: 50 }, (_, k) => `{"id": ${k}}`).join(',\n')},\n{"id": }]`);
  for (const name of ['bad.json', 'broken.json']) {
    const text = `### rows\n# @foreach ./${name}\nGET http://127.0.0.1:9/{{id}}\n`;
    const eager = await plan(text);
    const lazy = await plan(text, { lazyFrom: 10 });
    assert.deepEqual(lazy.diagnostics, eager.diagnostics);
    assert.ok(lazy.diagnostics.some((d) => d.file === join(dir, name) && d.severity === 'error'), name);
    assert.equal(planSize(lazy), 0);
  }
});

test('a big CSV whose header row names a column twice: the diagnostics of the eager plan, and no copy', async () => {
  const rows = ['id,sku,id'];
  for (let k = 1; k <= 50; k++) rows.push(`${k},x,${k}`);
  await writeFile(join(dir, 'dup.csv'), `${rows.join('\n')}\n`);
  const text = `### rows\n# @foreach ./dup.csv\nGET http://127.0.0.1:9/{{id}}\n`;
  const eager = await plan(text);
  const lazy = await plan(text, { lazyFrom: 10 });
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  assert.ok(lazy.diagnostics.some((d) => d.file === join(dir, 'dup.csv') && /names the column 'id' twice/.test(d.message)));
  assert.equal(planSize(lazy), 0);
});
