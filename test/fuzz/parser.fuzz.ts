// The parser fuzz run (`npm run fuzz`, not part of `npm test`): generated and mutated
// .batch.http texts through parseDocument and buildPlan. Neither may throw, every position
// must point into the text, and no input may hang. Seeded and reproducible:
//   npm run fuzz -- --seed 1 --count 200000     a run
//   npm run fuzz -- --seed 1 --only 4711        one input again, printed with its problems
// The inputs run in a worker; the main thread is a watchdog that names an input that stalls.
import { mkdirSync, writeFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fuzzInput } from '../support/fuzz/inputs';
import { checkInput } from '../support/fuzz/check';

interface Job {
  seed: number;
  from: number;
  count: number;
  progress: SharedArrayBuffer;
}

interface Failure {
  seed: number;
  index: number;
  kind: string;
  text: string;
  problems: string[];
}

type WorkerMessage = { type: 'failure'; failure: Failure } | { type: 'done'; slow: { index: number; ms: number }[] };

const HANG_MS = 15_000;
const SLOW_MS = 500;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function work(job: Job): Promise<void> {
  const progress = new Int32Array(job.progress);
  const slow: { index: number; ms: number }[] = [];
  for (let index = job.from; index < job.from + job.count; index++) {
    Atomics.store(progress, 0, index);
    const input = fuzzInput(job.seed, index);
    const t0 = performance.now();
    const problems = await checkInput(input.text);
    const ms = performance.now() - t0;
    if (ms > SLOW_MS) slow.push({ index, ms: Math.round(ms) });
    if (problems.length) {
      const message: WorkerMessage = { type: 'failure', failure: { seed: job.seed, index, kind: input.kind, text: input.text, problems } };
      parentPort?.postMessage(message);
    }
  }
  Atomics.store(progress, 1, 1);
  parentPort?.postMessage({ type: 'done', slow } satisfies WorkerMessage);
}

function save(failures: Failure[]): string {
  mkdirSync('test-results', { recursive: true });
  const file = `test-results/fuzz-failures-seed-${failures[0].seed}.json`;
  writeFileSync(file, JSON.stringify(failures, null, 2));
  return file;
}

async function main(): Promise<number> {
  const seed = arg('seed', 1);
  const only = arg('only', -1);
  const from = only >= 0 ? only : arg('from', 0);
  const count = only >= 0 ? 1 : arg('count', 200_000);
  const progress = new SharedArrayBuffer(8);
  const view = new Int32Array(progress);
  const failures: Failure[] = [];
  const t0 = performance.now();
  const worker = new Worker(new URL(import.meta.url), { workerData: { seed, from, count, progress } satisfies Job });
  let slow: { index: number; ms: number }[] = [];
  let hang: number | null = null;

  await new Promise<void>((resolve) => {
    let last = -1;
    let reported = 0;
    let lastChange = Date.now();
    const watchdog = setInterval(() => {
      const now = Atomics.load(view, 0);
      if (now !== last) {
        last = now;
        lastChange = Date.now();
        const done = now - from + 1;
        if (only >= 0) return;
        if (process.stdout.isTTY) process.stdout.write(`\r${done}/${count} inputs, ${failures.length} failing`);
        else if (Math.floor(done / 20_000) > reported) {
          reported = Math.floor(done / 20_000);
          process.stdout.write(`${done}/${count} inputs, ${failures.length} failing\n`);
        }
      } else if (Date.now() - lastChange > HANG_MS && Atomics.load(view, 1) === 0) {
        hang = now;
        clearInterval(watchdog);
        void worker.terminate().then(() => resolve());
      }
    }, 250);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'failure') failures.push(m.failure);
      else slow = m.slow;
    });
    worker.on('error', (err) => {
      failures.push({ seed, index: Atomics.load(view, 0), kind: 'crash', text: fuzzInput(seed, Atomics.load(view, 0)).text, problems: [String(err)] });
    });
    worker.on('exit', () => {
      clearInterval(watchdog);
      resolve();
    });
  });
  if (process.stdout.isTTY) process.stdout.write('\n');
  if (hang !== null) {
    const input = fuzzInput(seed, hang);
    failures.push({ seed, index: hang, kind: input.kind, text: input.text, problems: [`no progress for ${HANG_MS} ms: a hang`] });
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`fuzz: seed ${seed}, inputs ${from}..${from + count - 1}, ${secs} s, ${failures.length} failing, ${slow.length} slower than ${SLOW_MS} ms`);
  for (const s of slow.slice(0, 10)) console.log(`  slow: --seed ${seed} --only ${s.index} (${s.ms} ms)`);
  if (only >= 0 && failures.length === 0) console.log(`input: ${JSON.stringify(fuzzInput(seed, only).text)}`);
  if (failures.length === 0) return 0;
  for (const f of failures.slice(0, 10)) {
    console.log(`\nFAIL --seed ${f.seed} --only ${f.index} (${f.kind})`);
    for (const p of f.problems.slice(0, 5)) console.log(`  ${p.split('\n').slice(0, 6).join('\n    ')}`);
    if (only >= 0) console.log(`  input: ${JSON.stringify(f.text)}`);
  }
  console.log(`\nall failing inputs: ${save(failures)}`);
  return 1;
}

if (isMainThread) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
} else {
  void work(workerData as Job);
}
