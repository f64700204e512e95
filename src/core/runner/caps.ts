// The caps a run starts with (or switches to): a fixed number, or `auto` with its MAX
// (format spec, section 9). `@per-host` caps each origin either way.
import type { BatchSettings } from '../types';
import { DEFAULT_MAX_CONCURRENCY } from './limiter';

export interface ConcurrencyChoice {
  /** Most requests in flight at once (a fixed cap, or MAX under `auto`). */
  readonly global: number;
  /** Most requests in flight to one origin (never above `global`). */
  readonly perHost: number;
  /** True: each origin's limit adapts below `perHost`. */
  readonly adaptive: boolean;
}

/** The caps of a plan's settings (checked by `validateRun`). */
export function runCaps(s: Pick<BatchSettings, 'concurrency' | 'adaptive' | 'perHost'>): ConcurrencyChoice {
  return { global: s.concurrency, perHost: Math.min(s.concurrency, s.perHost), adaptive: s.adaptive === true };
}

/** The caps of a change made while the batch runs (`BatchHandle.setConcurrency`); throws a TypeError for a wrong value. */
export function chosenCaps(concurrency: unknown, max: unknown, perHost: number): ConcurrencyChoice {
  if (concurrency === 'auto') {
    const global = max ?? DEFAULT_MAX_CONCURRENCY;
    checkCount('max', global, 'a positive integer');
    return { global, perHost: Math.min(global, perHost), adaptive: true };
  }
  checkCount('concurrency', concurrency, "a positive integer or 'auto'");
  return { global: concurrency, perHost: Math.min(concurrency, perHost), adaptive: false };
}

function checkCount(name: string, value: unknown, must: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`setConcurrency: ${name} must be ${must}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}
