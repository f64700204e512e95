import type { CliOutput } from '../output';

/** `batch-http run`: not built yet (see the issue tracker). */
export async function runCommand(_args: string[], out: CliOutput, _signal: AbortSignal): Promise<number> {
  out.stderr('batch-http run: not implemented yet\n');
  return 2;
}
