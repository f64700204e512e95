// npm run bench:editor [-- --requests 10000 --concurrency 64 --runs 2]
//
// CPU cost of a large batch run from the editor versus the CLI, for the same file against the
// same local server. Editor: the packaged extension in code-server (the e2e harness), the run
// started with the "Run batch" CodeLens; measured is the extension host's CPU time (user +
// system, from /proc) from the click until the Results tree shows every request finished,
// plus, for context, the rest of code-server (server, watchers) and Chromium. CLI: `node dist/cli.js run FILE
// --reporter json -o /dev/null`, CPU time of the whole process. Needs `npm run
// test:e2e:setup`; Linux only (/proc). Results: printed, and saved to
// test-results/bench/editor-cpu.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { editorProcesses, extensionHostPids } from '../test/e2e/support/code-server';
import { findEditorInstall, SETUP_HINT } from '../test/e2e/support/install';
import { runToEnd } from '../test/e2e/support/processes';
import { RESULTS_VIEW } from '../test/e2e/support/results-view';
import { startSession } from '../test/e2e/support/session';
import { packagedVsix } from '../test/e2e/support/vsix';
import { waitFor } from '../test/e2e/support/wait';

interface Options {
  requests: number;
  concurrency: number;
  runs: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { requests: 10_000, concurrency: 64, runs: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in options) || !Number.isInteger(value) || value < 1) throw new Error(`usage: bench:editor [--requests N] [--concurrency N] [--runs N] (bad: ${argv[i]} ${argv[i + 1]})`);
    options[key] = value;
  }
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

function batchFile(origin: string, options: Options): string {
  return [`# @concurrency ${options.concurrency}`, '# @retries 0', '', '### bench', `# @repeat ${options.requests}`, `GET ${origin}/users/{{$index}}`, ''].join('\n');
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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const repoRoot = resolve(process.cwd());
  const install = findEditorInstall();
  if ('missing' in install) throw new Error(`the editor is not installed (${install.missing}): ${SETUP_HINT}`);
  const outDir = join(repoRoot, 'test-results', 'bench');
  mkdirSync(outDir, { recursive: true });
  const vsix = await packagedVsix(repoRoot);
  const session = await startSession({ install, vsix, resultsDir: outDir });
  const rows: { side: string; run: number; extensionHostCpu: number; serverCpu: number; browserCpu: number; wallMs: number }[] = [];
  try {
    const file = join(session.fixture.dir, 'bench.batch.http');
    writeFileSync(file, batchFile(session.server.origin, options));
    const wb = session.workbench;
    await wb.openFile('bench.batch.http');
    const hosts = await waitFor('the extension host process', async () => ((await extensionHostPids(session.editor.process)).length > 0 ? extensionHostPids(session.editor.process) : undefined), { timeoutMs: 30_000 });
    const serverPids = (await editorProcesses(session.editor.process)).map((p) => p.pid).filter((pid) => !hosts.includes(pid));
    const browserPids = pidsWithArg(join(session.root, 'chromium-profile'));
    for (let run = 1; run <= options.runs; run++) {
      if (run > 1) await wb.waitForCodeLens(/^Run batch \(/, 60_000);
      const before = { host: sum(hosts), server: sum(serverPids), browser: sum(browserPids) };
      const previousTop = (await wb.treeRows(RESULTS_VIEW)).find((r) => r.level === 1)?.description ?? '';
      const started = Date.now();
      await wb.clickCodeLens(/^Run batch \(/);
      await waitFor(
        `run ${run} to finish ${options.requests} requests`,
        async () => {
          // The newest run is the top row; its description ends in "N succeeded, M failed, ...".
          const top = (await wb.treeRows(RESULTS_VIEW)).find((r) => r.level === 1)?.description ?? '';
          const m = /(\d+) succeeded, (\d+) failed/.exec(top);
          return top !== previousTop && m && Number(m[1]) + Number(m[2]) === options.requests ? true : undefined;
        },
        { timeoutMs: 600_000, intervalMs: 200, describe: async () => JSON.stringify((await wb.treeRows(RESULTS_VIEW)).slice(0, 2)) },
      );
      const wallMs = Date.now() - started;
      rows.push({ side: 'editor', run, extensionHostCpu: sum(hosts) - before.host, serverCpu: sum(serverPids) - before.server, browserCpu: sum(browserPids) - before.browser, wallMs });
      await wb.screenshot(`editor-run-${run}`);
    }
    if (session.server.totalHits() < options.requests * options.runs) throw new Error(`the server saw ${session.server.totalHits()} requests, expected ${options.requests * options.runs}`);
    session.server.reset();
    for (let run = 1; run <= options.runs; run++) {
      const cli = await cliRun(repoRoot, file);
      rows.push({ side: 'cli', run, extensionHostCpu: cli.cpu, serverCpu: 0, browserCpu: 0, wallMs: cli.wallMs });
    }
    if (session.server.totalHits() !== options.requests * options.runs) throw new Error(`the CLI runs sent ${session.server.totalHits()} requests, expected ${options.requests * options.runs}`);
  } finally {
    await session.close();
  }
  const table = [
    `${options.requests} requests, concurrency ${options.concurrency}, local server; CPU seconds (user+system)`,
    '| side | run | process CPU (ext host / CLI) | code-server CPU | Chromium CPU | wall ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.side} | ${r.run} | ${r.extensionHostCpu.toFixed(2)} | ${r.side === 'cli' ? '-' : r.serverCpu.toFixed(2)} | ${r.side === 'cli' ? '-' : r.browserCpu.toFixed(2)} | ${r.wallMs} |`),
  ].join('\n');
  console.log(table);
  writeFileSync(join(outDir, 'editor-cpu.json'), JSON.stringify({ options, measuredAt: new Date().toISOString(), rows }, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(`bench:editor failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
