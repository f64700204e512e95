// `batch-http export FILE --to artillery|k6 [-o OUT] [options]`: writes a load test that sends
// the batch's requests, for a distributed load engine.
import { printable } from '../../core/printable';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { defaultOutFile, EXPORT_ENGINES, exportBatch, formatNote, MAX_USERS, parseDurationText, type ExportEngine } from '../../core/export';
import { parseIntIn } from '../../core/parser';
import type { CliOutput } from '../output';
import { cliPlanOptions, loadPlanInput, parseCommandLine, unlessUnknownEnvironment } from '../plan-input';
import { UsageError } from '../usage';

export const EXPORT_USAGE = `Usage: batch-http export FILE --to artillery|k6 [options]

Writes a load test that sends the batch's requests (Artillery YAML scenario or k6 script).
  --to ENGINE             artillery or k6 (required)
  -o, --output OUT        the file to write (default: next to FILE, FILE.artillery.yml or FILE.k6.js);
                          row files and helpers are written next to it
  -e, --env NAME          the environment to use
      --var NAME=VALUE    a run value (repeatable); wins over environments and file variables
  -u, --users N           virtual users (default 1)
  -d, --duration TIME     keep the users running the batch this long (60, 60s, 5m, 1h)
      --arrival-rate N    instead of fixed users: N new users per second (for --duration, default 60 s)
  -c, --concurrency N     the cap on virtual users (overrides @concurrency)
What does not carry over is listed at the top of the file and printed as warnings.
Exit status: 0 when written, 2 for a usage error or a file with error diagnostics (nothing written).
`;

function positiveInt(name: string, text: string | undefined, max = MAX_USERS): number | undefined {
  if (text === undefined) return undefined;
  const n = parseIntIn(text, 1, max);
  if (n === null) throw new UsageError(`${name} needs a whole number from 1 to ${max}, not '${text}'`);
  return n;
}

/** `--duration`: seconds, or a number with `s`, `m` or `h`. Whole seconds, rounded up. */
export function parseDurationSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = parseDurationText(text);
  if (n === null) throw new UsageError(`--duration needs a positive time such as 60, 60s or 5m, not '${text}'`);
  return n;
}

const EXPORT_OPTIONS = {
  to: { type: 'string' },
  output: { type: 'string', short: 'o' },
  users: { type: 'string', short: 'u' },
  duration: { type: 'string', short: 'd' },
  'arrival-rate': { type: 'string' },
  concurrency: { type: 'string', short: 'c' },
} as const;

export async function exportCommand(args: string[], out: CliOutput, _signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(args, EXPORT_OPTIONS, EXPORT_USAGE);
  const { values } = line;
  if (values.help) {
    out.stdout(EXPORT_USAGE);
    return 0;
  }
  const engine = values.to as ExportEngine | undefined;
  if (!engine || !EXPORT_ENGINES.includes(engine)) {
    throw new UsageError(`--to needs one of ${EXPORT_ENGINES.join(', ')}${values.to ? `, not '${values.to}'` : ''}\n\n${EXPORT_USAGE}`);
  }
  const users = positiveInt('--users', values.users);
  const arrivalRate = positiveInt('--arrival-rate', values['arrival-rate']);
  if (users !== undefined && arrivalRate !== undefined) throw new UsageError('--users and --arrival-rate do not go together: pick fixed users or an arrival rate');
  const durationS = parseDurationSeconds(values.duration);
  const concurrency = positiveInt('--concurrency', values.concurrency);
  const input = await loadPlanInput('export', line, out);
  if (!input) return 2;
  const { file, filePath } = input;
  const outFile = values.output ? resolve(process.cwd(), values.output) : defaultOutFile(filePath, engine);
  const outcome = await unlessUnknownEnvironment('export', out, () =>
    exportBatch(input.text, {
      ...cliPlanOptions(input),
      engine,
      outFile,
      ...(users === undefined ? {} : { users }),
      ...(durationS === undefined ? {} : { durationS }),
      ...(arrivalRate === undefined ? {} : { arrivalRate }),
      ...(concurrency === undefined ? {} : { concurrency }),
    }),
  );
  if (!outcome) return 2;
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) out.stderr(`${d.file ?? file}:${d.line}:${d.column}: error: ${printable(d.message)}\n`);
  if (errors.length > 0) {
    out.stderr(`batch-http export: ${file} has errors; nothing written\n`);
    return 2;
  }
  for (const n of outcome.notes) out.stderr(`${file}${n.line === null ? '' : `:${n.line}:1`}: warning: ${printable(formatNote({ ...n, line: null }))}\n`);
  const dir = dirname(outFile);
  await mkdir(dir, { recursive: true });
  for (const f of outcome.files) {
    const path = join(dir, f.name);
    await writeFile(path, f.content);
    out.stderr(`wrote ${relative(process.cwd(), path) || path}\n`);
  }
  return 0;
}
