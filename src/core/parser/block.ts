// Planning one request block: every copy up front (copies.ts), or, for a big group the run
// may plan as it goes (`PlanOptions.lazyFrom`), a validating pass over its data and copy 0
// now and the other copies later (lazy.ts, docs/scaling.md).
import { blockNode, blockState, planCopies, planCopy, withinMax } from './copies';
import { countCsvRecords } from './csv-rows';
import type { GraphNode } from './graph';
import { LazyGroup, rowReader, type RowData } from './lazy';
import type { ParsedBlock } from './model';
import type { Planner } from './planner';
import { countJsonRecords, csvErrorDiagnostic, isJsonPath } from './records';

/** Plans `block`; a promise only when a file must be read (most blocks are planned at once). */
export function planBlock(p: Planner, block: ParsedBlock): void | Promise<void> {
  const { node, listed } = blockNode(p, block);
  if (!block.http) return;
  const from = p.options.lazyFrom;
  if (from !== undefined && mayBeLazy(block)) {
    return planLazy(p, block, node, from).then((lazy) => (lazy === 'eager' ? planCopies(p, block, node, listed) : undefined));
  }
  return planCopies(p, block, node, listed);
}

/**
 * A group whose copies nothing refers to one by one: no name (no reference or dependency
 * reaches a member), no `@first` (its group needs every member's state up front), no
 * dependency of its own; and nothing a row could make differ in its diagnostics (a header
 * name or a body file path with variables).
 */
function mayBeLazy(block: ParsedBlock): boolean {
  if (block.name !== null || (block.settings.first ?? null) !== null || block.dependsOn.length > 0) return false;
  if (block.foreach === null && block.repeat === null) return false;
  if (block.headers.some((h) => h.name.text.includes('{{'))) return false;
  return !(block.body ?? []).some((l) => l.kind !== 'text' && l.path.text.includes('{{'));
}

/**
 * The number of copies and the data of a group that may be lazy; 'eager' for a small
 * group; 'none' when it has no copies (its diagnostics given).
 */
async function groupSize(p: Planner, block: ParsedBlock, from: number): Promise<{ copies: number; data: RowData | null } | 'eager' | 'none'> {
  if (!block.foreach) return block.repeat! >= from ? { copies: block.repeat!, data: null } : 'eager';
  const file = await p.foreachFile(block);
  if (!file) return 'none';
  const json = isJsonPath(file.abs);
  // The validating pass: every record read once, none kept; a bad file is found before anything is sent.
  let n: number | null;
  if (json) n = countJsonRecords(new TextDecoder('utf-8').decode(file.bytes), file.abs, p.fileDiags);
  else {
    const counted = countCsvRecords(file.bytes);
    if (counted instanceof Error) p.fileDiags.push(csvErrorDiagnostic(counted, file.abs));
    n = counted instanceof Error ? null : counted;
  }
  if (n === null) {
    p.foreachErrors(block, file.rel, file.abs);
    return 'none';
  }
  if (n === 0) {
    p.foreachEmpty(block, file.rel);
    return 'none';
  }
  return n >= from ? { copies: n, data: { json, bytes: file.bytes } } : 'eager';
}

/** Plans `block` as a lazy group (copy 0 now); 'eager' when it must be planned up front after all. */
async function planLazy(p: Planner, block: ParsedBlock, node: GraphNode, from: number): Promise<'lazy' | 'eager'> {
  const r = p.resolver;
  r.record = null;
  r.dynamic.index = 0;
  const size = await groupSize(p, block, from);
  if (size === 'eager') return 'eager';
  if (size === 'none') return 'lazy';
  const copies = withinMax(p, block, size.copies);
  if (copies === 0) return 'lazy';
  const s = blockState(p, block, node, false, copies);
  const sample = await planCopy(s, 0, size.data ? rowReader(size.data).next() : null, p.count);
  r.record = null;
  if (!sample) return 'lazy'; // not an HTTP request after all: left out, as planCopies does
  if (sample.dependsOn.length > 0 || sample.hasResponseRefs || s.listed) {
    // A response reference makes every copy a dependent: planned up front, where the graph sees it.
    node.edges.length = 0;
    if (s.listed) p.nodes.splice(p.nodes.indexOf(node), 1);
    return 'eager';
  }
  p.lazy.push(new LazyGroup(s, p.count, copies, sample, r.fileVars, size.data));
  p.count += copies;
  return 'lazy';
}
