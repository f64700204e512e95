import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliOptions, type CliRun } from '../support/cli';
import { query, sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-cli-'));
  server = await startServer((req, res) => {
    const delay = Number(query(req, 'delay') ?? 0);
    setTimeout(() => {
      if (req.url?.startsWith('/fail')) return sendJson(res, 500, { failed: true });
      if (req.url?.startsWith('/echo')) return sendJson(res, 200, { token: req.headers['x-api-token'] ?? null }, { 'set-cookie': 'sid=abc' });
      sendJson(res, 200, { ok: true, url: req.url });
    }, delay);
  });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], onStderr?: CliOptions['onStderr']): Promise<CliRun> {
  return runCli(args, dir, { onStderr });
}

async function file(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return name;
}

test('exit 0 when every request succeeds; the pretty report on stdout, progress only on stderr', async () => {
  const f = await file('ok.batch.http', `@host = ${server.url}\n\n### one\nGET {{host}}/a\n\n### two\nGET {{host}}/b\n`);
  const r = await cli(['run', f]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /requests\s+2: 2 succeeded/);
  assert.doesNotMatch(r.stdout, /done, /, 'no progress on stdout');
  assert.match(r.stderr, /2\/2 done, 2 succeeded, 0 failed/);
  const quiet = await cli(['run', f, '-q']);
  assert.equal(quiet.stderr, '');
});

test('exit 1 with a failure; the JSON report has the spec shape and secrets are redacted', async () => {
  await writeFile(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { token: 'very-secret-token-1' } }));
  const f = await file(
    'mixed.batch.http',
    `### echo\n# @name echo\nGET ${server.url}/echo\nX-Api-Token: {{token}}\n\n###\nGET ${server.url}/fail\n`,
  );
  const r = await cli(['run', f, '--env', 'dev', '--reporter', 'json', '-r', '0', '-c', '3']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['version', 'file', 'startedAt', 'durationMs', 'settings', 'summary', 'results']);
  assert.equal(report.file, f);
  assert.equal(report.settings.concurrency, 3, '-c overrides');
  assert.equal(report.settings.retries, 0);
  assert.equal(report.summary.total, 2);
  assert.deepEqual(report.summary.statusCounts, { 200: 1, 500: 1 });
  assert.deepEqual(report.results.map((x: { outcome: string }) => x.outcome), ['succeeded', 'failed']);
  assert.equal(report.results[1].error.code, 'UNEXPECTED_STATUS');
  assert.equal(server.seen.find((s) => s.url === '/echo')?.headers['x-api-token'], 'very-secret-token-1', 'the real value was sent');
  assert.doesNotMatch(r.stdout + r.stderr, /very-secret-token-1/);
  assert.equal(report.results[0].responseHeaders['set-cookie'], '***');
  assert.equal(JSON.parse(report.results[0].body).token, '***');
});

test('exit 2 for error diagnostics (a dependency cycle): FILE:LINE:COLUMN on stderr, nothing sent', async () => {
  const before = server.seen.length;
  const f = await file(
    'cycle.batch.http',
    `### a\n# @name a\n# @depends-on b\nGET ${server.url}/cycle-a\n\n### b\n# @name b\n# @depends-on a\nGET ${server.url}/cycle-b\n`,
  );
  const r = await cli(['run', f]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`^${f.replace('.', '\\.')}:\\d+:\\d+: error: .*cycle`, 'm'));
  assert.equal(server.seen.length, before);
  assert.equal(r.stdout, '');
});

test('exit 2 for usage errors, a missing file or an unknown environment', async () => {
  const f = await file('u.batch.http', `GET ${server.url}/u\n`);
  for (const args of [['run'], ['run', f, '--reporter', 'xml'], ['run', f, '-c', '0'], ['run', f, '--timeout', 'soon'], ['run', f, '--rate', '5'], ['run', 'nope.batch.http'], ['run', f, '--env', 'nowhere']]) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0);
  }
});

test('-o writes the report to a file (JUnit here) and nothing to stdout', async () => {
  const f = await file('junit.batch.http', `### Fine\nGET ${server.url}/j1\n\n###\nGET ${server.url}/fail/j\n`);
  const r = await cli(['run', f, '--reporter', 'junit', '-o', 'out/report.xml', '-r', '0']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const xml = await readFile(join(dir, 'out/report.xml'), 'utf8');
  assert.match(xml, /<testcase name="Fine"/);
  assert.match(xml, /<failure message="UNEXPECTED_STATUS/);
  const html = await cli(['run', f, '--reporter', 'html', '-o', 'out/report.html', '-r', '0', '-q']);
  assert.equal(html.code, 1);
  const page = await readFile(join(dir, 'out/report.html'), 'utf8');
  assert.match(page, /^<!doctype html>/i);
  assert.match(page, /\/fail\/j/);
});

test('SIGINT cancels the run, still writes the partial report and exits 130', async () => {
  const f = await file('slow.batch.http', `# @concurrency 4\n# @repeat 200\nGET ${server.url}/slow?delay=100&i={{$index}}\n`);
  let sent = false;
  const r = await cli(['run', f, '--reporter', 'json', '-o', 'partial.json'], (stderr, child) => {
    if (!sent && /\b([4-9]|\d\d+)\/200 done/.test(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  assert.ok(sent, 'progress was seen');
  assert.equal(r.code, 130, r.stderr);
  const report = JSON.parse(await readFile(join(dir, 'partial.json'), 'utf8'));
  assert.equal(report.results.length, 200);
  assert.ok(report.summary.succeeded >= 4 && report.summary.succeeded < 200);
  assert.equal(report.summary.cancelled, 200 - report.summary.succeeded);
  assert.equal(report.summary.errorCounts.CANCELLED, report.summary.cancelled);
});
