// Inputs at the parser's limits: each must end with a diagnostic or a result, never a hang
// or a throw. Every case runs in a worker thread that is terminated if it overruns, so a
// parser stuck in a loop fails the test instead of freezing the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildPlan, parseDocument } from '../../src/core/parser/index';
import { createNodeFileReader } from '../../src/core/system';
import { positionProblems } from '../support/fuzz/positions';

type CaseName = 'file-50mb' | 'line-1m' | 'unterminated' | 'deep-braces' | 'csv-1m-rows';

interface Outcome {
  requests: number;
  errors: string[];
  warnings: number;
  firstUrlLength: number;
  positionProblems: string[];
  parseMs: number;
  planMs: number;
  textLength: number;
  blocks: number;
}

const MB = 1024 * 1024;
/** Request blocks in the last generated input, where it is known. */
let blocksWritten = 0;

async function input(name: CaseName, dir: string): Promise<string> {
  switch (name) {
    case 'file-50mb': {
      // 10,000 requests with 5 KiB bodies of JSON lines: 50 MB of text.
      const line = `{"k": "${'v'.repeat(90)}"},`;
      const body = Array.from({ length: 5 * 1024 / 100 }, () => line).join('\n');
      const block = `### r\nPOST http://127.0.0.1:9/x\nContent-Type: application/json\n\n[\n${body}\n{}]\n`;
      const count = Math.ceil((50 * MB) / block.length);
      blocksWritten = count;
      return block.repeat(count);
    }
    case 'line-1m':
      return [
        `# ${'c'.repeat(1_000_000)}`,
        `GET http://127.0.0.1:9/${'p'.repeat(1_000_000)}`,
        `X-Long: ${'h'.repeat(1_000_000)}`,
        '',
        'b'.repeat(1_000_000),
      ].join('\n');
    case 'unterminated':
      return ['@host = {{base', '', 'GET http://127.0.0.1:9/{{id', 'X-A: {{token', '', '{"a": "{{x"}', '', '### two', 'GET {{host}}/ok', ''].join('\n');
    case 'deep-braces':
      return [`GET http://127.0.0.1:9/${'{{'.repeat(200_000)}`, `X-B: ${'{{{{'.repeat(100_000)}x${'}}}}'.repeat(100_000)}`, '', `${'{{'.repeat(100_000)}`, ''].join('\n');
    case 'csv-1m-rows': {
      const rows = ['id,name'];
      for (let i = 0; i < 1_000_000; i++) rows.push(`${i},n${i}`);
      await writeFile(join(dir, 'rows.csv'), rows.join('\n'));
      return '# @foreach ./rows.csv\nGET http://127.0.0.1:9/items/{{id}}?name={{name}}\n';
    }
  }
}

async function runCase(name: CaseName): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-limits-'));
  try {
    const text = await input(name, dir);
    const t0 = performance.now();
    const doc = parseDocument(text);
    const parseMs = performance.now() - t0;
    const t1 = performance.now();
    const plan = await buildPlan(text, {
      filePath: join(dir, 'main.batch.http'),
      workspaceRoot: dir,
      environment: null,
      files: createNodeFileReader(),
      processEnv: {},
    });
    const planMs = performance.now() - t1;
    return {
      requests: plan.requests.length,
      errors: plan.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`),
      warnings: plan.diagnostics.filter((d) => d.severity === 'warning').length,
      firstUrlLength: plan.requests[0]?.url.length ?? 0,
      positionProblems: positionProblems(text, { doc, diagnostics: plan.diagnostics, blocks: plan.blocks }).slice(0, 5),
      parseMs,
      planMs,
      textLength: text.length,
      blocks: blocksWritten,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function inWorker(name: CaseName, limitMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: name, resourceLimits: { maxOldGenerationSizeMb: 6144 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${name}: no result after ${limitMs} ms (a hang)`));
    }, limitMs);
    worker.once('message', (m: { ok: true; outcome: Outcome } | { ok: false; error: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.outcome);
      else reject(new Error(`${name}: threw ${m.error}`));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

if (!isMainThread) {
  runCase(workerData as CaseName).then(
    (outcome) => parentPort?.postMessage({ ok: true, outcome }),
    (err: unknown) => parentPort?.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
} else {
  test('a 50 MB file plans every request', { timeout: 90_000 }, async () => {
    const o = await inWorker('file-50mb', 60_000);
    assert.ok(o.textLength >= 50 * MB);
    assert.deepEqual(o.errors, []);
    assert.ok(o.blocks > 9000);
    assert.equal(o.requests, o.blocks);
    assert.deepEqual(o.positionProblems, []);
  });

  test('1,000,000-character lines: a comment, a target, a header and a body line', { timeout: 60_000 }, async () => {
    const o = await inWorker('line-1m', 30_000);
    assert.deepEqual(o.errors, []);
    assert.equal(o.requests, 1);
    assert.equal(o.firstUrlLength, 'http://127.0.0.1:9/'.length + 1_000_000);
    assert.deepEqual(o.positionProblems, []);
  });

  test('unterminated {{ is an error diagnostic on its line, not a hang', { timeout: 60_000 }, async () => {
    const o = await inWorker('unterminated', 30_000);
    assert.ok(o.errors.length > 0, 'unterminated {{ is reported');
    const lines = new Set(o.errors.map((e) => Number(e.split(':')[0])));
    assert.ok(lines.has(3), `the request line's {{id is reported: ${o.errors.join(' | ')}`);
    assert.deepEqual(o.positionProblems, []);
  });

  test('deeply repeated {{{{ ends with a diagnostic or a result', { timeout: 60_000 }, async () => {
    const o = await inWorker('deep-braces', 30_000);
    assert.ok(o.errors.length + o.warnings + o.requests > 0);
    assert.deepEqual(o.positionProblems, []);
  });

  test('a CSV of 1,000,000 rows under @foreach ends with a diagnostic or a result', { timeout: 120_000 }, async () => {
    const o = await inWorker('csv-1m-rows', 90_000);
    assert.ok(o.requests === 1_000_000 || o.errors.length > 0, `${o.requests} requests, errors: ${o.errors.join(' | ')}`);
    assert.deepEqual(o.positionProblems, []);
  });
}
