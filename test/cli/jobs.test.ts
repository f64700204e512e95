// examples/jobs.batch.http through the built CLI against the demo API: polling until the job
// is done, the result fetched after, a hedged request and the first 3 of 10; NOT_NEEDED
// copies make no failure (exit 0), JSON counts them, JUnit skips them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../support/cli';

interface DemoServer {
  url: string;
  close(): Promise<void>;
}

async function demo(): Promise<DemoServer> {
  const mod = (await import(pathToFileURL(resolve('examples/demo-server.mjs')).href)) as { startDemoServer(port: number): Promise<DemoServer> };
  return mod.startDemoServer(0);
}

test('jobs.batch.http: 3 polls then the result, the hedge reads the first answer, NOT_NEEDED is no failure (exit 0)', async (t) => {
  const server = await demo();
  t.after(() => server.close());
  const run = await runCli(['run', 'examples/jobs.batch.http', '--var', `baseUrl=${server.url}`, '--reporter', 'json', '-q'], process.cwd());
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { summary: { notNeeded: number; cancelled: number; failed: number; errorCounts: Record<string, number> }; results: { name: string | null; outcome: string; polls: number; url: string; error: { code: string } | null }[] };
  const status = report.results.find((r) => r.name === 'status')!;
  assert.equal(status.outcome, 'succeeded');
  assert.equal(status.polls, 3, 'queued, running, done');
  assert.equal(report.results[2]!.outcome, 'succeeded', 'the result was fetched after the job was done');
  assert.match(report.results[6]!.url, /\/mirror\/quote\?i=1&price=42$/, 'the reference read the first answer');
  assert.equal(report.summary.notNeeded, 9, '2 of the 3 mirrors and 7 of the 10 searches');
  assert.equal(report.summary.errorCounts.NOT_NEEDED, 9);
  assert.equal(report.summary.cancelled, 0);
  assert.equal(report.summary.failed, 0);
  const junit = await runCli(['run', 'examples/jobs.batch.http', '--var', `baseUrl=${server.url}`, '--reporter', 'junit', '-q'], process.cwd());
  assert.equal(junit.code, 0, junit.stderr);
  assert.equal((junit.stdout.match(/<skipped message="NOT_NEEDED/g) ?? []).length, 9);
});
