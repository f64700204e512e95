// `batch-http run` over a big CSV: the group is planned as the run goes (above 10,000 rows),
// every row is sent once, and the JSON report holds every result in index order; a bad row
// of a big CSV stops the run before anything is sent, with its file and line; `--resume`
// of a lazy group sends exactly the rows that failed, and refuses a changed row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;
const ROWS = 10_000;
/** Requests received per path. */
const hits = new Map<string, number>();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-lazy-cli-'));
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    // Rows of /flaky/ whose id ends in 37 (1%) fail the first time.
    if (path.startsWith('/flaky/') && Number(path.split('/').pop()) % 100 === 37 && n === 1) return sendJson(res, 500, { failed: path });
    sendJson(res, 200, { row: req.headers['x-row'] ?? null });
  });
  const csv = ['id,sku'];
  for (let i = 1; i <= ROWS; i++) csv.push(`${i},sku-${i}`);
  await writeFile(join(dir, 'rows.csv'), `${csv.join('\n')}\n`);
  csv[5001] = '5001,sku,oops';
  await writeFile(join(dir, 'bad.csv'), `${csv.join('\n')}\n`);
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('a 10,000-row @foreach runs as a lazy group: every row sent once, the JSON report complete and in order', async () => {
  const text = `@host = ${server.url}\n### first\nGET {{host}}/first\n\n### rows\n# @foreach ./rows.csv\nGET {{host}}/items/{{id}}?sku={{sku}}\nX-Row: {{$index}}\n\n### last\nGET {{host}}/last\n`;
  await writeFile(join(dir, 'big.batch.http'), text);
  server.seen.length = 0;
  const run = await runCli(['run', 'big.batch.http', '-c', '32', '--reporter', 'json', '-o', 'r.json', '-q'], dir, { env: { BATCH_HTTP_LOG: 'debug' } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /10000 requests of big groups are planned as the run takes them/);
  assert.equal(server.seen.length, ROWS + 2);
  assert.equal(new Set(server.seen.map((s) => `${s.url} ${s.headers['x-row'] ?? ''}`)).size, ROWS + 2, 'each row once');
  const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { summary: { total: number; succeeded: number }; results: { index: number; url: string }[] };
  assert.equal(report.summary.total, ROWS + 2);
  assert.equal(report.summary.succeeded, ROWS + 2);
  assert.deepEqual(
    report.results.map((r) => r.index),
    [...Array(ROWS + 2).keys()],
  );
  assert.equal(report.results[1]!.url, `${server.url}/items/1?sku=sku-1`);
  assert.equal(report.results[ROWS]!.url, `${server.url}/items/${ROWS}?sku=sku-${ROWS}`);
  assert.equal(report.results[ROWS + 1]!.url, `${server.url}/last`);
});

test('a bad row of a big CSV: FILE:LINE:COLUMN on stderr, exit 2, nothing sent', async () => {
  await writeFile(join(dir, 'bad.batch.http'), `### rows\n# @foreach ./bad.csv\nGET ${server.url}/items/{{id}}\n`);
  server.seen.length = 0;
  const run = await runCli(['run', 'bad.batch.http', '-q'], dir);
  assert.equal(run.code, 2);
  assert.ok(run.stderr.includes(`${join(dir, 'bad.csv')}:5002:1: error:`), run.stderr);
  assert.match(run.stderr, /bad\.batch\.http:2:\d+: error: @foreach \.\/bad\.csv: the file has errors/);
  assert.equal(server.seen.length, 0);
});

test('--resume of a lazy group sends exactly the rows that failed, and the report covers the whole batch', async () => {
  const text = `@host = ${server.url}\n### rows\n# @foreach ./rows.csv\nGET {{host}}/flaky/{{id}}?sku={{sku}}\n\n### last\nGET {{host}}/flaky-last\n`;
  await writeFile(join(dir, 'resume.batch.http'), text);
  const first = await runCli(['run', 'resume.batch.http', '-c', '32', '-r', '0', '--reporter', 'json', '-o', 'first.json', '-q'], dir);
  assert.equal(first.code, 1, first.stderr);
  const before = server.seen.length;
  const again = await runCli(['run', 'resume.batch.http', '-c', '32', '--resume', 'first.json', '--reporter', 'json', '-o', 'again.json'], dir, { env: { BATCH_HTTP_LOG: 'debug' } });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /resuming from first\.json: 9901 succeeded before, 100 to run again/);
  assert.match(again.stderr, /100 requests of big groups are planned as the run takes them/);
  const sent = server.seen.slice(before).map((s) => new URL(s.url, 'http://x').pathname);
  assert.equal(sent.length, 100);
  assert.ok(sent.every((p) => Number(p.split('/').pop()) % 100 === 37), 'only the rows that failed');
  const report = JSON.parse(await readFile(join(dir, 'again.json'), 'utf8')) as { summary: { total: number; succeeded: number }; results: { index: number; url: string; outcome: string }[] };
  assert.equal(report.summary.total, ROWS + 1);
  assert.equal(report.summary.succeeded, ROWS + 1);
  assert.deepEqual(
    report.results.map((r) => r.index),
    [...Array(ROWS + 1).keys()],
  );
  assert.equal(report.results[36]!.url, `${server.url}/flaky/37?sku=sku-37`);
});

test('--resume of a lazy group whose CSV changed in one row: refused with that row, nothing sent', async () => {
  const csv = ['id,sku'];
  for (let i = 1; i <= ROWS; i++) csv.push(i === 7000 ? `${i},changed` : `${i},sku-${i}`);
  await writeFile(join(dir, 'rows-changed.csv'), `${csv.join('\n')}\n`);
  const text = `@host = ${server.url}\n### rows\n# @foreach ./rows-changed.csv\nGET {{host}}/flaky/{{id}}?sku={{sku}}\n\n### last\nGET {{host}}/flaky-last\n`;
  await writeFile(join(dir, 'changed.batch.http'), text);
  const before = server.seen.length;
  const run = await runCli(['run', 'changed.batch.http', '--resume', 'first.json', '-q'], dir);
  assert.equal(run.code, 2, run.stderr);
  assert.ok(
    run.stderr.includes(`request 6999 (line 4): url was '${server.url}/flaky/7000?sku=sku-7000', now '${server.url}/flaky/7000?sku=changed'`),
    run.stderr,
  );
  assert.match(run.stderr, /nothing was sent/);
  assert.equal(server.seen.length, before);
});
