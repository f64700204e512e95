// The results tree's model: the kept runs, and per run one entry per request with its live
// state. Fed by the runner's event stream; no `vscode` import (the tree view adapts it).
import { Redactor, secretHeaderValues } from '../../core/redact';
import type { PlannedRequest, RequestIdentity, RequestResult, RunEvent, RunReport } from '../../core/types';
import { requestLabel, type RequestState } from './format';
import type { NotNeededGroup } from './polling';

/** A request of a run in the tree: its identity (one display label for title and name), live state and result. */
export interface RequestEntry extends Readonly<Pick<RequestIdentity, 'index' | 'line' | 'method'>> {
  readonly kind: 'request';
  readonly run: RunRecord;
  /** Display label: title, else name, else `METHOD URL` with secrets redacted. */
  readonly label: string;
  /** `$index` of a `@repeat` / `@foreach` copy, else null. */
  readonly copyIndex: number | null;
  /** The planned URL, then the URL sent. */
  url: RequestIdentity['url'];
  state: RequestState;
  /** The attempt going on (or the last one). 0 before the first start. */
  attempt: number;
  /** Why the last retry happened, while retrying. */
  retryReason: string | null;
  /** `@until`: the polls so far and the last value the condition found (not redacted). */
  polls: number;
  pollValue: string | null;
  result: RequestResult | null;
}

/**
 * A run with more requests than this shows them in pages of this many ("Requests 1–1000"):
 * refreshing a run node makes the view read all of its children again, and pages keep that
 * to what the user expanded.
 */
export const PAGE_SIZE = 1000;

/** A page of a large run's requests: positions `start` (inclusive) to `end` (exclusive) in file order. */
export interface RequestPage {
  readonly kind: 'page';
  readonly run: RunRecord;
  readonly page: number;
  readonly start: number;
  readonly end: number;
}

export interface RunCounts {
  done: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  skipped: number;
}

export interface RunInit {
  id: string;
  /** Absolute path of the .batch.http file. */
  file: string;
  /** The host's identifier of the document (an editor URI); defaults to `file`. */
  source?: string;
  startedAt: Date;
  /** The planned batch (for cURL, Go to Request and reruns). */
  requests: readonly PlannedRequest[];
  /** Indices asked for (a partial run), or undefined for the whole batch. */
  only?: readonly number[];
  /** Values to redact when this run is shown. */
  secrets: readonly string[];
  /** The user ran one request (Run, Run at Cursor, a selection of one): see `isSingleRequestRun`. */
  single?: boolean;
}

export class RunRecord {
  readonly kind = 'run' as const;
  readonly id: string;
  readonly file: string;
  readonly source: string;
  readonly fileName: string;
  readonly startedAt: Date;
  readonly requests: readonly PlannedRequest[];
  readonly only: readonly number[] | undefined;
  /** A run of one request asked for by the user: the next one of the same file replaces it in the store. */
  readonly single: boolean;
  /** Redacts the run's secrets in anything shown (labels, URLs, headers). */
  readonly redactor: Redactor;
  readonly counts: RunCounts = { done: 0, succeeded: 0, failed: 0, cancelled: 0, skipped: 0 };
  /** Results that ended NOT_NEEDED (`@first`): not in `counts.cancelled`. */
  notNeeded = 0;
  /** The tree's node per `@first` group of NOT_NEEDED copies (by request line), kept stable. */
  readonly notNeededGroups = new Map<number, NotNeededGroup>();
  report: RunReport | null = null;
  /** Set when the run ended without a report (an internal error). */
  error: string | null = null;
  private readonly entries = new Map<number, RequestEntry>();
  private sorted: RequestEntry[] | null = [];
  private pageList: RequestPage[] = [];

  constructor(init: RunInit) {
    this.id = init.id;
    this.file = init.file;
    this.source = init.source ?? init.file;
    this.fileName = baseName(init.file);
    this.startedAt = init.startedAt;
    this.requests = init.requests;
    this.only = init.only ? [...init.only] : undefined;
    this.single = init.single === true;
    // The plan's secrets, and the values of secret headers (a token also sent in a URL).
    const fromHeaders: string[] = [];
    for (const r of init.requests) for (const [name, value] of r.headers) fromHeaders.push(...secretHeaderValues(name, value));
    this.redactor = new Redactor([...init.secrets, ...fromHeaders]);
    if (!this.only) for (const r of init.requests) this.ensure(r.index);
  }

  /** Every value to redact for this run: the plan's, secret header values, and (after the run) the runner's. */
  get secrets(): readonly string[] {
    return this.redactor.secrets();
  }

  get running(): boolean {
    return this.report === null && this.error === null;
  }

  /** Requests expected in this run (a partial run grows as dependencies are queued). */
  get total(): number {
    return this.only ? Math.max(this.only.length, this.entries.size) : this.requests.length;
  }

  /** Requests listed so far (a partial run grows as dependencies are queued). */
  get size(): number {
    return this.entries.size;
  }

  /** Entries in file (index) order. */
  entriesInOrder(): RequestEntry[] {
    if (!this.sorted) this.sorted = [...this.entries.values()].sort((a, b) => a.index - b.index);
    return this.sorted;
  }

  /** Pages of the requests when there are more than PAGE_SIZE, else an empty list. Stable objects. */
  pages(): readonly RequestPage[] {
    const count = this.entriesInOrder().length;
    if (count <= PAGE_SIZE) return [];
    const wanted = Math.ceil(count / PAGE_SIZE);
    for (let page = 0; page < wanted; page++) {
      const end = Math.min(count, (page + 1) * PAGE_SIZE);
      const existing = this.pageList[page];
      if (!existing || existing.end !== end) this.pageList[page] = { kind: 'page', run: this, page, start: page * PAGE_SIZE, end };
    }
    this.pageList.length = wanted;
    return this.pageList;
  }

  /** The page that holds an entry (undefined when the run is not paged). */
  pageOf(entry: RequestEntry): RequestPage | undefined {
    const pages = this.pages();
    if (pages.length === 0) return undefined;
    return pages[Math.floor(this.positionOf(entry) / PAGE_SIZE)];
  }

  /** 0-based position of an entry in file order. */
  positionOf(entry: RequestEntry): number {
    const list = this.entriesInOrder();
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = (list[mid] as RequestEntry).index;
      if (at === entry.index) return mid;
      if (at < entry.index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  entry(index: number): RequestEntry | undefined {
    return this.entries.get(index);
  }

  /**
   * Applies one runner event; returns the entry when what it shows changed, else undefined
   * (an unknown index, a `queued` event for a request already listed as queued, a late event).
   */
  apply(event: RunEvent): RequestEntry | undefined {
    if (event.type === 'concurrency') return undefined; // the status bar's (model/concurrency.ts)
    const known = this.entries.has(event.index);
    const entry = this.ensure(event.index);
    if (!entry) return undefined;
    if (entry.result) return undefined; // a final result is never overwritten by a late event
    switch (event.type) {
      case 'queued':
        if (known && entry.state === 'queued') return undefined;
        entry.state = 'queued';
        break;
      case 'started':
        // An `@until` request sending its next poll stays `polling`.
        entry.state = entry.polls > 0 ? 'polling' : 'running';
        entry.attempt = event.attempt;
        entry.url = event.url;
        entry.retryReason = null;
        break;
      case 'retrying':
        entry.state = 'retrying';
        entry.attempt = event.attempt;
        entry.retryReason = event.reason;
        break;
      case 'polling':
        entry.state = 'polling';
        entry.polls = event.poll;
        entry.pollValue = event.value;
        break;
      case 'finished':
        this.settle(entry, event.result);
        break;
    }
    return entry;
  }

  /** Ends the run with the runner's report; every result not yet seen is applied. */
  finish(report: RunReport): void {
    if (report.secrets) this.redactor.add(report.secrets);
    for (const result of report.results) {
      const entry = this.ensure(result.index);
      if (entry && !entry.result) this.settle(entry, result);
    }
    this.report = report;
  }

  /** Ends the run after an internal error: requests not finished are marked cancelled. */
  fail(message: string): void {
    this.error = message;
    for (const entry of this.entries.values()) {
      if (!entry.result) entry.state = 'cancelled';
    }
  }

  /** Indices of the requests that did not succeed (for "Rerun Failed Requests"). */
  unsuccessfulIndices(): number[] {
    return this.entriesInOrder()
      .filter((e) => e.state !== 'succeeded' && e.state !== 'notNeeded')
      .map((e) => e.index);
  }

  private settle(entry: RequestEntry, result: RequestResult): void {
    entry.result = result;
    entry.attempt = result.attempts;
    entry.retryReason = null;
    entry.url = result.url;
    // Cookie values the jar handled are secrets from now on (a body may echo them).
    if (result.cookies) for (const c of [...result.cookies.sent, ...result.cookies.received]) this.redactor.add([c.value]);
    entry.polls = result.polls ?? entry.polls;
    this.counts.done++;
    if (result.error?.code === 'NOT_NEEDED') {
      entry.state = 'notNeeded';
      this.notNeeded++;
      return;
    }
    entry.state = result.outcome;
    this.counts[result.outcome]++;
  }

  private ensure(index: number): RequestEntry | undefined {
    const existing = this.entries.get(index);
    if (existing) return existing;
    const planned = this.requests[index];
    if (!planned) return undefined;
    const entry: RequestEntry = {
      kind: 'request',
      run: this,
      index,
      // The URL is redacted only when it is the label (no copy of the planned request made).
      label: requestLabel(planned, this.redactor),
      line: planned.line,
      copyIndex: planned.copyIndex,
      method: planned.method,
      url: planned.url,
      state: 'queued',
      attempt: 0,
      retryReason: null,
      polls: 0,
      pollValue: null,
      result: null,
    };
    this.entries.set(index, entry);
    this.sorted = null;
    return entry;
  }
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
