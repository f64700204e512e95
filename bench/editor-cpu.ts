// npm run bench:editor [-- --requests 2000,10000 --concurrency 64 --runs 2 --cli-runs 2]
//
// A large batch run from the editor, for each size (default 2,000 and 10,000 requests) in one
// code-server + Chromium session (the e2e harness, the packaged extension), started with the
// "Run batch" CodeLens:
// - how it feels (editor-feel.ts, measured inside the page): time from the press to the first
//   visible feedback (run node, status bar progress or "Cancel (0/N)" lens), the largest frame
//   gap, p99 and count of gaps over 200 ms, long tasks, and whether the Cancel lens went away
//   when the run ended (a run that leaves it is an error); an idle control row per run shows
//   the page's frame rate without a run (a throttled page would show there);
// - its CPU cost versus the CLI for the same file against the same local server: the extension
//   host's CPU time (user + system, from /proc) from the click until the Results tree shows
//   every request finished, plus, for context, the rest of code-server and Chromium; CLI:
//   `node dist/cli.js run FILE --reporter json -o /dev/null`, CPU time of the whole process.
// Needs `npm run test:e2e:setup`; Linux only (/proc). Results: printed, and saved to
// test-results/bench/editor-cpu.json and editor-feel.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { editorProcesses, extensionHostPids } from '../test/e2e/support/code-server';
import { findEditorInstall, SETUP_HINT } from '../test/e2e/support/install';
import { runToEnd } from '../test/e2e/support/processes';
import { RESULTS_VIEW, showResults } from '../test/e2e/support/results-view';
import { startSession, type E2eSession } from '../test/e2e/support/session';
import { packagedVsix } from '../test/e2e/support/vsix';
import { waitFor } from '../test/e2e/support/wait';
import { idleControl, measureRun } from './editor-feel';
import { startHostProfile, startPageProfile } from './editor-profile';
import { cpuTable, feelTable, machineLine, type CpuRow, type FeelRow } from './editor-tables';

interface Options {
  requests: number[];
  concurrency: number;
  runs: number;
  /** CLI runs per size for the CPU comparison (0: editor only). */
  cliRuns: number;
}

const USAGE = 'usage: bench:editor [--requests N[,N...]] [--concurrency N] [--runs N] [--cli-runs N]';

function parseArgs(argv: string[]): Options {
  const options: Options = { requests: [2000, 10_000], concurrency: 64, runs: 2, cliRuns: -1 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const values = (argv[i + 1] ?? '').split(',').map(Number);
    const bad = (min: number): boolean => values.some((v) => !Number.isInteger(v) || v < min);
    if (key === 'requests' && !bad(1)) options.requests = values;
    else if ((key === 'concurrency' || key === 'runs') && values.length === 1 && !bad(1)) options[key] = values[0]!;
    else if (key === 'cli-runs' && values.length === 1 && !bad(0)) options.cliRuns = values[0]!;
    else throw new Error(`${USAGE} (bad: ${argv[i]} ${argv[i + 1] ?? ''})`);
  }
  if (options.cliRuns < 0) options.cliRuns = options.runs;
  return options;
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds of one process (0 when it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** PIDs whose command line contains `needle` (e.g. the run's private Chromium profile). */
function pidsWithArg(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

const sum = (pids: number[]): number => pids.reduce((total, pid) => total + cpuSeconds(pid), 0);

function batchFile(origin: string, requests: number, concurrency: number): string {
  return [`# @concurrency ${concurrency}`, '# @retries 0', '', '### bench', `# @repeat ${requests}`, `GET ${origin}/users/{{$index}}`, ''].join('\n');
}

/**
 * Runs the CLI on `file` (asynchronously: the test server lives in this process); CPU seconds
 * of the CLI process and its children, read from /proc by the shell that waited for it.
 */
async function cliRun(repoRoot: string, file: string): Promise<{ cpu: number; wallMs: number }> {
  const script = 'node dist/cli.js run "$1" --reporter json -o /dev/null; code=$?; read -r -a f < /proc/$$/stat; echo "CPU $code ${f[15]} ${f[16]}"';
  const started = Date.now();
  const output = await runToEnd('bash', ['-c', script, 'bench', file], { cwd: repoRoot, timeoutMs: 600_000, what: 'the CLI run' });
  const wallMs = Date.now() - started;
  const match = /CPU (\d+) (\d+) (\d+)/.exec(output);
  if (!match) throw new Error(`the CLI run printed no CPU line:\n${output}`);
  if (match[1] !== '0') throw new Error(`the CLI run failed (exit ${match[1]}):\n${output}`);
  return { cpu: (Number(match[2]) + Number(match[3])) / TICKS_PER_SECOND, wallMs };
}

interface EditorPids {
  hosts: number[];
  server: number[];
  browser: number[];
}

async function editorPids(session: E2eSession): Promise<EditorPids> {
  const hosts = await waitFor('the extension host process', async () => ((await extensionHostPids(session.editor.process)).length > 0 ? extensionHostPids(session.editor.process) : undefined), { timeoutMs: 30_000 });
  const server = (await editorProcesses(session.editor.process)).map((p) => p.pid).filter((pid) => !hosts.includes(pid));
  return { hosts, server, browser: pidsWithArg(join(session.root, 'chromium-profile')) };
}

/** The editor runs of one size: each measured for CPU (from /proc) and feel (in the page). */
async function editorRuns(session: E2eSession, requests: number, options: Options, rows: CpuRow[], feel: FeelRow[]): Promise<void> {
  const wb = session.workbench;
  await wb.openFile(fileName(requests));
  await wb.waitForCodeLens(/^Run batch \(/, 60_000);
  const pids = await editorPids(session);
  // The tree must be on screen to show the run node; the editor gets the focus back (a lens
  // refresh that comes while it has not is dropped).
  await showResults(wb);
  await wb.focusEditor();
  for (let run = 1; run <= options.runs; run++) {
    await wb.waitForCodeLens(/^Run batch \(/, 60_000);
    const control = await idleControl(wb.page);
    const previousTop = (await wb.treeRows(RESULTS_VIEW)).find((r) => r.level === 1)?.description ?? '';
    const profiling = process.env.BATCH_HTTP_BENCH_PROFILE === '1';
    const profilers = profiling ? { 'extension-host': await startHostProfile(pids.hosts[0]!, 9229, process.env.BATCH_HTTP_BENCH_HEAP === '1'), page: await startPageProfile(wb.page) } : {};
    const before = { host: sum(pids.hosts), server: sum(pids.server), browser: sum(pids.browser) };
    const started = Date.now();
    const result = await measureRun(wb.page, { total: requests, previousTop, lensWaitMs: LENS_WAIT_MS }, () => wb.clickCodeLens(/^Run batch \(/));
    const wallMs = Date.now() - started;
    for (const [name, profiler] of Object.entries(profilers)) {
      const { text, profile, heap } = await profiler.stop();
      const base = join(outDir(), `${name}-${requests}-run-${run}`);
      writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
      if (heap) writeFileSync(`${base}.heapprofile`, JSON.stringify(heap));
      writeFileSync(`${base}.md`, text + '\n');
      console.log(`${name} profile: ${base}.cpuprofile, summary ${base}.md`);
    }
    rows.push({ requests, side: 'editor', run, extensionHostCpu: sum(pids.hosts) - before.host, serverCpu: sum(pids.server) - before.server, browserCpu: sum(pids.browser) - before.browser, wallMs });
    feel.push({ requests, run, control, ...result });
    await wb.screenshot(`editor-${requests}-run-${run}`);
  }
  const hits = session.server.totalHits();
  if (hits !== requests * options.runs) throw new Error(`the server saw ${hits} requests from the editor, expected ${requests * options.runs}`);
  session.server.reset();
}

async function cliRuns(session: E2eSession, repoRoot: string, requests: number, options: Options, rows: CpuRow[]): Promise<void> {
  for (let run = 1; run <= options.cliRuns; run++) {
    const cli = await cliRun(repoRoot, join(session.fixture.dir, fileName(requests)));
    rows.push({ requests, side: 'cli', run, extensionHostCpu: cli.cpu, serverCpu: 0, browserCpu: 0, wallMs: cli.wallMs });
  }
  const hits = session.server.totalHits();
  if (hits !== requests * options.cliRuns) throw new Error(`the CLI runs sent ${hits} requests, expected ${requests * options.cliRuns}`);
  session.server.reset();
}

const outDir = (): string => join(resolve(process.cwd()), 'test-results', 'bench');
const fileName = (requests: number): string => `bench-${requests}.batch.http`;

/** How long after the end of a run the "Cancel (n/N)" lens may take to go. */
const LENS_WAIT_MS = 5000;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const repoRoot = resolve(process.cwd());
  const install = findEditorInstall();
  if ('missing' in install) throw new Error(`the editor is not installed (${install.missing}): ${SETUP_HINT}`);
  mkdirSync(outDir(), { recursive: true });
  const vsix = await packagedVsix(repoRoot);
  // Keep-alive as a typical server has it: with the test server's default (1 s) every request
  // would open a connection of its own (see TestServerOptions).
  const session = await startSession({ install, vsix, resultsDir: outDir(), server: { keepAliveTimeoutMs: 5000 } });
  const rows: CpuRow[] = [];
  const feel: FeelRow[] = [];
  try {
    for (const requests of options.requests) writeFileSync(join(session.fixture.dir, fileName(requests)), batchFile(session.server.origin, requests, options.concurrency));
    try {
      for (const requests of options.requests) await editorRuns(session, requests, options, rows, feel);
    } catch (err) {
      await session.workbench.screenshot('FAILED-editor-run').catch(() => undefined);
      throw err;
    }
    for (const requests of options.requests) await cliRuns(session, repoRoot, requests, options, rows);
  } finally {
    await session.close();
  }
  const meta = { options, measuredAt: new Date().toISOString(), machine: machineLine() };
  console.log(cpuTable(rows, options.concurrency));
  console.log('');
  console.log(feelTable(feel, meta.machine));
  writeFileSync(join(outDir(), 'editor-cpu.json'), JSON.stringify({ ...meta, rows }, null, 2) + '\n');
  writeFileSync(join(outDir(), 'editor-feel.json'), JSON.stringify({ ...meta, runs: feel }, null, 2) + '\n');
  const stale = feel.filter((r) => r.lensGoneAfterMs === null);
  if (stale.length > 0) {
    console.error(`bench:editor: the "Cancel (n/N)" CodeLens was still shown ${LENS_WAIT_MS} ms after the end of ${stale.map((r) => `${r.requests}-request run ${r.run}`).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(`bench:editor failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
