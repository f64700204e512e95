// Small canvas charts: in-flight attempts over time (a step area with the cap as a dashed
// line) and bar charts (attempt starts per second, the latency histogram).
import { placeMarkLabels, type DrawnLabel } from '../core/report/mark-labels';
import { niceStep, type BucketSeries, type StepSeries } from '../core/report/timeline';
import { formatMs, formatRate, formatTick } from './format';
import { fontOf, prepareCanvas, type Palette } from './theme';

const PAD = { left: 44, right: 10, top: 10, bottom: 22 };

interface Frame {
  ctx: CanvasRenderingContext2D;
  x0: number;
  y0: number;
  w: number;
  h: number;
}

function frame(canvas: HTMLCanvasElement, p: Palette, yMax: number): Frame {
  const cssW = Math.max(120, canvas.parentElement?.clientWidth ?? 300);
  const cssH = 170;
  const ctx = prepareCanvas(canvas, cssW, cssH);
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, cssW, cssH);
  const f = { ctx, x0: PAD.left, y0: cssH - PAD.bottom, w: cssW - PAD.left - PAD.right, h: cssH - PAD.top - PAD.bottom };
  ctx.font = fontOf(canvas, 10);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  const step = niceStep(yMax / 4);
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    const y = Math.round(f.y0 - (v / yMax) * f.h) + 0.5;
    ctx.fillStyle = p.grid;
    ctx.fillRect(f.x0, y, f.w, 1);
    ctx.fillStyle = p.muted;
    ctx.fillText(formatRate(v), f.x0 - 4, y);
  }
  ctx.textAlign = 'left';
  return f;
}

function timeAxis(f: Frame, p: Palette, spanMs: number): void {
  const { ctx } = f;
  const step = niceStep(spanMs / Math.max(1, f.w / 80));
  ctx.fillStyle = p.muted;
  ctx.textBaseline = 'top';
  for (let t = 0; t <= spanMs; t += step) {
    const x = f.x0 + (t / spanMs) * f.w;
    ctx.fillRect(Math.round(x), f.y0, 1, 4);
    if (x < f.x0 + f.w - 20) ctx.fillText(formatTick(t, step), x + 2, f.y0 + 5);
  }
}

/** In-flight attempts over time, with the concurrency cap. */
export function drawInFlight(canvas: HTMLCanvasElement, p: Palette, series: StepSeries, spanMs: number, cap: number, limit: StepSeries | null = null): void {
  // Under adaptive concurrency the scale follows the limit reached, not MAX (256 would flatten the chart).
  const yMax = Math.max(1, series.max, limit ? limit.max : cap) * 1.1;
  const f = frame(canvas, p, yMax);
  const { ctx } = f;
  const X = (t: number): number => f.x0 + (Math.min(t, spanMs) / spanMs) * f.w;
  const Y = (v: number): number => f.y0 - (v / yMax) * f.h;
  ctx.beginPath();
  ctx.moveTo(X(0), f.y0);
  for (let i = 0; i < series.times.length; i++) {
    const next = i + 1 < series.times.length ? series.times[i + 1] : spanMs;
    ctx.lineTo(X(series.times[i]), Y(series.values[i]));
    ctx.lineTo(X(next), Y(series.values[i]));
  }
  ctx.lineTo(X(spanMs), f.y0);
  ctx.closePath();
  ctx.globalAlpha = 0.35;
  ctx.fillStyle = p.accent;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = p.accent;
  ctx.lineWidth = 1;
  ctx.stroke();
  if (limit) {
    drawLimit(ctx, p, limit, spanMs, X, Y);
    timeAxis(f, p, spanMs);
    return;
  }
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = p.cap;
  ctx.beginPath();
  ctx.moveTo(f.x0, Math.round(Y(cap)) + 0.5);
  ctx.lineTo(f.x0 + f.w, Math.round(Y(cap)) + 0.5);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = p.cap;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'right';
  ctx.fillText(`cap ${cap}`, f.x0 + f.w, Y(cap) - 2);
  ctx.textAlign = 'left';
  timeAxis(f, p, spanMs);
}

/** The adaptive limit as a step line over the in-flight area, labelled at its last value. */
function drawLimit(ctx: CanvasRenderingContext2D, p: Palette, limit: StepSeries, spanMs: number, X: (t: number) => number, Y: (v: number) => number): void {
  ctx.strokeStyle = p.cap;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let i = 0; i < limit.times.length; i++) {
    const next = i + 1 < limit.times.length ? limit.times[i + 1] : spanMs;
    const y = Math.round(Y(limit.values[i])) + 0.5;
    if (i === 0) ctx.moveTo(X(limit.times[i]), y);
    else ctx.lineTo(X(limit.times[i]), y);
    ctx.lineTo(X(next), y);
  }
  ctx.stroke();
  ctx.lineWidth = 1;
  const last = limit.values[limit.values.length - 1] ?? 0;
  ctx.fillStyle = p.cap;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'right';
  ctx.fillText(`limit ${last} (auto)`, X(spanMs), Y(last) - 2);
  ctx.textAlign = 'left';
}

/** Bar chart over buckets; `value` maps a count to what is plotted; the y axis reaches at least `floor`. */
function drawBuckets(canvas: HTMLCanvasElement, p: Palette, series: BucketSeries, value: (count: number) => number, colour: string, floor = 1): { f: Frame; yMax: number } {
  let yMax = floor;
  for (const c of series.counts) yMax = Math.max(yMax, value(c));
  yMax *= 1.1;
  const f = frame(canvas, p, yMax);
  const n = Math.max(1, series.counts.length);
  const bw = f.w / n;
  f.ctx.fillStyle = colour;
  for (let i = 0; i < series.counts.length; i++) {
    const v = value(series.counts[i]);
    if (v <= 0) continue;
    const hPx = Math.max(1, (v / yMax) * f.h);
    f.ctx.fillRect(f.x0 + i * bw + (bw > 3 ? 0.5 : 0), f.y0 - hPx, Math.max(1, bw - (bw > 3 ? 1 : 0)), hPx);
  }
  return { f, yMax };
}

/** Attempt starts per second, with the `@rate` limit when there is one. */
export function drawStarts(canvas: HTMLCanvasElement, p: Palette, series: BucketSeries, rate: number | null): void {
  const spanMs = series.counts.length * series.widthMs;
  const { f, yMax } = drawBuckets(canvas, p, series, (c) => (c * 1000) / series.widthMs, p.accent, rate ?? 1);
  if (rate !== null) {
    const y = Math.round(f.y0 - (rate / yMax) * f.h) + 0.5;
    f.ctx.setLineDash([5, 4]);
    f.ctx.strokeStyle = p.cap;
    f.ctx.beginPath();
    f.ctx.moveTo(f.x0, y);
    f.ctx.lineTo(f.x0 + f.w, y);
    f.ctx.stroke();
    f.ctx.setLineDash([]);
  }
  timeAxis(f, p, spanMs);
}

/** Latency histogram with the p50, p95 and p99 marks; returns where their labels were drawn. */
export function drawLatency(canvas: HTMLCanvasElement, p: Palette, series: BucketSeries, marks: Array<[string, number]>): DrawnLabel[] {
  const { f } = drawBuckets(canvas, p, series, (c) => c, p.state.succeeded);
  const spanMs = Math.max(series.widthMs, series.counts.length * series.widthMs);
  const { ctx } = f;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  const xs = marks.map(([, ms]) => Math.round(f.x0 + (ms / spanMs) * f.w) + 0.5);
  // Close percentiles (p95 and p99 often are) get their labels on rows of their own.
  const placed = placeMarkLabels(
    marks.map(([name], i) => ({ x: xs[i], width: ctx.measureText(name).width })),
    f.x0,
    f.x0 + f.w,
  );
  const drawn = marks.map(([name], i): DrawnLabel => {
    ctx.fillStyle = p.fg;
    ctx.fillRect(xs[i], f.y0 - f.h, 1, f.h);
    const y = f.y0 - f.h + placed[i].row * 12;
    ctx.fillText(name, placed[i].left, y);
    const m = ctx.measureText(name);
    return { name, markX: xs[i], left: placed[i].left, top: y - m.actualBoundingBoxAscent, width: m.width, height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent };
  });
  const step = niceStep(spanMs / Math.max(1, f.w / 80));
  ctx.fillStyle = p.muted;
  for (let t = 0; t <= spanMs; t += step) {
    const x = f.x0 + (t / spanMs) * f.w;
    ctx.fillRect(Math.round(x), f.y0, 1, 4);
    if (x < f.x0 + f.w - 20) ctx.fillText(formatMs(t), x + 2, f.y0 + 5);
  }
  return drawn;
}
