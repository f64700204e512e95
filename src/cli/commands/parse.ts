// `batch-http parse FILE [--env NAME] [--var NAME=VALUE]...`: the expanded plan as JSON.
import { buildPlan, planToJson } from '../../core/parser';
import { createSystemClock } from '../../core/system';
import type { CliOutput } from '../output';
import { cliPlanOptions, loadPlanInput, parseCommandLine, unlessUnknownEnvironment } from '../plan-input';

export const PARSE_USAGE = `Usage: batch-http parse FILE [--env NAME] [--var NAME=VALUE]...

Prints the batch as it would be sent (copies expanded, variables resolved) as JSON.
  -e, --env NAME        the environment to use
      --var NAME=VALUE  a run value (repeatable); wins over environments and file variables
Exit status: 0 without error diagnostics, 2 with any (the JSON is still printed).
`;

export async function parseCommand(args: string[], out: CliOutput, _signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(args, {}, PARSE_USAGE);
  if (line.values.help) {
    out.stdout(PARSE_USAGE);
    return 0;
  }
  const input = await loadPlanInput('parse', line, out);
  if (!input) return 2;
  const plan = await unlessUnknownEnvironment('parse', out, () =>
    buildPlan(input.text, { ...cliPlanOptions(input), clock: createSystemClock() }),
  );
  if (!plan) return 2;
  out.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
  return plan.diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}
