// `batch-http run FILE [options]`: plans the file, runs the batch, prints or writes the report.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildPlan, parseDuration, parseIntIn, parseRate, UnknownEnvironmentError } from '../../core/parser';
import { Redactor } from '../../core/redact';
import { toHtml, toJunit, toPretty } from '../../core/report';
import { runBatch } from '../../core/runner';
import { createNodeFileReader, createSystemClock } from '../../core/system';
import type { BatchPlan, RequestResult, RunReport, SettingsOverrides } from '../../core/types';
import { createCliLogger, parseLogLevel } from '../logger';
import type { CliOutput } from '../output';
import { parseVarOptions, resolveCliFile } from '../paths';
import { Progress } from '../progress';
import { writeReport, type ReportChunks } from '../report-sink';
import { ResultSpool } from '../result-spool';
import { UsageError } from '../usage';

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
  -e, --env NAME            the environment to use
      --var NAME=VALUE      a run value (repeatable)
      --reporter R          pretty (default), json, junit or html (a standalone page), on stdout
  -o, --output FILE         write the report to FILE instead of stdout
      --insecure            accept TLS certificates that do not verify
      --max-body BYTES      per-response cap on the body kept (default 1048576)
  -q, --quiet               no progress output
Exit status: 0 all succeeded, 1 some did not, 2 usage error or error diagnostics
(nothing sent), 130 interrupted (the report of what finished is still written).
Set BATCH_HTTP_LOG=trace|debug|info to see the run's log on stderr.
`;

const REPORTERS = ['pretty', 'json', 'junit', 'html'] as const;
type Reporter = (typeof REPORTERS)[number];

interface RunArgs {
  file: string;
  overrides: SettingsOverrides;
  env: string | null;
  vars: Record<string, string>;
  reporter: Reporter;
  output: string | null;
  insecure: boolean;
  maxBody: number | undefined;
  quiet: boolean;
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
  return ms;
}

/** Parses the command line; throws UsageError. Returns null for --help. */
export function parseRunArgs(args: string[]): RunArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        concurrency: { type: 'string', short: 'c' },
        'per-host': { type: 'string' },
        timeout: { type: 'string', short: 't' },
        deadline: { type: 'string' },
        retries: { type: 'string', short: 'r' },
        rate: { type: 'string' },
        bail: { type: 'boolean' },
        env: { type: 'string', short: 'e' },
        var: { type: 'string', multiple: true },
        reporter: { type: 'string' },
        output: { type: 'string', short: 'o' },
        insecure: { type: 'boolean' },
        'max-body': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    usage((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return null;
  if (parsed.positionals.length !== 1) usage(parsed.positionals.length ? 'expected one FILE' : 'missing FILE');
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
  const reporter = (v.reporter ?? 'pretty') as Reporter;
  if (!REPORTERS.includes(reporter)) usage(`--reporter must be pretty, json, junit or html, not '${v.reporter}'`);
  return {
    file: parsed.positionals[0]!,
    overrides,
    env: v.env ?? null,
    vars: parseVarOptions(v.var ?? []),
    reporter,
    output: v.output ?? null,
    insecure: Boolean(v.insecure),
    maxBody: intOption('max-body', v['max-body'], 0),
    quiet: Boolean(v.quiet),
  };
}

function render(report: RunReport, reporter: Reporter, secrets: readonly string[]): ReportChunks {
  if (reporter === 'junit') return [toJunit(report, secrets)];
  if (reporter === 'html') return [toHtml(report, { secrets })];
  return [toPretty(report, { secrets })];
}

function printDiagnostics(plan: BatchPlan, shownFile: string, out: CliOutput): void {
  // A message may quote a resolved value (a target, a header): private values stay hidden.
  const redactor = new Redactor(plan.secrets);
  for (const d of plan.diagnostics) {
    if (d.severity === 'info') continue;
    out.stderr(`${d.file ?? shownFile}:${d.line}:${d.column}: ${d.severity}: ${redactor.text(d.message)}\n`);
  }
}

export async function runCommand(args: string[], out: CliOutput, signal: AbortSignal): Promise<number> {
  const opts = parseRunArgs(args);
  if (!opts) {
    out.stdout(RUN_USAGE);
    return 0;
  }
  const { filePath, workspaceRoot } = resolveCliFile(opts.file, process.cwd());
  // Only the plan outlives planning: the file's text is dropped once planned.
  let text: string | null;
  try {
    text = new TextDecoder('utf-8').decode(await readFile(filePath));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.stderr(`batch-http run: cannot read ${opts.file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return 2;
  }
  const clock = createSystemClock();
  let plan: BatchPlan;
  try {
    plan = await buildPlan(text, {
      filePath,
      workspaceRoot,
      environment: opts.env,
      vars: opts.vars,
      overrides: opts.overrides,
      files: createNodeFileReader(),
      processEnv: process.env,
      clock,
      // The block summaries are for editors (CodeLens, selections); a big run need not hold them.
      blockSummaries: false,
    });
    text = null;
  } catch (err) {
    if (err instanceof UnknownEnvironmentError) {
      out.stderr(`batch-http run: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  plan = { ...plan, file: opts.file };
  printDiagnostics(plan, opts.file, out);
  if (plan.diagnostics.some((d) => d.severity === 'error')) {
    out.stderr(`batch-http run: ${opts.file} has errors; nothing was sent\n`);
    return 2;
  }

  const secrets = plan.secrets;
  const logger = createCliLogger(out, parseLogLevel(process.env.BATCH_HTTP_LOG) ?? 'warn', secrets);
  const progress = opts.quiet ? null : new Progress(out, plan.requests.length, () => clock.now());
  // The JSON report goes through a temporary file instead of holding every result and body;
  // the other reports never show bodies or response headers, so their results keep neither.
  const spool = opts.reporter === 'json' ? new ResultSpool(plan.requests.length, secrets) : null;
  const slim: RequestResult[] = [];
  let report: RunReport;
  try {
    report = await runBatch(plan, {
      signal,
      logger,
      clock,
      onEvent: progress?.onEvent,
      maxBodyBytes: opts.maxBody,
      rejectUnauthorized: !opts.insecure,
      proxyEnv: process.env,
      keepResults: false,
      onResult: spool ? (result) => spool.add(result) : (result) => void slim.push({ ...result, responseHeaders: null, body: null }),
    });
    if (!spool) report = { ...report, results: slim.sort((a, b) => a.index - b.index) };
    progress?.finish();
    await writeReport(spool ? spool.reportChunks(report) : render(report, opts.reporter, secrets), opts.output, out);
  } finally {
    spool?.close();
  }
  if (opts.output && !opts.quiet) out.stderr(`batch-http run: report written to ${opts.output}\n`);
  if (signal.aborted) return 130;
  return report.summary.succeeded === report.summary.total ? 0 : 1;
}
