// The waterfall timeline: one row per request, drawn on one canvas that covers the visible
// part of a scrolling area. Only the rows in view are drawn, so 10,000 requests scroll and
// zoom as smoothly as 50. A transparent spacer gives the native scrollbars their extent.
import { niceStep, type ReportModel, type TimelineRow } from '../core/report/timeline';
import { formatMs, formatTick } from './format';
import { fontOf, prepareCanvas, readPalette, type Palette } from './theme';

const AXIS_HEIGHT = 22;
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
  /** Per row: the [first, last] time it covers, in ms. */
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
      let lo = r.queuedAtMs;
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
    const timeAtAnchor = (this.scroller.scrollLeft + anchor - gutter) / this.pxPerMs;
    this.fit = false;
    this.pxPerMs = this.clampScale(this.pxPerMs * factor);
    this.layout();
    this.scroller.scrollLeft = Math.max(0, timeAtAnchor * this.pxPerMs - (anchor - gutter));
    this.requestDraw();
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

  private clampScale(px: number): number {
    const span = this.model ? this.model.spanMs : 1;
    return Math.max(1e-6, Math.min(px, MAX_PX_PER_MS, MAX_CONTENT_PX / span));
  }

  private gutterWidth(): number {
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
    const what = [r.state, r.status === null ? null : String(r.status), r.errorCode].filter(Boolean).join(' · ');
    lines.push(what);
    if (r.startedAtMs !== null) {
      lines.push(`queued ${formatMs(r.startedAtMs - r.queuedAtMs)} · total ${formatMs(r.durationMs ?? r.endedAtMs - r.startedAtMs)}`);
      const last = r.attempts[r.attempts.length - 1];
      if (last && last.firstByteAtMs !== null) lines.push(`first byte after ${formatMs(last.firstByteAtMs - last.startMs)}`);
      if (r.attempts.length > 1) lines.push(`${r.attempts.length} attempts`);
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
    const ctx = prepareCanvas(this.canvas, w, h);
    const p = this.palette;
    const gutter = this.gutterWidth();
    const sx = this.scroller.scrollLeft;
    const sy = this.scroller.scrollTop;
    const px = this.pxPerMs;
    const rh = this.rowHeight;
    const xOf = (t: number): number => gutter + t * px - sx;
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, 0, w, h);

    // Time grid.
    const step = niceStep(90 / px);
    const firstTick = Math.max(0, Math.floor(sx / px / step) * step);
    const lastTime = (sx + w - gutter) / px;
    ctx.fillStyle = p.grid;
    for (let t = firstTick; t <= lastTime; t += step) {
      const x = Math.round(xOf(t)) + 0.5;
      if (x >= gutter) ctx.fillRect(x, AXIS_HEIGHT, 1, h - AXIS_HEIGHT);
    }

    // Rows in view.
    const first = Math.max(0, Math.floor(sy / rh));
    const last = Math.min(model.rows.length - 1, Math.floor((sy + h - AXIS_HEIGHT) / rh));
    ctx.save();
    ctx.beginPath();
    ctx.rect(gutter, AXIS_HEIGHT, w - gutter, h - AXIS_HEIGHT);
    ctx.clip();
    let drawn = 0;
    for (let i = first; i <= last; i++) {
      const y = AXIS_HEIGHT + i * rh - sy;
      if (i === this.selected || this.hover?.row === i) {
        ctx.fillStyle = p.selection;
        ctx.fillRect(gutter, y, w - gutter, rh);
      }
      this.drawRow(ctx, model.rows[i], y, xOf);
      drawn++;
    }
    ctx.restore();

    // Gutter labels.
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, AXIS_HEIGHT, gutter, h - AXIS_HEIGHT);
    ctx.fillStyle = p.grid;
    ctx.fillRect(gutter - 1, 0, 1, h);
    if (rh >= 9) {
      ctx.font = fontOf(this.scroller, Math.min(12, rh - 3));
      ctx.textBaseline = 'middle';
      for (let i = first; i <= last; i++) {
        const r = model.rows[i];
        const y = AXIS_HEIGHT + i * rh - sy;
        if (i === this.selected) {
          ctx.fillStyle = p.selection;
          ctx.fillRect(0, y, gutter - 1, rh);
        }
        ctx.fillStyle = p.state[r.state];
        ctx.fillRect(4, y + rh / 2 - 3, 6, 6);
        ctx.fillStyle = p.fg;
        ctx.fillText(clipText(ctx, `#${r.index} ${r.label}`, gutter - 22), 16, y + rh / 2);
      }
    }

    // Axis.
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, 0, w, AXIS_HEIGHT);
    ctx.fillStyle = p.grid;
    ctx.fillRect(0, AXIS_HEIGHT - 1, w, 1);
    ctx.font = fontOf(this.scroller, 11);
    ctx.textBaseline = 'middle';
    ctx.fillStyle = p.muted;
    ctx.fillText(`${model.rows.length.toLocaleString('en-US')} requests`, 6, AXIS_HEIGHT / 2);
    for (let t = firstTick; t <= lastTime; t += step) {
      const x = xOf(t);
      if (x >= gutter) ctx.fillText(formatTick(t, step), x + 3, AXIS_HEIGHT / 2);
    }

    this.stats.drawnBars = drawn;
    this.stats.frames++;
    this.stats.lastDrawMs = performance.now() - started;
    this.canvas.dataset.drawn = String(drawn);
  }

  private drawRow(ctx: CanvasRenderingContext2D, r: TimelineRow, y: number, xOf: (t: number) => number): void {
    const p = this.palette;
    const rh = this.rowHeight;
    const mid = y + rh / 2;
    const barH = Math.max(2, Math.round(rh * 0.62));
    const top = y + (rh - barH) / 2;
    const colour = p.state[r.state];
    // Queued: a thin line from queued to the first start (or to the end when never sent).
    const queuedEnd = r.startedAtMs ?? r.endedAtMs;
    if (queuedEnd > r.queuedAtMs) {
      ctx.fillStyle = p.queued;
      ctx.globalAlpha = 0.5;
      ctx.fillRect(xOf(r.queuedAtMs), mid - 0.5, Math.max(1, xOf(queuedEnd) - xOf(r.queuedAtMs)), 1);
      ctx.globalAlpha = 1;
    }
    if (r.attempts.length === 0) {
      // Never sent (skipped, cancelled before its start, still queued): a hollow marker.
      const x = xOf(r.endedAtMs);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1;
      const s = Math.max(2, barH - 1);
      ctx.strokeRect(Math.round(x) + 0.5, Math.round(top) + 0.5, s, s);
      return;
    }
    for (let k = 0; k < r.attempts.length; k++) {
      const a = r.attempts[k];
      const lastAttempt = k === r.attempts.length - 1;
      const x0 = xOf(a.startMs);
      const x1 = Math.max(x0 + 1, xOf(a.endMs));
      // An attempt followed by a retry is drawn as retried; the last one by the outcome.
      ctx.fillStyle = lastAttempt && a.retryDelayMs === null ? colour : p.retried;
      if (a.firstByteAtMs !== null && a.firstByteAtMs > a.startMs) {
        // Waiting for the first byte: lighter; receiving: solid; a tick at the first byte.
        const xf = Math.min(x1, xOf(a.firstByteAtMs));
        ctx.globalAlpha = 0.45;
        ctx.fillRect(x0, top, xf - x0, barH);
        ctx.globalAlpha = 1;
        ctx.fillRect(xf, top, x1 - xf, barH);
        if (rh >= 8 && x1 - x0 > 6) {
          ctx.fillStyle = p.fg;
          ctx.fillRect(Math.round(xf), top - 1, 1, barH + 2);
        }
      } else {
        ctx.fillRect(x0, top, x1 - x0, barH);
      }
      if (a.retryDelayMs !== null && a.retryDelayMs > 0) {
        // Backoff before the next attempt: a dotted line (no slot is held meanwhile).
        ctx.fillStyle = p.retried;
        const xEnd = xOf(Math.min(a.endMs + a.retryDelayMs, r.endedAtMs));
        for (let x = x1 + 2; x < xEnd; x += 4) ctx.fillRect(x, mid - 0.5, 2, 1);
      }
    }
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

function clipText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
