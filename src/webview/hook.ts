// The report page's automation hook (`window.__batchHttpReport`), used by the browser tests.
import type { DrawnLabel } from '../core/report/mark-labels';

export interface ReportHook {
  ready: boolean;
  /** performance.now() when the report was first drawn (page load to report). */
  readyAtMs: number;
  /** Bars laid out on the timeline: one per request. */
  barCount: number;
  rowCount: number;
  /** Rows drawn in the last frame (only the visible ones are drawn). */
  drawnBars(): number;
  /** Duration of the last timeline frame in ms. */
  lastDrawMs(): number;
  /** Selects a request by index, as a click on its bar does. */
  selectIndex(index: number): void;
  /** Where a request's bars are, in CSS px from the timeline's top-left corner (null: no such row). */
  rowPoint(index: number): { x: number; y: number } | null;
  /** Where the latency chart's percentile labels (p50, p95, p99) were last drawn, in the canvas's CSS px. */
  latencyLabels(): DrawnLabel[];
}

declare global {
  interface Window {
    __batchHttpReport?: ReportHook;
  }
}
