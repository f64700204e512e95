// The results tree's view of `@until` polling and `@first` groups: a polling request's
// description ("polling (7) · last "running""), and the NOT_NEEDED copies of a run collapsed
// into one greyed node per group ("92 not needed"). Pure: no `vscode` import.
import type { Redactor } from '../../core/redact';
import type { RequestEntry, RunRecord } from './runModel';

/** The NOT_NEEDED copies of one `@first` group (one request block) in a run. */
export interface NotNeededGroup {
  readonly kind: 'notNeeded';
  readonly run: RunRecord;
  /** The request line the copies share. */
  readonly line: number;
  /** The copies, in file order. */
  entries: RequestEntry[];
}

/** `polling (7)`, with the last value the condition found when there is one: `polling (7) · last "running"`. */
export function pollingText(polls: number, value: string | null, redactor?: Redactor): string {
  const head = `polling (${polls})`;
  if (value === null) return head;
  const shown = redactor ? redactor.text(value) : value;
  return `${head} · last ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`;
}

/** `1 not needed`, `92 not needed`. */
export function notNeededText(count: number): string {
  return `${count} not needed`;
}

/** True for a request that ended NOT_NEEDED (`@first` had its K successes). */
export function isNotNeeded(entry: Pick<RequestEntry, 'result'>): boolean {
  return entry.result?.error?.code === 'NOT_NEEDED';
}

/**
 * The tree's children for `entries` (in file order): every NOT_NEEDED copy of a group goes
 * into one `NotNeededGroup`, placed where its first copy was; other entries stay as they are.
 * `cache` keeps one group object per request line across calls (the tree needs stable nodes).
 */
export function collapseNotNeeded(entries: readonly RequestEntry[], cache: Map<number, NotNeededGroup>): (RequestEntry | NotNeededGroup)[] {
  const out: (RequestEntry | NotNeededGroup)[] = [];
  const groups = new Map<number, NotNeededGroup>();
  for (const e of entries) {
    if (!isNotNeeded(e)) {
      out.push(e);
      continue;
    }
    let g = groups.get(e.line);
    if (!g) {
      g = cache.get(e.line) ?? { kind: 'notNeeded', run: e.run, line: e.line, entries: [] };
      g.entries = [];
      cache.set(e.line, g);
      groups.set(e.line, g);
      out.push(g);
    }
    g.entries.push(e);
  }
  return out;
}
