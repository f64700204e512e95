import type { CliOutput } from '../output';

/** `batch-http parse`: not built yet (see the issue tracker). */
export async function parseCommand(_args: string[], out: CliOutput, _signal: AbortSignal): Promise<number> {
  out.stderr('batch-http parse: not implemented yet\n');
  return 2;
}
