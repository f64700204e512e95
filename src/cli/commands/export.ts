import type { CliOutput } from '../output';

/** `batch-http export`: not built yet (see the issue tracker). */
export async function exportCommand(_args: string[], out: CliOutput, _signal: AbortSignal): Promise<number> {
  out.stderr('batch-http export: not implemented yet\n');
  return 2;
}
