// A big `@foreach`/`@repeat` group planned as the run asks for it (docs/scaling.md): the
// group keeps its block's planning state, the data file's bytes and copy 0; each pass
// (`open`) reads the CSV or JSON rows again one at a time and plans the copies in batches, so only
// the batch the runner holds exists at once.
import type { BatchPlan, LazyCursor, LazyRequests, PlannedRequest } from '../types';
import { type BlockState, planCopy } from './copies';
import { CsvRows } from './csv-rows';
import { JsonRows } from './json-rows';
import type { FileVariable } from './model';
import type { DataRecord } from './records';

/** A `@foreach` data file as read: its bytes, and whether it is JSON (else CSV). */
export interface RowData {
  readonly json: boolean;
  readonly bytes: Uint8Array;
}

interface RowReader {
  next(): DataRecord | null;
}

/** A new reader of the file's records from the first. */
export function rowReader(data: RowData): RowReader {
  return data.json ? new JsonRows(data.bytes) : new CsvRows(data.bytes);
}

export class LazyGroup implements LazyRequests {
  /** The pass planning now: passes share the planner's resolver, so one plans at a time. */
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    readonly state: BlockState,
    readonly firstIndex: number,
    readonly count: number,
    readonly sample: PlannedRequest,
    /** The file variables the block sees (the planner's map for it; never changed). */
    readonly fileVars: Map<string, FileVariable>,
    /** The data file of a `@foreach`; null for `@repeat`. */
    readonly data: RowData | null,
  ) {}

  open(): LazyCursor {
    return new GroupCursor(this);
  }

  /** Runs `plan` once no other pass is planning. */
  exclusive<T>(plan: () => Promise<T>): Promise<T> {
    const run = this.busy.then(plan);
    this.busy = run.catch(() => undefined);
    return run;
  }
}

class GroupCursor implements LazyCursor {
  /** The next copy to plan. */
  private k = 0;
  private readonly rows: RowReader | null;
  /** Secrets of the planner already handed on (`SecretSet.added` only grows). */
  private secretsSeen: number;

  constructor(private readonly group: LazyGroup) {
    this.rows = group.data ? rowReader(group.data) : null;
    this.secretsSeen = group.state.p.secrets.added.length;
  }

  next(max: number): Promise<PlannedRequest[]> {
    if (this.k >= this.group.count) return Promise.resolve([]);
    return this.group.exclusive(() => this.batch(Math.max(1, Math.floor(max))));
  }

  newSecrets(): string[] {
    const added = this.group.state.p.secrets.added;
    if (added.length === this.secretsSeen) return [];
    const fresh = added.slice(this.secretsSeen);
    this.secretsSeen = added.length;
    return fresh;
  }

  private async batch(max: number): Promise<PlannedRequest[]> {
    const g = this.group;
    const r = g.state.p.resolver;
    const out: PlannedRequest[] = [];
    const end = Math.min(g.count, this.k + max);
    r.fileVars = g.fileVars;
    try {
      for (; this.k < end; this.k++) {
        const record = this.record();
        if (this.k === 0) {
          out.push(g.sample);
          continue;
        }
        const copy = planCopy(g.state, this.k, record, g.firstIndex + this.k);
        out.push((copy instanceof Promise ? await copy : copy) ?? unplannable(g, this.k, 'the copy is not an HTTP request'));
      }
    } catch (err) {
      // The planner does not throw for a file it checked (the data file is the one counted);
      // should it, the copies still each get a result, failed, instead of a run that never ends.
      const why = err instanceof Error ? err.message : String(err);
      for (; this.k < end; this.k++) out.push(unplannable(g, this.k, why));
    } finally {
      r.record = null;
    }
    return out;
  }

  private record(): DataRecord | null {
    if (!this.rows) return null;
    const record = this.rows.next();
    if (record === null) throw new Error(`the data file has fewer records than the ${this.group.count} counted`);
    return record;
  }
}

/** Copy `k` when it cannot be planned: it fails unsent, saying why. */
function unplannable(g: LazyGroup, k: number, why: string): PlannedRequest {
  return { ...g.sample, index: g.firstIndex + k, copyIndex: k, copyRow: null, unresolved: [`copy ${k} could not be planned: ${why}`] };
}

/** Every request of a plan, the copies of its lazy groups included. */
export function planSize(plan: Pick<BatchPlan, 'requests' | 'lazy'>): number {
  let n = plan.requests.length;
  for (const g of plan.lazy ?? []) n += g.count;
  return n;
}
