// Which CodeLenses a .batch.http file gets, from its parsed blocks. No `vscode` import.
import { cancelLensTitle, runBatchLensTitle } from './format';

export interface LensBlock {
  blockIndex: number;
  /** 1-based request line. */
  line: number;
  /** 1-based first line of the block (its `###`). */
  startLine: number;
  repeat: number | null;
  foreach: unknown | null;
  /** False for requests of other protocols, which the batch leaves out. */
  http: boolean;
}

export type LensSpec =
  | { kind: 'batch'; line: number; title: string }
  | { kind: 'cancel'; line: number; title: string }
  | { kind: 'run'; line: number; title: string; blockIndex: number };

/**
 * Lenses go on the first line of each block (its `###` separator or the request line).
 * While this file runs, the batch lens becomes "Cancel (done/total)" and the per-request
 * "Run" lenses are hidden (one run at a time).
 */
export function lensSpecs(
  blocks: readonly LensBlock[],
  concurrency: number | 'auto',
  running: { done: number; total: number } | null,
): LensSpec[] {
  const runnable = blocks.filter((b) => b.http);
  const first = runnable[0];
  if (!first) return [];
  const out: LensSpec[] = [];
  const top = Math.min(first.startLine, first.line);
  if (running) {
    out.push({ kind: 'cancel', line: top, title: cancelLensTitle(running.done, running.total) });
    return out;
  }
  let count = 0;
  let minimum = false;
  for (const b of runnable) {
    if (b.foreach) minimum = true;
    else count += b.repeat ?? 1;
  }
  out.push({ kind: 'batch', line: top, title: runBatchLensTitle(count, minimum, concurrency) });
  for (const b of runnable) out.push({ kind: 'run', line: Math.min(b.startLine, b.line), title: 'Run', blockIndex: b.blockIndex });
  return out;
}
