// Parse benchmark: `npm run bench:parse`. Times parseDocument and buildPlan on generated
// files of 10k and 100k requests, and on one block with `@repeat 100000`. Wall time and
// CPU time (user + system, all threads: GC included) are printed; on a busy machine the
// CPU time is the steadier figure. Memory: the heap a plan keeps per request (after a full
// GC, block summaries dropped as the CLI does) and the highest heap seen while planning
// (sampled whenever buildPlan yields to the event loop, so a lower bound).
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildPlan, parseDocument } from '../src/core/parser';
import type { FileReader } from '../src/core/types';

/** A file like the shared bench's generator makes: GETs with query strings, every 3rd a JSON POST. */
function generate(n: number): string {
  const out = ['@host = http://127.0.0.1:18787', ''];
  for (let i = 0; i < n; i++) {
    out.push(`### r${i}`);
    if (i % 3 === 2) {
      out.push(`POST {{host}}/echo?delay=0&i=${i}`, 'Accept: application/json', `X-Bench-Id: ${i}`, 'Content-Type: application/json', '', `{"i": ${i}, "name": "item-${i}"}`, '');
    } else {
      out.push(`GET {{host}}/items/${i}?delay=0`, 'Accept: application/json', `X-Bench-Id: ${i}`, '');
    }
  }
  return out.join('\n');
}

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use after a full collection. */
function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function measure(label: string, text: string, expected: number): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const blocks = parseDocument(text).blocks.length; // the parsed document is dropped at once
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const heap0 = liveHeap();
  let peak = heap0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 0);
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const plan = await buildPlan(text, { filePath: '/bench/bench.batch.http', workspaceRoot: '/bench', files: noFiles, processEnv: {} });
  const t3 = performance.now();
  const c3 = process.cpuUsage();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (plan.requests.length !== expected || blocks === 0) throw new Error(`${label}: expected ${expected} requests, got ${plan.requests.length}`);
  const errors = plan.diagnostics.filter((d) => d.severity === 'error').length;
  plan.blocks = [];
  const perRequest = (liveHeap() - heap0) / expected;
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): string => ((b.user + b.system - a.user - a.system) / 1000).toFixed(0);
  const mib = (n: number): string => (n / 1048576).toFixed(0);
  console.log(
    `${label.padEnd(26)} ${String(expected).padStart(7)} requests  parseDocument ${(t1 - t0).toFixed(0).padStart(5)} ms (cpu ${cpu(c0, c1)})  ` +
      `buildPlan incl. parse ${(t3 - t2).toFixed(0).padStart(5)} ms (cpu ${cpu(c2, c3)}, ${((1000 * (t3 - t2)) / expected).toFixed(1)} µs/request)  ` +
      `plan ${perRequest.toFixed(0)} B/request, peak +${mib(peak - heap0)} MiB over ${mib(heap0)}, ${errors} errors`,
  );
}

async function main(): Promise<void> {
  // Warm-up so the first line is not paying for JIT compilation.
  await buildPlan(generate(500), { filePath: '/bench/w.batch.http', workspaceRoot: '/bench', files: noFiles, processEnv: {} });
  await measure('10k blocks', generate(10_000), 10_000);
  await measure('100k blocks', generate(100_000), 100_000);
  await measure('@repeat 100000 (shared)', '# @repeat 100000\nGET http://127.0.0.1:18787/x\nAccept: application/json\n', 100_000);
  await measure('@repeat 100000 ($uuid)', '# @repeat 100000\nPOST http://127.0.0.1:18787/x?i={{$index}}\nContent-Type: application/json\n\n{"id": "{{$uuid}}"}\n', 100_000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
