// `batch-http run --reporter openmetrics`, black box against a local server: the file
// parses as the Prometheus text format (and passes `promtool check metrics` where promtool
// is installed), its counts equal the JSON report's of the same run, and secrets planted
// in the URL, the query and headers never appear in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import { runCli } from '../support/cli';
import { parsePromText, type Family } from '../support/prom-text';
import { refusedPort } from '../support/ports';
import { sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-metrics-'));
  const tries = new Map<string, number>();
  server = await startServer((req, res) => {
    const n = (tries.get(req.url!) ?? 0) + 1;
    tries.set(req.url!, n);
    if (req.url?.startsWith('/flaky')) return sendJson(res, n === 1 ? 503 : 200, {});
    if (req.url?.startsWith('/missing')) return sendJson(res, 404, {});
    if (req.url?.startsWith('/broken')) return sendJson(res, 500, {});
    if (req.url?.startsWith('/hedge')) return void setTimeout(() => sendJson(res, 200, {}), req.url.endsWith('=0') ? 0 : 800);
    if (req.url?.startsWith('/job')) return sendJson(res, 200, { state: n < 3 ? 'running' : 'done' });
    sendJson(res, 200, { ok: true });
  });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const SECRETS = ['planted-path-secret-1', 'planted-query-secret-2', 'planted-header-secret-3', 'planted-bearer-secret-4'];

async function batchFile(): Promise<string> {
  await writeFile(
    join(dir, 'http-client.private.env.json'),
    JSON.stringify({ dev: { pathToken: SECRETS[0], queryToken: SECRETS[1], headerToken: SECRETS[2] } }),
  );
  const refused = await refusedPort();
  const text = [
    `@local = http://localhost:${server.port}`,
    '',
    '### ok, secrets in the path, the query and headers',
    '# @repeat 5',
    `GET ${server.url}/users/{{pathToken}}?key={{queryToken}}&i={{$index}}`,
    'X-Plain: {{headerToken}}',
    `Authorization: Bearer ${SECRETS[3]}`,
    '',
    '### retried once',
    '# @repeat 2',
    `GET ${server.url}/flaky?i={{$index}}`,
    '',
    '### not found',
    `GET {{local}}/missing`,
    '?? status == 404',
    '?? header content-type includes json',
    '?? body $.nope exists',
    '',
    '### a server error, retried until the budget is spent',
    `GET {{local}}/broken`,
    '',
    '### hedged: the first of three copies wins, the others are not needed',
    '# @repeat 3',
    '# @first 1',
    `GET {{local}}/hedge?i={{$index}}`,
    '',
    '### polled until done',
    '# @until body $.state == done',
    '# @poll-interval 10ms',
    `GET {{local}}/job`,
    '',
    '### refused',
    `GET http://127.0.0.1:${refused}/nobody`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'metrics.batch.http'), text);
  return 'metrics.batch.http';
}

function sumBy(f: Map<string, Family>, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of f.get(name)?.samples ?? []) out[s.labels[label]!] = (out[s.labels[label]!] ?? 0) + s.value;
  return out;
}

function promtool(): string | null {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && existsSync(join(d, 'promtool'))) return join(d, 'promtool');
  }
  return null;
}

let metricsText = '';

test('the metrics of a run: parsable, counts equal to the JSON report of the same run, no secret', async () => {
  const f = await batchFile();
  const r = await runCli(['run', f, '--env', 'dev', '-r', '1', '--reporter', 'json', '-o', 'out/r.json', '--reporter', 'openmetrics', '-o', 'out/m.prom'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /report written to out\/r\.json\n[^]*report written to out\/m\.prom\n/);
  const report = JSON.parse(await readFile(join(dir, 'out/r.json'), 'utf8'));
  metricsText = await readFile(join(dir, 'out/m.prom'), 'utf8');
  for (const secret of SECRETS) {
    assert.ok(server.seen.some((s) => JSON.stringify(s).includes(secret)), `${secret} was sent`);
    assert.doesNotMatch(metricsText + r.stderr + r.stdout, new RegExp(secret));
  }
  assert.doesNotMatch(metricsText, /users|flaky|missing|broken|nobody|key=|Bearer/, 'no path, query or header value');
  const fam = parsePromText(metricsText);
  for (const family of fam.values()) assert.ok(family.help && family.type !== 'untyped', `${family.name}: HELP and TYPE`);
  const s = report.summary;
  assert.deepEqual(sumBy(fam, 'batch_http_responses_total', 'status'), s.statusCounts);
  assert.deepEqual(sumBy(fam, 'batch_http_errors_total', 'code'), s.errorCounts);
  assert.deepEqual(s.statusCounts, { 200: 9, 404: 1, 500: 1 });
  assert.deepEqual(s.errorCounts, { UNEXPECTED_STATUS: 1, CONNECTION_REFUSED: 1, ASSERTION_FAILED: 1, NOT_NEEDED: 2 });
  const outcomes = sumBy(fam, 'batch_http_requests_total', 'outcome');
  assert.deepEqual(outcomes, { succeeded: s.succeeded, failed: s.failed, not_needed: s.notNeeded });
  assert.equal(s.notNeeded, 2);
  const retries = Object.values(sumBy(fam, 'batch_http_retries_total', 'origin')).reduce((a, b) => a + b, 0);
  assert.equal(retries, s.retries);
  assert.ok(s.retries >= 4, `flaky twice, broken once, refused once: ${s.retries}`);
  assert.deepEqual(sumBy(fam, 'batch_http_assertions_total', 'result'), { passed: s.assertions.passed, failed: s.assertions.failed });
  assert.deepEqual([s.assertions.passed, s.assertions.failed], [2, 1]);
  const origins = new Set(fam.get('batch_http_requests_total')!.samples.map((x) => x.labels.origin));
  assert.ok(origins.has(`http://127.0.0.1:${server.port}`) && origins.has(`http://localhost:${server.port}`), [...origins].join());
  assert.ok([...origins].every((o) => /^http:\/\/[a-z0-9.]+:\d+$/.test(o!)), 'origin is scheme://host:port');
  const counts = fam.get('batch_http_request_duration_seconds')!.samples.filter((x) => x.name.endsWith('_count'));
  const count = counts.reduce((a, x) => a + x.value, 0);
  assert.equal(count, 11, 'one observation per request that got a response');
  const runDuration = fam.get('batch_http_run_duration_seconds')!.samples[0]!;
  assert.deepEqual(runDuration.labels, {});
  assert.ok(Math.abs(runDuration.value - report.durationMs / 1000) < 1e-9, `${runDuration.value} s, ${report.durationMs} ms`);
});

const tool = promtool();
if (tool) {
  // Registered only where promtool is installed: elsewhere the parser above is the check.
  test('promtool check metrics accepts the file', async () => {
    assert.ok(metricsText.length > 0, 'the run above wrote the metrics');
    const result = await new Promise<{ code: number; output: string }>((done) => {
      const child = execFile(tool, ['check', 'metrics'], (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
      child.stdin!.end(metricsText);
    });
    assert.equal(result.code, 0, result.output);
    assert.equal(result.output.trim(), '', 'no lint problem');
  });
}

test('several reports in one run; two on stdout is a usage error and nothing is sent', async () => {
  await writeFile(join(dir, 'two.batch.http'), `GET ${server.url}/two-a\n\n###\nGET ${server.url}/two-b\n`);
  const r = await runCli(['run', 'two.batch.http', '-q', '-o', 'two/r.json', '--reporter', 'json', '--reporter', 'junit', '-o', 'two/r.xml', '--reporter', 'openmetrics', '--reporter', 'json', '-o', 'two/copy.json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const json = await readFile(join(dir, 'two/r.json'), 'utf8');
  assert.equal(JSON.parse(json).results.length, 2);
  assert.equal(await readFile(join(dir, 'two/copy.json'), 'utf8'), json, 'the same report twice from one spool');
  assert.match(await readFile(join(dir, 'two/r.xml'), 'utf8'), /<testsuite name="two.batch.http" tests="2"/);
  assert.match(r.stdout, /^batch_http_requests_total\{origin="http:\/\/127\.0\.0\.1:\d+",outcome="succeeded"\} 2$/m, 'the one without -o on stdout');
  const seen = server.seen.length;
  const bad = await runCli(['run', 'two.batch.http', '--reporter', 'json', '--reporter', 'openmetrics'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /json and openmetrics would both go to stdout/);
  assert.equal(bad.stdout, '');
  assert.equal(server.seen.length, seen, 'nothing sent');
  // Every report's file is checked before anything is sent, not only the first one.
  const folder = await runCli(['run', 'two.batch.http', '--reporter', 'json', '-o', 'two/ok.json', '--reporter', 'junit', '-o', 'two'], dir);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /cannot write the report to two: it is a folder; nothing was sent/);
  assert.equal(server.seen.length, seen, 'nothing sent');
});
