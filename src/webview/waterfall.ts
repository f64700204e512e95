// The waterfall timeline: one row per request, drawn on one canvas that covers the visible
// part of a scrolling area. Only the rows in view are drawn, so 10,000 requests scroll and
// zoom as smoothly as 50. A transparent spacer gives the native scrollbars their extent.
import type { ReportModel, TimelineRow } from '../core/report/timeline';
import { formatMs, phasesText } from './format';
import { fontOf, prepareCanvas, readPalette, type Palette } from './theme';
import { AXIS_HEIGHT, paintWaterfall } from './waterfall-paint';

const MAX_CONTENT_PX = 8_000_000;
const MAX_PX_PER_MS = 40;

export interface WaterfallCallbacks {
  /** A row was clicked or chosen with the keyboard. */
  select(row: TimelineRow): void;
}

export interface WaterfallStats {
  /** Bars laid out: one per request row. */
  barCount: number;
  /** Rows drawn in the last frame (the visible ones). */
  drawnBars: number;
  /** Duration of the last frame in ms. */
  lastDrawMs: number;
  frames: number;
}

export class Waterfall {
  readonly stats: WaterfallStats = { barCount: 0, drawnBars: 0, lastDrawMs: 0, frames: 0 };
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLDivElement;
  private model: ReportModel | null = null;
  /** Per row: the [first start, end] of its bars, in ms. */
  private extents = new Float64Array(0);
  private pxPerMs = 1;
  private fit = true;
  private rowHeight = 16;
  private selected = -1;
  private hover: { row: number; x: number; y: number } | null = null;
  private palette: Palette;
  private frame = 0;

  constructor(
    container: HTMLElement,
    private readonly callbacks: WaterfallCallbacks,
  ) {
    const wrap = el('div', 'waterfall');
    this.scroller = el('div', 'waterfall-scroll');
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('aria-label', 'Request timeline: arrow keys move, Enter reveals the request');
    this.spacer = el('div', 'waterfall-spacer');
    this.canvas = el('canvas', 'waterfall-canvas');
    this.canvas.id = 'timeline';
    this.tooltip = el('div', 'tooltip');
    this.tooltip.hidden = true;
    this.scroller.append(this.spacer);
    wrap.append(this.scroller, this.canvas, this.tooltip);
    container.append(wrap);
    this.palette = readPalette();

    this.scroller.addEventListener('scroll', () => this.requestDraw(), { passive: true });
    this.scroller.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.scroller.addEventListener('mousemove', (e) => this.onMove(e));
    this.scroller.addEventListener('mouseleave', () => {
      this.hover = null;
      this.tooltip.hidden = true;
    });
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => {
      if (this.fit) this.fitToWidth();
      this.layout();
    }).observe(this.scroller);
  }

  setModel(model: ReportModel): void {
    const previousSelection = this.selected >= 0 && this.model ? this.model.rows[this.selected]?.index : undefined;
    if (!this.model) this.rowHeight = model.rows.length > 2000 ? 6 : model.rows.length > 300 ? 10 : 16;
    this.model = model;
    this.extents = new Float64Array(model.rows.length * 2);
    let bars = 0;
    for (let i = 0; i < model.rows.length; i++) {
      const r = model.rows[i];
      // From the first start (the queued line leading to it is context), or the marker.
      let lo = r.startedAtMs ?? r.endedAtMs;
      let hi = r.endedAtMs;
      for (const a of r.attempts) {
        lo = Math.min(lo, a.startMs);
        hi = Math.max(hi, a.endMs);
      }
      this.extents[2 * i] = lo;
      this.extents[2 * i + 1] = hi;
      bars++;
    }
    this.stats.barCount = bars;
    this.canvas.dataset.bars = String(bars);
    this.selected = previousSelection === undefined ? -1 : model.rows.findIndex((r) => r.index === previousSelection);
    if (this.fit) this.fitToWidth();
    this.layout();
  }

  /** Re-reads theme colours and redraws. */
  refreshTheme(): void {
    this.palette = readPalette();
    this.requestDraw();
  }

  zoom(factor: number, anchorX?: number): void {
    if (!this.model) return;
    const view = this.scroller.clientWidth;
    const gutter = this.gutterWidth();
    const anchor = anchorX ?? gutter + (view - gutter) / 2;
    let timeAtAnchor = (this.scroller.scrollLeft + anchor - gutter) / this.pxPerMs;
    if (anchorX === undefined) {
      // Buttons and keys zoom around the middle of the view, kept within the time the
      // rows in view cover, so zooming in on a scrolled-down waterfall lands on its bars.
      const [lo, hi] = this.visibleTimeRange();
      timeAtAnchor = Math.min(hi, Math.max(lo, timeAtAnchor));
    }
    this.fit = false;
    this.pxPerMs = this.clampScale(this.pxPerMs * factor);
    this.layout();
    this.scroller.scrollLeft = Math.max(0, timeAtAnchor * this.pxPerMs - (anchor - gutter));
    this.requestDraw();
  }

  /** The [earliest, latest] time covered by the rows in view. */
  private visibleTimeRange(): [number, number] {
    const rows = this.model?.rows.length ?? 0;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / this.rowHeight));
    const last = Math.min(rows - 1, Math.floor((this.scroller.scrollTop + this.scroller.clientHeight - AXIS_HEIGHT) / this.rowHeight));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = first; i <= last; i++) {
      lo = Math.min(lo, this.extents[2 * i]);
      hi = Math.max(hi, this.extents[2 * i + 1]);
    }
    return lo <= hi ? [lo, hi] : [0, this.model?.spanMs ?? 0];
  }

  fitToWidth(): void {
    if (!this.model) return;
    this.fit = true;
    const avail = Math.max(50, this.scroller.clientWidth - this.gutterWidth() - 12);
    this.pxPerMs = this.clampScale(avail / this.model.spanMs);
  }

  resetZoom(): void {
    this.fitToWidth();
    this.layout();
    this.scroller.scrollLeft = 0;
  }

  setRowHeight(px: number): void {
    const top = this.scroller.scrollTop / this.rowHeight;
    this.rowHeight = Math.max(3, Math.min(28, Math.round(px)));
    if (this.fit) this.fitToWidth();
    this.layout();
    this.scroller.scrollTop = top * this.rowHeight;
  }

  get rowHeightPx(): number {
    return this.rowHeight;
  }

  /** Selects and scrolls to the row of a request index. */
  selectIndex(index: number): void {
    if (!this.model) return;
    const pos = this.model.rows.findIndex((r) => r.index === index);
    if (pos >= 0) this.choose(pos);
  }

  /** The middle of a request's bars in CSS px from the scroller's top-left corner, as drawn now. */
  rowPoint(index: number): { x: number; y: number } | null {
    const pos = this.model ? this.model.rows.findIndex((r) => r.index === index) : -1;
    if (pos < 0) return null;
    const mid = (this.extents[2 * pos] + this.extents[2 * pos + 1]) / 2;
    return {
      x: this.gutterWidth() + mid * this.pxPerMs - this.scroller.scrollLeft,
      y: AXIS_HEIGHT + pos * this.rowHeight - this.scroller.scrollTop + this.rowHeight / 2,
    };
  }

  private clampScale(px: number): number {
    const span = this.model ? this.model.spanMs : 1;
    return Math.max(1e-6, Math.min(px, MAX_PX_PER_MS, MAX_CONTENT_PX / span));
  }

  private gutterWidth(): number {
    // Dense rows carry only index labels, so the label column shrinks.
    if (this.rowHeight < 9) return 64;
    return Math.min(280, Math.max(120, Math.round(this.scroller.clientWidth * 0.25)));
  }

  private layout(): void {
    if (!this.model) return;
    const width = this.gutterWidth() + this.model.spanMs * this.pxPerMs + 12;
    const height = AXIS_HEIGHT + this.model.rows.length * this.rowHeight + 4;
    this.spacer.style.width = `${Math.ceil(width)}px`;
    this.spacer.style.height = `${Math.ceil(height)}px`;
    this.requestDraw();
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private rowAt(clientY: number): number {
    if (!this.model) return -1;
    const y = clientY - this.scroller.getBoundingClientRect().top;
    if (y < AXIS_HEIGHT) return -1;
    const row = Math.floor((y - AXIS_HEIGHT + this.scroller.scrollTop) / this.rowHeight);
    return row >= 0 && row < this.model.rows.length ? row : -1;
  }

  private onWheel(e: WheelEvent): void {
    if (!(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    const x = e.clientX - this.scroller.getBoundingClientRect().left;
    this.zoom(Math.exp(-e.deltaY * 0.002), Math.max(this.gutterWidth(), x));
  }

  private onMove(e: MouseEvent): void {
    const rect = this.scroller.getBoundingClientRect();
    const row = this.rowAt(e.clientY);
    this.hover = row < 0 ? null : { row, x: e.clientX - rect.left, y: e.clientY - rect.top };
    this.updateTooltip();
    this.requestDraw();
  }

  private onClick(e: MouseEvent): void {
    const row = this.rowAt(e.clientY);
    if (row >= 0) this.choose(row);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.model || this.model.rows.length === 0) return;
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - AXIS_HEIGHT) / this.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.max(0, Math.min(this.model.rows.length - 1, (this.selected < 0 ? 0 : this.selected + moves[e.key])));
      this.choose(next);
    } else if (e.key === 'Enter' && this.selected >= 0) {
      this.callbacks.select(this.model.rows[this.selected]);
    } else if (e.key === '+' || e.key === '=') {
      this.zoom(1.5);
    } else if (e.key === '-') {
      this.zoom(1 / 1.5);
    } else if (e.key === '0') {
      this.resetZoom();
    }
  }

  private choose(row: number): void {
    if (!this.model) return;
    this.selected = row;
    this.ensureVisible(row);
    this.requestDraw();
    this.callbacks.select(this.model.rows[row]);
  }

  private ensureVisible(row: number): void {
    const top = row * this.rowHeight;
    const view = this.scroller.clientHeight - AXIS_HEIGHT;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + this.rowHeight > this.scroller.scrollTop + view) this.scroller.scrollTop = top + this.rowHeight - view;
    const gutter = this.gutterWidth();
    const startX = this.extents[2 * row] * this.pxPerMs;
    const visibleW = this.scroller.clientWidth - gutter;
    if (startX < this.scroller.scrollLeft || startX > this.scroller.scrollLeft + visibleW - 20) {
      this.scroller.scrollLeft = Math.max(0, startX - visibleW / 4);
    }
  }

  private updateTooltip(): void {
    const model = this.model;
    if (!model || !this.hover) {
      this.tooltip.hidden = true;
      return;
    }
    const r = model.rows[this.hover.row];
    const request = `${r.method} ${r.url}`;
    const lines = r.label === request ? [`#${r.index} ${request}`] : [`#${r.index} ${r.label}`, request];
    const state = r.errorCode === 'NOT_NEEDED' ? 'not needed (@first)' : r.state;
    const what = [state, r.status === null ? null : String(r.status), r.errorCode, r.polls ? `${r.polls} polls` : null].filter(Boolean).join(' · ');
    lines.push(what);
    if (r.startedAtMs !== null) {
      lines.push(`queued ${formatMs(r.startedAtMs - r.queuedAtMs)} · total ${formatMs(r.durationMs ?? r.endedAtMs - r.startedAtMs)}`);
      const last = r.attempts[r.attempts.length - 1];
      if (last?.phases) lines.push(phasesText(last.phases));
      else if (last && last.firstByteAtMs !== null) lines.push(`first byte after ${formatMs(last.firstByteAtMs - last.startMs)}`);
      if (last?.spanId) lines.push(`span ${last.spanId}${r.traceId ? ` · trace ${r.traceId}` : ''}`);
      // Retries are the attempts after the first, as in the tree; a retry decided but never made is said so.
      const retries = r.attempts.length - 1;
      if (retries > 0) lines.push(`${r.attempts.length} attempts (${retries} ${retries === 1 ? 'retry' : 'retries'})`);
      if (last && last.retryDelayMs !== null && r.state !== 'running' && r.state !== 'queued') lines.push('a retry was not made');
    } else {
      lines.push('never sent');
    }
    this.tooltip.textContent = lines.join('\n');
    this.tooltip.hidden = false;
    const wrapW = this.scroller.clientWidth;
    const x = this.hover.x + 14;
    const tipW = this.tooltip.offsetWidth;
    this.tooltip.style.left = `${Math.max(0, x + tipW > wrapW ? this.hover.x - tipW - 10 : x)}px`;
    this.tooltip.style.top = `${this.hover.y + 16}px`;
  }

  private draw(): void {
    const started = performance.now();
    const model = this.model;
    const w = this.scroller.clientWidth;
    const h = this.scroller.clientHeight;
    if (!model || w === 0 || h === 0) return;
    const drawn = paintWaterfall(prepareCanvas(this.canvas, w, h), {
      rows: model.rows,
      width: w,
      height: h,
      gutter: this.gutterWidth(),
      scrollLeft: this.scroller.scrollLeft,
      scrollTop: this.scroller.scrollTop,
      pxPerMs: this.pxPerMs,
      rowHeight: this.rowHeight,
      selected: this.selected,
      hovered: this.hover?.row ?? -1,
      palette: this.palette,
      fontOf: (size) => fontOf(this.scroller, size),
    });
    this.stats.drawnBars = drawn;
    this.stats.frames++;
    this.stats.lastDrawMs = performance.now() - started;
    this.canvas.dataset.drawn = String(drawn);
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}
