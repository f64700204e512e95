// From editor positions to request blocks and batch indices ("Run Request at Cursor", "Run
// Selected Requests", CodeLens "Run"). Lines are 1-based, as in the core's types.
import type { PlannedRequest, RequestBlockInfo } from '../../core/types';

export interface LineRange {
  startLine: number;
  endLine: number;
}

type BlockSpan = Pick<RequestBlockInfo, 'blockIndex' | 'startLine' | 'endLine' | 'line'>;

/**
 * The block that holds `line`; a line above the first block (the file header) belongs to the
 * first block; a line between blocks to the block above it.
 */
export function blockAtLine(blocks: readonly BlockSpan[], line: number): number | undefined {
  let candidate: BlockSpan | undefined;
  for (const block of blocks) {
    if (line >= block.startLine && line <= block.endLine) return block.blockIndex;
    if (block.startLine <= line) candidate = block;
  }
  return (candidate ?? blocks[0])?.blockIndex;
}

/** Blocks that any of the ranges touches, in file order, each once. */
export function blocksInRanges(blocks: readonly BlockSpan[], ranges: readonly LineRange[]): number[] {
  const picked = new Set<number>();
  for (const range of ranges) {
    const lo = Math.min(range.startLine, range.endLine);
    const hi = Math.max(range.startLine, range.endLine);
    let touched = false;
    for (const block of blocks) {
      if (block.startLine <= hi && block.endLine >= lo) {
        picked.add(block.blockIndex);
        touched = true;
      }
    }
    if (!touched) {
      const at = blockAtLine(blocks, lo);
      if (at !== undefined) picked.add(at);
    }
  }
  return [...picked].sort((a, b) => a - b);
}

/** Batch indices of the requests expanded from these blocks (every copy of a `@repeat`). */
export function indicesOfBlocks(requests: readonly Pick<PlannedRequest, 'index' | 'blockIndex'>[], blockIndices: readonly number[]): number[] {
  const wanted = new Set(blockIndices);
  return requests.filter((r) => wanted.has(r.blockIndex)).map((r) => r.index);
}

/** Which requests of a file a run is about. */
export type RunScope =
  | { kind: 'all' }
  | { kind: 'blocks'; blocks: readonly number[] }
  /** Batch indices of an earlier run; `expectTotal` is that run's batch size (the file must not have changed shape). */
  | { kind: 'indices'; indices: readonly number[]; expectTotal: number };

export type ScopeResolution =
  /** `only` is undefined for the whole batch. */
  | { ok: true; only: number[] | undefined }
  /** `changed`: the file no longer expands to the earlier run's batch; `empty`: nothing to run. */
  | { ok: false; reason: 'changed' | 'empty' };

/** The `only` list for the runner, or why there is nothing to run. */
export function resolveScope(requests: readonly Pick<PlannedRequest, 'index' | 'blockIndex'>[], scope: RunScope): ScopeResolution {
  let only: number[] | undefined;
  if (scope.kind === 'blocks') only = indicesOfBlocks(requests, scope.blocks);
  if (scope.kind === 'indices') {
    if (requests.length !== scope.expectTotal) return { ok: false, reason: 'changed' };
    only = scope.indices.filter((i) => Number.isInteger(i) && i >= 0 && i < requests.length);
  }
  if (requests.length === 0 || (only && only.length === 0)) return { ok: false, reason: 'empty' };
  return { ok: true, only };
}
