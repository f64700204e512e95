// What `npm run bench` measures: the scenarios (a generated file, a concurrency cap and
// the tools run on it) and the targets of issue 5 computed from them.

export const TOOL_NAMES = {
  'batch-http': 'batch-http run',
  'undici-loop': 'minimal undici loop',
  httpyac: 'httpYac CLI',
};

const fmt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function scenario(id, { count, delayMs, concurrency, responseBytes = 0, named = false, assertions = false, foreach = false, resumeOf = 0, pairedWith = null, tools }) {
  const title = resumeOf
    ? `--resume of ${fmt(resumeOf)} @foreach rows, 1% failed: the failed ones sent again`
    : foreach
    ? `@foreach over ${fmt(count)} CSV rows`
    : `${fmt(count)} × ${delayMs} ms` + (responseBytes ? `, ${responseBytes / 1024} KB responses` : '') + (named ? ', named' : '') + (assertions ? ', 3 assertions each' : '');
  // generous bound per run: a sequential pass over every delay, plus 2 ms a request, plus a minute
  const timeoutMs = 60_000 + 3 * count * delayMs + 2 * count;
  return { id, title, count, delayMs, concurrency, responseBytes, named, assertions, foreach, resumeOf, pairedWith, tools, timeoutMs: timeoutMs + 2 * resumeOf };
}

/**
 * The big-batch scenarios (issue 20): `@foreach` over 100,000 and 1,000,000 CSV rows (a tenth
 * of that with `quick`), our CLI only (the undici loop does not read `@foreach`). They take
 * minutes, so they run only with `--big` (or when named in `--only`).
 */
function bigBatches(quick) {
  const small = quick ? 10_000 : 100_000;
  const large = quick ? 100_000 : 1_000_000;
  const ours = 'batch-http';
  const scenarios = [
    scenario('foreach-100k', { count: small, delayMs: 0, concurrency: 64, foreach: true, tools: [ours] }),
    scenario('foreach-1m', { count: large, delayMs: 0, concurrency: 64, foreach: true, tools: [ours] }),
    // Measured: the resumed run only; `count` is what it must send (the 1% that failed once).
    scenario('resume-100k', { count: small / 100, delayMs: 0, concurrency: 64, foreach: true, resumeOf: small, tools: [ours] }),
  ];
  const ref = (id) => ({ scenario: id, tool: ours });
  const targets = [
    { label: `@foreach: ${fmt(large)} vs ${fmt(small)} rows: wall time`, metric: 'wallMs', of: ref('foreach-1m'), over: ref('foreach-100k'), op: '<=', limit: 11, unit: 'x' },
    { label: `@foreach: peak RSS for ${fmt(large)} rows`, metric: 'peakRssMb', of: ref('foreach-1m'), op: '<=', limit: 400, unit: 'MB' },
  ];
  return { scenarios, targets };
}

/**
 * The scenarios and targets of a run. `quick` shrinks every count (same shapes, same
 * ratios); `peers` adds httpYac where a target compares with it; `big` adds the
 * `@foreach` scenarios of a million rows.
 */
export function benchPlan({ quick = false, peers = false, big = false } = {}) {
  const n = quick
    ? { latency: 200, throughput: 2_000, small: 500, scaleSmall: 1_000, scaleLarge: 10_000 }
    : { latency: 2_000, throughput: 20_000, small: 2_000, scaleSmall: 10_000, scaleLarge: 100_000 };
  const ours = 'batch-http';
  const loop = 'undici-loop';
  const withPeer = (tools) => (peers ? [...tools, 'httpyac'] : tools);
  const scenarios = [
    scenario('latency-c64', { count: n.latency, delayMs: 20, concurrency: 64, tools: withPeer([ours, loop]) }),
    scenario('latency-c8', { count: n.latency, delayMs: 20, concurrency: 8, tools: [ours, loop] }),
    scenario('latency-c1', { count: n.latency, delayMs: 20, concurrency: 1, tools: withPeer([ours, loop]) }),
    scenario('throughput-c64', { count: n.throughput, delayMs: 0, concurrency: 64, tools: [ours, loop] }),
    scenario('small-c64', { count: n.small, delayMs: 0, concurrency: 64, tools: withPeer([ours, loop]) }),
    scenario('small-named-c64', { count: n.small, delayMs: 0, concurrency: 64, named: true, tools: [ours] }),
    scenario('small-c1', { count: n.small, delayMs: 0, concurrency: 1, tools: withPeer([ours, loop]) }),
    scenario('scale-small', { count: n.scaleSmall, delayMs: 0, concurrency: 64, responseBytes: 1024, tools: [ours] }),
    scenario('scale-large', { count: n.scaleLarge, delayMs: 0, concurrency: 64, responseBytes: 1024, tools: [ours] }),
    // Run round by round with scale-small (runGroups): the target is the median of the rounds' ratios.
    scenario('scale-asserted', { count: n.scaleSmall, delayMs: 0, concurrency: 64, responseBytes: 1024, assertions: true, pairedWith: 'scale-small', tools: [ours] }),
  ];
  const ref = (id, tool) => ({ scenario: id, tool });
  const wall = (label, of, over, op, limit) => ({ label, metric: 'wallMs', of, over, op, limit, unit: 'x' });
  const targets = [
    wall(`latency, C=64: wall time vs undici loop`, ref('latency-c64', ours), ref('latency-c64', loop), '<=', 1.1),
    wall(`latency, C=8: wall time vs undici loop`, ref('latency-c8', ours), ref('latency-c8', loop), '<=', 1.05),
    wall(`latency, C=1: wall time vs undici loop`, ref('latency-c1', ours), ref('latency-c1', loop), '<=', 1.05),
    wall(`throughput, C=64: req/s vs undici loop`, ref('throughput-c64', loop), ref('throughput-c64', ours), '>=', 0.95),
    wall(`20 ms latency, C=64: times faster than httpYac`, ref('latency-c64', 'httpyac'), ref('latency-c64', ours), '>=', 30),
    wall(`20 ms latency, C=1: httpYac time / ours (never slower)`, ref('latency-c1', 'httpyac'), ref('latency-c1', ours), '>=', 1),
    wall(`no latency, C=1: httpYac time / ours (never slower)`, ref('small-c1', 'httpyac'), ref('small-c1', ours), '>=', 1),
    wall(`${fmt(n.small)} named vs unnamed: wall time`, ref('small-named-c64', ours), ref('small-c64', ours), '<=', 1.1),
    wall(`scale: ${fmt(n.scaleLarge)} vs ${fmt(n.scaleSmall)} requests: wall time`, ref('scale-large', ours), ref('scale-small', ours), '<=', 12),
    {
      label: `assertions: CPU time with 3 a request vs none, ${fmt(n.scaleSmall)} requests`,
      metric: 'cpuMs',
      of: ref('scale-asserted', ours),
      over: ref('scale-small', ours),
      op: '<=',
      limit: 1.1,
      unit: 'x',
      paired: true,
    },
    {
      label: `scale: peak RSS for ${fmt(n.scaleLarge)} requests, 1 KB responses`,
      metric: 'peakRssMb',
      of: ref('scale-large', ours),
      op: '<',
      limit: 300,
      unit: 'MB',
    },
  ];
  if (big) {
    const extra = bigBatches(quick);
    scenarios.push(...extra.scenarios);
    targets.push(...extra.targets);
  }
  return { scenarios, targets };
}

/**
 * The fewest rounds a pair of scenarios runs (`pairedWith`). A single round's ratio spreads by
 * about ±7% on a 2-core VM; in one 40-round A/B (bench/README.md) medians of 9 consecutive
 * rounds ranged 1.05-1.11, of 21 rounds 1.07-1.09. A pair round takes about 4 s.
 */
export const PAIRED_RUNS = { full: 21, quick: 3 };

/**
 * The scenarios in running order, as groups: a scenario with `pairedWith` runs in its partner's
 * group (round by round with it) when the partner runs too; every other scenario alone.
 */
export function runGroups(scenarios) {
  const groups = new Map();
  for (const s of scenarios) {
    const key = s.pairedWith && scenarios.some((p) => p.id === s.pairedWith) ? s.pairedWith : s.id;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()];
}
