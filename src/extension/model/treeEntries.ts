// The results tree's words for big runs: copies of a `@repeat` / `@foreach` request labelled
// by index and row (`#17 · id=42 · Get user`), status and time first in the description,
// and the "failed only" filter (every request that did not succeed: failed, skipped,
// cancelled; the same set "Rerun Failed Requests" sends again).
import { requestDescription, type DescriptionSource, type RequestState } from './format';

export interface CopySource {
  /** The label without the copy (title, name or `METHOD URL`). */
  label: string;
  copyIndex: number | null;
  /** The `@foreach` record's first field as `name=value`, or null / undefined. */
  copyRow?: string | null;
}

/** `#17 · id=42 · Get user` for a copy, the label as it is otherwise. */
export function entryLabel(s: CopySource): string {
  if (s.copyIndex === null) return s.label;
  return [`#${s.copyIndex}`, ...(s.copyRow ? [s.copyRow] : []), s.label].join(' · ');
}

/**
 * Status and time first, so a narrow sidebar still shows them: `200 · 123 ms · 1.2 KB`; the
 * error code alone when no response arrived (`TIMEOUT`); `running (attempt 2)` while going.
 * The same words as before this module (the end-to-end tests match them exactly); the
 * attempts and the error message are in the row's tooltip and details.
 */
export function entryDescription(s: DescriptionSource): string {
  return requestDescription(s);
}

/** True for a request the "failed only" filter shows: it ended and did not succeed. */
export function isUnsuccessful(state: RequestState): boolean {
  return state === 'failed' || state === 'skipped' || state === 'cancelled';
}

/** The entries the tree shows under the filter (all of them when it is off). */
export function visibleEntries<T extends { state: RequestState }>(entries: readonly T[], failedOnly: boolean): T[] {
  return failedOnly ? entries.filter((e) => isUnsuccessful(e.state)) : [...entries];
}

/** The text of the placeholder row when the filter hides every request of a run. */
export function emptyFilterText(running: boolean): string {
  return running ? 'No failed requests yet' : 'No failed requests';
}
