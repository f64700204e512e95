// The runs the results view keeps, newest first. No `vscode` import.
import type { RunRecord } from './runModel';

/** The kept runs, newest first, at most `keep` of them (a run still going is never dropped). */
export class RunStore {
  private list: RunRecord[] = [];

  constructor(private keep: number) {}

  get runs(): readonly RunRecord[] {
    return this.list;
  }

  setKeep(keep: number): RunRecord[] {
    this.keep = Math.max(1, Math.floor(keep));
    return this.trim();
  }

  /** Adds a run at the top; returns the runs dropped to stay within the limit. */
  add(run: RunRecord): RunRecord[] {
    this.list.unshift(run);
    return this.trim();
  }

  find(id: string): RunRecord | undefined {
    return this.list.find((r) => r.id === id);
  }

  /** The newest finished run. */
  latestFinished(): RunRecord | undefined {
    return this.list.find((r) => !r.running);
  }

  /** Removes every finished run; returns whether anything was removed. */
  clearFinished(): boolean {
    const before = this.list.length;
    this.list = this.list.filter((r) => r.running);
    return this.list.length !== before;
  }

  private trim(): RunRecord[] {
    const dropped: RunRecord[] = [];
    while (this.list.length > this.keep) {
      const idx = findLastIndex(this.list, (r) => !r.running);
      if (idx < 0) break;
      dropped.push(...this.list.splice(idx, 1));
    }
    return dropped;
  }
}

function findLastIndex<T>(items: readonly T[], pred: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i] as T)) return i;
  return -1;
}
