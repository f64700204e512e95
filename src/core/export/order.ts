// Orders the steps of one flow so every step comes after the steps it needs, keeping file
// order otherwise (the earliest ready step goes next).

export interface Orderable {
  blockIndex: number;
  name: string | null;
  dependsOn: readonly string[];
}

/**
 * Returns the items in dependency order. Items caught in a cycle (which the parser reports as
 * an error) keep their file order after the others; `cyclic` lists them.
 */
export function dependencyOrder<T extends Orderable>(items: readonly T[]): { ordered: T[]; cyclic: T[] } {
  const byName = new Map<string, T[]>();
  for (const it of items) {
    if (it.name === null) continue;
    const list = byName.get(it.name) ?? [];
    list.push(it);
    byName.set(it.name, list);
  }
  const pending = [...items].sort((a, b) => a.blockIndex - b.blockIndex);
  const done = new Set<T>();
  const ordered: T[] = [];
  const ready = (it: T): boolean =>
    it.dependsOn.every((dep) => (byName.get(dep) ?? []).every((d) => d === it || done.has(d)));
  for (;;) {
    const next = pending.findIndex(ready);
    if (next < 0) break;
    const [it] = pending.splice(next, 1);
    done.add(it!);
    ordered.push(it!);
  }
  return { ordered: [...ordered, ...pending], cyclic: pending };
}
