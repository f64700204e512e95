#!/usr/bin/env node
// `npm run bench:adaptive`: `-c auto` against fixed caps (4 to 256) on 2,000 requests per
// run, for each capacity profile of bench/adaptive-server.mjs (its own process), runs in
// alternation (auto, 4, 8, 16, auto, 32, 64, 128, 256, auto: auto's median counts). Prints a
// Markdown table (wall time, rejections, final limits, the server's own max in flight) and
// the issue's targets, and writes it to bench/results/adaptive.md.
//
//   node bench/adaptive.mjs [--requests N] [--profiles hard,rate,latency,generous] [--caps 4,8,...]
//                           [--out FILE] [--cli dist/cli.js]
// Exit status: 0 when every run delivered every request within its caps, 1 otherwise.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server-control.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const log = (line) => process.stderr.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    profiles: { type: 'string', default: 'hard,rate,latency,generous' },
    caps: { type: 'string', default: '4,8,16,32,64,128,256' },
    out: { type: 'string', default: path.join(BENCH, 'results', 'adaptive.md') },
    cli: { type: 'string', default: path.join(ROOT, 'dist', 'cli.js') },
  },
});
const REQUESTS = Number(args.requests);
const MAX = 256;
const CAPS = args.caps.split(',').map(Number);

/** The profiles: server parameters, and what the best fixed cap should be near. */
const PROFILES = {
  hard: { params: { profile: 'hard', k: 32, delay: 20 }, about: 'holds 32 for 20 ms; above 32 in flight: 503 at once' },
  rate: { params: { profile: 'rate', rate: 200, burst: 20, delay: 40 }, about: 'token bucket 200/s, burst 20, 40 ms; empty: 429 + Retry-After: 1' },
  latency: { params: { profile: 'latency', k: 16, delay: 20 }, about: '16 workers x 20 ms, the rest queue (0.4 % slower per queued request)' },
  generous: { params: { profile: 'generous', delay: 50 }, about: 'every request after 50 ms' },
};

function call(port, method, route) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: route, agent: false, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${route}`)));
    req.on('error', reject);
    req.end();
  });
}

function runCli(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [args.cli, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function runOnce(server, dir, profile, cap) {
  const query = new URLSearchParams(Object.entries(PROFILES[profile].params).map(([k, v]) => [k, String(v)]));
  await call(server.port, 'POST', `/_bench/reset?${query}`);
  const out = path.join(dir, `${profile}-${cap}.json`);
  const started = performance.now();
  const r = await runCli(['run', path.join(dir, 'batch.http'), '-c', cap === 'auto' ? `auto:${MAX}` : String(cap), '--reporter', 'json', '-o', out, '-q']);
  const wallMs = performance.now() - started;
  const stats = await call(server.port, 'GET', '/_bench/count');
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const conc = report.summary.concurrency ? Object.values(report.summary.concurrency)[0] : null;
  const limit = cap === 'auto' ? MAX : cap;
  return {
    profile,
    cap,
    wallMs,
    runMs: report.durationMs,
    succeeded: report.summary.succeeded,
    total: report.summary.total,
    rejected: stats.rejected,
    sent: stats.requests,
    maxInFlight: stats.maxInFlight,
    final: conc ? `${conc.final} (min ${conc.min}, max ${conc.max})` : '-',
    finalLimit: conc?.final ?? null,
    maxLimit: conc?.max ?? null,
    withinCaps: stats.maxInFlight <= limit,
    code: r.code,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  if (!fs.existsSync(args.cli)) throw new Error(`${args.cli} is missing: run 'node esbuild.js' first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-adaptive-'));
  const server = await startServer({ script: path.join(BENCH, 'adaptive-server.mjs') });
  // Retries enough that every request can succeed in the end under a fixed cap far too high.
  fs.writeFileSync(path.join(dir, 'batch.http'), `# @retries 10\n# @timeout 30s\n\n###\n# @repeat ${REQUESTS}\nGET ${server.baseUrl}/r/{{$index}}\n`);
  const rows = [];
  const order = ['auto', ...CAPS.slice(0, 3), 'auto', ...CAPS.slice(3), 'auto'];
  const began = performance.now();
  try {
    for (const profile of args.profiles.split(',')) {
      for (const cap of order) {
        const row = await runOnce(server, dir, profile, cap);
        rows.push(row);
        log(`${profile} -c ${cap}: ${secs(row.runMs)}, ${row.succeeded}/${row.total} ok, ${row.rejected} rejected, server max in flight ${row.maxInFlight}${cap === 'auto' ? `, limit ${row.final}` : ''}`);
      }
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const md = render(rows, performance.now() - began);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, md);
  process.stdout.write(md);
  const lost = rows.some((r) => r.total !== REQUESTS || !r.withinCaps);
  process.exit(lost ? 1 : 0);
}

function render(rows, totalMs) {
  const lines = [`## Adaptive concurrency (${REQUESTS} requests per run, MAX ${MAX})`, '', `Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}; the whole benchmark took ${secs(totalMs)}.`, ''];
  lines.push('| profile | -c | wall time | succeeded | rejected (429/503) | final limit | server max in flight |', '| --- | --- | ---: | ---: | ---: | --- | ---: |');
  const targets = [];
  for (const profile of [...new Set(rows.map((r) => r.profile))]) {
    const autos = rows.filter((r) => r.profile === profile && r.cap === 'auto');
    const fixed = rows.filter((r) => r.profile === profile && r.cap !== 'auto');
    const auto = autos.find((r) => r.runMs === median(autos.map((a) => a.runMs)));
    for (const r of [auto, ...fixed]) {
      const runs = r.cap === 'auto' ? ` (median of ${autos.map((a) => secs(a.runMs)).join(', ')})` : '';
      lines.push(`| ${profile} | ${r.cap} | ${secs(r.runMs)}${runs} | ${r.succeeded}/${r.total} | ${r.rejected} | ${r.final} | ${r.maxInFlight} |`);
    }
    const best = fixed.filter((r) => r.succeeded === r.total).sort((a, b) => a.runMs - b.runMs)[0] ?? fixed[0];
    const ratio = auto.runMs / best.runMs;
    targets.push(`- ${profile} (${PROFILES[profile].about}): auto ${secs(auto.runMs)} vs best fixed -c ${best.cap} ${secs(best.runMs)}: ${ratio.toFixed(2)}x (target <= 1.25x) ${ratio <= 1.25 ? 'MET' : 'MISSED'}`);
    if (profile === 'hard' || profile === 'rate') {
      const share = Math.max(...autos.map((a) => a.rejected / REQUESTS));
      const allOk = autos.every((a) => a.succeeded === a.total);
      targets.push(`  - rejections under auto: at most ${(share * 100).toFixed(1)} % of the requests (target <= 5 %) ${share <= 0.05 ? 'MET' : 'MISSED'}; every request succeeded: ${allOk ? 'yes' : 'NO'}`);
    }
    if (profile === 'generous') {
      const reached = autos.every((a) => a.maxLimit === MAX);
      targets.push(`  - the limit reaches MAX (${MAX}): ${reached ? 'MET' : `MISSED (max ${autos.map((a) => a.maxLimit).join(', ')})`}`);
    }
  }
  const capsHeld = rows.every((r) => r.withinCaps);
  const complete = rows.every((r) => r.total === REQUESTS);
  lines.push('', '### Targets', '', ...targets, `- caps never exceeded (server's own in-flight count <= the cap or MAX) in every run: ${capsHeld ? 'MET' : 'MISSED'}; one result per request in every run: ${complete ? 'MET' : 'MISSED'}`, '');
  return `${lines.join('\n')}\n`;
}

main().catch((err) => {
  log(`bench:adaptive: ${err.stack ?? err}`);
  process.exit(1);
});
