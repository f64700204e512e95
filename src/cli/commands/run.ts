// `batch-http run FILE [options]`: plans the file, runs the batch, prints or writes the report.
import { resolve } from 'node:path';
import { buildPlan, durationTooLong, parseDuration, parseIntIn, parseRate, planSize } from '../../core/parser';
import { printable } from '../../core/printable';
import { Redactor } from '../../core/redact';
import { runBatch } from '../../core/runner';
import { createSystemClock } from '../../core/system';
import type { BatchPlan, Clock, RunReport, SettingsOverrides } from '../../core/types';
import { createCliLogger, parseLogLevel } from '../logger';
import type { CliOutput } from '../output';
import { cliPlanOptions, loadPlanInput, parseCommandLine, unlessUnknownEnvironment } from '../plan-input';
import { Progress } from '../progress';
import { reportTargets, type ReportTarget } from '../report-options';
import { checkReportPaths, ReportSet } from '../report-set';
import { interruptedExitCode } from '../signals';
import { loadResume, ResumeRefusal, type Resumed } from '../resume';
import { loadResumeLazy } from '../resume-lazy';
import { UsageError } from '../usage';
import { tuneTiering } from '../tiering';

export const RUN_USAGE = `Usage: batch-http run FILE [options]

Runs every request of FILE as one concurrent batch and reports the results.
  -c, --concurrency N       at most N requests in flight (overrides @concurrency);
                            'auto' or 'auto:MAX' adapts each origin's limit (MAX 256)
      --per-host N          at most N in flight to one origin (overrides @per-host)
  -t, --timeout DURATION    timeout of each attempt, e.g. 5s (overrides @timeout)
      --deadline DURATION   cancel the whole batch after this long (overrides @deadline)
  -r, --retries N           retries of retryable failures (overrides @retries)
      --rate N/s            at most N request starts per second (or N/m) (overrides @rate)
      --bail                stop after the first failure
      --traceparent         send a W3C traceparent header on every attempt (as @traceparent)
      --circuit-breaker N|off  fail fast after N failures to connect in a row to one
                            origin (default 5); off never fails fast
  -e, --env NAME            the environment to use
      --var NAME=VALUE      a run value (repeatable)
      --reporter R          pretty (default), json, junit, html (a standalone page) or
                            openmetrics (Prometheus text format), on stdout
  -o, --output FILE         write the report before it to FILE instead of stdout; repeat
                            both for several reports: --reporter json -o r.json
                            --reporter junit -o r.xml (at most one on stdout)
      --insecure            accept TLS certificates that do not verify
      --http2               offer HTTP/2 over TLS, HTTP/1.1 where not taken (as @http2)
      --max-body BYTES      per-response cap on the body kept (default 1048576)
  -q, --quiet               no progress output
      --resume REPORT       run only the requests that did not succeed in REPORT (an earlier
                            JSON report of FILE) and report the whole batch, the earlier
                            successes carried over; refused (exit 2) when FILE changed
Exit status: 0 all succeeded, 1 some did not, 2 usage error or error diagnostics
(nothing sent), 130 interrupted (SIGINT) or 143 terminated (SIGTERM): the report of
what finished is still written.
Set BATCH_HTTP_LOG=trace|debug|info to see the run's log on stderr.
`;

/** A `@foreach`/`@repeat` group of at least this many copies is planned as the run goes (when it can be). */
const LAZY_FROM = 10_000;

interface RunArgs {
  /** FILE, `--env` and `--var`, for loadPlanInput. */
  input: { file: string; values: { env?: string; var?: string[] } };
  overrides: SettingsOverrides;
  /** The reports to write, in the order given (at most one with a null output: stdout). */
  reports: ReportTarget[];
  insecure: boolean;
  maxBody: number | undefined;
  quiet: boolean;
  /** `--resume REPORT`: the earlier JSON report, as given. */
  resume: string | null;
}

function usage(message: string): never {
  throw new UsageError(`${message}\n\n${RUN_USAGE}`);
}

function intOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = parseIntIn(text, min, 1_000_000_000);
  if (n === null) usage(`--${name} needs an integer >= ${min}, not '${text}'`);
  return n;
}

/** `-c N`, `-c auto` or `-c auto:MAX`. */
function concurrencyOption(text: string | undefined): Pick<SettingsOverrides, 'concurrency' | 'adaptive'> {
  if (text === undefined) return {};
  const auto = /^auto(?::(.*))?$/i.exec(text);
  if (!auto) return { concurrency: intOption('concurrency', text, 1)! };
  if (auto[1] === undefined) return { adaptive: true };
  const max = parseIntIn(auto[1], 1, 1_000_000_000);
  if (max === null) usage(`--concurrency auto:MAX needs MAX as an integer >= 1, not '${auto[1]}'`);
  return { adaptive: true, concurrency: max };
}

function durationOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null) usage(`--${name} needs a duration such as 500ms, 5s or 2m, not '${text}'`);
  const tooLong = durationTooLong(ms, text);
  if (tooLong) usage(`--${name}: ${tooLong}`);
  return ms;
}

const RUN_OPTIONS = {
  concurrency: { type: 'string', short: 'c' },
  'per-host': { type: 'string' },
  timeout: { type: 'string', short: 't' },
  deadline: { type: 'string' },
  retries: { type: 'string', short: 'r' },
  rate: { type: 'string' },
  bail: { type: 'boolean' },
  traceparent: { type: 'boolean' },
  'circuit-breaker': { type: 'string' },
  reporter: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  insecure: { type: 'boolean' },
  http2: { type: 'boolean' },
  'max-body': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  resume: { type: 'string' },
} as const;

/** Parses the command line; throws UsageError. Returns null for --help. */
export function parseRunArgs(args: string[]): RunArgs | null {
  const line = parseCommandLine(args, RUN_OPTIONS, RUN_USAGE);
  const v = line.values;
  if (v.help) return null;
  const overrides: SettingsOverrides = {};
  Object.assign(overrides, concurrencyOption(v.concurrency));
  const perHost = intOption('per-host', v['per-host'], 1);
  if (perHost !== undefined) overrides.perHost = perHost;
  const timeout = durationOption('timeout', v.timeout);
  if (timeout !== undefined) overrides.timeoutMs = timeout;
  const deadline = durationOption('deadline', v.deadline);
  if (deadline !== undefined) overrides.deadlineMs = deadline;
  const retries = intOption('retries', v.retries, 0);
  if (retries !== undefined) overrides.retries = retries;
  if (v.rate !== undefined) {
    const rate = parseRate(v.rate);
    if (rate === null) usage(`--rate needs N/s or N/m (such as 10/s), not '${v.rate}'`);
    overrides.rate = rate;
  }
  if (v.bail) overrides.bail = true;
  if (v.traceparent) overrides.traceparent = true;
  if (v.http2) overrides.http2 = true;
  const breaker = v['circuit-breaker'];
  if (breaker !== undefined) {
    if (breaker.trim().toLowerCase() === 'off') overrides.circuitBreaker = null;
    else overrides.circuitBreaker = intOption('circuit-breaker', breaker, 1);
  }
  return {
    input: line,
    overrides,
    reports: reportTargets(line.tokens, usage),
    insecure: Boolean(v.insecure),
    maxBody: intOption('max-body', v['max-body'], 0),
    quiet: Boolean(v.quiet),
    resume: v.resume ?? null,
  };
}

function printDiagnostics(plan: BatchPlan, shownFile: string, out: CliOutput): void {
  // A message may quote a resolved value (a target, a header): private values stay hidden.
  const redactor = new Redactor(plan.secrets);
  for (const d of plan.diagnostics) {
    if (d.severity === 'info') continue;
    out.stderr(`${d.file ?? shownFile}:${d.line}:${d.column}: ${d.severity}: ${printable(redactor.text(d.message))}\n`);
  }
}

/** The plan of the run; null (exit 2) when the file cannot be read or the environment is unknown. */
async function planRun(opts: RunArgs, clock: Clock, out: CliOutput): Promise<BatchPlan | null> {
  const input = await loadPlanInput('run', opts.input, out);
  if (!input) return null;
  const plan = await unlessUnknownEnvironment('run', out, () =>
    buildPlan(input.text, {
      ...cliPlanOptions(input),
      overrides: opts.overrides,
      clock,
      // The block summaries are for editors (CodeLens, selections); a big run need not hold them.
      blockSummaries: false,
      // Big groups are planned as the run takes them (docs/scaling.md).
      lazyFrom: LAZY_FROM,
    }),
  );
  // Only the plan outlives planning: the file's text is dropped once planned.
  input.text = '';
  return plan;
}

/**
 * Reads the `--resume` report into the sink; false (exit 2, message written) when it cannot
 * be used.
 */
async function resumeFrom(path: string, plan: BatchPlan, sink: Pick<ReportSet, 'carry'>, out: CliOutput, quiet: boolean): Promise<Resumed | false> {
  let resumed: Resumed;
  try {
    resumed = plan.lazy ? await loadResumeLazy(resolve(path), path, plan, sink.carry) : loadResume(resolve(path), path, plan, sink.carry);
  } catch (err) {
    if (!(err instanceof ResumeRefusal)) throw err;
    out.stderr(`batch-http run: ${err.message}\n`);
    return false;
  }
  if (!quiet) {
    const left = resumed.rerun.length;
    const extra = resumed.runCount - left;
    out.stderr(
      `batch-http run: resuming from ${path}: ${resumed.carried} succeeded before, ${left} to run again` +
        `${extra > 0 ? ` (and ${extra} they depend on)` : ''}\n`,
    );
  }
  return resumed;
}

export async function runCommand(args: string[], out: CliOutput, signal: AbortSignal): Promise<number> {
  const opts = parseRunArgs(args);
  if (!opts) {
    out.stdout(RUN_USAGE);
    return 0;
  }
  // A report that cannot be written is found before anything is sent.
  const unwritable = await checkReportPaths(opts.reports);
  if (unwritable) {
    out.stderr(`batch-http run: ${unwritable}; nothing was sent\n`);
    return 2;
  }
  const clock = createSystemClock();
  const planned = await planRun(opts, clock, out);
  if (!planned) return 2;
  const plan: BatchPlan = { ...planned, file: opts.input.file };
  printDiagnostics(plan, opts.input.file, out);
  if (plan.diagnostics.some((d) => d.severity === 'error')) {
    out.stderr(`batch-http run: ${opts.input.file} has errors; nothing was sent\n`);
    return 2;
  }

  const secrets = plan.secrets;
  const logger = createCliLogger(out, parseLogLevel(process.env.BATCH_HTTP_LOG) ?? 'warn', secrets);
  // Each report keeps only what it shows while the results stream in (report-set.ts).
  const size = planSize(plan);
  const reports = new ReportSet(opts.reports, size, secrets, plan.file);
  let report: RunReport;
  let written: boolean;
  try {
    const resumed = opts.resume === null ? null : await resumeFrom(opts.resume, plan, reports, out, opts.quiet);
    if (resumed === false) return 2;
    const toRun = resumed ? resumed.runCount : size;
    const progress = opts.quiet ? null : new Progress(out, toRun, () => clock.now());
    // Before the run's code first runs: a short run optimizes less eagerly (tiering.ts).
    tuneTiering(toRun, process.env, logger);
    report = await runBatch(plan, {
      signal,
      logger,
      clock,
      onEvent: progress?.onEvent,
      maxBodyBytes: opts.maxBody,
      rejectUnauthorized: !opts.insecure,
      proxyEnv: process.env,
      keepResults: false,
      only: resumed ? resumed.rerun : undefined,
      onResult: reports.add,
    });
    report = reports.complete(report);
    progress?.finish();
    written = await reports.write(report, out, opts.quiet, opts.resume);
  } finally {
    reports.close();
  }
  if (signal.aborted) return interruptedExitCode(signal);
  // A report that could not be written (said on stderr) is a failed run, whatever the requests did.
  // NOT_NEEDED copies (`@first`) are not failures.
  return report.summary.succeeded + (report.summary.notNeeded ?? 0) === report.summary.total && written ? 0 : 1;
}
