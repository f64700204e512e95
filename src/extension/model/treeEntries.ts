// The results tree's words for big runs: copies of a `@repeat` / `@foreach` request labelled
// by index and row (`#17 · id=42 · Get user`), status and time first in the description,
// and the "failed only" filter (every request that did not succeed: failed, skipped,
// cancelled; the same set "Rerun Failed Requests" sends again).
import type { ErrorCode } from '../../core/types';
import { formatBytes, formatDuration, type RequestState } from './format';

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

export interface EntryFacts {
  state: RequestState;
  status: number | null;
  durationMs: number | null;
  bodyBytes: number;
  errorCode: ErrorCode | null;
  attempt: number;
  /** Attempts of the finished request (0 before it finished). */
  attempts: number;
}

/**
 * Status (or error code) and time first, so a narrow sidebar still shows them:
 * `200 · 123 ms · 1.2 KB`, `TIMEOUT · 250 ms · 3 attempts`, `running (attempt 2)`.
 */
export function entryDescription(s: EntryFacts): string {
  switch (s.state) {
    case 'queued':
      return 'queued';
    case 'running':
      return s.attempt > 1 ? `running (attempt ${s.attempt})` : 'running';
    case 'retrying':
      return `retrying (attempt ${s.attempt})`;
    default:
      break;
  }
  const parts = [s.status !== null ? String(s.status) : (s.errorCode ?? s.state)];
  if (s.durationMs !== null) parts.push(formatDuration(s.durationMs));
  if (s.attempts > 1) parts.push(`${s.attempts} attempts`);
  if (s.status !== null) parts.push(formatBytes(s.bodyBytes));
  return parts.join(' · ');
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
