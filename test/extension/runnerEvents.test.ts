// The results model driven by the real runner against a real local server: the event stream
// brings every request to the outcome the report gives, and cancelling leaves none running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/core/parser/index';
import { runBatch } from '../../src/core/runner/index';
import type { FileReader } from '../../src/core/types';
import { toCurl } from '../../src/core/curl';
import { requestDescription } from '../../src/extension/model/format';
import { RunRecord } from '../../src/extension/model/runModel';
import { sendJson, withServer } from '../support/server';

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

async function planOf(text: string) {
  return buildPlan(text, { filePath: '/w/t.batch.http', workspaceRoot: '/w', files: noFiles, processEnv: null });
}

test('events from the runner bring every entry to its reported outcome', async (t) => {
  const server = await withServer(t, (req, res) => {
    if (req.url?.startsWith('/fail')) sendJson(res, 404, { error: 'nope' });
    else sendJson(res, 200, { url: req.url });
  });
  const text = `# @concurrency 4\n### ok\n# @name first\n# @repeat 5\nGET ${server.url}/ok/{{$index}}\n\n### bad\n# @name bad\nGET ${server.url}/fail\n\n### after\n# @depends-on bad\nGET ${server.url}/never\n`;
  const plan = await planOf(text);
  assert.equal(plan.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const run = new RunRecord({ id: 'r', file: plan.file, startedAt: new Date(), requests: plan.requests, secrets: plan.secrets });
  const changed = new Set<number>();
  const report = await runBatch(plan, {
    onEvent: (e) => {
      const entry = run.apply(e);
      if (entry) changed.add(entry.index);
    },
  });
  run.finish(report);
  assert.equal(run.running, false);
  assert.deepEqual(
    run.entriesInOrder().map((e) => e.state),
    report.results.map((r) => r.outcome),
  );
  assert.deepEqual(run.entriesInOrder().map((e) => e.state), ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'skipped']);
  assert.deepEqual(run.counts, { done: 7, succeeded: 5, failed: 1, cancelled: 0, skipped: 1 });
  assert.ok(changed.size >= 6, 'the sent requests changed through events, not only at the end');
  const bad = run.entry(5)!;
  assert.match(requestDescription({ state: bad.state, status: bad.result!.status, durationMs: bad.result!.durationMs, bodyBytes: bad.result!.bodyBytes, errorCode: bad.result!.error?.code ?? null, attempt: bad.attempt }), /^404 · [\d.]+ (ms|s) · 16 B$/);
  assert.equal(run.entry(6)?.result?.error?.code, 'DEPENDENCY_FAILED');
  assert.deepEqual(run.unsuccessfulIndices(), [5, 6]);
  assert.equal(toCurl(plan.requests[0]!, { multiline: false }).startsWith(`curl ${server.url}/ok/0 `), true);
});

test('a cancelled run leaves no entry queued or running', async (t) => {
  const server = await withServer(t, (_req, res) => {
    const t = setTimeout(() => sendJson(res, 200, {}), 5_000);
    res.on('close', () => clearTimeout(t));
  });
  const plan = await planOf(`# @concurrency 2\n# @repeat 6\nGET ${server.url}/slow/{{$index}}\n`);
  const run = new RunRecord({ id: 'c', file: plan.file, startedAt: new Date(), requests: plan.requests, secrets: [] });
  const controller = new AbortController();
  const report = await runBatch(plan, {
    signal: controller.signal,
    onEvent: (e) => {
      run.apply(e);
      if (e.type === 'started' && run.entriesInOrder().filter((x) => x.state === 'running').length === 2) setTimeout(() => controller.abort(), 50);
    },
  });
  run.finish(report);
  assert.deepEqual(new Set(run.entriesInOrder().map((e) => e.state)), new Set(['cancelled']));
  assert.equal(run.counts.cancelled, 6);
});

test('a partial run (only) lists the requested request and its dependency', async (t) => {
  const server = await withServer(t, (_req, res) => sendJson(res, 200, { ok: true }));
  const plan = await planOf(`### a\n# @name a\nGET ${server.url}/a\n\n### b\nGET ${server.url}/b\n\n### c\n# @depends-on a\nGET ${server.url}/c\n`);
  const run = new RunRecord({ id: 'p', file: plan.file, startedAt: new Date(), requests: plan.requests, only: [2], secrets: [] });
  const report = await runBatch(plan, { only: [2], onEvent: (e) => run.apply(e) });
  run.finish(report);
  assert.deepEqual(run.entriesInOrder().map((e) => [e.label, e.state]), [['a', 'succeeded'], ['c', 'succeeded']]);
  assert.deepEqual(server.seen.map((s) => s.url).sort(), ['/a', '/c']);
});
