// The load shape of an exported test: how many virtual users run the batch, and for how long.

export type LoadShape =
  /** `users` virtual users each run the batch once (the default: one user, one pass). */
  | { kind: 'iterations'; users: number }
  /** `users` virtual users keep running the batch for `durationS` seconds. */
  | { kind: 'duration'; users: number; durationS: number }
  /** `ratePerS` new virtual users start every second for `durationS` seconds; each runs the batch once. */
  | { kind: 'arrival'; ratePerS: number; durationS: number };

export interface LoadOptions {
  users?: number;
  durationS?: number;
  arrivalRate?: number;
}

/** Default arrival duration when only a rate is given. */
export const DEFAULT_ARRIVAL_DURATION_S = 60;

export function loadShape(opts: LoadOptions): LoadShape {
  if (opts.arrivalRate !== undefined) {
    return { kind: 'arrival', ratePerS: opts.arrivalRate, durationS: opts.durationS ?? DEFAULT_ARRIVAL_DURATION_S };
  }
  const users = opts.users ?? 1;
  return opts.durationS !== undefined ? { kind: 'duration', users, durationS: opts.durationS } : { kind: 'iterations', users };
}

/** Virtual users capped by `@concurrency` (null: no cap). */
export function cappedUsers(users: number, cap: number | null): number {
  return cap === null ? users : Math.max(1, Math.min(users, cap));
}

/** Describes the shape for the header of a generated file. */
export function describeShape(shape: LoadShape): string {
  switch (shape.kind) {
    case 'iterations':
      return `${shape.users} virtual user${shape.users === 1 ? '' : 's'}, each running the batch once`;
    case 'duration':
      return `${shape.users} virtual user${shape.users === 1 ? '' : 's'} running the batch for ${shape.durationS} s`;
    case 'arrival':
      return `${shape.ratePerS} new virtual user${shape.ratePerS === 1 ? '' : 's'} per second for ${shape.durationS} s, each running the batch once`;
  }
}
