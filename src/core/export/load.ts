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

/** The most virtual users (and new users per second) an export accepts. */
export const MAX_USERS = 1_000_000;

/** A count of users as typed: a whole number from 1 to MAX_USERS, or null. */
export function parseUsersText(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= MAX_USERS ? n : null;
}

/** A duration as typed: seconds (`60`), or a number with `s`, `m` or `h` (`30s`, `1.5m`); whole seconds rounded up, or null. */
export function parseDurationText(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(text.trim());
  const n = m ? Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1) : NaN;
  return n > 0 && Math.ceil(n) <= Number.MAX_SAFE_INTEGER ? Math.ceil(n) : null;
}

const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Checks the load options (and the `@concurrency` override) before anything is read: each
 * a positive integer when given, users at most MAX_USERS, and not `users` with `arrivalRate`.
 * Throws a TypeError naming the option and the value.
 */
export function validateLoadOptions(options: LoadOptions & { concurrency?: number }, caller = 'exportBatch'): void {
  const rules: [keyof typeof options, number, string][] = [
    ['users', MAX_USERS, 'the number of virtual users'],
    ['arrivalRate', MAX_USERS, 'new virtual users per second'],
    ['durationS', Number.MAX_SAFE_INTEGER, 'seconds'],
    ['concurrency', Number.MAX_SAFE_INTEGER, 'the cap on virtual users'],
  ];
  for (const [name, max, what] of rules) {
    const v: unknown = options[name];
    if (v === undefined) continue;
    if (!isPositiveInt(v) || (v as number) > max) {
      const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
      const range = max === MAX_USERS ? `an integer from 1 to ${MAX_USERS}` : 'a positive integer';
      throw new TypeError(`${caller}: ${name} must be ${range} (${what}), got ${shown}`);
    }
  }
  if (options.users !== undefined && options.arrivalRate !== undefined) {
    throw new TypeError(`${caller}: users and arrivalRate do not go together: give fixed users or an arrival rate, not both`);
  }
}
