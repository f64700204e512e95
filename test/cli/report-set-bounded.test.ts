// `batch-http run` with JUnit, pretty and HTML reports of 20,000 requests against a local
// server: the ReportSet holds no result objects (no list grows with the run, only the
// spools' typed arrays: 13 bytes a request each), and the reports hold every request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportSet } from '../../src/cli/report-set';
import { runBatch } from '../../src/core/runner';
import { buildPlan, planSize } from '../../src/core/parser';
import { createNodeFileReader } from '../../src/core/system';
import { startServer, sendJson } from '../support/server';

const COUNT = 20_000;

interface Reach {
  /** The most entries of one array, map or set reached. */
  longest: number;
  /** Bytes of typed arrays reached, Node.js Buffers (fixed-size batches) apart. */
  typedBytes: number;
}

/** Walks every object reachable from `root` through own properties, arrays, maps and sets. */
function reach(root: object): Reach {
  const seen = new Set<object>();
  const out: Reach = { longest: 0, typedBytes: 0 };
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      if (!Buffer.isBuffer(value)) out.typedBytes += value.byteLength;
      continue;
    }
    if (Array.isArray(value) || value instanceof Map || value instanceof Set) {
      const entries = value instanceof Map ? [...value.keys(), ...value.values()] : [...value];
      out.longest = Math.max(out.longest, Array.isArray(value) ? value.length : value.size);
      stack.push(...entries);
      continue;
    }
    for (const key of Object.getOwnPropertyNames(value)) stack.push((value as Record<string, unknown>)[key]);
  }
  return out;
}

test(`${COUNT} requests with --reporter junit -o F --reporter pretty -o G --reporter html -o H: no result kept in memory, every one reported`, async () => {
  const server = await startServer((req, res) => {
    const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('i'));
    sendJson(res, i % 1000 === 7 ? 500 : 200, { i });
  });
  const dir = await mkdtemp(join(tmpdir(), 'bh-bounded-'));
  const targets = [
    { reporter: 'junit' as const, output: join(dir, 'r.xml') },
    { reporter: 'pretty' as const, output: join(dir, 'r.txt') },
    { reporter: 'html' as const, output: join(dir, 'r.html') },
  ];
  try {
    const text = ['# @concurrency 32', '', '###', `# @repeat ${COUNT}`, `GET ${server.url}/item?i={{$index}}`, ''].join('\n');
    const plan = await buildPlan(text, { filePath: join(dir, 'big.batch.http'), workspaceRoot: dir, files: createNodeFileReader(), processEnv: null });
    assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(planSize(plan), COUNT);
    const reports = new ReportSet(targets, COUNT, plan.secrets, plan.file);
    try {
      let report = await runBatch(plan, { keepResults: false, onResult: reports.add });
      report = reports.complete(report);
      assert.equal(report.summary.total, COUNT);
      assert.equal(report.summary.failed, COUNT / 1000);
      assert.deepEqual(report.results, [], 'the runner kept no results either');
      const held = reach(reports);
      assert.ok(held.longest <= 300, `no list grows with the run (the longest holds ${held.longest})`);
      // JUnit and HTML spools: an offset (8 bytes), a length (4) and a carried flag (1) per request.
      assert.ok(held.typedBytes <= 2 * 13 * COUNT, `${held.typedBytes} bytes of typed arrays`);
      const errors: string[] = [];
      assert.equal(await reports.write(report, { stdout: () => {}, stderr: (t) => void errors.push(t), stderrIsTTY: false }, true), true, errors.join(''));
    } finally {
      reports.close();
    }
    const junit = await readFile(targets[0]!.output, 'utf8');
    assert.match(junit, new RegExp(`<testsuite name="[^"]*" tests="${COUNT}" failures="${COUNT / 1000}"`));
    assert.equal((junit.match(/<testcase /g) ?? []).length, COUNT);
    const pretty = await readFile(targets[1]!.output, 'utf8');
    assert.match(pretty, new RegExp(`\\nrequests +${COUNT}: ${COUNT - COUNT / 1000} succeeded, ${COUNT / 1000} failed`));
    assert.equal((pretty.match(/^ *\d+ +GET /gm) ?? []).length, COUNT / 1000, 'pretty lists only the failures of a big run');
    const html = await readFile(targets[2]!.output, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="batch-http-data">([^<]*)<\/script>/.exec(html)![1]!) as { rows: Array<{ index: number }> };
    assert.equal(data.rows.length, COUNT);
    assert.ok(data.rows.every((r, i) => r.index === i), 'rows in index order');
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
