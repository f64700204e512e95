#!/usr/bin/env node
// Throwaway-simple A/B of CLI builds (bench/README.md): CPU time (user + system) and wall time of `run`, alternating builds.
//   node bench/ab-cpu.mjs --runs 5 --count 20000 [--c 64] [--delay MS] A=/path/dist/cli.js B=/other/dist/cli.js
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateRequestFile } from './lib/requests.mjs';
import { measureProcess, hasGnuTime } from './lib/measure.mjs';
import { startServer } from './lib/server-control.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, count: { type: 'string', default: '20000' }, c: { type: 'string', default: '64' }, delay: { type: 'string', default: '0' } },
});
const builds = positionals.map((p) => { const i = p.indexOf('='); return { name: p.slice(0, i), cli: p.slice(i + 1), cpu: [], wall: [] }; });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-'));
const server = await startServer({ maxLifetimeS: 3600 });
const file = path.join(work, 'ab.batch.http');
fs.writeFileSync(file, generateRequestFile({ count: Number(opts.count), baseUrl: server.baseUrl, delayMs: Number(opts.delay) }));
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
try {
  for (let r = -1; r < Number(opts.runs); r++) {
    for (const b of builds) {
      const m = await measureProcess({ command: process.execPath, args: [b.cli, 'run', file, '-q', '--reporter', 'json', '-o', '/dev/null', '-c', opts.c], cwd: work,
        stdoutFile: path.join(work, 'o'), stderrFile: path.join(work, 'e'), timeoutMs: 600000, useGnuTime: hasGnuTime() });
      if (m.exitCode !== 0) throw new Error(`${b.name} exit ${m.exitCode}`);
      if (r >= 0) { b.cpu.push(m.cpuMs); b.wall.push(m.wallMs); }
    }
  }
  for (const b of builds) console.log(`${b.name}\tcpu med ${med(b.cpu)} ms [${b.cpu.join(' ')}]\twall med ${med(b.wall).toFixed(0)} ms [${b.wall.map((w) => w.toFixed(0)).join(' ')}]`);
} finally { await server.stop(); fs.rmSync(work, { recursive: true, force: true }); }
