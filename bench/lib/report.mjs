// Pure functions from measured runs to the Markdown report: medians per case, the
// targets of issue 5 with PASS/FAIL, and the tables.
import { bootstrapMedian } from './paired.mjs';

/** Median of the finite numbers in `values` (mean of the middle two for an even count), or null. */
export function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Groups runs {scenario, tool, wallMs, peakRssKb, cpuMs, received, ok} by scenario and tool,
 * in the order of `scenarios` and of each scenario's tools. Peak RSS is the largest of the
 * runs; wall and CPU time are medians.
 */
export function summarize(runs, scenarios) {
  const out = [];
  for (const scenario of scenarios) {
    for (const tool of scenario.tools) {
      const mine = runs.filter((r) => r.scenario === scenario.id && r.tool === tool);
      if (mine.length === 0) continue;
      const wallMs = median(mine.map((r) => r.wallMs));
      const rss = mine.map((r) => r.peakRssKb).filter((v) => typeof v === 'number');
      out.push({
        scenario: scenario.id,
        tool,
        title: scenario.title,
        count: scenario.count,
        concurrency: scenario.concurrency,
        runs: mine.length,
        wallMs,
        minWallMs: Math.min(...mine.map((r) => r.wallMs)),
        maxWallMs: Math.max(...mine.map((r) => r.wallMs)),
        requestsPerSecond: wallMs ? scenario.count / (wallMs / 1000) : null,
        peakRssMb: rss.length ? Math.max(...rss) / 1024 : null,
        cpuMs: median(mine.map((r) => r.cpuMs)),
        received: [...new Set(mine.map((r) => r.received))],
        allOk: mine.every((r) => r.ok),
      });
    }
  }
  return out;
}

function find(summaries, ref) {
  return summaries.find((s) => s.scenario === ref.scenario && s.tool === ref.tool) ?? null;
}

function metricOf(summary, metric) {
  if (metric === 'cpuMs') return summary.cpuMs;
  return metric === 'peakRssMb' ? summary.peakRssMb : summary.wallMs;
}

/**
 * A paired target's value from the runs themselves: the median of the ratios of..over of the
 * runs made in the same round (`round`, runGroups in scenarios.mjs), with a bootstrap 90%
 * interval of that median; null when no round has both runs.
 */
export function pairedValue(runs, t) {
  const is = (r, ref) => r.scenario === ref.scenario && r.tool === ref.tool && r.round !== undefined;
  const ratios = [];
  for (const a of runs) {
    if (!is(a, t.of)) continue;
    const b = runs.find((r) => is(r, t.over) && r.round === a.round);
    const x = a[t.metric];
    const y = b?.[t.metric];
    if (typeof x === 'number' && typeof y === 'number' && y > 0) ratios.push(x / y);
  }
  if (ratios.length === 0) return null;
  const [lo, hi] = bootstrapMedian(ratios);
  return { value: median(ratios), interval: [lo, hi], rounds: ratios.length };
}

/**
 * Each target {label, metric, of, over?, op, limit, unit, paired?}: the value is of.metric,
 * divided by over.metric when `over` is given; it passes when `value op limit` holds ('<=',
 * '<', '>='). A `paired` target's value is the median of the per-round ratios of `runs`
 * (pairedValue) when the two cases ran round by round. A target whose cases were not run, or
 * failed their checks, is 'n/a' or 'FAIL'.
 */
export function evaluateTargets(summaries, targets, runs = []) {
  return targets.map((t) => {
    const a = find(summaries, t.of);
    const b = t.over ? find(summaries, t.over) : null;
    if (!a || (t.over && !b)) return { ...t, value: null, cpuValue: null, verdict: 'n/a' };
    const num = metricOf(a, t.metric);
    const den = b ? metricOf(b, t.metric) : 1;
    if (num === null || den === null || den === 0) return { ...t, value: null, cpuValue: null, verdict: 'n/a' };
    const paired = t.paired && b ? pairedValue(runs, t) : null;
    const value = paired ? paired.value : num / den;
    const cpuValue =
      t.metric === 'wallMs' && a.cpuMs !== null && (!b || (b.cpuMs !== null && b.cpuMs > 0)) ? a.cpuMs / (b ? b.cpuMs : 1) : null;
    const holds = t.op === '<=' ? value <= t.limit : t.op === '<' ? value < t.limit : value >= t.limit;
    const checked = a.allOk && (!b || b.allOk);
    return { ...t, value, cpuValue, verdict: holds && checked ? 'PASS' : 'FAIL', ...(paired ? { interval: paired.interval, rounds: paired.rounds } : {}) };
  });
}

const fixed = (v, digits) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const seconds = (ms) => fixed(ms === null ? null : ms / 1000, 3);
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function receivedCell(s) {
  const text = s.received.map((n) => (n === null ? '?' : thousands(n))).join('/');
  return `${text} of ${thousands(s.count)} ${s.allOk ? '✓' : '✗'}`;
}

/** The results table: one row per scenario and tool. */
export function renderResultsTable(summaries, toolNames = {}) {
  const rows = [
    '| scenario | tool | C | requests | runs | median wall s | min–max s | req/s | CPU s | peak RSS MB | server received |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const s of summaries) {
    rows.push(
      `| ${s.title} | ${toolNames[s.tool] ?? s.tool} | ${s.concurrency} | ${thousands(s.count)} | ${s.runs} | ` +
        `${seconds(s.wallMs)} | ${seconds(s.minWallMs)}–${seconds(s.maxWallMs)} | ` +
        `${s.requestsPerSecond === null ? '–' : thousands(Math.round(s.requestsPerSecond))} | ${seconds(s.cpuMs)} | ` +
        `${fixed(s.peakRssMb, 1)} | ${receivedCell(s)} |`,
    );
  }
  return rows.join('\n');
}

/** The targets table: measured value, limit and verdict, and the same ratio in CPU time for information. */
export function renderTargetsTable(results) {
  const rows = ['| target | measured | limit | result | same ratio in CPU s |', '|---|--:|--:|---|--:|'];
  for (const r of results) {
    const digits = r.unit === 'MB' ? 1 : 2;
    let value = r.value === null ? '–' : `${fixed(r.value, digits)}${r.unit === 'MB' ? ' MB' : 'x'}`;
    if (r.interval) value += ` (median of ${r.rounds} paired rounds; 90% interval ${fixed(r.interval[0], 3)}–${fixed(r.interval[1], 3)})`;
    const limit = `${r.op === '>=' ? '≥' : r.op === '<' ? '<' : '≤'} ${r.limit}${r.unit === 'MB' ? ' MB' : 'x'}`;
    const cpu = r.cpuValue === null || r.cpuValue === undefined ? '–' : `${fixed(r.cpuValue, 2)}x`;
    rows.push(`| ${r.label} | ${value} | ${limit} | ${r.verdict} | ${cpu} |`);
  }
  return rows.join('\n');
}

/** The whole report: heading, the machine, both tables and how to read them. */
export function renderReport({ title, command, machine, summaries, targets, toolNames, notes = [] }) {
  return [
    `## ${title}`,
    '',
    `Command: \`${command}\``,
    '',
    machine,
    '',
    renderTargetsTable(targets),
    '',
    renderResultsTable(summaries, toolNames),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}
