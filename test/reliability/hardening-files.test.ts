// Hardening (issue 13, items 6 and 11): files a plan reads are regular files of bounded size,
// and a pathological one (a FIFO, /dev/zero, a value nested 100,000 deep) gives a diagnostic,
// never a hang, unbounded memory or an internal error. Real files in a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../../src/core/parser';
import { createNodeFileReader } from '../../src/core/system';
import type { BatchPlan } from '../../src/core/types';
import { runCli } from '../support/cli';
import { workspace, type Workspace } from '../support/run-harness';

function plan(ws: Workspace, text: string, environment: string | null = null, maxBytes?: number): Promise<BatchPlan> {
  return buildPlan(text, { filePath: ws.file, workspaceRoot: ws.dir, environment, files: createNodeFileReader({ maxBytes }), processEnv: {} });
}

function errors(p: BatchPlan): string[] {
  return p.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

/** Fails the test instead of hanging it: planning must end within a generous bound. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

test('item 6: a body include from a FIFO is refused with a diagnostic, without blocking', { timeout: 60_000 }, async () => {
  const ws = await workspace('');
  try {
    const fifo = join(ws.dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const p = await within(10_000, plan(ws, 'POST http://127.0.0.1:9/x\n\n< ./fifo\n'), 'planning a FIFO include');
    assert.ok(errors(p).some((m) => /fifo/.test(m) && /named pipe \(FIFO\), not a regular file/.test(m)), JSON.stringify(p.diagnostics));
    const fe = await within(10_000, plan(ws, '# @foreach ./fifo\nGET http://127.0.0.1:9/x\n'), 'planning a FIFO @foreach');
    assert.ok(errors(fe).some((m) => /@foreach .*not a regular file/.test(m)), JSON.stringify(fe.diagnostics));
  } finally {
    await ws.dispose();
  }
});

test('item 6: /dev/zero as a body include or @foreach is refused before a byte is read', { timeout: 60_000 }, async () => {
  assert.ok(existsSync('/dev/zero'));
  const ws = await workspace('');
  try {
    const rss = process.memoryUsage().rss;
    const p = await within(10_000, plan(ws, 'POST http://127.0.0.1:9/x\n\n< /dev/zero\n\n###\n# @foreach /dev/zero\nGET http://127.0.0.1:9/y\n'), 'planning /dev/zero');
    const errs = errors(p);
    assert.equal(errs.filter((m) => /a device, not a regular file/.test(m)).length, 2, JSON.stringify(p.diagnostics));
    assert.ok(process.memoryUsage().rss - rss < 200 * 1024 * 1024, 'memory stayed bounded');
  } finally {
    await ws.dispose();
  }
});

test('item 6: a regular file over the size cap is refused with a diagnostic', async () => {
  const ws = await workspace('');
  try {
    await ws.write('big.bin', new Uint8Array(4096));
    const p = await plan(ws, 'POST http://127.0.0.1:9/x\n\n< ./big.bin\n', null, 1024);
    assert.ok(errors(p).some((m) => /big\.bin.*over 1 MiB|big\.bin.*the most a plan reads/.test(m)), JSON.stringify(p.diagnostics));
    const ok = await plan(ws, 'POST http://127.0.0.1:9/x\n\n< ./big.bin\n', null, 8192);
    assert.deepEqual(errors(ok), []);
  } finally {
    await ws.dispose();
  }
});

test('item 11: a value nested 100,000 deep in an env file or a @foreach JSON is a diagnostic, not an internal error', { timeout: 60_000 }, async () => {
  const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
  const ws = await workspace('');
  try {
    await ws.write('http-client.env.json', `{"dev": {"host": "http://127.0.0.1:9", "deep": ${deep}}}`);
    await ws.write('rows.json', `[{"id": 1, "deep": ${deep}}]`);
    const env = await plan(ws, 'GET http://127.0.0.1:9/x\n');
    assert.ok(!env.diagnostics.some((d) => /internal/.test(d.message)), JSON.stringify(env.diagnostics).slice(0, 500));
    assert.ok(env.diagnostics.some((d) => /nests arrays or objects more than 256 deep/.test(d.message)), JSON.stringify(env.diagnostics).slice(0, 500));
    const fe = await plan(ws, '# @foreach ./rows.json\nGET http://127.0.0.1:9/{{id}}\n');
    assert.ok(!fe.diagnostics.some((d) => /internal/.test(d.message)), JSON.stringify(fe.diagnostics).slice(0, 500));
    assert.ok(fe.diagnostics.some((d) => /nests arrays or objects more than 256 deep/.test(d.message)), JSON.stringify(fe.diagnostics).slice(0, 500));
    // Through the command line too: a diagnostic and exit 2, no internal error.
    await ws.write('main.batch.http', 'GET http://127.0.0.1:9/x\n');
    const r = await runCli(['run', 'main.batch.http'], ws.dir);
    assert.doesNotMatch(r.stderr, /internal/, r.stderr.slice(0, 500));
    assert.match(r.stderr, /http-client\.env\.json:1:1: error: .* more than 256 deep/);
    assert.equal(r.code, 2, r.stderr.slice(0, 500));
  } finally {
    await ws.dispose();
  }
});
