// The lazy groups of a plan (`BatchPlan.lazy`, docs/scaling.md): what the runner asks of a
// big group whose copies are planned as the run takes them.
import type { PlannedRequest } from './types';

/**
 * The copies of one big request group, planned one batch at a time from the group's data
 * file: indices `firstIndex` to `firstIndex + count - 1`, in order. No copy has a name,
 * a dependency or `@first` (such groups are always planned up front).
 */
export interface LazyRequests {
  readonly firstIndex: number;
  readonly count: number;
  /** Copy 0, planned up front (its options are checked before a run like any request's). */
  readonly sample: PlannedRequest;
  /** A new pass over the copies from the first one. */
  open(): LazyCursor;
}

export interface LazyCursor {
  /** The next copies in order, at most `max` (at least 1 while any is left; [] at the end). */
  next(max: number): Promise<PlannedRequest[]>;
  /** Secret values the copies planned so far brought (each once; drained by the call). */
  newSecrets(): string[];
}
