// `batch-http run` over a big CSV: the group is planned as the run goes (above 10,000 rows),
// every row is sent once, and the JSON report holds every result in index order; a bad row
// of a big CSV stops the run before anything is sent, with its file and line.
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

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-lazy-cli-'));
  server = await startServer((req, res) => sendJson(res, 200, { row: req.headers['x-row'] ?? null }));
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
