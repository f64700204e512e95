// Entry point of the `batch-http` command line: picks the subcommand, maps errors to exit codes.
import { createProcessOutput, type CliOutput } from './output';
import { installStopSignals } from './signals';
import { USAGE, UsageError } from './usage';

export type Command = (args: string[], out: CliOutput, signal: AbortSignal) => Promise<number>;

async function loadCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'parse':
      return (await import('./commands/parse')).parseCommand;
    case 'run':
      return (await import('./commands/run')).runCommand;
    case 'export':
      return (await import('./commands/export')).exportCommand;
    default:
      return undefined;
  }
}

export async function main(argv: string[], out: CliOutput, signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? out.stdout : out.stderr)(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    out.stdout(`${process.env.BATCH_HTTP_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    out.stderr(`batch-http: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, out, signal);
  } catch (err) {
    if (err instanceof UsageError) {
      out.stderr(`batch-http ${name}: ${err.message}\n`);
      return 2;
    }
    out.stderr(`batch-http ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

/** The command line of this process: called by the launcher (src/cli/launcher.ts). */
export function runCli(): void {
  const out = createProcessOutput();
  const controller = new AbortController();
  // The first Ctrl+C or SIGTERM cancels the run (the report of what finished is still
  // written, exit 130 or 143); a second one exits at once.
  installStopSignals(process, controller, out.stderr);
  main(process.argv.slice(2), out, controller.signal).then(
    (code) => exitWhenWritten(code),
    (err: unknown) => {
      out.stderr(`batch-http: ${String(err)}\n`);
      exitWhenWritten(2);
    },
  );
}

/**
 * Exits once stdout and stderr have taken everything written so far. Waiting for the event
 * loop to empty instead costs a short run ~80 ms: V8 is still optimising undici's HTTP
 * parser (WebAssembly) in the background, and Node waits for that before it exits.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}
