// `@first K` (format spec, section 8): the copies of a `@repeat`/`@foreach` group that are
// no longer needed once K of them succeeded, and the message they end with.
import type { DepGroup } from './deps';
import { NotNeededError } from './errors';

/** How a group is named in messages: `'name'`, else the request's title or line. */
export function groupLabel(group: Pick<DepGroup, 'jobs'>): string {
  const r = group.jobs[0]!.request;
  if (r.name) return `'${r.name}'`;
  return r.title ? `'${r.title}' (line ${r.line})` : `the request on line ${r.line}`;
}

/** The one error every unneeded copy of `group` ends with (shared: the same text for each). */
export function notNeededError(group: Pick<DepGroup, 'jobs' | 'need'>): NotNeededError {
  const k = group.need;
  return new NotNeededError(
    `not needed: ${k} of the ${group.jobs.length} copies of ${groupLabel(group)} had already succeeded (@first ${k}); this copy was stopped, which is not a failure`,
  );
}

/** The message of a `@first` group's dependents when K successes can no longer be reached. */
export function unreachableReason(group: Pick<DepGroup, 'jobs' | 'need' | 'succeeded'>, ended: number): string {
  const n = group.jobs.length;
  return `cannot reach @first ${group.need}: ${ended} of its ${n} copies did not succeed, so at most ${n - ended} can (the remaining copies still run)`;
}
