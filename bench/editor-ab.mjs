#!/usr/bin/env node
// The editor CPU bench as an A/B of packaged extensions: each round runs `bench:editor` once
// per build (a fresh code-server + Chromium session, two runs of the same batch), every other
// round in reverse order, then prints each build's extension-host CPU (user + system, from
// /proc) for the first and second run and the paired ratios to the first build.
//
//   node bench/editor-ab.mjs [--rounds 8] [--requests 10000] NAME=path/to.vsix NAME=other.vsix ...
//
// Needs `npm run test:e2e:setup`. About 30 s a build and round on 2 cores; use the machine
// for nothing else meanwhile (the extension host's CPU moves by 15% between sessions even so,
// hence the pairs and many rounds).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { med, pairedLine } from './lib/paired.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '8' }, requests: { type: 'string', default: '10000' } },
});
const rounds = Number(opts.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new TypeError(`--rounds must be a whole number of at least 1, got ${opts.rounds}`);
const builds = positionals.map((p) => {
  const i = p.indexOf('=');
  if (i <= 0 || !fs.existsSync(p.slice(i + 1))) throw new TypeError(`expected NAME=path/to.vsix of an existing file, got ${p}`);
  return { name: p.slice(0, i), vsix: path.resolve(p.slice(i + 1)), first: [], second: [] };
});
if (builds.length < 2) throw new TypeError('give at least two builds: NAME=a.vsix NAME=b.vsix');

const script = path.join(root, 'out/bench/editor-cpu.mjs');
await build({ entryPoints: [path.join(root, 'bench/editor-cpu.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', outfile: script, logLevel: 'warning' });

for (let r = 0; r < rounds; r++) {
  for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
    const res = spawnSync(process.execPath, [script, '--requests', opts.requests, '--runs', '2', '--cli-runs', '0'], {
      cwd: root, env: { ...process.env, BATCH_HTTP_E2E_VSIX: b.vsix }, encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`${b.name}: bench:editor exited ${res.status}\n${res.stdout}\n${res.stderr}`);
    const rows = JSON.parse(fs.readFileSync(path.join(root, 'test-results/bench/editor-cpu.json'), 'utf8')).rows.filter((row) => row.side === 'editor');
    const cpu = (run) => rows.find((row) => row.run === run).extensionHostCpu;
    b.first.push(cpu(1));
    b.second.push(cpu(2));
    console.log(`round ${r + 1}\t${b.name}\t${cpu(1).toFixed(2)} s\t${cpu(2).toFixed(2)} s`);
  }
}
for (const b of builds) console.log(`${b.name}\tfirst run med ${med(b.first).toFixed(2)} s\tsecond run med ${med(b.second).toFixed(2)} s`);
const [ref, ...rest] = builds;
const sum = (b) => b.first.map((x, i) => x + b.second[i]);
for (const b of rest) {
  console.log(pairedLine(`${b.name} / ${ref.name}`, 'first run', b.first, ref.first));
  console.log(pairedLine(`${b.name} / ${ref.name}`, 'second run', b.second, ref.second));
  console.log(pairedLine(`${b.name} / ${ref.name}`, 'both runs', sum(b), sum(ref)));
}
