// `batch-http run --traceparent` and `@traceparent`, black box: the server sees one trace
// id and a new span per attempt, the JSON report's results carry them, the trace log names
// each attempt's span; without either, nothing is added.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { startServer, type TestServer } from '../support/server';

let dir = '';
let server: TestServer;
const tries = new Map<string, number>();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bh-trace-'));
  server = await startServer((req, res) => {
    const n = (tries.get(req.url!) ?? 0) + 1;
    tries.set(req.url!, n);
    res.writeHead(req.url!.startsWith('/flaky') && n === 1 ? 503 : 200, { 'retry-after': '0' }).end('{}');
  });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface JsonResult {
  url: string;
  attempts: number;
  trace: { traceId: string; spanId: string } | null;
  timings: { reused: boolean; ttfbMs: number | null } | null;
}

test('--traceparent: one trace id, a span per attempt, in the report and the trace log', async () => {
  await writeFile(join(dir, 'cli.batch.http'), `GET ${server.url}/flaky/a\n\n###\nGET ${server.url}/plain/a\n`);
  const r = await runCli(['run', 'cli.batch.http', '--traceparent', '-r', '1', '--reporter', 'json', '-o', 'r.json', '-q'], dir, { env: { BATCH_HTTP_LOG: 'trace' } });
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).results as JsonResult[];
  const sent = server.seen.filter((s) => s.url.endsWith('/a')).map((s) => String(s.headers.traceparent));
  assert.equal(sent.length, 3, 'two attempts of the flaky one, one of the other');
  const ids = sent.map((h) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(h)!);
  assert.ok(ids.every(Boolean), sent.join());
  assert.equal(new Set(ids.map((m) => m[1])).size, 1);
  assert.equal(new Set(ids.map((m) => m[2])).size, 3);
  assert.equal(results[0]!.attempts, 2);
  assert.equal(results[0]!.trace!.traceId, ids[0]![1]);
  const flakySpans = server.seen.filter((s) => s.url === '/flaky/a').map((s) => String(s.headers.traceparent).split('-')[2]);
  assert.equal(results[0]!.trace!.spanId, flakySpans[1], "the final attempt's span");
  for (const m of ids) assert.match(r.stderr, new RegExp(`attempt \\d started GET \\S+ span ${m[2]}`));
  assert.equal(typeof results[1]!.timings!.reused, 'boolean');
});

test('@traceparent in the file does the same; without it no header and trace null', async () => {
  await writeFile(join(dir, 'on.batch.http'), `# @traceparent\nGET ${server.url}/on/b\n`);
  await writeFile(join(dir, 'off.batch.http'), `GET ${server.url}/off/b\n`);
  const on = await runCli(['run', 'on.batch.http', '--reporter', 'json', '-q'], dir);
  const off = await runCli(['run', 'off.batch.http', '--reporter', 'json', '-q'], dir);
  assert.equal(on.code, 0, on.stderr);
  assert.equal(off.code, 0, off.stderr);
  const onResult = (JSON.parse(on.stdout).results as JsonResult[])[0]!;
  assert.match(String(server.seen.find((s) => s.url === '/on/b')?.headers.traceparent), new RegExp(`^00-${onResult.trace!.traceId}-${onResult.trace!.spanId}-01$`));
  assert.equal(server.seen.find((s) => s.url === '/off/b')?.headers.traceparent, undefined);
  assert.equal((JSON.parse(off.stdout).results as JsonResult[])[0]!.trace, null);
});
