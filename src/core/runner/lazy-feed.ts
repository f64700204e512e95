// The copies of a plan's lazy groups (`plan.lazy`, docs/scaling.md) as the run takes them:
// a window of planned requests ahead of the feed, refilled in the background, so a group
// of a million rows holds about `window` requests at once, not a million.
import type { LazyCursor, LazyRequests, PlannedRequest } from '../types';
import { Queue } from './queue';

/** `take` found the next request still being planned: the feed waits for `onReady`. */
export const PENDING = Symbol('pending');

export class LazyFeed {
  /** Requests of the groups this run sends (all of them, or those `only` names). */
  readonly total: number;
  private readonly groups: LazyRequests[];
  private group = 0;
  private cursor: LazyCursor | null = null;
  private readonly ready = new Queue<PlannedRequest>();
  private refilling = false;
  /** True once the current group's cursor returned its last copies. */
  private drained = false;

  /**
   * `window`: requests planned ahead at most; `onReady`: a refill the feed waited for came
   * in; `onSecrets`: secret values the planned copies brought; `only`: the indices to send.
   */
  constructor(
    groups: readonly LazyRequests[],
    private readonly only: ReadonlySet<number> | null,
    private readonly window: number,
    private readonly onReady: () => void,
    private readonly onSecrets: (values: string[]) => void,
  ) {
    this.groups = groups.filter((g) => g.count > 0 && (only === null || anyIn(only, g))).sort((a, b) => a.firstIndex - b.firstIndex);
    let total = 0;
    for (const g of this.groups) total += only === null ? g.count : countIn(only, g);
    this.total = total;
  }

  /**
   * The next lazy request in file order if it comes before index `before` (the next request
   * planned up front); null when none does, PENDING while it is being planned.
   */
  take(before: number): PlannedRequest | null | typeof PENDING {
    for (;;) {
      const g = this.groups[this.group];
      if (g === undefined || g.firstIndex > before) return null;
      const r = this.ready.shift();
      if (r !== undefined) {
        if (!this.drained && this.ready.length <= this.window >> 1) this.refill();
        if (this.only !== null && !this.only.has(r.index)) continue;
        return r;
      }
      if (!this.drained) {
        this.refill();
        return PENDING;
      }
      this.group++;
      this.cursor = null;
      this.drained = false;
    }
  }

  /** Plans the next batch of the current group in the background (one batch at a time). */
  private refill(): void {
    if (this.refilling) return;
    const g = this.groups[this.group]!;
    const cursor = (this.cursor ??= g.open());
    this.refilling = true;
    const want = Math.max(1, this.window - this.ready.length);
    void cursor.next(want).then((batch) => {
      this.refilling = false;
      if (cursor !== this.cursor) return;
      if (batch.length === 0) this.drained = true;
      for (const r of batch) this.ready.push(r);
      const secrets = cursor.newSecrets();
      if (secrets.length > 0) this.onSecrets(secrets);
      this.onReady();
    });
  }
}

function anyIn(only: ReadonlySet<number>, g: LazyRequests): boolean {
  return countIn(only, g) > 0;
}

function countIn(only: ReadonlySet<number>, g: LazyRequests): number {
  let n = 0;
  for (const i of only) if (i >= g.firstIndex && i < g.firstIndex + g.count) n++;
  return n;
}
