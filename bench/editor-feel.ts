// How a large batch run feels in the editor, measured inside the page (bench:editor): time from
// the press on the "Run batch" CodeLens to the first visible feedback, the frame gaps of the
// workbench while the run goes on, long tasks, and whether the "Cancel (n/N)" lens goes away
// when the run ends. All times come from the page's own clock (`performance.now()`), so
// Playwright's round trips to the browser do not count.
import type { Page } from 'playwright-core';
import { waitFor } from '../test/e2e/support/wait';

/** What the page shows as feedback for a starting run. */
export const FEEDBACK_KINDS = ['runNode', 'statusBar', 'cancelLens'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface FrameStats {
  frames: number;
  /** Mean frames per second over the window. */
  fps: number;
  maxGapMs: number;
  p99GapMs: number;
  gapsOver200: number;
}

export interface IdleControl extends FrameStats {
  visibility: string;
  focused: boolean;
}

export interface FeelResult {
  /** From the press to the first frame painted after the first feedback showed (null: never seen). */
  firstFeedbackMs: number | null;
  firstFeedbackBy: FeedbackKind | null;
  /** Per kind: from the press to the first frame painted after it showed. */
  feedbackMs: Record<FeedbackKind, number | null>;
  /** Per kind: from the press to the DOM change that showed it (before that frame). */
  feedbackDomMs: Record<FeedbackKind, number | null>;
  /** From the press to the Results tree showing every request finished. */
  runMs: number;
  /** Frames from the press to the end of the run. */
  frames: FrameStats;
  longTasks: { supported: boolean; count: number; maxMs: number; totalMs: number };
  /** From the end of the run to the "Cancel (n/N)" lens gone (null: still there after the wait). */
  lensGoneAfterMs: number | null;
}

/** Page-side view of the few DOM members used here (the project compiles without the DOM lib). */
interface El {
  textContent: string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface PageWindow {
  document: El & { body: El; visibilityState: string; hasFocus(): boolean };
  performance: { now(): number };
  requestAnimationFrame(fn: (t: number) => void): number;
  setInterval(fn: () => void, ms: number): number;
  clearInterval(id: number): void;
  addEventListener(type: string, fn: (e: { timeStamp: number }) => void, options: { capture: boolean }): void;
  MutationObserver: new (fn: () => void) => { observe(node: El, options: Record<string, boolean>): void; disconnect(): void };
  PerformanceObserver: {
    new (fn: (list: { getEntries(): { duration: number }[] }) => void): { observe(options: { type: string }): void; disconnect(): void };
    supportedEntryTypes?: readonly string[];
  };
  __batchHttpFeel?: ProbeState;
}

interface ProbeState {
  downAt: number | null;
  /** Per kind: page time of the first frame after the mutation that showed it. */
  seenAt: Record<string, number | null>;
  /** Per kind: page time of the mutation that showed it. */
  domAt: Record<string, number | null>;
  /** Kinds visible when the probe was installed (a stale lens would fake the first feedback). */
  visibleBefore: string[];
  deltas: number[];
  endAt: number | null;
  lensGoneAt: number | null;
  done: boolean;
  longTaskSupported: boolean;
  longTasks: number[];
}

export interface ProbeArgs {
  total: number;
  /** The top run row's description before the click (the previous run's), '' when none. */
  previousTop: string;
  /** How long to wait after the end for the Cancel lens to go. */
  lensWaitMs: number;
}

/**
 * Runs in the page. Installs: a capture listener noting the press; a MutationObserver that
 * notes, per feedback kind, the first frame after it showed; a requestAnimationFrame loop
 * recording frame gaps from the press until the end; a long-task observer; and a 100 ms check
 * for the run's end (the top run row reads "N succeeded, M failed" with N + M = total) and,
 * after it, for the Cancel lens to go.
 */
function installProbe(args: ProbeArgs): string[] {
  const w = globalThis as unknown as PageWindow;
  const doc = w.document;
  const now = (): number => w.performance.now();
  const some = (list: ArrayLike<El>, pred: (el: El) => boolean): boolean => Array.prototype.some.call(list, pred) as boolean;
  const text = (el: El | null): string => (el?.textContent ?? '').trim();
  const topDescription = (): string => {
    for (const pane of Array.from(doc.querySelectorAll('.pane'))) {
      if (text(pane.querySelector('.pane-header h3.title')) !== 'Results') continue;
      return text(pane.querySelector('.pane-body .monaco-list-row[aria-level="1"] .label-description'));
    }
    return '';
  };
  const visible: Record<string, () => boolean> = {
    runNode: () => {
      const top = topDescription();
      return top !== args.previousTop && /running/.test(top);
    },
    statusBar: () => some(doc.querySelectorAll('.statusbar-item'), (el) => text(el).includes('Batch HTTP:') && el.querySelector('.codicon-loading') !== null),
    cancelLens: () => some(doc.querySelectorAll('.editor-instance .codelens-decoration a'), (el) => text(el).startsWith('Cancel (')),
  };
  const kinds = Object.keys(visible);
  const state: ProbeState = { downAt: null, seenAt: {}, domAt: {}, visibleBefore: kinds.filter((k) => visible[k]!()), deltas: [], endAt: null, lensGoneAt: null, done: false, longTaskSupported: false, longTasks: [] };
  for (const k of kinds) {
    state.seenAt[k] = null;
    state.domAt[k] = null;
  }
  w.__batchHttpFeel = state;
  w.addEventListener('pointerdown', (e) => {
    if (state.downAt !== null) return;
    const t = now();
    // The event's own time stamp counts the time it waited for a busy main thread.
    state.downAt = e.timeStamp > 0 && e.timeStamp <= t ? e.timeStamp : t;
  }, { capture: true });
  const noted = new Set<string>();
  const observer = new w.MutationObserver(() => {
    if (state.downAt === null) return;
    for (const k of kinds) {
      if (noted.has(k) || !visible[k]!()) continue;
      noted.add(k);
      state.domAt[k] = now();
      w.requestAnimationFrame(() => (state.seenAt[k] = now()));
    }
    if (noted.size === kinds.length) observer.disconnect();
  });
  observer.observe(doc.body, { childList: true, subtree: true, characterData: true });
  const supported = w.PerformanceObserver.supportedEntryTypes?.includes('longtask') ?? false;
  const longTaskObserver = supported ? new w.PerformanceObserver((list) => list.getEntries().forEach((e) => state.downAt !== null && state.endAt === null && state.longTasks.push(e.duration))) : null;
  longTaskObserver?.observe({ type: 'longtask' });
  state.longTaskSupported = supported;
  let last = now();
  const frame = (t: number): void => {
    if (state.downAt !== null && state.endAt === null) state.deltas.push(t - last);
    last = t;
    if (!state.done) w.requestAnimationFrame(frame);
  };
  w.requestAnimationFrame(frame);
  const timer = w.setInterval(() => {
    if (state.downAt === null) return;
    const t = now();
    if (state.endAt === null) {
      const top = topDescription();
      const m = /(\d+) succeeded, (\d+) failed/.exec(top);
      if (top !== args.previousTop && m && Number(m[1]) + Number(m[2]) === args.total) state.endAt = t;
      return;
    }
    if (state.lensGoneAt === null && !visible.cancelLens!()) state.lensGoneAt = t;
    if (state.lensGoneAt !== null || t - state.endAt > args.lensWaitMs) {
      state.done = true;
      w.clearInterval(timer);
      observer.disconnect();
      longTaskObserver?.disconnect();
    }
  }, 100);
  return state.visibleBefore;
}

/** Runs in the page: the probe's figures. */
function collect(): unknown {
  const w = globalThis as unknown as PageWindow;
  const s = w.__batchHttpFeel;
  if (!s || s.downAt === null || s.endAt === null) return null;
  const down = s.downAt;
  const since = (t: number | null | undefined): number | null => (t === null || t === undefined ? null : t - down);
  const feedbackMs: Record<string, number | null> = {};
  const feedbackDomMs: Record<string, number | null> = {};
  let firstBy: string | null = null;
  for (const [k, t] of Object.entries(s.seenAt)) {
    feedbackMs[k] = since(t);
    feedbackDomMs[k] = since(s.domAt[k]);
    if (t !== null && (firstBy === null || t < (s.seenAt[firstBy] as number))) firstBy = k;
  }
  const sorted = [...s.deltas].sort((a, b) => a - b);
  const runMs = s.endAt - down;
  return {
    firstFeedbackMs: firstBy === null ? null : feedbackMs[firstBy],
    firstFeedbackBy: firstBy,
    feedbackMs,
    feedbackDomMs,
    runMs,
    frames: {
      frames: sorted.length,
      fps: runMs > 0 ? (sorted.length * 1000) / runMs : 0,
      maxGapMs: sorted[sorted.length - 1] ?? 0,
      p99GapMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
      gapsOver200: sorted.filter((d) => d > 200).length,
    },
    longTasks: { supported: s.longTaskSupported, count: s.longTasks.length, maxMs: Math.max(0, ...s.longTasks), totalMs: s.longTasks.reduce((a, b) => a + b, 0) },
    lensGoneAfterMs: s.lensGoneAt === null ? null : s.lensGoneAt - s.endAt,
  };
}

/** Runs in the page: where the probe is (for a timeout's message). */
function probeProgress(): unknown {
  const s = (globalThis as unknown as PageWindow).__batchHttpFeel;
  return s ? { downAt: s.downAt, endAt: s.endAt, seenAt: s.seenAt, lensGoneAt: s.lensGoneAt } : 'no probe';
}

/** Runs in the page: frame gaps over `ms` of an idle workbench (the control: ~16.7 ms at 60 fps). */
function idleFrames(ms: number): Promise<IdleControl> {
  const w = globalThis as unknown as PageWindow;
  return new Promise((resolve) => {
    const deltas: number[] = [];
    let start = -1;
    let last = 0;
    const frame = (t: number): void => {
      if (start < 0) start = t;
      else deltas.push(t - last);
      last = t;
      if (t - start < ms) {
        w.requestAnimationFrame(frame);
        return;
      }
      const sorted = deltas.sort((a, b) => a - b);
      resolve({
        frames: sorted.length,
        fps: (sorted.length * 1000) / Math.max(1, t - start),
        maxGapMs: sorted[sorted.length - 1] ?? 0,
        p99GapMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
        gapsOver200: sorted.filter((d) => d > 200).length,
        visibility: w.document.visibilityState,
        focused: w.document.hasFocus(),
      });
    };
    w.requestAnimationFrame(frame);
  });
}

/** The idle workbench's frame rate (the control row: a throttled page would show here). */
export async function idleControl(page: Page, ms = 2000): Promise<IdleControl> {
  await page.bringToFront();
  return page.evaluate(idleFrames, ms);
}

/**
 * Measures one run: installs the probe, lets `click` press the "Run batch" lens (a real mouse
 * click through Playwright), waits until the probe saw the end and the lens check, and returns
 * the figures. Throws when a feedback kind was already on screen before the click.
 */
export async function measureRun(page: Page, args: ProbeArgs, click: () => Promise<unknown>, timeoutMs = 600_000): Promise<FeelResult> {
  await page.bringToFront();
  const before = await page.evaluate(installProbe, args);
  if (before.length > 0) throw new Error(`before the click the page already showed: ${before.join(', ')} (a previous run's leftovers)`);
  await click();
  await waitFor(
    `the run of ${args.total} requests to finish in the Results tree`,
    async () => ((await page.evaluate(() => (globalThis as unknown as PageWindow).__batchHttpFeel?.done)) ? true : undefined),
    { timeoutMs, intervalMs: 500, describe: async () => JSON.stringify(await page.evaluate(probeProgress)) },
  );
  const result = (await page.evaluate(collect)) as FeelResult | null;
  if (!result) throw new Error('the probe saw no press or no end');
  return result;
}

/** Targets of issue 19 item 8. */
export const FEEDBACK_TARGET_MS = 200;
export const GAP_TARGET_MS = 200;

export function feelVerdict(r: FeelResult): 'PASS' | 'FAIL' {
  const ok = r.firstFeedbackMs !== null && r.firstFeedbackMs <= FEEDBACK_TARGET_MS && r.frames.maxGapMs <= GAP_TARGET_MS && r.lensGoneAfterMs !== null;
  return ok ? 'PASS' : 'FAIL';
}
