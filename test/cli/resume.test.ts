// `batch-http run FILE --resume REPORT.json`: only the requests that did not succeed are sent
// again, the report covers the whole batch, and a report of another version of the file is
// refused before anything is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../support/cli';
import { sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;
/** Requests received per path. */
const hits = new Map<string, number>();

const ROWS = 1000;
/** Rows whose first request fails: 1% of them, always the same. */
const failsFirst = (id: number): boolean => id % 100 === 37;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-resume-'));
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const id = Number(path.split('/').pop());
    if (path.startsWith('/login')) return sendJson(res, 200, { token: 'tok-123456' });
    if (path.startsWith('/flaky/') && n === 1) return sendJson(res, 503, { busy: true });
    if (path.startsWith('/rows/') && failsFirst(id) && n === 1) return sendJson(res, 500, { failed: id });
    sendJson(res, 200, { id, n, note: 'quote " and \\ and ]} inside' });
  });
  const csv = ['id,name'];
  for (let i = 0; i < ROWS; i++) csv.push(`${i},row ${i}`);
  await writeFile(join(dir, 'rows.csv'), `${csv.join('\n')}\n`);
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, dir);
}

function sent(prefix: string): number {
  let total = 0;
  for (const [path, n] of hits) if (path.startsWith(prefix)) total += n;
  return total;
}

const rowsFile = (): string => `### rows\n# @foreach ./rows.csv\nGET ${server.url}/rows/{{id}}?name={{name}}\n`;

interface Report {
  summary: { total: number; succeeded: number; failed: number; statusCounts: Record<string, number>; errorCounts: Record<string, number> };
  results: { index: number; outcome: string; url: string; status: number | null; body: string | null }[];
}

test('a resumed run of 1,000 @foreach rows sends exactly the 1% that failed and reports the whole batch', async () => {
  await writeFile(join(dir, 'rows.batch.http'), rowsFile());
  const first = await cli(['run', 'rows.batch.http', '-r', '0', '-c', '16', '--reporter', 'json', '-o', 'first.json', '-q']);
  assert.equal(first.code, 1, first.stderr);
  assert.equal(sent('/rows/'), ROWS);
  const before: Report = JSON.parse(await readFile(join(dir, 'first.json'), 'utf8'));
  const failed = before.results.filter((r) => r.outcome !== 'succeeded').map((r) => r.index);
  assert.deepEqual(failed, [...Array(ROWS).keys()].filter(failsFirst));

  const second = await cli(['run', 'rows.batch.http', '-r', '0', '-c', '16', '--reporter', 'json', '-o', 'second.json', '--resume', 'first.json']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /resuming from first\.json: 990 succeeded before, 10 to run again/);
  assert.match(second.stderr, /10\/10 done/, 'the progress counts the requests of this run');
  assert.equal(sent('/rows/'), ROWS + failed.length, 'exactly the failed rows were sent again');
  for (const i of failed) assert.equal(hits.get(`/rows/${i}`), 2);

  const after: Report = JSON.parse(await readFile(join(dir, 'second.json'), 'utf8'));
  assert.equal(after.results.length, ROWS);
  assert.deepEqual(after.results.map((r) => r.index), [...Array(ROWS).keys()]);
  assert.equal(after.summary.total, ROWS);
  assert.equal(after.summary.succeeded, ROWS);
  assert.deepEqual(after.summary.statusCounts, { 200: ROWS });
  assert.deepEqual(after.summary.errorCounts, {});
  // The carried results are copied from the earlier report as they were.
  for (const i of [0, 1, 500, 999]) assert.deepEqual(after.results[i], before.results[i]);
  assert.match(after.results[37]!.body!, /"n":2/);

  // Resuming from a report where everything succeeded sends nothing and keeps the report.
  const third = await cli(['run', 'rows.batch.http', '--reporter', 'json', '-o', 'second.json', '--resume', 'second.json']);
  assert.equal(third.code, 0, third.stderr);
  assert.equal(sent('/rows/'), ROWS + failed.length);
  const again: Report = JSON.parse(await readFile(join(dir, 'second.json'), 'utf8'));
  assert.deepEqual(again.results, after.results);
});

test('a report of another version of the file is refused (exit 2) and nothing is sent', async () => {
  await writeFile(join(dir, 'small.batch.http'), `###\nGET ${server.url}/a/1\n\n###\nGET ${server.url}/flaky/1\n`);
  const first = await cli(['run', 'small.batch.http', '-r', '0', '--reporter', 'json', '-o', 'small.json', '-q']);
  assert.equal(first.code, 1, first.stderr);
  const count = sent('/');

  await writeFile(join(dir, 'small.batch.http'), `###\nGET ${server.url}/a/2\n\n###\nGET ${server.url}/flaky/1\n`);
  const changed = await cli(['run', 'small.batch.http', '--resume', 'small.json']);
  assert.equal(changed.code, 2);
  assert.match(changed.stderr, /small\.json is not a report of small\.batch\.http as it is now \(request 0 \(line 2\): url was '[^']*\/a\/1', now '[^']*\/a\/2'\); nothing was sent/);

  await writeFile(join(dir, 'small.batch.http'), `###\nGET ${server.url}/a/1\n\n###\nGET ${server.url}/flaky/1\n\n###\nGET ${server.url}/a/3\n`);
  const grown = await cli(['run', 'small.batch.http', '--resume', 'small.json']);
  assert.equal(grown.code, 2);
  assert.match(grown.stderr, /the report has 2 results, the file now plans 3 requests/);

  const text = await readFile(join(dir, 'small.json'), 'utf8');
  await writeFile(join(dir, 'cut.json'), text.slice(0, Math.floor(text.length / 2)));
  await writeFile(join(dir, 'small.batch.http'), `###\nGET ${server.url}/a/1\n\n###\nGET ${server.url}/flaky/1\n`);
  const cut = await cli(['run', 'small.batch.http', '--resume', 'cut.json']);
  assert.equal(cut.code, 2);
  assert.match(cut.stderr, /cut\.json is not a complete batch-http JSON report: it ends early/);
  const missing = await cli(['run', 'small.batch.http', '--resume', 'nope.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read nope\.json: no such file/);
  assert.equal(sent('/'), count, 'nothing was sent by a refused resume');

  // The unchanged file resumes: the flaky request is sent again, the report is pretty.
  const resumed = await cli(['run', 'small.batch.http', '--resume', 'small.json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /requests\s+2: 2 succeeded/);
  assert.equal(sent('/'), count + 1);
  // The other reporters report the whole batch too (the carried request was not sent by this run).
  const junit = await cli(['run', 'small.batch.http', '--resume', 'small.json', '--reporter', 'junit', '-q']);
  assert.equal(junit.code, 0, junit.stderr);
  assert.match(junit.stdout, /tests="2"/);
  const html = await cli(['run', 'small.batch.http', '--resume', 'small.json', '--reporter', 'html', '-o', 'small.html', '-q']);
  assert.equal(html.code, 0, html.stderr);
  assert.match(await readFile(join(dir, 'small.html'), 'utf8'), /<html/i);
  assert.equal(sent('/'), count + 3, 'each resume sent only the request that had failed');
});

test('a request that runs again sends the succeeded request it depends on again', async () => {
  const text = [
    '### login',
    '# @name login',
    `POST ${server.url}/login`,
    '',
    '### uses it',
    `GET ${server.url}/flaky/2?t={{login.response.body.$.token}}`,
    '',
    '### alone',
    `GET ${server.url}/a/9`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'deps.batch.http'), text);
  const first = await cli(['run', 'deps.batch.http', '-r', '0', '--reporter', 'json', '-o', 'deps.json', '-q']);
  assert.equal(first.code, 1, first.stderr);
  const before: Report = JSON.parse(await readFile(join(dir, 'deps.json'), 'utf8'));
  assert.deepEqual(before.results.map((r) => r.outcome), ['succeeded', 'failed', 'succeeded']);
  assert.equal(before.results[1]!.url, `${server.url}/flaky/2?t=tok-123456`);

  const second = await cli(['run', 'deps.batch.http', '--reporter', 'json', '-o', 'deps.json', '--resume', 'deps.json']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /1 to run again \(and 1 they depend on\)/);
  assert.equal(hits.get('/login'), 2);
  assert.equal(hits.get('/flaky/2'), 2);
  assert.equal(hits.get('/a/9'), 1, 'the independent success was carried over');
  const after: Report = JSON.parse(await readFile(join(dir, 'deps.json'), 'utf8'));
  assert.deepEqual(after.results.map((r) => r.outcome), ['succeeded', 'succeeded', 'succeeded']);
  assert.deepEqual(after.results[2], before.results[2]);
});
