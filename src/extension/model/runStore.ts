// The runs the results view keeps, newest first, and the one change event the views
// subscribe to (tree, status bar, CodeLenses, report). No `vscode` import.
import type { BatchPlan, RunEvent } from '../../core/types';
import { Emitter, type Listen } from './emitter';
import type { RequestEntry, RunRecord } from './runModel';

/** What changed in the kept runs. */
export type RunChange =
  /** The list of runs changed: a run added, dropped or cleared. */
  | { kind: 'runs' }
  /**
   * A run of `fileName` is being prepared (planned) and will start unless refused; null: the
   * preparation ended without a run. Lets a view show at once that the click was taken.
   */
  | { kind: 'preparing'; fileName: string | null }
  /** A run started (it is in the list already). */
  | { kind: 'started'; run: RunRecord; plan: BatchPlan }
  /**
   * A runner event was applied to a running run. `entry`: the request whose display changed,
   * if any; `childrenChanged`: a partial run listed a new request (a dependency it queued).
   */
  | { kind: 'event'; run: RunRecord; event: RunEvent; entry: RequestEntry | undefined; childrenChanged: boolean }
  /** A run ended, with its report or its error. */
  | { kind: 'ended'; run: RunRecord };

/** The kept runs, newest first, at most `keep` of them (a run still going is never dropped). */
export class RunStore {
  private list: RunRecord[] = [];
  private readonly changes: Emitter<RunChange>;
  /** Subscribes to every change; dispose the result to stop. */
  readonly onDidChange: Listen<RunChange>;

  constructor(
    private keep: number,
    onListenerError?: (err: unknown) => void,
  ) {
    this.changes = new Emitter<RunChange>(onListenerError);
    this.onDidChange = this.changes.event;
  }

  get runs(): readonly RunRecord[] {
    return this.list;
  }

  /** The run going on, if any. */
  running(): RunRecord | undefined {
    return this.list.find((r) => r.running);
  }

  setKeep(keep: number): RunRecord[] {
    this.keep = Math.max(1, Math.floor(keep));
    return this.changedIfAny(this.trim());
  }

  /** Adds a run at the top; returns the runs dropped to stay within the limit. */
  add(run: RunRecord): RunRecord[] {
    this.list.unshift(run);
    const dropped = this.trim();
    this.changes.fire({ kind: 'runs' });
    return dropped;
  }

  /**
   * Adds a run that starts now (see `add`), then tells the subscribers it started. A
   * single-request run replaces the previous finished single-request run of the same file
   * (it is among the runs returned as dropped), so running requests one by one does not
   * pile up runs.
   */
  start(run: RunRecord, plan: BatchPlan): RunRecord[] {
    const replaced = run.single ? this.list.filter((r) => r.single && !r.running && r.file === run.file) : [];
    if (replaced.length > 0) this.list = this.list.filter((r) => !replaced.includes(r));
    const dropped = [...replaced, ...this.add(run)];
    this.changes.fire({ kind: 'started', run, plan });
    return dropped;
  }

  /** A run of `fileName` is being prepared (see RunChange `preparing`). */
  preparing(fileName: string): void {
    this.changes.fire({ kind: 'preparing', fileName });
  }

  /** The preparation ended without a run (refused, or planning failed). */
  notPrepared(): void {
    this.changes.fire({ kind: 'preparing', fileName: null });
  }

  /** Applies one runner event to a run (pass it from `RunOptions.onEvent`) and tells the subscribers. */
  record(run: RunRecord, event: RunEvent): void {
    const before = run.size;
    const entry = run.apply(event);
    this.changes.fire({ kind: 'event', run, event, entry, childrenChanged: run.only !== undefined && run.size !== before });
  }

  /** Tells the subscribers that a run ended (after `run.finish(report)` or `run.fail(message)`). */
  ended(run: RunRecord): void {
    this.changes.fire({ kind: 'ended', run });
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
    const removed = this.list.length !== before;
    if (removed) this.changes.fire({ kind: 'runs' });
    return removed;
  }

  dispose(): void {
    this.changes.dispose();
  }

  private changedIfAny(dropped: RunRecord[]): RunRecord[] {
    if (dropped.length > 0) this.changes.fire({ kind: 'runs' });
    return dropped;
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
