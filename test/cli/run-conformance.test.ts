// Conformance of `batch-http run` with cli.md: overrides over request directives, the
// per-host default, progress rules, diagnostics, the JSON and JUnit shapes, redaction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../support/cli';
import { query, sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;
let active = 0;
let peak = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-cli-conf-'));
  server = await startServer((req, res) => {
    // In flight counts only the per-host test's requests (other tests leave slow handlers behind).
    const counted = req.url?.startsWith('/ph') ?? false;
    if (counted) peak = Math.max(peak, ++active);
    const delay = Number(query(req, 'delay') ?? 0);
    setTimeout(() => {
      if (counted) active--;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/flaky') return sendJson(res, 503, {}, { 'retry-after': '0' });
      if (path === '/status') return sendJson(res, Number(query(req, 's')), {});
      if (path === '/secrets') {
        return sendJson(
          res,
          200,
          { echoed: req.headers['x-api-key'] ?? null, auth: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null },
          { 'x-session-token': 'resp-token-abc', 'set-cookie': 'sid=resp-cookie-xyz', 'x-password-hint': 'hint-pw-777', 'x-plain': 'visible' },
        );
      }
      sendJson(res, 200, { ok: true });
    }, delay);
  });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env?: Record<string, string>): Promise<CliRun> {
  return runCli(args, dir, { env });
}

async function file(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return name;
}

function hits(prefix: string): number {
  return server.seen.filter((s) => s.url.startsWith(prefix)).length;
}

test('command-line options win over request-level directives (timeout, retries) and batch ones (deadline, rate)', async () => {
  const f = await file(
    'overrides.batch.http',
    [
      '# @timeout 20s',
      '# @retries 3',
      '# @deadline 60s',
      '',
      '### slow',
      '# @timeout 10s',
      `GET ${server.url}/ov-slow?delay=2000`,
      '',
      '### flaky',
      '# @retries 4',
      `GET ${server.url}/flaky`,
      '',
    ].join('\n'),
  );
  const before = hits('/flaky');
  const r = await cli(['run', f, '-t', '300ms', '-r', '0', '--deadline', '50s', '--rate', '100/s', '--reporter', 'json', '-q']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.settings, { concurrency: 8, perHost: 8, timeoutMs: 300, deadlineMs: 50_000, retries: 0, rate: 100, bail: false });
  const [slow, flaky] = report.results;
  assert.equal(slow.error.code, 'TIMEOUT', '-t beats the request\'s @timeout 10s');
  assert.equal(slow.attempts, 1, '-r 0 beats the batch @retries 3');
  assert.equal(flaky.attempts, 1, '-r 0 beats the request\'s @retries 4');
  assert.equal(hits('/flaky') - before, 1);
});

test('--per-host defaults to the effective concurrency (after -c); an explicit --per-host wins over @per-host', async () => {
  const f = await file('perhost.batch.http', `# @concurrency 8\n# @repeat 6\nGET ${server.url}/ph?delay=150&i={{$index}}\n`);
  peak = 0;
  const r = await cli(['run', f, '-c', '2', '--reporter', 'json', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.settings.concurrency, 2);
  assert.equal(report.settings.perHost, 2);
  assert.ok(peak <= 2, `at most 2 in flight, saw ${peak}`);

  const g = await file('perhost2.batch.http', `# @per-host 1\n# @repeat 4\nGET ${server.url}/ph2?delay=100&i={{$index}}\n`);
  peak = 0;
  const r2 = await cli(['run', g, '--per-host', '3', '--reporter', 'json', '-q']);
  assert.equal(JSON.parse(r2.stdout).settings.perHost, 3);
  assert.ok(peak >= 2 && peak <= 3, `--per-host 3 allows up to 3 in flight, saw ${peak}`);
});

test('progress: never on stdout; without a terminal at most one line a second; -q prints nothing', async () => {
  const f = await file('progress.batch.http', `# @concurrency 1\n# @repeat 12\nGET ${server.url}/pg?delay=200&i={{$index}}\n`);
  const t0 = Date.now();
  const r = await cli(['run', f, '--reporter', 'json']);
  const seconds = (Date.now() - t0) / 1000;
  assert.equal(r.code, 0, r.stderr);
  JSON.parse(r.stdout); // stdout is the report alone
  const lines = r.stderr.split('\n').filter((l) => /\d+\/12 done/.test(l));
  assert.ok(lines.length >= 2, `some progress was shown: ${r.stderr}`);
  // One line per elapsed second at most, plus the final line.
  assert.ok(lines.length <= Math.ceil(seconds) + 1, `${lines.length} lines in ${seconds.toFixed(1)} s`);
  assert.ok(!r.stderr.includes('\r') && !r.stderr.includes('\u001b['), 'no terminal control codes when stderr is not a terminal');
  assert.match(lines[lines.length - 1], /^12\/12 done, 12 succeeded, 0 failed/);

  const quiet = await cli(['run', f, '--reporter', 'json', '-q', '-o', 'q.json']);
  assert.equal(quiet.code, 0);
  assert.equal(quiet.stderr, '');
  assert.equal(quiet.stdout, '');
});

test('diagnostics: FILE:LINE:COLUMN: error|warning: message on stderr, exit 2, nothing sent', async () => {
  const f = await file(
    'diag.batch.http',
    ['### one', '# @note a directive nobody knows', `GET ${server.url}/diag-one`, '', '### two', '# @retries many', `GET ${server.url}/diag-two`, ''].join('\n'),
  );
  const r = await cli(['run', f]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  const diagLines = r.stderr.split('\n').filter((l) => l.startsWith(`${f}:`));
  for (const l of diagLines) assert.match(l, /^diag\.batch\.http:\d+:\d+: (error|warning): \S/);
  assert.ok(diagLines.some((l) => /^diag\.batch\.http:2:\d+: warning: .*@note/.test(l)), r.stderr);
  assert.ok(diagLines.some((l) => /^diag\.batch\.http:6:\d+: error: /.test(l)), r.stderr);
  assert.equal(hits('/diag-'), 0, 'nothing was sent');
});

test('exit 0 / 1: a warning alone does not stop the run; one unexpected status makes it 1', async () => {
  const ok = await file('warn-only.batch.http', `# @note just a note\nGET ${server.url}/w\n`);
  const r = await cli(['run', ok, '-q']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warn-only\.batch\.http:1:\d+: warning: /m);
  const bad = await file('one-bad.batch.http', `GET ${server.url}/x\n\n###\nGET ${server.url}/status?s=404\n`);
  assert.equal((await cli(['run', bad, '-q'])).code, 1);
});

test('JSON report: every field of a result in the spec order, for a response and for a never-sent request', async () => {
  const f = await file(
    'shape.batch.http',
    [
      '### Failing',
      '# @name failing',
      `GET ${server.url}/status?s=404`,
      '',
      '### Dependent',
      '# @depends-on failing',
      `GET ${server.url}/never`,
      '',
      '### Fine',
      `GET ${server.url}/fine`,
      '',
    ].join('\n'),
  );
  const r = await cli(['run', f, '--reporter', 'json', '-q']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  // notNeeded, assertions (and assertions per result), concurrency (null for a fixed cap): cli.md, second-round additions.
  assert.deepEqual(Object.keys(report.summary), ['total', 'succeeded', 'failed', 'cancelled', 'skipped', 'notNeeded', 'retries', 'requestsPerSecond', 'latencyMs', 'statusCounts', 'errorCounts', 'assertions', 'concurrency']);
  assert.equal(report.summary.concurrency, null);
  assert.deepEqual(Object.keys(report.summary.latencyMs), ['p50', 'p90', 'p95', 'p99', 'max']);
  // polls (after assertions): cli.md, second-round additions; httpVersion (after status): format spec 13.12, in every result.
  const fields = ['index', 'name', 'title', 'line', 'method', 'url', 'outcome', 'status', 'httpVersion', 'attempts', 'durationMs', 'timings', 'trace', 'error', 'assertions', 'polls', 'responseHeaders', 'bodyBytes', 'body', 'truncated'];
  for (const result of report.results) assert.deepEqual(Object.keys(result), fields);
  const [failing, dependent, fine] = report.results;
  assert.deepEqual([failing.index, failing.name, failing.title, failing.line, failing.method], [0, 'failing', 'Failing', 3, 'GET']);
  assert.deepEqual(failing.error.code, 'UNEXPECTED_STATUS');
  assert.equal(failing.status, 404);
  assert.deepEqual(Object.keys(failing.timings), ['queuedMs', 'dnsMs', 'connectMs', 'tlsMs', 'ttfbMs', 'downloadMs', 'totalMs', 'reused']);
  assert.deepEqual(
    { ...dependent, error: dependent.error.code },
    {
      index: 1, name: null, title: 'Dependent', line: 7, method: 'GET', url: `${server.url}/never`, outcome: 'skipped', status: null, httpVersion: null, attempts: 0,
      durationMs: null, timings: null, trace: null, error: 'DEPENDENCY_FAILED', assertions: [], polls: 0, responseHeaders: null, bodyBytes: 0, body: null, truncated: false,
    },
  );
  assert.equal(fine.outcome, 'succeeded');
  assert.equal(fine.error, null);
  assert.equal(fine.bodyBytes, Buffer.byteLength(fine.body));
  assert.equal(report.summary.total, 3);
  assert.deepEqual([report.summary.succeeded, report.summary.failed, report.summary.skipped, report.summary.cancelled], [1, 1, 1, 0]);
  assert.deepEqual(report.summary.statusCounts, { 200: 1, 404: 1 });
  assert.deepEqual(report.summary.errorCounts, { UNEXPECTED_STATUS: 1, DEPENDENCY_FAILED: 1 });
  // Two requests got a response: req/s is 2 over the run's duration (rounded to 0.01).
  const expected = 2 / (report.durationMs / 1000);
  assert.ok(Math.abs(report.summary.requestsPerSecond - expected) <= 0.01 + expected * 0.005, `${report.summary.requestsPerSecond} vs ${expected}`);
  assert.ok(Number.isFinite(Date.parse(report.startedAt)) && report.startedAt.endsWith('Z'));
});

test('secrets never appear on stdout or stderr: secret headers, cookies, private env values, URL userinfo', async () => {
  await writeFile(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { user: 'alice' } }));
  await writeFile(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { apiKey: 'priv-key-31415', pw: 'userinfo-pw-2718' } }));
  const f = await file(
    'secrets.batch.http',
    [
      '### Secret stuff',
      `GET http://{{user}}:{{pw}}@127.0.0.1:${server.port}/secrets?k={{apiKey}}`,
      'X-Api-Key: {{apiKey}}',
      'Cookie: session=cookie-value-1618',
      '',
      '###',
      `GET ${server.url}/status?s=500&leak={{apiKey}}`,
      '',
      '### A literal bearer token, echoed by the server',
      `GET ${server.url}/secrets`,
      'Authorization: Bearer literal-bearer-4242',
      '',
    ].join('\n'),
  );
  const basic = Buffer.from('alice:userinfo-pw-2718').toString('base64');
  const secrets = new RegExp(`priv-key-31415|userinfo-pw-2718|cookie-value-1618|resp-token-abc|resp-cookie-xyz|hint-pw-777|literal-bearer-4242|${basic}`);
  for (const reporter of ['json', 'junit', 'pretty']) {
    const r = await cli(['run', f, '--env', 'dev', '--reporter', reporter, '-r', '0'], { BATCH_HTTP_LOG: 'trace' });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, secrets, `${reporter} report`);
    assert.doesNotMatch(r.stderr, secrets, `${reporter} run's log`);
  }
  const seen = server.seen.find((s) => s.url.startsWith('/secrets'));
  assert.equal(seen?.headers['x-api-key'], 'priv-key-31415', 'the real values were sent');
  assert.equal(seen?.headers.authorization, `Basic ${basic}`);
  const report = JSON.parse((await cli(['run', f, '--env', 'dev', '--reporter', 'json', '-r', '0', '-q'])).stdout);
  const h = report.results[0].responseHeaders;
  assert.deepEqual([h['x-session-token'], h['set-cookie'], h['x-password-hint'], h['x-plain']], ['***', '***', '***', 'visible']);
  assert.match(report.results[0].url, /^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/secrets\?k=\*\*\*$/);
  assert.deepEqual(JSON.parse(report.results[0].body), { echoed: '***', auth: 'Basic ***', cookie: '***' });
  assert.equal(JSON.parse(report.results[2].body).auth, '***');
});

test('JUnit: one testsuite, a testcase per request named by title or METHOD URL, failure/skipped, time in seconds, escaped', async () => {
  const f = await file(
    'junit-shape.batch.http',
    [
      '### Quote "this" & <that>',
      '# @name bad',
      `GET ${server.url}/status?s=418`,
      '',
      '###',
      '# @depends-on bad',
      `GET ${server.url}/skipped-one`,
      '',
      '###',
      `GET ${server.url}/fine?delay=50`,
      '',
    ].join('\n'),
  );
  const r = await cli(['run', f, '--reporter', 'junit', '-q']);
  assert.equal(r.code, 1, r.stderr);
  const xml = r.stdout;
  assert.equal((xml.match(/<testsuite /g) ?? []).length, 1);
  assert.match(xml, /<testsuite name="junit-shape\.batch\.http" tests="3" failures="1"[^>]* skipped="1"/);
  const cases = xml.match(/<testcase [^>]*>/g) ?? [];
  assert.equal(cases.length, 3);
  assert.match(cases[0], /name="Quote &quot;this&quot; &amp; &lt;that&gt;"/);
  assert.match(cases[1], new RegExp(`name="GET ${server.url.replace(/\./g, '\\.')}/skipped-one"`));
  assert.match(xml, /<failure message="UNEXPECTED_STATUS: [^"]*418[^"]*" type="UNEXPECTED_STATUS"/);
  assert.match(xml, /<skipped message="DEPENDENCY_FAILED: /);
  const time = Number(/time="([\d.]+)"/.exec(cases[2])?.[1]);
  assert.ok(time >= 0.04 && time < 5, `time in seconds: ${time}`);
});

test('--max-body caps the kept body (truncated, bodyBytes counts all); --rate N/m is starts per second in settings', async () => {
  const f = await file('maxbody.batch.http', `GET ${server.url}/big-enough-path-to-echo\n`);
  const r = await cli(['run', f, '--max-body', '5', '--rate', '30/m', '--reporter', 'json', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.settings.rate, 0.5);
  const [res] = report.results;
  assert.equal(res.body, '{"ok"');
  assert.equal(res.truncated, true);
  assert.equal(res.bodyBytes, Buffer.byteLength(JSON.stringify({ ok: true })));
});

test('an unknown variable is a warning at parse time and UNRESOLVED_VARIABLE at run time: exit 1, that request unsent', async () => {
  const f = await file('unknown-var.batch.http', `GET ${server.url}/uv/{{missing}}\n\n###\nGET ${server.url}/uv-fine\n`);
  const r = await cli(['run', f, '--reporter', 'json', '-q']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^unknown-var\.batch\.http:1:\d+: warning: .*missing/m);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.results.map((x: { outcome: string }) => x.outcome), ['failed', 'succeeded']);
  assert.equal(report.results[0].error.code, 'UNRESOLVED_VARIABLE');
  assert.equal(report.results[0].attempts, 0);
  assert.equal(hits('/uv/'), 0);
});

test('diagnostics on stderr do not show private values either', async () => {
  await writeFile(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { apiKey: 'priv-key-31415', pw: 'userinfo-pw-2718', base: 'no-scheme-secret-5150' } }));
  const f = await file('diag-secret.batch.http', `GET {{base}}/x\n`);
  const r = await cli(['run', f, '--env', 'dev']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^diag-secret\.batch\.http:1:\d+: error: /m);
  assert.doesNotMatch(r.stderr, /no-scheme-secret-5150/);
});
