#!/usr/bin/env node
// Throwaway-simple A/B of CLI builds (bench/README.md): CPU time (user + system) and wall time of `run`, alternating builds.
//   node bench/ab-cpu.mjs --runs 5 --count 20000 [--c 64] [--delay MS] [--size BYTES] [--items N] [--assertions] [--both] A=/path/dist/cli.js B=/other/dist/cli.js
// --items N: each answer also holds an array of N small objects (JSON with many keys and short strings).
// --assertions: three `??` checks per request; --both: every build runs the file with and without them (rows NAME and NAME+checks).
// Then paired ratios of CPU time, round by round: each build to the first (with --both, also
// each NAME+checks to the first build's +checks), and with --both NAME+checks to NAME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateRequestFile } from './lib/requests.mjs';
import { measureProcess, hasGnuTime } from './lib/measure.mjs';
import { startServer } from './lib/server-control.mjs';
import { med, pairedLine } from './lib/paired.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    count: { type: 'string', default: '20000' },
    c: { type: 'string', default: '64' },
    delay: { type: 'string', default: '0' },
    size: { type: 'string', default: '0' },
    items: { type: 'string', default: '0' },
    assertions: { type: 'boolean', default: false },
    both: { type: 'boolean', default: false },
  },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-'));
const server = await startServer({ maxLifetimeS: 3600 });
const variants = (opts.both ? [false, true] : [opts.assertions]).map((assertions) => {
  const file = path.join(work, `ab${assertions ? '-checks' : ''}.batch.http`);
  fs.writeFileSync(file, generateRequestFile({ count: Number(opts.count), baseUrl: server.baseUrl, delayMs: Number(opts.delay), responseBytes: Number(opts.size), items: Number(opts.items), assertions }));
  return { file, suffix: assertions && opts.both ? '+checks' : '' };
});
const builds = positionals.flatMap((p) => {
  const i = p.indexOf('=');
  // Each build its own code cache (cli.js keeps one cache file and deletes any other it finds:
  // builds sharing the directory would each find theirs deleted by the other at every run).
  const cacheDir = path.join(work, `cache-${p.slice(0, i)}`);
  return variants.map((v) => ({ name: p.slice(0, i) + v.suffix, cli: p.slice(i + 1), file: v.file, cacheDir, cpu: [], wall: [] }));
});
try {
  for (let r = -1; r < Number(opts.runs); r++) {
    // Every other round in reverse order: no build always runs right after the same one.
    for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
      const m = await measureProcess({ command: process.execPath, args: [b.cli, 'run', b.file, '-q', '--reporter', 'json', '-o', '/dev/null', '-c', opts.c], cwd: work,
        stdoutFile: path.join(work, 'o'), stderrFile: path.join(work, 'e'), timeoutMs: 600000, useGnuTime: hasGnuTime(), env: { BATCH_HTTP_CACHE_DIR: b.cacheDir } });
      if (m.exitCode !== 0) throw new Error(`${b.name} exit ${m.exitCode}`);
      if (r >= 0) { b.cpu.push(m.cpuMs); b.wall.push(m.wallMs); }
    }
  }
  for (const b of builds) console.log(`${b.name}\tcpu med ${Math.round(med(b.cpu))} ms [${b.cpu.map(Math.round).join(' ')}]\twall med ${med(b.wall).toFixed(0)} ms [${b.wall.map((w) => w.toFixed(0)).join(' ')}]`);
  // Paired ratios: the two runs of a pair are seconds apart in one round, so a drift of the
  // machine's speed over the rounds mostly cancels out of each round's ratio.
  const pairs = [];
  for (const b of builds.slice(1)) if (!b.name.endsWith('+checks')) pairs.push([b, builds[0]]);
  if (opts.both) {
    // Each build's run with checks against the first build's run with checks, then against its own plain run.
    const checked = builds.filter((b) => b.name.endsWith('+checks'));
    for (const b of checked.slice(1)) pairs.push([b, checked[0]]);
    for (const b of checked) pairs.push([b, builds.find((p) => p.name === b.name.slice(0, -'+checks'.length))]);
  }
  for (const [b, ref] of pairs) console.log(pairedLine(`${b.name} / ${ref.name}`, 'cpu', b.cpu, ref.cpu));
} finally { await server.stop(); fs.rmSync(work, { recursive: true, force: true }); }
