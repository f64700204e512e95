// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per
// source area, with positions in a bundle mapped back to their sources when a source map
// is given (module.SourceMap, no dependency).

/** Self time in ms per profile node id, from the samples and their time deltas. */
function selfTimes(profile) {
  const byNode = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    // a sample's time is the delta to the next sample (the last one gets the previous delta)
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000;
    byNode.set(samples[i], (byNode.get(samples[i]) ?? 0) + dt);
  }
  return byNode;
}

/** Where a source path belongs: our code by folder, a package by name, else Node or V8. */
export function areaOf(source) {
  if (!source) return '(V8 / native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return `node_modules/${pkg[1]}`;
  const ours = /(?:^|\/)(src\/[^/]+(?:\/[^/]+)?)\//.exec(source);
  if (ours) return ours[1];
  if (source.startsWith('node:')) return 'node internals';
  return source;
}

/**
 * {totalMs, functions: [{name, source, line, selfMs}], areas: [{area, selfMs}]}, both
 * sorted by self time. `mapPosition(url, line0, column0)` may return {source, line} (1-based line)
 * for positions inside a bundle.
 */
export function summarizeProfile(profile, mapPosition = () => null) {
  const times = selfTimes(profile);
  const fns = new Map();
  const areas = new Map();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = times.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const mapped = url ? mapPosition(url, lineNumber, columnNumber) : null;
    const source = mapped?.source ?? (url ? url.replace(/^file:\/\//, '') : '');
    const line = mapped?.line ?? lineNumber + 1;
    const name = functionName || (url ? '(anonymous)' : node.callFrame.functionName || '(program)');
    const special = /^\((garbage collector|idle|program|root)\)$/.test(functionName) ? functionName : null;
    const key = special ?? `${name}\u0000${source}\u0000${line}`;
    const entry = fns.get(key) ?? { name: special ?? name, source: special ? '' : source, line: special ? 0 : line, selfMs: 0 };
    entry.selfMs += ms;
    fns.set(key, entry);
    const area = special ?? areaOf(source);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  }
  const bySelf = (a, b) => b.selfMs - a.selfMs;
  return {
    totalMs,
    functions: [...fns.values()].sort(bySelf),
    areas: [...areas].map(([area, selfMs]) => ({ area, selfMs })).sort(bySelf),
  };
}

/** Markdown tables of the areas and the top `limit` functions. */
export function renderProfile(summary, limit = 25) {
  const pct = (ms) => ((100 * ms) / (summary.totalMs || 1)).toFixed(1);
  const lines = [`Sampled time: ${(summary.totalMs / 1000).toFixed(3)} s`, '', '| area | self ms | % |', '|---|--:|--:|'];
  for (const a of summary.areas) lines.push(`| ${a.area} | ${a.selfMs.toFixed(1)} | ${pct(a.selfMs)} |`);
  lines.push('', '| function | where | self ms | % |', '|---|---|--:|--:|');
  for (const f of summary.functions.slice(0, limit)) {
    lines.push(`| ${f.name} | ${f.source ? `${f.source}:${f.line}` : ''} | ${f.selfMs.toFixed(1)} | ${pct(f.selfMs)} |`);
  }
  return lines.join('\n');
}
