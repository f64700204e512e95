#!/usr/bin/env node
// `npm run bench`: runs our CLI, the minimal undici loop and (with --peers) httpYac's CLI
// against a local server in its own process, several times each, checks that the server
// received every request, and prints a Markdown report with the targets of issue 5.
//
//   node bench/run.mjs [--quick] [--peers] [--big] [--busy] [--runs N] [--only ID,ID]
//                      [--tools T,T] [--out FILE] [--readme] [--keep]
//
// --big adds the @foreach scenarios of 100,000 and 1,000,000 CSV rows and the resume of a
// 100,000-row run where 1% failed (minutes; also run when named in --only, e.g.
// --only foreach-100k,foreach-1m,resume-100k). --busy starts two CPU-burning
// processes that run beside every measured run (a machine whose cores are taken).
//
// Exit status: 0 when every run delivered every request, 1 when a run lost requests
// (or failed, or a requested tool could not run), 2 for a usage error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { benchPlan, runGroups, PAIRED_RUNS, TOOL_NAMES } from './lib/scenarios.mjs';
import { generateForeachFiles, generateRequestFile } from './lib/requests.mjs';
import { measureProcess, hasGnuTime } from './lib/measure.mjs';
import { startServer } from './lib/server-control.mjs';
import { ensureHttpyac, HTTPYAC_VERSION } from './lib/peers.mjs';
import { summarize, evaluateTargets, renderReport } from './lib/report.mjs';
import { replaceSection } from './lib/readme.mjs';
import { startBurners } from './lib/busy.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const log = (line) => process.stderr.write(`${line}\n`);

let args;
try {
  args = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      peers: { type: 'boolean', default: false },
      runs: { type: 'string' },
      only: { type: 'string' },
      tools: { type: 'string' },
      out: { type: 'string', default: path.join(BENCH, 'results', 'latest.md') },
      readme: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      big: { type: 'boolean', default: false },
      busy: { type: 'boolean', default: false },
      cli: { type: 'string', default: path.join(ROOT, 'dist', 'cli.js') },
    },
  }).values;
} catch (err) {
  log(`bench: ${err.message}`);
  process.exit(2);
}
const runs = Number(args.runs ?? (args.quick ? 1 : 3));
/** Rounds of a pair of scenarios that a target compares (at least; more with --runs). */
const pairedRuns = args.quick ? PAIRED_RUNS.quick : PAIRED_RUNS.full;
if (!Number.isInteger(runs) || runs < 1) {
  log('bench: --runs takes a positive integer');
  process.exit(2);
}

const big = args.big || /(^|,)(foreach|resume)-/.test(args.only ?? '');
const plan = benchPlan({ quick: args.quick, peers: args.peers, big });
/** CPU burners beside the runs (--busy); they start after the probes. */
const BURNERS = 2;
const wantedTools = args.tools ? new Set(args.tools.split(',')) : null;
const wantedScenarios = args.only ? new Set(args.only.split(',')) : null;
const scenarios = plan.scenarios
  .filter((s) => !wantedScenarios || wantedScenarios.has(s.id))
  .map((s) => ({ ...s, tools: s.tools.filter((t) => !wantedTools || wantedTools.has(t)) }))
  .filter((s) => s.tools.length > 0);
if (scenarios.length === 0) {
  log('bench: no scenario left to run (check --only and --tools)');
  process.exit(2);
}

const useGnuTime = hasGnuTime();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-http-bench-'));
const toolCommand = {
  'batch-http': (file, c) => [process.execPath, [args.cli, 'run', file, '-q', '--reporter', 'json', '-o', '/dev/null', '-c', String(c)]],
  'undici-loop': (file, c) => [process.execPath, [path.join(BENCH, 'undici-loop.mjs'), file, String(c)]],
  httpyac: null, // set once installed
};

/**
 * A resume scenario's first run (not measured): every row once, no retries, the JSON report
 * kept for `--resume`. Returns the server's count after it.
 */
async function firstRunForResume(server, file, scenario) {
  const stem = path.join(work, `${scenario.id}.first`);
  const m = await measureProcess({
    command: process.execPath,
    args: [args.cli, 'run', file, '-q', '-r', '0', '--reporter', 'json', '-o', `${stem}.json`, '-c', String(scenario.concurrency)],
    cwd: work,
    stdoutFile: `${stem}.out`,
    stderrFile: `${stem}.err`,
    timeoutMs: scenario.timeoutMs,
    useGnuTime: false,
  });
  if (m.exitCode !== 1) throw new Error(`${scenario.id}: the first run should fail 1% of its rows, but it exited ${m.exitCode ?? m.signal}`);
  return { report: `${stem}.json`, before: (await server.count()).requests };
}

async function runOnce(server, tool, file, scenario) {
  await server.reset();
  let [command, argv] = toolCommand[tool](file, scenario.concurrency);
  let before = 0;
  if (scenario.resumeOf) {
    const first = await firstRunForResume(server, file, scenario);
    before = first.before;
    argv = [...argv, '-r', '0', '--resume', first.report];
  }
  const stem = path.join(work, `${scenario.id}.${tool}`);
  const m = await measureProcess({
    command,
    args: argv,
    cwd: work, // httpYac only reads files under its cwd
    stdoutFile: `${stem}.out`,
    stderrFile: `${stem}.err`,
    timeoutMs: scenario.timeoutMs,
    useGnuTime,
  });
  const received = (await server.count()).requests - before;
  const ok = m.exitCode === 0 && !m.timedOut && received === scenario.count;
  let note = '';
  if (m.timedOut) note = `timed out after ${scenario.timeoutMs / 1000} s`;
  else if (m.exitCode !== 0) note = `exit ${m.exitCode ?? m.signal}: ${fs.readFileSync(`${stem}.err`, 'utf8').trim().split('\n').slice(-1)[0] ?? ''}`;
  else if (received !== scenario.count) note = `server received ${received}`;
  return { scenario: scenario.id, tool, wallMs: m.wallMs, peakRssKb: m.peakRssKb, cpuMs: m.cpuMs, received, ok, note };
}

/** The request file of a scenario, written into the work directory as `ID.batch.http`. */
function writeScenarioFile(server, s) {
  const file = path.join(work, `${s.id}.batch.http`);
  if (s.foreach) {
    const csvName = `${s.id}.csv`;
    const generated = generateForeachFiles({ rows: s.resumeOf || s.count, baseUrl: server.baseUrl, csvName, failEvery: s.resumeOf ? 100 : 0 });
    fs.writeFileSync(path.join(work, csvName), generated.csv);
    fs.writeFileSync(file, generated.file);
  } else {
    fs.writeFileSync(file, generateRequestFile({ count: s.count, baseUrl: server.baseUrl, delayMs: s.delayMs, responseBytes: s.responseBytes, named: s.named, assertions: s.assertions }));
  }
}

/** Runs each tool once on a 5-request file: the warm-up, and the check that it works at all. */
async function probe(server, tool) {
  const file = 'probe.batch.http';
  fs.writeFileSync(path.join(work, file), generateRequestFile({ count: 5, baseUrl: server.baseUrl }));
  const r = await runOnce(server, tool, file, { id: 'probe', count: 5, concurrency: 2, timeoutMs: 60_000 });
  return r.ok ? null : r.note || 'failed';
}

const LOAD_AT_START = os.loadavg();

function machineLine(versions) {
  const cpu = os.cpus();
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
  const busy = Math.max(LOAD_AT_START[0], os.loadavg()[0]) > cpu.length;
  return (
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${versions.join(', ')}; load average ${load(LOAD_AT_START)} at start, ${load(os.loadavg())} at the end. ` +
    `Server, clients and anything else running share these cores.` +
    (busy
      ? `\n\n**The machine was busy (load average above ${cpu.length}): other processes took CPU time during the runs, so wall times and their ratios are unreliable; the CPU s column is less affected.**`
      : '')
  );
}

async function main() {
  let exitCode = 0;
  const server = await startServer({ maxLifetimeS: 3 * 3600 });
  let burners = null;
  const cleanup = () => {
    burners?.stop();
    return server.stop();
  };
  process.on('SIGINT', () => {
    cleanup().finally(() => process.exit(130));
  });
  try {
    const tools = new Set(scenarios.flatMap((s) => s.tools));
    const versions = [`undici ${createRequire(import.meta.url)('undici/package.json').version}`];
    if (tools.has('batch-http') && !fs.existsSync(args.cli)) throw new Error(`${args.cli} is missing: run npm run build`);
    if (tools.has('httpyac')) {
      const script = ensureHttpyac(log);
      toolCommand.httpyac = (file, c) => [process.execPath, [script, 'send', file, '--all', '-o', 'none', '--parallel', String(c)]];
      versions.push(`httpYac ${HTTPYAC_VERSION}`);
    }
    const unavailable = new Map();
    for (const tool of tools) {
      const problem = await probe(server, tool);
      if (problem) {
        unavailable.set(tool, problem);
        log(`bench: ${TOOL_NAMES[tool]} cannot run, left out: ${problem}`);
        exitCode = 1;
      }
    }
    if (args.busy) {
      burners = startBurners(BURNERS);
      log(`bench: --busy: ${BURNERS} CPU-burning processes (pids ${burners.pids.join(', ')}) run beside every run`);
    }
    log(`bench: server ${server.baseUrl} (pid ${server.pid}), work dir ${work}, ${runs} run(s) per case`);
    const results = [];
    for (const group of runGroups(scenarios)) {
      for (const s of group) writeScenarioFile(server, s);
      // A pair (a target's ratio of two scenarios) runs round by round, each round in the other
      // order: the two runs of a round are seconds apart, so the machine's drift cancels out of
      // the round's ratio (report.mjs, pairedValue).
      const rounds = group.length > 1 ? Math.max(runs, pairedRuns) : runs;
      for (let round = 0; round < rounds; round++) {
        for (const s of round % 2 === 0 ? group : [...group].reverse()) {
          // runs are interleaved across tools so that a slow patch of the machine hits all of them
          for (const tool of s.tools) {
            if (unavailable.has(tool)) continue;
            const r = { ...(await runOnce(server, tool, `${s.id}.batch.http`, s)), round };
            results.push(r);
            log(
              `  ${s.id.padEnd(16)} ${tool.padEnd(11)} C=${String(s.concurrency).padEnd(3)} run ${round + 1}: ` +
                `${(r.wallMs / 1000).toFixed(3)} s, ${r.peakRssKb ? Math.round(r.peakRssKb / 1024) : '?'} MB, ` +
                `CPU ${r.cpuMs === null ? '?' : (r.cpuMs / 1000).toFixed(2)} s, ` +
                `received ${r.received}/${s.count}${r.ok ? '' : `  FAILED ${r.note}`}`,
            );
            if (!r.ok) exitCode = 1;
          }
        }
      }
    }
    const summaries = summarize(results, scenarios);
    // targets about scenarios left out with --only are not shown at all
    const ran = new Set(scenarios.map((s) => s.id));
    const shown = plan.targets.filter((t) => ran.has(t.of.scenario) && (!t.over || ran.has(t.over.scenario)));
    const targets = evaluateTargets(summaries, shown, results);
    burners?.stop();
    const flags = [args.quick && '--quick', args.peers && '--peers', args.big && '--big', args.busy && '--busy', args.runs && `--runs ${runs}`].filter(Boolean);
    const command = flags.length ? `npm run bench -- ${flags.join(' ')}` : 'npm run bench';
    const notes = [
      `Wall time runs from spawning the process to its exit (process start included); median of ${runs} run(s) (of every round for a pair, below), interleaved across tools.`,
      `Peak RSS is the largest of the runs; CPU is the median of user + system time of the process (${useGnuTime ? 'GNU time' : 'VmHWM sampled from /proc; no CPU time without GNU time'}).`,
      `Scenarios a target compares pair by pair (${plan.scenarios.filter((s) => s.pairedWith).map((s) => `${s.id} with ${s.pairedWith}`).join(', ')}) ran round by round, at least ${pairedRuns} rounds, each round in the other order; such a target is the median of the rounds' ratios, with a bootstrap 90% interval.`,
      'Server received: the requests the server counted in each run; ✓ when every run delivered exactly all of them and the tool exited 0.',
      'batch-http: `node dist/cli.js run FILE -q --reporter json -o /dev/null -c C`; undici loop: `node bench/undici-loop.mjs FILE C` (one Agent, C connections); httpYac: `httpyac send FILE --all -o none --parallel C`.',
      ...(args.busy ? [`--busy: ${BURNERS} CPU-burning processes (\`node -e "for (;;) {}"\`) ran beside every run, so the load average is high on purpose.`] : []),
      ...[...unavailable].map(([tool, why]) => `${TOOL_NAMES[tool]} was left out: ${why}.`),
    ];
    const report = renderReport({
      title: `Performance (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${args.quick ? ', quick run' : ''})`,
      command,
      machine: machineLine(versions),
      summaries,
      targets,
      toolNames: TOOL_NAMES,
      notes,
    });
    process.stdout.write(`\n${report}`);
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, report);
    log(`bench: report written to ${path.relative(process.cwd(), args.out)}`);
    if (args.readme) {
      const readme = path.join(BENCH, 'README.md');
      fs.writeFileSync(readme, replaceSection(fs.readFileSync(readme, 'utf8'), report));
      log('bench: Performance section of bench/README.md updated');
    }
    if (exitCode !== 0) log('bench: exit 1: a tool could not run, or a run lost or failed requests (see above)');
  } finally {
    await cleanup();
    if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    log(`bench: ${err.stack ?? err}`);
    process.exitCode = 1;
  },
);
