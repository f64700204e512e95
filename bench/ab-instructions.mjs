#!/usr/bin/env node
// Instruction counts of CLI runs under valgrind's callgrind (bench/README.md): a repeatable
// figure for small A/B differences that CPU time on a VM hides in its noise. Slow (about
// 50x), so one run per build and variant:
//   node bench/ab-instructions.mjs [--count 10000] [--size 1024] [--c 64] NAME=path/to/dist/cli.js ...
// Each build runs the generated file without and with three `??` checks per request; prints
// the instructions of each run and the checks/plain ratio per build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { generateRequestFile } from './lib/requests.mjs';
import { startServer } from './lib/server-control.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string', default: '10000' },
    size: { type: 'string', default: '1024' },
    c: { type: 'string', default: '64' },
  },
});
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('ab-instructions: valgrind is not installed (Debian: apt-get install valgrind)');
  process.exit(2);
}
if (positionals.length === 0) {
  console.error('ab-instructions: name at least one build, as NAME=path/to/dist/cli.js');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-instr-'));
const server = await startServer({ maxLifetimeS: 3600 });
try {
  const files = [false, true].map((assertions) => {
    const file = path.join(work, `ab${assertions ? '-checks' : ''}.batch.http`);
    fs.writeFileSync(file, generateRequestFile({ count: Number(opts.count), baseUrl: server.baseUrl, responseBytes: Number(opts.size), assertions }));
    return file;
  });
  for (const spec of positionals) {
    const eq = spec.indexOf('=');
    const [name, cli] = [spec.slice(0, eq), spec.slice(eq + 1)];
    const counts = [];
    for (const file of files) {
      // --smc-check: V8 writes and patches machine code in anonymous memory.
      const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, cli, 'run', file, '-q', '--reporter', 'json', '-o', '/dev/null', '-c', opts.c];
      const r = spawnSync('valgrind', args, { encoding: 'utf8', env: { ...process.env, BATCH_HTTP_CACHE_DIR: path.join(work, `cache-${name}`) }, maxBuffer: 64 * 1024 * 1024 });
      const m = /Collected : (\d+)/.exec(r.stderr ?? '');
      if (r.status !== 0 || !m) throw new Error(`${name}: exit ${r.status}\n${(r.stderr ?? '').slice(-2000)}`);
      counts.push(Number(m[1]));
      console.log(`${name}${file === files[1] ? '+checks' : ''}\t${(Number(m[1]) / 1e9).toFixed(3)} G instructions`);
    }
    console.log(`${name}+checks / ${name}\t${(counts[1] / counts[0]).toFixed(4)}`);
  }
} finally {
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
