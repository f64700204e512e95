// Client side of the run report, shared by the standalone HTML file and the VS Code webview.
// Standalone: the model is read from the embedded JSON block. Webview: the host posts it
// (and posts again while the run goes on); clicks are posted back as "reveal" messages.
import type { ReportModel, TimelineRow } from '../core/report/timeline';
import type { DrawnLabel } from '../core/report/mark-labels';
import { drawInFlight, drawLatency, drawStarts } from './charts';
import { formatMs } from './format';
import { h, renderCards, renderCounts, renderDetails } from './panels';
import { readPalette } from './theme';
import type { FromWebview, ReportWebviewState, ToWebview } from '../extension/report/protocol';
import type { ReportHook } from './hook';
import { Waterfall } from './waterfall';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;


class ReportApp {
  private readonly waterfall: Waterfall;
  private readonly cards = h('section', 'cards');
  private readonly header = h('header');
  private readonly capNote = h('p', 'muted');
  private readonly inFlight = h('canvas');
  private readonly starts = h('canvas');
  private readonly latency = h('canvas');
  private readonly statusBox = h('div');
  private readonly errorBox = h('div');
  private readonly details = h('section', 'details');
  private model: ReportModel | null = null;
  private selected: TimelineRow | null = null;
  /** Where the latency chart's percentile labels were last drawn (for the hook). */
  private latencyLabels: DrawnLabel[] = [];
  /** Set while the host selects a row, so the selection is not posted back. */
  private quiet = false;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi | null,
  ) {
    const timeline = h('section', 'timeline');
    const toolbar = h('div', 'toolbar');
    const button = (label: string, title: string, action: () => void): HTMLButtonElement => {
      const b = h('button', undefined, label);
      b.type = 'button';
      b.title = title;
      b.addEventListener('click', action);
      toolbar.append(b);
      return b;
    };
    toolbar.append(h('h2', undefined, 'Timeline'));
    button('−', 'Zoom out (or Ctrl/⌘ + wheel)', () => this.waterfall.zoom(1 / 1.5));
    button('+', 'Zoom in (or Ctrl/⌘ + wheel)', () => this.waterfall.zoom(1.5));
    button('Fit', 'Fit the whole run in the width', () => this.waterfall.resetZoom());
    button('Rows −', 'Thinner rows', () => this.waterfall.setRowHeight(this.waterfall.rowHeightPx - 4));
    button('Rows +', 'Taller rows', () => this.waterfall.setRowHeight(this.waterfall.rowHeightPx + 4));
    toolbar.append(legend());
    timeline.append(toolbar);
    this.waterfall = new Waterfall(timeline, { select: (row) => this.select(row) });

    const charts = h('section', 'charts');
    charts.append(
      chartBox('In flight over time', this.inFlight, this.capNote),
      chartBox('Attempt starts per second', this.starts),
      chartBox('Latency (requests with a response)', this.latency),
    );
    const counts = h('section', 'count-tables');
    counts.append(this.statusBox, this.errorBox);
    root.append(this.header, this.cards, timeline, charts, counts, this.details);
    this.header.append(h('p', 'muted', 'Waiting for the run’s data…'));

    new ResizeObserver(() => this.drawCharts()).observe(charts);
    // VS Code swaps body classes on a theme change; the standalone file follows the OS scheme.
    const themeWatch = new MutationObserver(() => this.refreshTheme());
    themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.refreshTheme());
  }

  setModel(model: ReportModel): void {
    this.model = model;
    this.renderHeader(model);
    renderCards(this.cards, model);
    this.capNote.textContent = model.limit
      ? `Peak ${model.inFlight.max} in flight; adaptive limit ${model.limit.values[model.limit.values.length - 1] ?? '-'} at the end (highest ${model.limit.max}, MAX ${model.settings.concurrency}).`
      : `Peak ${model.inFlight.max} in flight (cap ${model.settings.concurrency}); at the cap for ${Math.round(model.atCapRatio * 100)}% of the run.`;
    renderCounts(this.statusBox, 'By status', model.statusCounts, 'No results yet');
    renderCounts(this.errorBox, 'By error code', model.errorCounts, 'No errors');
    this.waterfall.setModel(model);
    if (this.selected) this.selected = model.rows.find((r) => r.index === this.selected?.index) ?? null;
    renderDetails(this.details, this.selected, this.vscode !== null);
    this.drawCharts();
    document.title = `Batch HTTP report – ${model.title}`;
  }

  selectIndex(index: number, notifyHost = true): void {
    this.quiet = !notifyHost;
    try {
      this.waterfall.selectIndex(index);
    } finally {
      this.quiet = false;
    }
  }

  private renderHeader(model: ReportModel): void {
    const title = h('h1', undefined, model.title);
    const meta = h('p', 'muted', `${model.file} · started ${model.startedAt} · ${formatMs(model.durationMs)} · concurrency ${model.settings.adaptive ? `auto (MAX ${model.settings.concurrency})` : model.settings.concurrency}${model.settings.rate === null ? '' : ` · rate ${model.settings.rate}/s`}`);
    if (model.live) title.append(h('span', 'badge', 'running'));
    this.header.replaceChildren(title, meta);
  }

  private select(row: TimelineRow): void {
    this.selected = row;
    renderDetails(this.details, row, this.vscode !== null);
    const message: FromWebview = { type: 'reveal', index: row.index, line: row.line };
    if (!this.quiet) this.vscode?.postMessage(message);
  }

  private drawCharts(): void {
    const m = this.model;
    if (!m) return;
    const p = readPalette();
    drawInFlight(this.inFlight, p, m.inFlight, m.spanMs, m.settings.concurrency, m.limit ?? null);
    drawStarts(this.starts, p, m.starts, m.settings.rate);
    const lat = m.summary.latencyMs;
    this.latencyLabels = drawLatency(this.latency, p, m.latency, lat ? [['p50', lat.p50], ['p95', lat.p95], ['p99', lat.p99]] : []);
  }

  private refreshTheme(): void {
    this.waterfall.refreshTheme();
    this.drawCharts();
  }

  hook(): ReportHook {
    const w = this.waterfall;
    return {
      ready: true,
      readyAtMs: performance.now(),
      barCount: w.stats.barCount,
      rowCount: this.model?.rows.length ?? 0,
      drawnBars: () => w.stats.drawnBars,
      lastDrawMs: () => w.stats.lastDrawMs,
      selectIndex: (i) => this.selectIndex(i),
      rowPoint: (i) => w.rowPoint(i),
      latencyLabels: () => this.latencyLabels.map((l) => ({ ...l })),
    };
  }
}

function chartBox(title: string, canvas: HTMLCanvasElement, note?: HTMLElement): HTMLElement {
  const box = h('figure', 'chart');
  const caption = h('figcaption', undefined, title);
  const holder = h('div', 'chart-canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', title);
  holder.append(canvas);
  box.append(caption, holder);
  if (note) box.append(note);
  return box;
}

function legend(): HTMLElement {
  const box = h('div', 'legend');
  for (const [cls, label] of [['ok', 'succeeded'], ['fail', 'failed'], ['assert', 'assertion failed'], ['cancel', 'cancelled'], ['skip', 'skipped / never sent'], ['retried', 'retried attempt · backoff dotted'], ['poll', 'poll (@until) · wait dashed'], ['notneeded', 'not needed (@first)'], ['running', 'running']]) {
    const item = h('span', 'legend-item');
    item.append(h('i', `swatch ${cls}`), document.createTextNode(label));
    box.append(item);
  }
  for (const [cls, label] of [['dns', 'DNS'], ['connect', 'connect'], ['tls', 'TLS']]) {
    const item = h('span', 'legend-item');
    item.append(h('i', `swatch ${cls}`), document.createTextNode(label));
    box.append(item);
  }
  box.append(h('span', 'legend-item muted', 'thin line: queued · light: waiting for the first byte (TTFB) · solid: download'));
  return box;
}

function showError(root: HTMLElement, message: string): void {
  root.replaceChildren(h('p', 'error', message));
}

function boot(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  const app = new ReportApp(root, vscode);
  const publish = (): void => {
    window.__batchHttpReport = app.hook();
  };
  const embedded = document.getElementById('batch-http-data');
  if (embedded?.textContent) {
    try {
      app.setModel(JSON.parse(embedded.textContent) as ReportModel);
      publish();
    } catch (err) {
      showError(root, `The report data could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!vscode) return;
  const saved = vscode.getState() as ReportWebviewState | undefined;
  if (saved?.model) {
    app.setModel(saved.model);
    publish();
  }
  // The saved state is what a revived panel shows; while the run goes on (a new model every
  // fraction of a second) it is saved at most every 5 s, the final model at once.
  let lastSaved = -Infinity;
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const msg = event.data;
    if (msg?.type === 'model') {
      app.setModel(msg.model);
      if (!msg.model.live || performance.now() - lastSaved > 5000) {
        const state: ReportWebviewState = { model: msg.model, runId: msg.runId };
        vscode.setState(state);
        lastSaved = performance.now();
      }
      publish();
    } else if (msg?.type === 'select') {
      app.selectIndex(msg.index, false);
    }
  });
  const ready: FromWebview = { type: 'ready' };
  vscode.postMessage(ready);
}

boot();
