// Concurrency in the editor, without `vscode`: the Set Concurrency choices (a number or
// `auto`), and the limit in force during a run for the status bar, from the runner's
// `concurrency` events (format spec, section 9).
import type { RunEvent } from '../../core/types';

/** A fixed cap, or 'auto' (adaptive, up to AUTO_MAX). */
export type ConcurrencyValue = number | 'auto';

/** MAX of `auto` chosen in the editor (the format's default). */
export const AUTO_MAX = 256;
/** The highest number Set Concurrency and the setting accept. */
export const MAX_CHOICE = 1024;

/** One entry of the Set Concurrency pick: a value, "other number", or "clear the choice". */
export interface ConcurrencyPickItem {
  label: string;
  description?: string;
  /** A value to set; 'other': ask for a number; null: clear the session's choice. */
  value: ConcurrencyValue | 'other' | null;
}

const PRESETS = [1, 4, 8, 16, 32, 64, 128, 256];

/** What Set Concurrency offers: `auto` first, common numbers, another number, clear. */
export function concurrencyPickItems(current: ConcurrencyValue | undefined, running: boolean): ConcurrencyPickItem[] {
  const now = (v: ConcurrencyValue): string | undefined => (v === current ? 'current' : undefined);
  const applies = running ? ' (applies to the running batch at once)' : '';
  return [
    { label: 'auto', description: now('auto') ?? `find what each server sustains, up to ${AUTO_MAX}${applies}`, value: 'auto' },
    ...PRESETS.map((n): ConcurrencyPickItem => ({ label: String(n), description: now(n), value: n })),
    { label: 'Other number…', value: 'other' },
    { label: "Clear (use the file's @concurrency or the setting)", value: null },
  ];
}

/** Reads typed input: a whole number from 1 to 1024 or `auto`; an error message otherwise. */
export function parseConcurrencyInput(text: string): { value: ConcurrencyValue } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === 'auto') return { value: 'auto' };
  if (/^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= MAX_CHOICE) return { value: Number(t) };
  return { error: `A whole number from 1 to ${MAX_CHOICE}, or 'auto'.` };
}

/**
 * The limits in force during a run, from its events: each origin's adaptive limit, or the
 * cap set by hand for the whole run. `text()` is what the status bar shows.
 */
export class LimitTracker {
  private readonly byOrigin = new Map<string, number>();
  private fixed: number | null;
  private paused = false;

  constructor(start: { concurrency: number; adaptive?: boolean }) {
    this.fixed = start.adaptive ? null : start.concurrency;
  }

  /** Feeds one runner event; true when the text changed. */
  apply(event: RunEvent): boolean {
    if (event.type !== 'concurrency') return false;
    const before = this.text();
    if (event.origin === null) {
      this.fixed = event.limit;
      this.byOrigin.clear();
    } else {
      this.fixed = null;
      this.byOrigin.set(event.origin, event.limit);
      this.paused = event.pausedMs > 0;
    }
    return this.text() !== before;
  }

  /** `limit 12 (auto)`, `limits 12+3 (auto)` for several origins, `concurrency 8` when fixed. */
  text(): string {
    if (this.fixed !== null) return `concurrency ${this.fixed}`;
    const limits = [...this.byOrigin.values()];
    if (limits.length === 0) return 'limit auto';
    const shown = limits.length <= 3 ? limits.join('+') : `${limits.reduce((a, b) => a + b, 0)} over ${limits.length} origins`;
    return `limit${limits.length > 1 ? 's' : ''} ${shown} (auto${this.paused ? ', paused' : ''})`;
  }
}
