// Colours and canvas set-up. Colours come from CSS custom properties (VS Code's theme
// variables in the webview, fallbacks in the standalone file), read at draw time so a
// theme change only needs a redraw.
import type { RowState } from '../core/report/timeline';

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  accent: string;
  selection: string;
  retried: string;
  queued: string;
  cap: string;
  /** The connection phases drawn inside a bar. */
  dns: string;
  connect: string;
  tls: string;
  /** A request that failed on its assertions (a response arrived): apart from transport failures. */
  assertionFailed: string;
  /** `@until` polls and the waits between them. */
  poll: string;
  /** A `@first` copy that was not needed (NOT_NEEDED): apart from cancellations. */
  notNeeded: string;
  state: Record<RowState, string>;
}

export function readPalette(root: Element = document.body): Palette {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bh-bg', '#ffffff'),
    fg: v('--bh-fg', '#1f2328'),
    muted: v('--bh-muted', '#6e7781'),
    grid: v('--bh-grid', '#d0d7de'),
    accent: v('--bh-accent', '#0969da'),
    selection: v('--bh-selection', 'rgba(9,105,218,0.18)'),
    retried: v('--bh-retried', '#bc4c00'),
    queued: v('--bh-queued', '#8c959f'),
    cap: v('--bh-cap', '#cf222e'),
    dns: v('--bh-dns', '#1b7c83'),
    connect: v('--bh-connect', '#3b4a6b'),
    tls: v('--bh-tls', '#bf3989'),
    assertionFailed: v('--bh-assert', '#8250df'),
    poll: v('--bh-poll', '#0550ae'),
    notNeeded: v('--bh-not-needed', '#afb8c1'),
    state: {
      succeeded: v('--bh-ok', '#1a7f37'),
      failed: v('--bh-fail', '#cf222e'),
      cancelled: v('--bh-cancel', '#9a6700'),
      skipped: v('--bh-skip', '#8c959f'),
      queued: v('--bh-queued', '#8c959f'),
      running: v('--bh-accent', '#0969da'),
    },
  };
}

export function fontOf(el: Element, sizePx: number): string {
  const family = getComputedStyle(el).fontFamily || 'sans-serif';
  return `${sizePx}px ${family}`;
}

/**
 * Sizes a canvas's backing store to its CSS size times the device pixel ratio and returns
 * a context drawing in CSS pixels.
 */
export function prepareCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssWidth * ratio));
  const h = Math.max(1, Math.round(cssHeight * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas; the report needs canvas support.');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
