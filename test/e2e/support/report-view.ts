// The report webview as the end-to-end test sees it: opened from a run node of the Results
// tree, and read inside its frames (code-server nests the webview's page in two iframes).
import type { Frame, Page } from 'playwright-core';
import { RESULTS_VIEW } from './results-view';
import { waitFor } from './wait';
import type { Workbench } from './workbench';

export interface ReportFrameState {
  /** `data-bars` of the waterfall canvas (one bar per request), or null before it is drawn. */
  canvasBars: number | null;
  /** `window.__batchHttpReport.barCount` once the page published its hook, else null. */
  hookBars: number | null;
  /** The frame's URL, for failure messages. */
  url: string;
}

// A string expression, so the page code needs no DOM types in this (Node) project.
const READ_REPORT = `(() => {
  const canvas = document.querySelector('canvas[data-bars]');
  const hook = window.__batchHttpReport;
  return {
    canvasBars: canvas ? Number(canvas.getAttribute('data-bars')) : null,
    hookBars: hook && hook.ready ? hook.barCount : null,
  };
})()`;

async function readFrame(frame: Frame): Promise<ReportFrameState | null> {
  try {
    const state = await frame.evaluate<{ canvasBars: number | null; hookBars: number | null }>(READ_REPORT);
    return state.canvasBars === null && state.hookBars === null ? null : { ...state, url: frame.url() };
  } catch {
    return null; // a frame that is detached or still loading
  }
}

/** Every frame of the page that shows a report (normally one per open report panel). */
export async function reportFrames(page: Page): Promise<ReportFrameState[]> {
  const found = await Promise.all(page.frames().map(readFrame));
  return found.filter((s): s is ReportFrameState => s !== null);
}

/** Right-clicks the newest run's node in the Results tree and picks "Open Report". */
export async function openReportFromTree(wb: Workbench): Promise<void> {
  const runRow = wb.viewPane(RESULTS_VIEW).locator('.pane-body .monaco-list-row[aria-level="1"]').first();
  await wb.contextMenu(runRow, 'Open Report');
}

/** Waits until a report frame shows `bars` bars and returns that frame (to read or click inside it). */
export async function waitForReportFrame(page: Page, bars: number, timeoutMs = 30_000): Promise<Frame> {
  await waitForReport(page, bars, timeoutMs);
  for (const frame of page.frames()) {
    const state = await readFrame(frame);
    if (state?.canvasBars === bars && state.hookBars === bars) return frame;
  }
  throw new Error(`the report frame drawing ${bars} bars went away`);
}

/** Waits until a report frame shows `bars` bars, both on the canvas and through the hook. */
export async function waitForReport(page: Page, bars: number, timeoutMs = 30_000): Promise<ReportFrameState> {
  return waitFor(
    `a report webview drawing ${bars} bars`,
    async () => (await reportFrames(page)).find((s) => s.canvasBars === bars && s.hookBars === bars),
    {
      timeoutMs,
      intervalMs: 500,
      describe: async () => `report frames: ${JSON.stringify(await reportFrames(page))}; all frames: ${JSON.stringify(page.frames().map((f) => f.url().slice(0, 120)))}`,
    },
  );
}
