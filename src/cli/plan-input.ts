// Shared by the commands that plan a file (parse, run, export): the command line (FILE,
// --env, --var, --help), reading FILE, and the refusal of an environment no file defines.
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UnknownEnvironmentError, type PlanOptions } from '../core/parser';
import { createNodeFileReader } from '../core/system';
import type { CliOutput } from './output';
import { parseVarOptions, resolveCliFile } from './paths';
import { UsageError } from './usage';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options of every planning command besides its own. */
const PLAN_INPUT_OPTIONS = {
  env: { type: 'string', short: 'e' },
  var: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O & typeof PLAN_INPUT_OPTIONS }>>;

export interface CommandLine<O extends OptionsConfig> {
  values: Parsed<O>['values'];
  /** FILE ('' with --help and no FILE). */
  file: string;
}

/**
 * A planning command's arguments: its own options plus `--env`, `--var` and `--help`, and
 * exactly one FILE (unless `--help`). Throws `UsageError` with the command's usage.
 */
export function parseCommandLine<O extends OptionsConfig>(args: string[], options: O, usage: string): CommandLine<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { ...options, ...PLAN_INPUT_OPTIONS } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (!(values as { help?: boolean }).help && positionals.length !== 1) {
    throw new UsageError(`${positionals.length ? 'expected one FILE' : 'missing FILE'}\n\n${usage}`);
  }
  return { values, file: positionals[0] ?? '' };
}

/** What planning a file from the command line needs. */
export interface PlanInput {
  /** FILE as given (shown in messages). */
  file: string;
  filePath: string;
  workspaceRoot: string;
  /** The file's text; a caller that keeps only the plan may drop it (`''`) once planned. */
  text: string;
  environment: string | null;
  vars: Record<string, string>;
}

/**
 * Resolves FILE and its workspace, parses `--var` (a malformed one is a `UsageError`) and
 * reads the file. A file that cannot be read is reported on stderr: null (exit 2).
 */
export async function loadPlanInput(command: string, line: { file: string; values: { env?: string; var?: string[] } }, out: CliOutput): Promise<PlanInput | null> {
  const vars = parseVarOptions(line.values.var ?? []);
  const { filePath, workspaceRoot } = resolveCliFile(line.file, process.cwd());
  try {
    const text = new TextDecoder('utf-8').decode(await readFile(filePath));
    return { file: line.file, filePath, workspaceRoot, text, environment: line.values.env ?? null, vars };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.stderr(`batch-http ${command}: cannot read ${line.file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return null;
  }
}

/** The options every planning step of the CLI shares (the file, environment, values; files and process environment read directly). */
export function cliPlanOptions(input: PlanInput): Pick<PlanOptions, 'filePath' | 'workspaceRoot' | 'environment' | 'vars' | 'files'> & { processEnv: NodeJS.ProcessEnv } {
  return { filePath: input.filePath, workspaceRoot: input.workspaceRoot, environment: input.environment, vars: input.vars, files: createNodeFileReader(), processEnv: process.env };
}

/** Runs a planning step; an environment that no file defines is reported on stderr: null (exit 2). */
export async function unlessUnknownEnvironment<T>(command: string, out: CliOutput, step: () => Promise<T>): Promise<T | null> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof UnknownEnvironmentError) {
      out.stderr(`batch-http ${command}: ${err.message}\n`);
      return null;
    }
    throw err;
  }
}
