// The DOM parts of the report: summary cards, counts by status and error code, and the
// details of the selected request. Text goes in through textContent only.
import type { CountEntry, ReportModel, TimelineRow } from '../core/report/timeline';
import { PHASE_WORDS, PHASES } from '../core/report/phase-totals';
import { formatCount, formatMs, formatRate, phasesText } from './format';

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function renderCards(container: HTMLElement, model: ReportModel): void {
  const s = model.summary;
  const lat = s.latencyMs;
  const cards: Array<[string, string, string?]> = [
    ['Total', formatCount(s.total)],
    ['Succeeded', formatCount(s.succeeded), 'ok'],
    ['Failed', formatCount(s.failed), s.failed > 0 ? 'fail' : undefined],
    ['Cancelled', formatCount(s.cancelled), s.cancelled > 0 ? 'cancel' : undefined],
    ['Skipped', formatCount(s.skipped)],
    ...((s.notNeeded ?? 0) > 0 ? [['Not needed', formatCount(s.notNeeded ?? 0), 'notneeded'] as [string, string, string]] : []),
    ['Req/s', formatRate(s.requestsPerSecond)],
    ['p50', formatMs(lat?.p50)],
    ['p95', formatMs(lat?.p95)],
    ['p99', formatMs(lat?.p99)],
    ['Retries', formatCount(s.retries)],
  ];
  const polls = model.rows.reduce((n, r) => n + (r.polls ?? 0), 0);
  if (polls > 0) cards.push(['Polls', formatCount(polls)]);
  const slowest = model.phaseTotals;
  // Where the time went: the largest phase's share, worded ("78%" / "waiting for the server").
  if (slowest) cards.push([PHASE_WORDS[slowest.slowest], `${Math.round(slowest.share * 100)}%`]);
  const asserted = s.assertions;
  if (asserted && asserted.total > 0) {
    // Requests that failed on assertions are in Failed too; this card counts the checks.
    cards.splice(3, 0, ['Assertions', `${formatCount(asserted.passed)}/${formatCount(asserted.total)}`, asserted.failed > 0 ? 'assert' : 'ok']);
  }
  container.replaceChildren(
    ...cards.map(([label, value, tone]) => {
      const card = h('div', tone ? `card ${tone}` : 'card');
      card.dataset.card = slowest && label === PHASE_WORDS[slowest.slowest] ? 'Slowest phase' : label;
      if (card.dataset.card === 'Slowest phase') card.title = phaseShares(model);
      card.append(h('div', 'card-value', value), h('div', 'card-label', label));
      return card;
    }),
  );
}

/** Every phase's share, for the slowest-phase card's tooltip. */
function phaseShares(model: ReportModel): string {
  const t = model.phaseTotals!;
  const sum = PHASES.reduce((a, p) => a + t.totalsMs[p], 0) || 1;
  const lines = PHASES.map((p) => `${Math.round((t.totalsMs[p] / sum) * 100)}% ${PHASE_WORDS[p]} (${formatMs(t.totalsMs[p])})`);
  return [`Where the time went, over ${formatCount(t.requests)} requests' final attempts:`, ...lines].join('\n');
}

/** A request's assertions: ✓ or ✗ (or – when not checked), the line, the text and the value found. */
function assertionList(list: NonNullable<TimelineRow['assertions']>): HTMLElement {
  const ul = h('ul', 'assertions');
  for (const a of list) {
    const state = a.ok === null ? 'unchecked' : a.ok ? 'pass' : 'fail';
    const li = h('li', `assertion ${state}`);
    const mark = a.ok === null ? '–' : a.ok ? '✓' : '✗';
    const found = a.ok === null ? ' (not checked)' : a.ok ? '' : ` (found ${a.actual ?? 'nothing'})`;
    li.textContent = `${mark} line ${a.line}: ?? ${a.text}${found}`;
    ul.append(li);
  }
  return ul;
}

export function renderCounts(container: HTMLElement, title: string, entries: CountEntry[], empty: string): void {
  const max = entries.reduce((m, e) => Math.max(m, e.count), 0);
  const table = h('table', 'counts');
  const caption = h('caption', undefined, title);
  table.append(caption);
  if (entries.length === 0) {
    const row = table.insertRow();
    row.insertCell().textContent = empty;
  }
  for (const e of entries) {
    const row = table.insertRow();
    row.insertCell().textContent = e.label;
    row.insertCell().textContent = formatCount(e.count);
    const barCell = row.insertCell();
    barCell.className = 'count-bar-cell';
    const bar = h('div', 'count-bar');
    bar.style.width = `${max ? Math.max(1, (e.count / max) * 100) : 0}%`;
    barCell.append(bar);
  }
  container.replaceChildren(table);
}

export function renderDetails(container: HTMLElement, row: TimelineRow | null, canReveal: boolean): void {
  if (!row) {
    container.replaceChildren(h('p', 'muted', canReveal ? 'Click a bar to see the request here and reveal it in the results tree and the file.' : 'Click a bar to see the request here.'));
    return;
  }
  const title = h('h3', undefined, `#${row.index} ${row.label}`);
  const list = h('dl');
  const add = (k: string, v: string): void => {
    list.append(h('dt', undefined, k), h('dd', undefined, v));
  };
  add('Request', `${row.method} ${row.url}`);
  add('Line', String(row.line));
  add('Outcome', row.state);
  if (row.status !== null) add('Status', String(row.status));
  if (row.errorCode) add('Error', row.errorMessage ? `${row.errorCode}: ${row.errorMessage}` : row.errorCode);
  add('Queued at', formatMs(row.queuedAtMs));
  add('Started at', row.startedAtMs === null ? 'never sent' : formatMs(row.startedAtMs));
  add('Ended at', formatMs(row.endedAtMs));
  if (row.durationMs !== null) add('Duration', formatMs(row.durationMs));
  if (row.polls) add('Polls', formatCount(row.polls));
  if (row.traceId) add('Trace id', row.traceId);
  const parts: Node[] = [title, list];
  if (row.assertions && row.assertions.length > 0) parts.push(assertionList(row.assertions));
  if (row.attempts.length > 0) {
    const table = h('table', 'attempts');
    const head = table.createTHead().insertRow();
    for (const c of ['Attempt', 'Start', 'First byte', 'End', 'Status', 'Error', 'Retry after', 'Phases', 'Span id']) head.append(h('th', undefined, c));
    row.attempts.forEach((a, i) => {
      const tr = table.insertRow();
      const wait = a.retryDelayMs ?? a.pollDelayMs ?? null;
      const cells = [
        a.poll ? `${i + 1} (poll)` : String(i + 1),
        formatMs(a.startMs),
        a.firstByteAtMs === null ? '–' : `+${formatMs(a.firstByteAtMs - a.startMs)}`,
        formatMs(a.endMs),
        a.status === null ? '–' : String(a.status),
        a.errorCode ?? '–',
        wait === null ? '–' : a.pollDelayMs !== undefined ? `${formatMs(wait)} (next poll)` : formatMs(wait),
        a.phases ? phasesText(a.phases) : '–',
        a.spanId ?? '–',
      ];
      for (const c of cells) tr.insertCell().textContent = c;
    });
    parts.push(table);
  }
  container.replaceChildren(...parts);
}
