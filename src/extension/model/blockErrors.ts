// Which errors stop a run: running the whole file refuses on any error and names the blocks
// to fix; "Run Request at Cursor" and "Run Selected Requests" are stopped only by errors in
// the chosen blocks, or by errors that concern every request (the file header, environment
// files). Editor-free: the run controller asks, and shows the answer.
import type { Diagnostic, RequestBlockInfo } from '../../core/types';

type BlockSpan = Pick<RequestBlockInfo, 'blockIndex' | 'startLine' | 'endLine' | 'line'>;

/** The block whose lines hold `line`, or undefined (the file header, or past the last block). */
function holder(blocks: readonly BlockSpan[], line: number): BlockSpan | undefined {
  // Blocks are in file order and do not overlap: a binary search keeps a large file quick.
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (line < b.startLine) hi = mid - 1;
    else if (line > b.endLine) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/**
 * The errors that stop a run of `chosen` blocks (undefined: the whole file). An error of
 * another file (an environment file) or outside every block concerns every request.
 */
export function blockingErrors(diagnostics: readonly Diagnostic[], blocks: readonly BlockSpan[], chosen: readonly number[] | undefined): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (chosen === undefined) return errors;
  const wanted = new Set(chosen);
  return errors.filter((d) => {
    if (d.file !== undefined) return true;
    const b = holder(blocks, d.line);
    return b === undefined || wanted.has(b.blockIndex);
  });
}

/** The request lines of the blocks that hold errors (in file order, each once), and whether other errors exist. */
export function blocksToFix(errors: readonly Diagnostic[], blocks: readonly BlockSpan[]): { lines: number[]; elsewhere: boolean } {
  const lines = new Set<number>();
  let elsewhere = false;
  for (const d of errors) {
    const b = d.file === undefined ? holder(blocks, d.line) : undefined;
    if (b) lines.add(b.line);
    else elsewhere = true;
  }
  return { lines: [...lines].sort((a, b) => a - b), elsewhere };
}

const LISTED = 8;

/** The message when the whole file is run with errors: which blocks to fix, and what still runs. */
export function wholeFileRefusal(fileName: string, errors: readonly Diagnostic[], blocks: readonly BlockSpan[]): string {
  const { lines, elsewhere } = blocksToFix(errors, blocks);
  const n = errors.length;
  const shown = lines.slice(0, LISTED).join(', ') + (lines.length > LISTED ? ` and ${lines.length - LISTED} more` : '');
  const where: string[] = [];
  if (lines.length > 0) where.push(`the ${lines.length === 1 ? 'request' : 'requests'} on ${lines.length === 1 ? 'line' : 'lines'} ${shown}`);
  if (elsewhere) where.push('the file header or the environment files');
  const first = errors[0] ? ` First: line ${errors[0].line}: ${errors[0].message}` : '';
  const others = lines.length > 0 ? ' Run Request at Cursor and Run Selected Requests still run the requests without errors.' : '';
  return `Batch HTTP: ${fileName} has ${n} ${n === 1 ? 'error' : 'errors'}; nothing was sent. Fix ${where.join(' and ')} (see the Problems panel) to run the whole file.${others}${first}`;
}
