// Conformance: the `batch-http parse` JSON, field by field (cli.md), run through the built CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const CLI = resolve('dist/cli.js');
const FILE = 'test/fixtures/parser/conformance/cli-shape.batch.http';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const KEYS = ['index', 'name', 'title', 'line', 'method', 'url', 'headers', 'body', 'dependsOn', 'timeoutMs', 'retries', 'followRedirects', 'expectStatus'];

test('parse: settings in spec units, copies, dependencies, directives, in the spec field order', async () => {
  const r = await cli(['parse', FILE]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const plan = JSON.parse(r.stdout);
  assert.deepEqual(plan.settings, { concurrency: 8, perHost: 3, timeoutMs: 30000, deadlineMs: 1500, retries: 0, rate: 0.5, bail: true });
  assert.deepEqual(Object.keys(plan.settings), ['concurrency', 'perHost', 'timeoutMs', 'deadlineMs', 'retries', 'rate', 'bail']);
  assert.deepEqual(plan.diagnostics, []);
  const reqs = plan.requests as Record<string, unknown>[];
  for (const q of reqs) assert.deepEqual(Object.keys(q), KEYS);
  assert.deepEqual(reqs[0], {
    index: 0, name: 'login', title: 'Login', line: 11, method: 'POST', url: 'http://127.0.0.1:7500/login',
    headers: [['X-Twice', 'a'], ['x-twice', 'b']], body: null, dependsOn: [],
    timeoutMs: 30000, retries: 0, followRedirects: true, expectStatus: '200,2xx',
  });
  const fan = reqs.slice(1, 4);
  assert.deepEqual(fan.map((q) => [q.index, q.name, q.title, q.line, q.timeoutMs]), [
    [1, 'fan', 'Fan out', 20, 750],
    [2, 'fan', 'Fan out', 20, 750],
    [3, 'fan', 'Fan out', 20, 750],
  ]);
  assert.deepEqual(fan.map((q) => q.url), [0, 1, 2].map((i) => `http://127.0.0.1:7500/fan/${i}?t={{login.response.body.$.token}}&s={{login.response.status}}`));
  for (const q of fan) assert.deepEqual(q.dependsOn, ['login'], 'each name once');
  const ids = new Set(fan.map((q) => (q.headers as string[][])[0]![1]));
  assert.equal(ids.size, 3, 'each copy gets its own $uuid');
  assert.deepEqual(reqs[4], {
    index: 4, name: null, title: 'After all', line: 26, method: 'PATCH', url: 'http://127.0.0.1:7500/done',
    headers: [['Content-Type', 'text/plain']], body: 'done', dependsOn: ['fan'],
    timeoutMs: 30000, retries: 0, followRedirects: true, expectStatus: null,
  });
  const again = JSON.parse((await cli(['parse', FILE])).stdout);
  assert.notEqual(again.requests[1].headers[0][1], (fan[0]!.headers as string[][])[0]![1], 'dynamic variables get fresh values on every parse');
});

test('parse: --var values win, warnings alone exit 0, an error diagnostic exits 2 with the JSON printed', async () => {
  const withVar = await cli(['parse', FILE, '--var', 'base=http://127.0.0.1:7501']);
  assert.equal(withVar.code, 0);
  assert.equal(JSON.parse(withVar.stdout).requests[0].url, 'http://127.0.0.1:7501/login');
  const warn = await cli(['parse', 'test/fixtures/parser/conformance/tools/httpyac.http']);
  assert.equal(warn.code, 0, 'warnings only');
  assert.ok(JSON.parse(warn.stdout).diagnostics.length > 0);
  const bad = await cli(['parse', 'test/fixtures/parser/conformance/response-refs.batch.http']);
  assert.equal(bad.code, 2);
  const json = JSON.parse(bad.stdout);
  assert.ok(json.diagnostics.some((d: { severity: string }) => d.severity === 'error'));
  assert.deepEqual(Object.keys(json.diagnostics[0]), ['severity', 'line', 'column', 'message']);
});
