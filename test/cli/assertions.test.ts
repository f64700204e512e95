// `??` assertions through the CLI against a local server: a file in httpYac's style passes
// as written; failures, requests without a response, no retry of an assertion failure, the
// precedence between statuses and assertions, and the value found redacted in every report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, type CliRun } from '../support/cli';
import { refusedPort } from '../support/ports';
import { startAssertionServer, type AssertionServer } from '../support/assertion-server';

let dir = '';
let server: AssertionServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-assert-'));
  server = await startAssertionServer();
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, dir);
}

async function file(name: string, lines: string[]): Promise<string> {
  await writeFile(join(dir, name), [`@host = ${server.url}`, '', ...lines, ''].join('\n'));
  return name;
}

interface JsonAssertion {
  line: number;
  text: string;
  ok: boolean | null;
  actual: string | null;
}

async function jsonRun(name: string, lines: string[], extra: string[] = []): Promise<{ code: number | null; stderr: string; report: { summary: Record<string, unknown>; results: Record<string, unknown>[] } }> {
  const f = await file(name, lines);
  const r = await cli(['run', f, '--reporter', 'json', '-q', ...extra]);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) };
}

test('a file written for httpYac, every field and condition: runs unchanged and every assertion holds', async () => {
  await copyFile(resolve('test/fixtures/assertions/httpyac-style.http'), join(dir, 'httpyac-style.http'));
  const r = await cli(['run', 'httpyac-style.http', '--var', `host=${server.url}`, '--reporter', 'json', '-q']);
  const report = JSON.parse(r.stdout);
  const all = report.results.flatMap((x: { assertions: JsonAssertion[] }) => x.assertions) as JsonAssertion[];
  assert.deepEqual(all.filter((a) => a.ok !== true), [], 'every assertion holds');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(all.length, 41);
  assert.deepEqual(report.summary.assertions, { total: 41, passed: 41, failed: 0 });
  assert.match(r.stderr, /warning: JavaScript assertions are never run/);
  const byText = new Map(all.map((a) => [a.text, a.actual]));
  assert.equal(byText.get('body slideshow.author == Yours Truly'), '"Yours Truly"');
  assert.equal(byText.get('body $.slideshow.subtitle == null'), 'null');
  assert.equal(byText.get('xpath count(//slide) == 2'), '2');
  assert.equal(byText.get('header content-type == application/json'), 'application/json');
});

test('a failing assertion fails the request with ASSERTION_FAILED, names it and the value found; exit 1; every report shows it', async () => {
  const lines = ['### Job', 'GET {{host}}/job', '?? status == 200', '?? body $.state == done', '?? body $.id == 7', '', '### Fine', 'GET {{host}}/json', '?? body $.slideshow.count == 2'];
  const { code, report } = await jsonRun('fail.batch.http', lines);
  assert.equal(code, 1);
  const [job, fine] = report.results as { outcome: string; error: { code: string; message: string } | null; assertions: JsonAssertion[]; attempts: number }[];
  assert.equal(job!.outcome, 'failed');
  assert.equal(job!.error!.code, 'ASSERTION_FAILED');
  assert.match(job!.error!.message, /^assertion on line 6 failed: '\?\? body \$\.state == done' found '"running"'/);
  assert.deepEqual(job!.assertions, [
    { line: 5, text: 'status == 200', ok: true, actual: '200' },
    { line: 6, text: 'body $.state == done', ok: false, actual: '"running"' },
    { line: 7, text: 'body $.id == 7', ok: true, actual: '7' },
  ]);
  assert.equal(fine!.outcome, 'succeeded');
  assert.deepEqual(report.summary.assertions, { total: 4, passed: 3, failed: 1 });
  assert.deepEqual(report.summary.errorCounts, { ASSERTION_FAILED: 1 });
  const junit = await cli(['run', 'fail.batch.http', '--reporter', 'junit', '-q']);
  assert.match(junit.stdout, /<failure message="ASSERTION_FAILED: assertion on line 6 failed[^"]*" type="ASSERTION_FAILED">/);
  assert.match(junit.stdout, /PASS line 5: \?\? status == 200 \(found: 200\)\nFAIL line 6: \?\? body \$\.state == done \(found: &quot;running&quot;\)\nPASS line 7/);
  const pretty = await cli(['run', 'fail.batch.http', '-q']);
  assert.match(pretty.stdout, /\n {6}✗ line 6: \?\? body \$\.state == done {2}\(found "running"\)\n/);
  assert.match(pretty.stdout, /\nassertions +4: 3 passed, 1 failed\n/);
});

test('no response: the assertions are not checked (ok null), counted in total only', async () => {
  const port = await refusedPort();
  const { code, report } = await jsonRun('refused.batch.http', ['### Down', '# @retries 0', `GET http://127.0.0.1:${port}/x`, '?? status == 200', '?? body exists']);
  assert.equal(code, 1);
  const [down] = report.results as { error: { code: string }; assertions: JsonAssertion[] }[];
  assert.equal(down!.error.code, 'CONNECTION_REFUSED');
  assert.deepEqual(down!.assertions.map((a) => [a.ok, a.actual]), [[null, null], [null, null]]);
  assert.deepEqual(report.summary.assertions, { total: 2, passed: 0, failed: 0 });
});

test('an assertion failure is never retried; a retryable status before it is, and the final response is checked', async () => {
  const before503 = server.count('/flaky');
  const beforeJob = server.count('/job');
  const { report } = await jsonRun('retry.batch.http', ['# @retries 3', '### Job', 'GET {{host}}/job', '?? body $.state == done', '', '### Flaky', 'GET {{host}}/flaky?key=retry', '?? body $.state == done']);
  const [job, flaky] = report.results as { attempts: number; error: { code: string }; assertions: JsonAssertion[] }[];
  assert.equal(job!.attempts, 1);
  assert.equal(server.count('/job') - beforeJob, 1, 'the server saw the request once');
  assert.equal(job!.error.code, 'ASSERTION_FAILED');
  assert.equal(flaky!.attempts, 2, 'the 503 was retried');
  assert.equal(server.count('/flaky') - before503, 2);
  assert.equal(flaky!.error.code, 'ASSERTION_FAILED');
  assert.equal(flaky!.assertions[0]!.actual, '"running"', 'checked on the final response');
});

test('?? status replaces the default expected statuses; @expect-status and UNEXPECTED_STATUS win otherwise', async () => {
  const { report } = await jsonRun('status.batch.http', [
    '### a: a 404 made a success',
    'GET {{host}}/status/404',
    '?? status == 404',
    '',
    '### b: @expect-status wins over the status assertion',
    '# @expect-status 200',
    'GET {{host}}/status/404',
    '?? status == 404',
    '',
    '### c: the status assertions reject the 404',
    'GET {{host}}/status/404',
    '?? status == 200',
    '',
    '### d: default statuses: UNEXPECTED_STATUS over a failing assertion, which is still checked',
    '# @retries 0',
    'GET {{host}}/status/500',
    '?? body $.status == 200',
    '',
    '### e: an expected 503 is not retried',
    '# @retries 3',
    'GET {{host}}/status/503',
    '?? status == 503',
    '',
    '### f: a 503 the status assertions reject is retried as usual',
    '# @retries 3',
    'GET {{host}}/flaky?key=status',
    '?? status == 200',
    '?? status < 300',
  ]);
  const rows = (report.results as { title: string; outcome: string; error: { code: string } | null; attempts: number; assertions: JsonAssertion[] }[]).map((r) => [
    r.title.slice(0, 1),
    r.outcome,
    r.error?.code ?? null,
    r.attempts,
    r.assertions.map((a) => a.ok),
  ]);
  assert.deepEqual(rows, [
    ['a', 'succeeded', null, 1, [true]],
    ['b', 'failed', 'UNEXPECTED_STATUS', 1, [true]],
    ['c', 'failed', 'UNEXPECTED_STATUS', 1, [false]],
    ['d', 'failed', 'UNEXPECTED_STATUS', 1, [false]],
    ['e', 'succeeded', null, 1, [true]],
    ['f', 'succeeded', null, 2, [true, true]],
  ]);
});

test('the value found is redacted in every report: a secret header shows ***, a secret echoed in a body too', async () => {
  await writeFile(join(dir, 'http-client.env.json'), JSON.stringify({ dev: {} }));
  await writeFile(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { apiToken: 'sEcr3t-t0ken-value' } }));
  const lines = ['### Echo', 'GET {{host}}/echo', 'X-Api-Token: {{apiToken}}', '?? header x-api-token == nope', '?? body $.note == nope', '?? body $.token == {{apiToken}}'];
  const f = await file('secret.batch.http', lines);
  for (const reporter of ['json', 'junit', 'pretty']) {
    const r = await cli(['run', f, '--env', 'dev', '--reporter', reporter, '-q']);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /sEcr3t/, reporter);
    if (reporter === 'json') {
      const a = JSON.parse(r.stdout).results[0].assertions as JsonAssertion[];
      assert.deepEqual(a.map((x) => [x.ok, x.actual, x.text]), [
        [false, '***', 'header x-api-token == nope'],
        [false, '"your token is ***"', 'body $.note == nope'],
        [true, '"***"', 'body $.token == {{apiToken}}'],
      ]);
    }
  }
});
