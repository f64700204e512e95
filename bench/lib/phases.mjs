// Where a CLI run's wall time goes, from a .cpuprofile and the time the process was spawned:
// process start (spawn to the profile's start: exec, Node's bootstrap), loading (the launcher,
// the code cache and evaluating the bundle, up to the first sample in the run command),
// planning (first to last sample in the parser before the first request), up to the first
// request (first sample in the exchange), the run, and the end (report, exit). Sample times
// are exact to the sampling interval (1 ms by default); phases that use no CPU (waiting for
// responses) show as the gaps between the marks.
import { areaOf } from './cpuprofile.mjs';

/** Marks, by the first (and last) sample whose stack holds a frame of the given source file or area. */
const MARKS = {
  command: (src) => src === 'src/cli/commands/run.ts' || src === 'src/cli/commands/parse.ts',
  parser: (src) => areaOf(src) === 'src/core/parser',
  exchange: (src) => src === 'src/core/runner/exchange.ts',
};

function stackSources(profile, mapPosition) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map();
  const sourcesOf = (id) => {
    if (memo.has(id)) return memo.get(id);
    const node = byId.get(id);
    const up = parent.has(id) ? sourcesOf(parent.get(id)) : new Set();
    const { url, lineNumber, columnNumber } = node.callFrame;
    const mapped = url ? mapPosition(url, lineNumber, columnNumber) : null;
    let set = up;
    if (mapped?.source && !up.has(mapped.source)) {
      set = new Set(up);
      set.add(mapped.source);
    }
    memo.set(id, set);
    return set;
  };
  return sourcesOf;
}

/**
 * {phases: [{name, ms}], marks} for a profile of one run. `spawnUs` is the parent's
 * monotonic clock (process.hrtime) at spawn, in µs; `wallMs` the measured wall time.
 */
export function profilePhases(profile, mapPosition, spawnUs, wallMs) {
  const sourcesOf = stackSources(profile, mapPosition);
  const first = {};
  const lastParserBeforeExchange = { t: null };
  let t = profile.startTime;
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i] ?? 0;
    const sources = sourcesOf(samples[i]);
    for (const [mark, test] of Object.entries(MARKS)) {
      if (first[mark] !== undefined && mark !== 'parser') continue;
      let hit = false;
      for (const s of sources) if (test(s)) hit = true;
      if (!hit) continue;
      first[mark] ??= t;
      if (mark === 'parser' && first.exchange === undefined) lastParserBeforeExchange.t = t;
    }
  }
  const ms = (us) => us / 1000;
  const start = profile.startTime;
  const end = spawnUs + wallMs * 1000;
  const points = [
    ['process start (spawn to Node running JS)', spawnUs, start],
    ['loading (launcher, code cache, bundle) until the command runs', start, first.command ?? start],
    ['until planning starts (FILE, env files)', first.command ?? start, first.parser ?? first.command ?? start],
    ['planning', first.parser ?? null, lastParserBeforeExchange.t ?? null],
    ['plan to first request', lastParserBeforeExchange.t ?? first.command ?? start, first.exchange ?? null],
    ['first request to the end of the profile', first.exchange ?? null, profile.endTime],
    ['after the profile (report write-out, exit)', profile.endTime, end],
  ];
  const phases = points
    .filter(([, a, b]) => a !== null && b !== null && a !== undefined && b !== undefined)
    .map(([name, a, b]) => ({ name, ms: Math.max(0, ms(b - a)) }));
  return { phases, marks: first };
}

export function renderPhases({ phases }, wallMs) {
  const lines = [`Wall ${wallMs.toFixed(1)} ms`, '', '| phase | ms | % of wall |', '|---|--:|--:|'];
  for (const p of phases) lines.push(`| ${p.name} | ${p.ms.toFixed(1)} | ${((100 * p.ms) / wallMs).toFixed(1)} |`);
  return lines.join('\n');
}
