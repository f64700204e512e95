// `--reporter R [-o FILE]`, repeatable (cli.md, second round): each `-o` belongs to the
// `--reporter` before it, an `-o` before the first `--reporter` to that one; without any
// `--reporter` the one report is `pretty`. At most one report goes to stdout.
import { resolve } from 'node:path';

export const REPORTERS = ['pretty', 'json', 'junit', 'html', 'openmetrics'] as const;
export type Reporter = (typeof REPORTERS)[number];

/** One report of the run: its format, and its file (null: stdout). */
export interface ReportTarget {
  reporter: Reporter;
  output: string | null;
}

/** The parts of node:util parseArgs' tokens this reads. */
export interface OptionToken {
  kind: string;
  name?: string;
  value?: string | undefined;
}

type Fail = (message: string) => never;

function reporterOf(value: string | undefined, fail: Fail): Reporter {
  if (!REPORTERS.includes(value as Reporter)) fail(`--reporter must be pretty, json, junit, html or openmetrics, not '${value ?? ''}'`);
  return value as Reporter;
}

function outputOf(value: string | undefined, fail: Fail): string {
  if (!value) fail('-o, --output needs a FILE');
  return value;
}

function giveOutput(target: ReportTarget, output: string, fail: Fail): void {
  if (target.output !== null) {
    fail(`--reporter ${target.reporter} has two output files ('${target.output}' and '${output}'); put a --reporter before each -o`);
  }
  target.output = output;
}

/** Pairs the `--reporter` and `-o` options in the order given; fails with a usage message. */
export function reportTargets(tokens: readonly OptionToken[], fail: Fail): ReportTarget[] {
  const targets: ReportTarget[] = [];
  const early: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'reporter') targets.push({ reporter: reporterOf(token.value, fail), output: null });
    else if (token.name === 'output') {
      const output = outputOf(token.value, fail);
      if (targets.length === 0) early.push(output);
      else giveOutput(targets[targets.length - 1]!, output, fail);
    }
  }
  if (targets.length === 0) targets.push({ reporter: 'pretty', output: null });
  for (const output of early) giveOutput(targets[0]!, output, fail);
  checkDistinct(targets, fail);
  return targets;
}

function checkDistinct(targets: readonly ReportTarget[], fail: Fail): void {
  const onStdout = targets.filter((t) => t.output === null);
  if (onStdout.length > 1) {
    fail(`${onStdout.map((t) => t.reporter).join(' and ')} would both go to stdout; give all reports but one an -o FILE`);
  }
  const seen = new Map<string, ReportTarget>();
  for (const t of targets) {
    if (t.output === null) continue;
    const key = resolve(t.output);
    const other = seen.get(key);
    if (other) fail(`--reporter ${other.reporter} and --reporter ${t.reporter} both write '${t.output}'; give each its own file`);
    seen.set(key, t);
  }
}
