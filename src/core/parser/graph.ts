// The dependency graph between named requests: unknown names, references to requests that
// stand for several copies, and cycles are error diagnostics.
import type { Diagnostic } from '../types';
import { LIST_MAX, quote } from './quote';

/** One edge: a request waits for `name` because of a `@depends-on` or a response reference. */
export interface DependencyEdge {
  name: string;
  kind: 'depends-on' | 'response';
  line: number;
  column: number;
}

/** What the graph check needs to know about a block. */
export interface GraphNode {
  name: string | null;
  /** True when the block stands for several copies (`@repeat`/`@foreach`), unless `@first 1` makes the first success the one response. */
  multi: boolean;
  /** False for blocks left out of the batch (not HTTP). */
  inBatch: boolean;
  line: number;
  edges: DependencyEdge[];
}

export function checkDependencies(nodes: readonly GraphNode[], diags: Diagnostic[]): void {
  const byName = new Map<string, GraphNode>();
  for (const n of nodes) if (n.name !== null && !byName.has(n.name)) byName.set(n.name, n);
  for (const n of nodes) {
    if (!n.inBatch) continue;
    const seen = new Set<string>();
    for (const e of n.edges) {
      const key = `${e.kind}:${e.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = byName.get(e.name);
      const what = e.kind === 'response' ? 'response reference' : '@depends-on';
      if (!target) {
        diags.push({ severity: 'error', line: e.line, column: e.column, message: `${what}: no request is named '${quote(e.name)}'; add '# @name ${quote(e.name)}' above the request it means` });
      } else if (!target.inBatch) {
        diags.push({ severity: 'error', line: e.line, column: e.column, message: `${what}: request '${quote(e.name)}' is not an HTTP request and is not in the batch` });
      } else if (e.kind === 'response' && target.multi) {
        diags.push({
          severity: 'error',
          line: e.line,
          column: e.column,
          message: `response reference to '${quote(e.name)}', which has @repeat or @foreach and so has several responses; use '# @depends-on ${quote(e.name)}' to wait for all of them instead`,
        });
      }
    }
  }
  reportCycles(byName, diags);
}

function reportCycles(byName: Map<string, GraphNode>, diags: Diagnostic[]): void {
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  const reported = new Set<string>();
  for (const start of byName.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search; `path` is the current chain of names.
    const path: string[] = [];
    const iters: number[] = [];
    path.push(start);
    iters.push(0);
    state.set(start, 1);
    while (path.length) {
      const name = path[path.length - 1]!;
      const node = byName.get(name)!;
      const i = iters[iters.length - 1]!;
      if (i >= node.edges.length) {
        state.set(name, 2);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = i + 1;
      const next = node.edges[i]!.name;
      const nextNode = byName.get(next);
      if (!nextNode || !nextNode.inBatch) continue;
      const s = state.get(next);
      if (s === 1) {
        const cycle = path.slice(path.indexOf(next));
        const key = [...cycle].sort().join('\u0000');
        if (!reported.has(key)) {
          reported.add(key);
          const text = quote([...cycle, next].map((n) => quote(n)).join(' -> '), LIST_MAX);
          for (let k = 0; k < cycle.length; k++) {
            const from = byName.get(cycle[k]!)!;
            const to = cycle[(k + 1) % cycle.length]!;
            const edge = from.edges.find((e) => e.name === to)!;
            diags.push({ severity: 'error', line: edge.line, column: edge.column, message: `dependency cycle: ${text}; remove one of these @depends-on or response references` });
          }
        }
      } else if (s === undefined) {
        state.set(next, 1);
        path.push(next);
        iters.push(0);
      }
    }
  }
}
