// The "Results" tree: one node per run, under it one node per request in file order (in pages
// of 1000 for larger runs), under that the request's details. Refreshes are coalesced so a
// large batch stays responsive.
import * as vscode from 'vscode';
import type { Redactor } from '../core/redact';
import { Coalescer } from './model/coalesce';
import { assertionSummary, requestDetails, type DetailSpec } from './model/details';
import { formatClock, summaryText, type RequestState } from './model/format';
import { emptyFilterText, entryDescription, entryLabel, isUnsuccessful, visibleEntries } from './model/treeEntries';
import { collapseNotNeeded, isNotNeeded, notNeededText, type NotNeededGroup } from './model/polling';
import type { RequestEntry, RequestPage, RunRecord } from './model/runModel';
import type { Subscription } from './model/emitter';
import { REFRESH_MS } from './model/refreshRates';
import type { RunChange, RunStore } from './model/runStore';
import { circuitGroupText, groupCircuitOpen, isCircuitOpen, type CircuitGroup } from './model/circuitGroups';

export interface DetailNode extends DetailSpec {
  readonly kind: 'detail';
  readonly id: string;
  readonly children?: DetailNode[];
}

/** The CIRCUIT_OPEN requests of a finished run (or page) to one origin, under one node. */
export interface CircuitNode extends CircuitGroup<RequestEntry> {
  readonly id: string;
  readonly run: RunRecord;
}

export type ResultNode = RunRecord | RequestPage | RequestEntry | NotNeededGroup | CircuitNode | DetailNode;

const STATE_ICONS: Record<RequestState, [string, string | undefined]> = {
  queued: ['circle-outline', 'testing.iconQueued'],
  running: ['loading~spin', undefined],
  retrying: ['sync~spin', 'testing.iconQueued'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'testing.iconSkipped'],
  skipped: ['debug-step-over', 'testing.iconSkipped'],
  polling: ['watch', 'testing.iconQueued'],
  notNeeded: ['circle-slash', 'disabledForeground'],
};

const ASSERTION_ICONS: Record<NonNullable<DetailSpec['icon']>, [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  fail: ['error', 'testing.iconFailed'],
  unchecked: ['circle-outline', 'testing.iconSkipped'],
};

export function runDescription(run: RunRecord): string {
  const when = formatClock(run.startedAt);
  if (run.report) return `${when} · ${summaryText(run.report.summary, run.report.durationMs)}`;
  if (run.error) return `${when} · failed: ${run.error}`;
  return `${when} · running`;
}

export class ResultsTreeProvider implements vscode.TreeDataProvider<ResultNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ResultNode | ResultNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly entryUpdates: Coalescer<RequestEntry>;
  private readonly runUpdates: Coalescer<RunRecord>;
  private readonly subscription: Subscription;
  /** True: show only the requests that did not succeed (the view title's filter toggle). */
  private failedOnly = false;

  constructor(private readonly store: RunStore) {
    this.entryUpdates = new Coalescer((entries) => this.changed.fire([...entries]), REFRESH_MS.entries);
    this.runUpdates = new Coalescer((runs) => this.changed.fire([...runs]), REFRESH_MS.runNode);
    this.subscription = store.onDidChange((change) => this.onRunChange(change));
  }

  private onRunChange(change: RunChange): void {
    switch (change.kind) {
      case 'runs':
        this.refreshAll();
        break;
      case 'event':
        if (change.entry) this.entryChanged(change.entry);
        // A copy that ends NOT_NEEDED joins its group's collapsed node.
        if (change.childrenChanged || (change.event.type === 'finished' && change.event.result.error?.code === 'NOT_NEEDED')) this.runChanged(change.run);
        break;
      case 'ended':
        this.runChanged(change.run, true);
        break;
    }
  }

  get showsFailedOnly(): boolean {
    return this.failedOnly;
  }

  /** Turns the "failed only" filter on or off. */
  setFailedOnly(on: boolean): void {
    if (this.failedOnly === on) return;
    this.failedOnly = on;
    this.refreshAll();
  }

  /** The list of runs changed (a run added, dropped or cleared). */
  refreshAll(): void {
    this.changed.fire(undefined);
  }

  /** A request's state changed (coalesced, ~10 refreshes a second). */
  entryChanged(entry: RequestEntry): void {
    this.entryUpdates.add(entry);
    // Under the filter a request that just failed is a new child of its run (coalesced, at most every 2 s).
    if (this.failedOnly && isUnsuccessful(entry.state)) this.runUpdates.add(entry.run);
  }

  /** A run's children changed (coalesced); `now` refreshes at once (run start and end). */
  runChanged(run: RunRecord, now = false): void {
    this.runUpdates.add(run);
    if (now) {
      this.entryUpdates.flushNow();
      this.runUpdates.flushNow();
    }
  }

  getTreeItem(node: ResultNode): vscode.TreeItem {
    if (node.kind === 'run') return this.runItem(node);
    if (node.kind === 'request') return this.requestItem(node);
    if (node.kind === 'page') return this.pageItem(node);
    if (node.kind === 'notNeeded') return notNeededItem(node);
    if (node.kind === 'circuit') return circuitItem(node);
    const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = `${node.label}: ${node.description}`;
    item.contextValue = node.icon ? `assertion.${node.icon}` : node.copy === undefined ? 'detail' : 'detail.copyable';
    if (node.icon) {
      const [icon, color] = ASSERTION_ICONS[node.icon];
      item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    }
    return item;
  }

  getChildren(node?: ResultNode): ResultNode[] {
    if (!node) return [...this.store.runs];
    if (node.kind === 'run') {
      const pages = node.pages();
      if (!this.failedOnly) return pages.length > 0 ? [...pages] : grouped(node, node.entriesInOrder(), 'all');
      const all = node.entriesInOrder();
      const shown: ResultNode[] = pages.length > 0 ? pages.filter((p) => all.slice(p.start, p.end).some((e) => isUnsuccessful(e.state))) : grouped(node, visibleEntries(all, true), 'all');
      return shown.length > 0 ? shown : [{ kind: 'detail', id: `${node.id}/filtered`, label: emptyFilterText(node.running), description: '' }];
    }
    if (node.kind === 'page') return grouped(node.run, this.pageEntries(node), `page/${node.page}`);
    if (node.kind === 'notNeeded' || node.kind === 'circuit') return node.entries;
    if (node.kind === 'request') return toNodes(`${node.run.id}/${node.index}`, requestDetails(node, this.redactor(node.run)));
    return node.children ?? [];
  }

  getParent(node: ResultNode): ResultNode | undefined {
    if (node.kind === 'request') {
      if (isNotNeeded(node)) return node.run.notNeededGroups.get(node.line) ?? node.run.pageOf(node) ?? node.run;
      const page = node.run.pageOf(node);
      const container = page ?? node.run;
      if (node.run.running || !isCircuitOpen(node)) return container;
      const siblings = page ? this.pageEntries(page) : visibleEntries(node.run.entriesInOrder(), this.failedOnly);
      const group = grouped(node.run, siblings, page ? `page/${page.page}` : 'all').find((n) => n.kind === 'circuit' && n.entries.includes(node));
      return group ?? container;
    }
    if (node.kind === 'notNeeded') return (node.entries[0] && node.run.pageOf(node.entries[0])) ?? node.run;
    if (node.kind === 'page') return node.run;
    if (node.kind === 'circuit') return node.run.pageOf(node.entries[0]!) ?? node.run;
    return undefined;
  }

  private pageEntries(page: RequestPage): RequestEntry[] {
    return visibleEntries(page.run.entriesInOrder().slice(page.start, page.end), this.failedOnly);
  }

  dispose(): void {
    this.subscription.dispose();
    this.entryUpdates.dispose();
    this.runUpdates.dispose();
    this.changed.dispose();
  }

  private runItem(run: RunRecord): vscode.TreeItem {
    const newest = this.store.runs[0] === run;
    const item = new vscode.TreeItem(run.fileName, newest ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = run.id;
    item.description = runDescription(run);
    item.tooltip = `${run.file}\n${item.description}`;
    item.contextValue = run.running ? 'run.running' : 'run';
    const bad = run.counts.failed + run.counts.cancelled + run.counts.skipped;
    item.iconPath = run.running
      ? new vscode.ThemeIcon('loading~spin')
      : bad > 0 || run.error
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
        : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    return item;
  }

  private pageItem(page: RequestPage): vscode.TreeItem {
    const item = new vscode.TreeItem(`Requests ${page.start + 1}–${page.end}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${page.run.id}/page/${page.page}`;
    item.contextValue = 'page';
    if (!page.run.running) {
      const entries = page.run.entriesInOrder().slice(page.start, page.end);
      const bad = entries.filter((e) => e.state !== 'succeeded').length;
      item.description = bad > 0 ? `${bad} not succeeded` : 'all succeeded';
      item.iconPath = bad > 0 ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')) : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    }
    return item;
  }

  private requestItem(entry: RequestEntry): vscode.TreeItem {
    const copyRow = entry.copyIndex !== null ? entry.run.requests[entry.index]?.copyRow : null;
    const item = new vscode.TreeItem(entryLabel({ label: entry.label, copyIndex: entry.copyIndex, copyRow: copyRow && entry.run.redactor.text(copyRow) }), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${entry.run.id}/${entry.index}`;
    item.description = entryDescription({
      state: entry.state,
      status: entry.result?.status ?? null,
      durationMs: entry.result?.durationMs ?? null,
      bodyBytes: entry.result?.bodyBytes ?? 0,
      errorCode: entry.result?.error?.code ?? null,
      attempt: entry.attempt,
      assertions: assertionSummary(entry.result),
      polls: entry.polls,
      pollValue: entry.pollValue === null ? null : this.redactor(entry.run).text(entry.pollValue),
    });
    const [icon, color] = STATE_ICONS[entry.state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = `request.${entry.state}`;
    const redactor = this.redactor(entry.run);
    const copy = entry.copyIndex !== null ? ` (copy $index ${entry.copyIndex})` : '';
    item.tooltip = `${entry.method} ${redactor.text(entry.url)}${copy}\n${entry.state}${entry.result && entry.result.attempts > 1 ? ` after ${entry.result.attempts} attempts` : ''}${entry.result?.error ? ` · ${entry.result.error.code}: ${redactor.text(entry.result.error.message)}` : ''}`;
    item.command = { command: 'batchHttp.openResponse', title: 'Open Response', arguments: [entry.run.id, entry.index] };
    return item;
  }

  private redactor(run: RunRecord): Redactor {
    return run.redactor;
  }
}

/** The NOT_NEEDED copies of a `@first` group: one greyed node, "92 not needed". */
function notNeededItem(group: NotNeededGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(notNeededText(group.entries.length), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${group.run.id}/notNeeded/${group.line}`;
  const first = group.entries[0];
  item.description = first ? `${first.label} · @first had its successes` : '';
  item.tooltip = `Copies of the request on line ${group.line} that were not needed: @first had its K successes, so they were stopped (not a failure).`;
  item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  item.contextValue = 'notNeeded';
  return item;
}

/**
 * The entries as the tree lists them: the NOT_NEEDED copies of a `@first` group under one
 * node, and, once a run has finished, its CIRCUIT_OPEN rows grouped per origin.
 */
function grouped(run: RunRecord, entries: RequestEntry[], scope: string): ResultNode[] {
  collapseNotNeeded(entries, run.notNeededGroups);
  const shown = new Set<NotNeededGroup>();
  const circuits = run.running ? entries : groupCircuitOpen(entries).map((x) => (x.kind === 'circuit' ? { ...x, id: `${run.id}/${scope}/circuit/${x.origin}`, run } : x));
  const out: ResultNode[] = [];
  for (const x of circuits) {
    const group = x.kind === 'request' && isNotNeeded(x) ? run.notNeededGroups.get(x.line) : undefined;
    if (!group) out.push(x);
    else if (!shown.has(group)) {
      shown.add(group);
      out.push(group);
    }
  }
  return out;
}

function circuitItem(node: CircuitNode): vscode.TreeItem {
  const text = circuitGroupText(node);
  const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = node.run.redactor.text(text.description);
  item.tooltip = `${item.description}\nThese requests were not sent: the circuit breaker failed them at once (@circuit-breaker N or off changes this).`;
  item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('testing.iconFailed'));
  item.contextValue = 'circuit';
  return item;
}

function toNodes(prefix: string, specs: DetailSpec[]): DetailNode[] {
  return specs.map((s, i) => {
    const id = `${prefix}/${i}:${s.label}`;
    return { kind: 'detail', id, label: s.label, description: s.description, children: s.children ? toNodes(id, s.children) : undefined, copy: s.copy, ...(s.icon ? { icon: s.icon } : {}) };
  });
}
