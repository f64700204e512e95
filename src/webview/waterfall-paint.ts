// Paints one frame of the waterfall: the time grid and axis, the rows in view (queued
// line, attempt bars with the first byte, retry backoff) and the label gutter.
import { niceStep, type TimelineAttempt, type TimelineRow } from '../core/report/timeline';
import { formatTick } from './format';
import type { Palette } from './theme';

export const AXIS_HEIGHT = 22;

export interface WaterfallFrame {
  rows: readonly TimelineRow[];
  width: number;
  height: number;
  /** Width of the label column on the left. */
  gutter: number;
  scrollLeft: number;
  scrollTop: number;
  pxPerMs: number;
  rowHeight: number;
  /** Row positions, or -1. */
  selected: number;
  hovered: number;
  palette: Palette;
  fontOf(sizePx: number): string;
}

/** Draws the frame and returns how many rows it drew (only the rows in view). */
export function paintWaterfall(ctx: CanvasRenderingContext2D, f: WaterfallFrame): number {
  const p = f.palette;
  const { width: w, height: h, gutter, pxPerMs: px, rowHeight: rh, scrollLeft: sx, scrollTop: sy } = f;
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
  const last = Math.min(f.rows.length - 1, Math.floor((sy + h - AXIS_HEIGHT) / rh));
  ctx.save();
  ctx.beginPath();
  ctx.rect(gutter, AXIS_HEIGHT, w - gutter, h - AXIS_HEIGHT);
  ctx.clip();
  let drawn = 0;
  for (let i = first; i <= last; i++) {
    const y = AXIS_HEIGHT + i * rh - sy;
    if (i === f.selected || i === f.hovered) {
      ctx.fillStyle = p.selection;
      ctx.fillRect(gutter, y, w - gutter, rh);
    }
    paintRow(ctx, f.rows[i], y, rh, xOf, p);
    drawn++;
  }
  ctx.restore();

  paintGutter(ctx, f, first, last);

  // Axis.
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, w, AXIS_HEIGHT);
  ctx.fillStyle = p.grid;
  ctx.fillRect(0, AXIS_HEIGHT - 1, w, 1);
  ctx.font = f.fontOf(11);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = p.muted;
  const count = f.rows.length.toLocaleString('en-US');
  ctx.fillText(clipText(ctx, gutter >= 120 ? `${count} requests` : count, gutter - 10), 6, AXIS_HEIGHT / 2);
  for (let t = firstTick; t <= lastTime; t += step) {
    const x = xOf(t);
    if (x >= gutter) ctx.fillText(formatTick(t, step), x + 3, AXIS_HEIGHT / 2);
  }
  return drawn;
}

/** The label gutter: an index every few rows when they are dense, else a state dot and the label per row. */
function paintGutter(ctx: CanvasRenderingContext2D, f: WaterfallFrame, first: number, last: number): void {
  const p = f.palette;
  const { height: h, gutter, rowHeight: rh, scrollTop: sy } = f;
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, AXIS_HEIGHT, gutter, h - AXIS_HEIGHT);
  ctx.fillStyle = p.grid;
  ctx.fillRect(gutter - 1, 0, 1, h);
  if (rh < 9) {
    // Dense rows: an index label every few rows, a tick at each labelled row.
    const every = niceStep(14 / rh);
    ctx.font = f.fontOf(10);
    ctx.textBaseline = 'middle';
    for (let i = Math.ceil(first / every) * every; i <= last; i += every) {
      const y = AXIS_HEIGHT + i * rh - sy + rh / 2;
      ctx.fillStyle = p.grid;
      ctx.fillRect(gutter - 6, Math.round(y), 5, 1);
      ctx.fillStyle = p.muted;
      ctx.fillText(`#${f.rows[i].index}`, 6, y);
    }
  } else {
    ctx.font = f.fontOf(Math.min(12, rh - 3));
    ctx.textBaseline = 'middle';
    for (let i = first; i <= last; i++) {
      const r = f.rows[i];
      const y = AXIS_HEIGHT + i * rh - sy;
      if (i === f.selected) {
        ctx.fillStyle = p.selection;
        ctx.fillRect(0, y, gutter - 1, rh);
      }
      ctx.fillStyle = rowColour(r, p);
      ctx.fillRect(4, y + rh / 2 - 3, 6, 6);
      ctx.fillStyle = p.fg;
      ctx.fillText(clipText(ctx, `#${r.index} ${r.label}`, gutter - 22), 16, y + rh / 2);
    }
  }
}

/** A row's colour: its state's, and a colour of its own for a request that failed on its assertions. */
function rowColour(r: TimelineRow, p: Palette): string {
  return r.errorCode === 'ASSERTION_FAILED' ? p.assertionFailed : r.errorCode === 'NOT_NEEDED' ? p.notNeeded : p.state[r.state];
}

function paintRow(ctx: CanvasRenderingContext2D, r: TimelineRow, y: number, rh: number, xOf: (t: number) => number, p: Palette): void {
  const mid = y + rh / 2;
  const barH = Math.max(2, Math.round(rh * 0.62));
  const top = y + (rh - barH) / 2;
  const colour = rowColour(r, p);
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
    // An attempt followed by a retry is drawn as retried, a poll followed by another as a
    // poll; the last one by the outcome.
    ctx.fillStyle = lastAttempt && a.retryDelayMs === null ? colour : a.poll ? p.poll : p.retried;
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
    if (a.phases && x1 - x0 > 3) paintConnectionPhases(ctx, a, top, barH, xOf, p);
    if (a.retryDelayMs !== null && a.retryDelayMs > 0) {
      // Backoff before the next attempt: a dotted line (no slot is held meanwhile).
      ctx.fillStyle = p.retried;
      const xEnd = xOf(Math.min(a.endMs + a.retryDelayMs, r.endedAtMs));
      for (let x = x1 + 2; x < xEnd; x += 4) ctx.fillRect(x, mid - 0.5, 2, 1);
    }
    if (a.poll) paintPoll(ctx, a, x1, top, barH, mid, xOf, r.endedAtMs, p);
  }
  // NOT_NEEDED (`@first`): hatched over the bar, so it reads apart from a cancellation.
  if (r.errorCode === 'NOT_NEEDED' && rh >= 6) {
    const a = r.attempts[r.attempts.length - 1];
    ctx.fillStyle = p.bg;
    for (let x = xOf(a.startMs) + 2; x < xOf(a.endMs); x += 4) ctx.fillRect(x, top, 1, barH);
  }
}

/** A poll: a mark above the bar's end, and the wait before the next poll as a dashed line. */
function paintPoll(ctx: CanvasRenderingContext2D, a: TimelineRow['attempts'][number], x1: number, top: number, barH: number, mid: number, xOf: (t: number) => number, endMs: number, p: Palette): void {
  ctx.fillStyle = p.poll;
  ctx.fillRect(Math.round(x1) - 1, top - 2, 2, barH + 4);
  if (a.pollDelayMs !== undefined && a.pollDelayMs > 0) {
    const xEnd = xOf(Math.min(a.endMs + a.pollDelayMs, endMs));
    for (let x = x1 + 2; x < xEnd; x += 7) ctx.fillRect(x, mid - 0.5, 4, 1);
  }
}

/**
 * DNS, connect and TLS inside an attempt's bar: they end where the request was written
 * (`ttfbMs` before the first byte, or the attempt's end when no response came).
 */
function paintConnectionPhases(ctx: CanvasRenderingContext2D, a: TimelineAttempt, top: number, barH: number, xOf: (t: number) => number, p: Palette): void {
  const ph = a.phases!;
  let end = a.firstByteAtMs !== null ? a.firstByteAtMs - (ph.ttfbMs ?? 0) : a.endMs;
  for (const [ms, colour] of [
    [ph.tlsMs, p.tls],
    [ph.connectMs, p.connect],
    [ph.dnsMs, p.dns],
  ] as const) {
    if (ms === null || !(ms > 0)) continue;
    const start = Math.max(a.startMs, end - ms);
    const xa = xOf(start);
    const xb = xOf(end);
    if (xb - xa >= 0.5) {
      ctx.fillStyle = colour;
      ctx.fillRect(xa, top, Math.max(1, xb - xa), barH);
    }
    end = start;
  }
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
