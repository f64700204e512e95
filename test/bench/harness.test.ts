// The benchmark harness itself (bench/): the request-file generator and reader, the
// report's arithmetic and tables, the bench server's counting and the undici loop.
// No timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateForeachFiles, generateRequestFile, readGeneratedFile } from '../../bench/lib/requests.mjs';
import { startBurners } from '../../bench/lib/busy.mjs';
import { median, summarize, evaluateTargets, pairedValue, renderResultsTable, renderTargetsTable } from '../../bench/lib/report.mjs';
import type { RunRecord, Target } from '../../bench/lib/report.mjs';
import { benchPlan, runGroups } from '../../bench/lib/scenarios.mjs';
import { replaceSection, START, END } from '../../bench/lib/readme.mjs';
import { startServer } from '../../bench/lib/server-control.mjs';
import { summarizeProfile, renderProfile } from '../../bench/lib/cpuprofile.mjs';
import { med, bootstrapMedian, pairedLine } from '../../bench/lib/paired.mjs';

const BENCH = fileURLToPath(new URL('../../../bench/', import.meta.url));
const run = promisify(execFile);

test('generated file: header variable, one block per request, 3 GETs per POST, delay and size in the query', () => {
  const text = generateRequestFile({ count: 8, baseUrl: 'http://127.0.0.1:4321', delayMs: 20, responseBytes: 1024 });
  assert.match(text, /^@host = http:\/\/127\.0\.0\.1:4321$/m);
  assert.equal(text.match(/^###$/gm)?.length, 8);
  assert.doesNotMatch(text, /@name/);
  const requests = readGeneratedFile(text);
  assert.equal(requests.length, 8);
  assert.deepEqual(
    requests.map((r) => r.method),
    ['GET', 'GET', 'GET', 'POST', 'GET', 'GET', 'GET', 'POST'],
  );
  assert.equal(requests[0].url, 'http://127.0.0.1:4321/items/1?id=1&delay=20&size=1024&fields=id,name');
  assert.equal(requests[0].body, null);
  assert.equal(requests[0].headers['x-request-id'], 'bench-1');
  assert.equal(requests[3].headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(requests[3].body ?? ''), { id: 4, sku: 'sku-4', quantity: 4, note: 'bench' });
});

test('generated file: named variant names every request once, reads the same', () => {
  const plain = readGeneratedFile(generateRequestFile({ count: 5, baseUrl: 'http://127.0.0.1:1' }));
  const namedText = generateRequestFile({ count: 5, baseUrl: 'http://127.0.0.1:1', named: true });
  assert.deepEqual(namedText.match(/^# @name r\d+$/gm), ['# @name r1', '# @name r2', '# @name r3', '# @name r4', '# @name r5']);
  assert.deepEqual(readGeneratedFile(namedText), plain);
});

test('generated file: the assertions variant adds three ?? lines a request that the product parses and the loop ignores', async () => {
  const plain = readGeneratedFile(generateRequestFile({ count: 4, baseUrl: 'http://127.0.0.1:1' }));
  const text = generateRequestFile({ count: 4, baseUrl: 'http://127.0.0.1:1', assertions: true });
  assert.equal(text.match(/^\?\? /gm)?.length, 12);
  assert.deepEqual(readGeneratedFile(text), plain, 'the undici loop sends the same requests');
  const { parseDocument } = await import('../../src/core/parser');
  const doc = parseDocument(text);
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(doc.blocks.map((b) => b.assertions.map((a) => a.text)), Array(4).fill(['status == 200', 'header content-type includes json', 'body $.ok == true']));
  assert.equal(doc.blocks[3]!.body!.length, 1, 'the POST keeps its JSON body');
  const { scenarios, targets } = benchPlan();
  assert.equal(scenarios.find((s) => s.id === 'scale-asserted')?.assertions, true);
  const t = targets.find((x) => x.of.scenario === 'scale-asserted')!;
  assert.deepEqual([t.metric, t.over?.scenario, t.op, t.limit], ['cpuMs', 'scale-small', '<=', 1.1]);
});

test('generator refuses non-loopback targets and bad counts', () => {
  assert.throws(() => generateRequestFile({ count: 1, baseUrl: 'http://10.0.0.1:80' }), RangeError);
  assert.throws(() => generateRequestFile({ count: 0, baseUrl: 'http://127.0.0.1:80' }), RangeError);
});

test('median of odd and even counts ignores missing values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([null, 5, undefined]), 5);
  assert.equal(median([]), null);
});

const scenarios = [
  { id: 'a', title: '10 × 20 ms', count: 10, concurrency: 4, tools: ['ours', 'loop'] },
  { id: 'b', title: '10 × 0 ms', count: 10, concurrency: 4, tools: ['ours'] },
];
const rec = (scenario: string, tool: string, wallMs: number, peakRssKb: number, ok = true): RunRecord => ({
  scenario,
  tool,
  wallMs,
  peakRssKb,
  cpuMs: wallMs / 2,
  received: ok ? 10 : 9,
  ok,
});

test('summaries: median wall, max RSS, req/s, received check, scenario order', () => {
  const runs = [rec('a', 'loop', 1000, 2048), rec('a', 'ours', 1200, 1024), rec('a', 'ours', 1000, 3072), rec('a', 'ours', 5000, 1024), rec('b', 'ours', 500, 1024, false)];
  const s = summarize(runs, scenarios);
  assert.deepEqual(
    s.map((x) => [x.scenario, x.tool, x.runs, x.wallMs, x.peakRssMb, x.requestsPerSecond, x.allOk]),
    [
      ['a', 'ours', 3, 1200, 3, 10 / 1.2, true],
      ['a', 'loop', 1, 1000, 2, 10, true],
      ['b', 'ours', 1, 500, 1, 20, false],
    ],
  );
  const table = renderResultsTable(s, { ours: 'our CLI' });
  const lines = table.split('\n');
  assert.equal(lines.length, 5);
  assert.equal(lines[2], '| 10 × 20 ms | our CLI | 4 | 10 | 3 | 1.200 | 1.000–5.000 | 8 | 0.600 | 3.0 | 10 of 10 ✓ |');
  assert.match(lines[4], /\| 9 of 10 ✗ \|$/);
});

test('targets: ratios, absolute limits, n/a when a case is missing, FAIL when a run lost requests', () => {
  const s = summarize([rec('a', 'loop', 1000, 1024), rec('a', 'ours', 1080, 200 * 1024), rec('b', 'ours', 500, 1024, false)], scenarios);
  const targets: Target[] = [
    { label: 'slowdown', metric: 'wallMs', of: { scenario: 'a', tool: 'ours' }, over: { scenario: 'a', tool: 'loop' }, op: '<=', limit: 1.05, unit: 'x' },
    { label: 'speed', metric: 'wallMs', of: { scenario: 'a', tool: 'loop' }, over: { scenario: 'a', tool: 'ours' }, op: '>=', limit: 0.9, unit: 'x' },
    { label: 'rss', metric: 'peakRssMb', of: { scenario: 'a', tool: 'ours' }, op: '<', limit: 300, unit: 'MB' },
    { label: 'peer', metric: 'wallMs', of: { scenario: 'a', tool: 'peer' }, over: { scenario: 'a', tool: 'ours' }, op: '>=', limit: 30, unit: 'x' },
    { label: 'lost', metric: 'wallMs', of: { scenario: 'b', tool: 'ours' }, op: '<=', limit: 10_000, unit: 'x' },
  ];
  const r = evaluateTargets(s, targets);
  assert.deepEqual(
    r.map((x) => x.verdict),
    ['FAIL', 'PASS', 'PASS', 'n/a', 'FAIL'],
  );
  assert.ok(Math.abs((r[0].value ?? 0) - 1.08) < 1e-9);
  assert.ok(Math.abs((r[0].cpuValue ?? 0) - 1.08) < 1e-9, 'rec() gives CPU = wall / 2, so the CPU ratio is the same');
  assert.equal(r[2].cpuValue, null, 'no CPU ratio for a memory target');
  const table = renderTargetsTable(r).split('\n');
  assert.equal(table[2], '| slowdown | 1.08x | ≤ 1.05x | FAIL | 1.08x |');
  assert.equal(table[4], '| rss | 200.0 MB | < 300 MB | PASS | – |');
  assert.equal(table[5], '| peer | – | ≥ 30x | n/a | – |');
});

test('paired targets: the median of the rounds\' ratios, not the ratio of the medians', () => {
  // Round by round the checked run costs 1.05x its plain partner, while the machine's speed
  // drifts: the medians of the two columns would say 1.5x.
  const plain = [1000, 1000, 1000, 2000, 2000];
  const checked = [1050, 1050, 1050, 2100, 2100];
  const runs: RunRecord[] = [];
  plain.forEach((cpu, round) => runs.push({ ...rec('b', 'ours', 0, 1), cpuMs: cpu, round }));
  checked.forEach((cpu, round) => runs.push({ ...rec('a', 'ours', 0, 1), cpuMs: cpu * (round === 3 ? 1.5 : 1), round }));
  // A run without a partner in its round (none in round 9) is left out.
  runs.push({ ...rec('a', 'ours', 0, 1), cpuMs: 99_999, round: 9 });
  const target: Target = { label: 'checks', metric: 'cpuMs', of: { scenario: 'a', tool: 'ours' }, over: { scenario: 'b', tool: 'ours' }, op: '<=', limit: 1.1, unit: 'x', paired: true };
  const p = pairedValue(runs, target)!;
  assert.equal(p.rounds, 5);
  assert.ok(Math.abs(p.value - 1.05) < 1e-9, String(p.value));
  assert.ok(p.interval[0] <= p.value && p.value <= p.interval[1]);
  const s = summarize(runs, [{ ...scenarios[0]!, tools: ['ours'] }, scenarios[1]!]);
  const [r] = evaluateTargets(s, [target], runs);
  assert.equal(r.verdict, 'PASS');
  assert.match(renderTargetsTable([r]).split('\n')[2]!, /^\| checks \| 1\.05x \(median of 5 paired rounds; 90% interval 1\.050–1\.575\) \| ≤ 1\.1x \| PASS \|/);
  // Without the rounds (an older caller), the same target is the ratio of the medians.
  const [unpaired] = evaluateTargets(s, [target]);
  assert.equal(unpaired.verdict, 'FAIL');
  assert.equal(unpaired.interval, undefined);
  assert.equal(pairedValue([], target), null);
});

test('run groups: a paired scenario runs with its partner, wherever it stands; alone without it', () => {
  const { scenarios: all } = benchPlan();
  const ids = (groups: { id: string }[][]): string[][] => groups.map((g) => g.map((s) => s.id));
  const groups = ids(runGroups(all));
  assert.deepEqual(groups.find((g) => g.includes('scale-asserted')), ['scale-small', 'scale-asserted']);
  assert.equal(groups.flat().length, all.length, 'every scenario runs once');
  assert.deepEqual(ids(runGroups(all.filter((s) => s.id === 'scale-asserted'))), [['scale-asserted']]);
  const reversed = ['scale-asserted', 'scale-small'].map((id) => all.find((s) => s.id === id)!);
  assert.deepEqual(ids(runGroups(reversed)), [['scale-asserted', 'scale-small']]);
});

test('bench plan: every target refers to a scenario and tool that the plan runs (with peers)', () => {
  for (const quick of [false, true]) {
    const { scenarios: all, targets } = benchPlan({ quick, peers: true });
    for (const t of targets) {
      for (const ref of [t.of, t.over].filter((x) => x !== undefined)) {
        const s = all.find((x) => x.id === ref.scenario);
        assert.ok(s, `${t.label}: scenario ${ref.scenario}`);
        assert.ok(s.tools.includes(ref.tool), `${t.label}: ${ref.tool} in ${ref.scenario}`);
      }
    }
  }
  const full = benchPlan().scenarios;
  assert.equal(full.find((s) => s.id === 'scale-large')?.count, 100_000);
  assert.equal(full.some((s) => s.tools.includes('httpyac')), false, 'httpYac only with --peers');
});

test('README section: replaced between the markers, appended when they are absent', () => {
  const once = replaceSection('# bench\n', '## Performance\nold\n');
  assert.equal(once, `# bench\n\n${START}\n## Performance\nold\n${END}\n`);
  const twice = replaceSection(`${once}tail\n`, '## Performance\nnew');
  assert.equal(twice, `# bench\n\n${START}\n## Performance\nnew\n${END}\ntail\n`);
});

test('bench server counts requests, honours size, resets; the undici loop sends every request once', async () => {
  const server = await startServer({ script: join(BENCH, 'server.mjs'), maxLifetimeS: 60 });
  const dir = await mkdtemp(join(tmpdir(), 'bh-bench-'));
  try {
    const file = join(dir, 'req.batch.http');
    await writeFile(file, generateRequestFile({ count: 12, baseUrl: server.baseUrl, delayMs: 1, responseBytes: 700 }));
    const { stdout } = await run(process.execPath, [join(BENCH, 'undici-loop.mjs'), file, '3'], { timeout: 30_000 });
    const summary = JSON.parse(stdout);
    assert.equal(summary.requests, 12);
    assert.equal(summary.succeeded, 12);
    assert.equal(summary.failed, 0);
    const counts = await server.count();
    assert.equal(counts.requests, 12);
    assert.equal(counts.responses, 12);
    assert.deepEqual(counts.byMethod, { GET: 9, POST: 3 });
    assert.ok(counts.sockets >= 1 && counts.sockets <= 3, `at most 3 connections, got ${counts.sockets}`);

    const res = await fetch(`${server.baseUrl}/x?size=700`);
    assert.equal((await res.arrayBuffer()).byteLength, 700);
    await server.reset();
    assert.equal((await server.count()).requests, 0);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('cpu profile summary: self time per function and area, bundle positions mapped to sources', () => {
  const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, columnNumber: 0 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1) },
      { id: 2, callFrame: frame('pump', 'file:///x/dist/cli.js', 10) },
      { id: 3, callFrame: frame('onData', 'file:///x/dist/cli.js', 20) },
      { id: 4, callFrame: frame('(garbage collector)', '', -1) },
      { id: 5, callFrame: frame('emit', 'node:events', 4) },
    ],
    samples: [2, 3, 2, 4, 5, 2],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
  };
  const map = (url: string, line0: number) =>
    !url.endsWith('dist/cli.js')
      ? null
      : line0 === 10
        ? { source: 'src/core/runner/scheduler.ts', line: 99 }
        : { source: 'node_modules/undici/lib/core.js', line: 7 };
  const s = summarizeProfile(profile, map);
  assert.equal(s.totalMs, 6);
  assert.deepEqual(s.functions[0], { name: 'pump', source: 'src/core/runner/scheduler.ts', line: 99, selfMs: 3 });
  assert.deepEqual(
    s.areas.map((a) => [a.area, a.selfMs]),
    [
      ['src/core/runner', 3],
      ['node_modules/undici', 1],
      ['(garbage collector)', 1],
      ['node internals', 1],
    ],
  );
  assert.match(renderProfile(s, 1), /\| pump \| src\/core\/runner\/scheduler\.ts:99 \| 3\.0 \| 50\.0 \|$/);
});

test('big batches: @foreach scenarios and targets only with big; the CSV has one row per request', async () => {
  assert.equal(benchPlan().scenarios.some((s) => s.foreach), false);
  const { scenarios, targets } = benchPlan({ big: true });
  const big = scenarios.filter((s) => s.foreach);
  assert.deepEqual(big.map((s) => [s.id, s.count, s.resumeOf]), [['foreach-100k', 100_000, 0], ['foreach-1m', 1_000_000, 0], ['resume-100k', 1_000, 100_000]]);
  const refs = targets.filter((t) => t.of.scenario.startsWith('foreach-'));
  assert.deepEqual(refs.map((t) => [t.metric, t.limit]), [['wallMs', 11], ['peakRssMb', 400]]);
  const { file, csv } = generateForeachFiles({ rows: 5, baseUrl: 'http://127.0.0.1:4321', csvName: 'r.csv' });
  assert.match(file, /^# @foreach \.\/r\.csv$/m);
  assert.equal(csv.trim().split('\n').length, 6);
  const failing = generateForeachFiles({ rows: 300, baseUrl: 'http://127.0.0.1:4321', failEvery: 100 });
  assert.match(failing.file, /&failonce=\{\{f\}\}$/m);
  assert.equal(failing.csv.split('\n').filter((l) => l.endsWith(',1')).length, 3);
});

test('bench server: failonce=1 fails a URL once after each reset', async () => {
  const server = await startServer({ script: join(BENCH, 'server.mjs'), maxLifetimeS: 60 });
  try {
    const get = async (q: string): Promise<number> => (await fetch(`${server.baseUrl}/items/1?${q}`)).status;
    assert.deepEqual([await get('failonce=1'), await get('failonce=1'), await get('failonce=0')], [503, 200, 200]);
    assert.equal((await server.count()).requests, 3);
    await server.reset();
    assert.equal(await get('failonce=1'), 503);
  } finally {
    await server.stop();
  }
});

test('--busy burners run until stopped, and stop by their pid', async () => {
  const burners = startBurners(1);
  const [pid] = burners.pids;
  assert.doesNotThrow(() => process.kill(pid!, 0), 'running');
  burners.stop();
  burners.stop();
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid!, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`burner ${pid} is still running`);
});

test('paired ratios: round by round, the median and a bootstrap interval around it', () => {
  assert.equal(med([3, 1, 2]), 2);
  assert.equal(med([4, 1, 3, 2]), 3, 'the upper of the middle two');
  const [lo, hi] = bootstrapMedian([1, 1, 1, 1]);
  assert.deepEqual([lo, hi], [1, 1]);
  const [l2, h2] = bootstrapMedian([0.9, 1.0, 1.1, 1.2, 1.3]);
  assert.ok(l2 >= 0.9 && l2 <= 1.1 && h2 >= 1.1 && h2 <= 1.3 && l2 <= h2, `${l2}-${h2}`);
  const line = pairedLine('b / a', 'cpu', [2, 3, 4], [1, 3, 2]);
  assert.match(line, /^b \/ a\tcpu paired ratio med 2\.000 \(90% interval [0-9.]+-[0-9.]+\) \[2\.00 1\.00 2\.00\]$/);
});
