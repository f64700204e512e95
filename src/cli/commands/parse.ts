// `batch-http parse FILE [--env NAME] [--var NAME=VALUE]...`: the expanded plan as JSON.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildPlan, planToJson, UnknownEnvironmentError } from '../../core/parser';
import { createNodeFileReader, createSystemClock } from '../../core/system';
import type { CliOutput } from '../output';
import { UsageError } from '../usage';
import { parseVarOptions, resolveCliFile } from '../paths';

export const PARSE_USAGE = `Usage: batch-http parse FILE [--env NAME] [--var NAME=VALUE]...

Prints the batch as it would be sent (copies expanded, variables resolved) as JSON.
  -e, --env NAME        the environment to use
      --var NAME=VALUE  a run value (repeatable); wins over environments and file variables
Exit status: 0 without error diagnostics, 2 with any (the JSON is still printed).
`;

export async function parseCommand(args: string[], out: CliOutput, _signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        env: { type: 'string', short: 'e' },
        var: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${PARSE_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.stdout(PARSE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`${positionals.length ? 'expected one FILE' : 'missing FILE'}\n\n${PARSE_USAGE}`);
  const vars = parseVarOptions(values.var ?? []);
  const { filePath, workspaceRoot } = resolveCliFile(positionals[0]!, process.cwd());
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await readFile(filePath));
  } catch (err) {
    out.stderr(`batch-http parse: cannot read ${positionals[0]}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return 2;
  }
  let plan;
  try {
    plan = await buildPlan(text, {
      filePath,
      workspaceRoot,
      environment: values.env ?? null,
      vars,
      files: createNodeFileReader(),
      processEnv: process.env,
      clock: createSystemClock(),
    });
  } catch (err) {
    if (err instanceof UnknownEnvironmentError) {
      out.stderr(`batch-http parse: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  out.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
  return plan.diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}
