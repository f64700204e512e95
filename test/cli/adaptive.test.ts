// `batch-http run -c auto` / `-c auto:MAX`: the JSON report's settings and summary.concurrency,
// the pretty summary's line per origin, and the usage errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { sendJson, startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-cli-auto-'));
  server = await startServer((_req, res) => void setTimeout(() => sendJson(res, 200, { ok: true }), 5));
  await writeFile(join(dir, 'b.batch.http'), `###\n# @repeat 30\nGET ${server.url}/r/{{$index}}\n`);
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('-c auto:MAX: settings.concurrency "auto" with maxConcurrency, summary.concurrency per origin', async () => {
  const r = await runCli(['run', 'b.batch.http', '-c', 'auto:12', '--reporter', 'json', '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.settings.concurrency, 'auto');
  assert.equal(report.settings.maxConcurrency, 12);
  assert.deepEqual(Object.keys(report.settings).slice(0, 2), ['concurrency', 'maxConcurrency']);
  const c = report.summary.concurrency[server.url];
  assert.ok(c, JSON.stringify(report.summary.concurrency));
  assert.deepEqual(Object.keys(c), ['final', 'min', 'max', 'changes']);
  assert.equal(c.min, 4);
  assert.ok(c.max <= 12 && c.final <= 12);
  assert.ok(Array.isArray(c.changes) && c.changes.length >= 1 && c.changes.length <= 1000);
  assert.deepEqual(c.changes[0].length, 2);
  assert.ok(server.maxInFlight <= 12);
});

test('-c auto: MAX 256; the pretty summary prints the origin final/min/max', async () => {
  const r = await runCli(['run', 'b.batch.http', '-c', 'auto'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`concurrency\\s+${server.url.replace(/[.:/]/g, '\\$&')}: final \\d+, min 4, max \\d+ \\(auto, MAX 256\\)`));
});

test('a fixed -c has summary.concurrency null and no maxConcurrency', async () => {
  const r = await runCli(['run', 'b.batch.http', '-c', '3', '--reporter', 'json', '-q'], dir);
  const report = JSON.parse(r.stdout);
  assert.equal(report.settings.concurrency, 3);
  assert.equal('maxConcurrency' in report.settings, false);
  // cli.md, second-round additions: "with adaptive concurrency ... (otherwise `null`)".
  assert.equal(report.summary.concurrency, null);
});

test('a wrong auto:MAX is a usage error (exit 2)', async () => {
  for (const bad of ['auto:0', 'auto:x', 'auto:']) {
    const r = await runCli(['run', 'b.batch.http', '-c', bad], dir);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--concurrency auto:MAX needs MAX as an integer >= 1/, bad);
  }
});
