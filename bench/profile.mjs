#!/usr/bin/env node
// `npm run bench:profile`: one CPU-profiled run of our CLI against the bench server, with
// the hot spots mapped back to the TypeScript sources through dist/cli-main.js.map.
//
//   node bench/profile.mjs [--count 20000] [--delay 0] [--concurrency 64] [--size 0]
//                          [--named] [--assertions] [--foreach] [--busy] [--command run|parse] [--top 30]
//
// --foreach: one @foreach request over --count CSV rows instead of --count requests.
// --busy: two CPU-burning processes run beside the profiled one. Besides the hot spots, the
// report splits the wall time into phases (process start, loading, planning, first request).
//
// The .cpuprofile is kept in bench/results/ (open it in Chrome DevTools or VS Code).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { SourceMap } from 'node:module';
import { generateRequestFile } from './lib/requests.mjs';
import { measureProcess, hasGnuTime } from './lib/measure.mjs';
import { startServer } from './lib/server-control.mjs';
import { summarizeProfile, renderProfile } from './lib/cpuprofile.mjs';
import { profilePhases, renderPhases } from './lib/phases.mjs';
import { startBurners } from './lib/busy.mjs';
import { generateForeachFiles } from './lib/requests.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const CLI = path.join(ROOT, 'dist', 'cli.js');
const { values: opts } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    delay: { type: 'string', default: '0' },
    concurrency: { type: 'string', short: 'c', default: '64' },
    size: { type: 'string', default: '0' },
    named: { type: 'boolean', default: false },
    assertions: { type: 'boolean', default: false },
    foreach: { type: 'boolean', default: false },
    busy: { type: 'boolean', default: false },
    command: { type: 'string', default: 'run' },
    top: { type: 'string', default: '30' },
  },
});

// The launcher (dist/cli.js) runs the program compiled from dist/cli-main.js.
const PROGRAM = path.join(ROOT, 'dist', 'cli-main.js');

function loadSourceMap() {
  const file = `${PROGRAM}.map`;
  if (!fs.existsSync(file)) return () => null;
  const map = new SourceMap(JSON.parse(fs.readFileSync(file, 'utf8')));
  const programUrl = `file://${PROGRAM}`;
  return (url, line0, column0) => {
    if (url !== programUrl && url !== PROGRAM) return null;
    const e = map.findEntry(line0, column0);
    if (!e || !e.originalSource) return null;
    const source = e.originalSource.replace(/^file:\/\//, '').replace(/^(\.\.\/)+/, '');
    return { source: path.isAbsolute(source) ? path.relative(ROOT, source) : source, line: e.originalLine + 1 };
  };
}

async function main() {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build');
  const count = Number(opts.count);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-http-profile-'));
  const server = await startServer({ maxLifetimeS: 1800 });
  const burners = opts.busy ? startBurners(2) : null;
  try {
    const file = path.join(work, 'profile.batch.http');
    if (opts.foreach) {
      const generated = generateForeachFiles({ rows: count, baseUrl: server.baseUrl });
      fs.writeFileSync(path.join(work, 'rows.csv'), generated.csv);
      fs.writeFileSync(file, generated.file);
    } else {
      fs.writeFileSync(
        file,
        generateRequestFile({ count, baseUrl: server.baseUrl, delayMs: Number(opts.delay), responseBytes: Number(opts.size), named: opts.named, assertions: opts.assertions }),
      );
    }
    if (burners) process.stderr.write(`profile: --busy: 2 CPU-burning processes (pids ${burners.pids.join(', ')})\n`);
    const spawnUs = Number(process.hrtime.bigint() / 1000n);
    const cliArgs =
      opts.command === 'parse'
        ? ['parse', file]
        : ['run', file, '-q', '--reporter', 'json', '-o', '/dev/null', '-c', opts.concurrency];
    const m = await measureProcess({
      command: process.execPath,
      args: ['--cpu-prof', '--cpu-prof-dir', work, ...(process.env.BENCH_PROFILE_INTERVAL_US ? ['--cpu-prof-interval', process.env.BENCH_PROFILE_INTERVAL_US] : []), CLI, ...cliArgs],
      cwd: work,
      stdoutFile: path.join(work, 'out.txt'),
      stderrFile: path.join(work, 'err.txt'),
      timeoutMs: 600_000,
      useGnuTime: hasGnuTime(),
    });
    const { requests } = await server.count();
    process.stderr.write(
      `profile: ${opts.command} ${count} requests, C=${opts.concurrency}: exit ${m.exitCode}, wall ${(m.wallMs / 1000).toFixed(3)} s, ` +
        `CPU ${m.cpuMs === null ? '?' : (m.cpuMs / 1000).toFixed(2)} s, peak RSS ${m.peakRssKb ? (m.peakRssKb / 1024).toFixed(0) : '?'} MB, server received ${requests}\n`,
    );
    if (m.exitCode !== 0) process.stderr.write(fs.readFileSync(path.join(work, 'err.txt'), 'utf8').slice(-2000));
    const profFile = fs.readdirSync(work).find((f) => f.endsWith('.cpuprofile'));
    if (!profFile) throw new Error('no .cpuprofile was written');
    const kept = path.join(BENCH, 'results', `${opts.command}-${count}-c${opts.concurrency}.cpuprofile`);
    fs.mkdirSync(path.dirname(kept), { recursive: true });
    fs.copyFileSync(path.join(work, profFile), kept);
    const profile = JSON.parse(fs.readFileSync(kept, 'utf8'));
    const mapPosition = loadSourceMap();
    const summary = summarizeProfile(profile, mapPosition);
    const phases = renderPhases(profilePhases(profile, mapPosition, spawnUs, m.wallMs), m.wallMs);
    process.stdout.write(`${phases}\n\n${renderProfile(summary, Number(opts.top))}\n\nprofile: ${path.relative(process.cwd(), kept)}\n`);
  } finally {
    burners?.stop();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`profile: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
