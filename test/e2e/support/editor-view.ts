// What the feature end-to-end test reads beyond the workbench basics: the status bar, the
// text an editor line shows after it (decorations), the cursor moved to a line, a tree row
// expanded, and a tree row's icon colour.
import type { Locator } from 'playwright-core';
import { RESULTS_VIEW } from './results-view';
import { waitFor } from './wait';
import type { Workbench } from './workbench';

/** The texts of the status bar items (codicons render as pseudo-elements, so they are not part of it). */
export async function statusBarTexts(wb: Workbench): Promise<string[]> {
  return (await wb.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
}

/** The accessibility labels of the status bar items (what a screen reader says for each). */
export async function statusBarLabels(wb: Workbench): Promise<string[]> {
  return wb.page.locator('.part.statusbar .statusbar-item [aria-label], .part.statusbar .statusbar-item[aria-label]').evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
    els.map((e) => e.getAttribute('aria-label') ?? '').filter((l) => l !== ''),
  );
}

/** Waits for a status bar item matching `pattern` and returns its text. */
export async function waitForStatusBar(wb: Workbench, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return waitFor(`a status bar item matching ${pattern}`, async () => (await statusBarTexts(wb)).find((t) => pattern.test(t)), {
    timeoutMs,
    describe: async () => `status bar: ${JSON.stringify(await statusBarTexts(wb))}`,
  });
}

export interface ShownLine {
  /** The line's own text (what the file holds). */
  text: string;
  /** Text drawn after (or before) it by decorations: CSS `content` of its spans, or injected text. */
  decorations: string[];
}

// A string expression, so the page code needs no DOM types in this (Node) project. VS Code draws
// an extension's `after.contentText` as a `::after` rule of a generated class on an empty span.
const READ_LINES = `(() => {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  if (!editor) return [];
  const unquote = (c) => {
    if (!c || c === 'none' || c === 'normal') return '';
    try { return JSON.parse(c); } catch { return c.replace(/^["']|["']$/g, ''); }
  };
  return [...editor.querySelectorAll('.view-lines .view-line')]
    .map((line) => {
      const decorations = [];
      let own = '';
      for (const span of line.querySelectorAll(':scope > span > span, :scope > span')) {
        for (const pseudo of ['::before', '::after']) {
          const text = unquote(getComputedStyle(span, pseudo).content);
          if (text.trim() !== '') decorations.push(text);
        }
      }
      for (const span of line.querySelectorAll(':scope > span > span')) {
        if (/\\bced-/.test(span.className) && (span.textContent || '').trim() !== '') decorations.push(span.textContent);
        else own += span.textContent || '';
      }
      return { top: parseFloat(line.style.top || '0'), text: own.replace(/\\u00a0/g, ' '), decorations };
    })
    .sort((a, b) => a.top - b.top)
    .map(({ text, decorations }) => ({ text, decorations }));
})()`;

/** The lines the active editor shows, in screen order, with their decorations' texts. */
export async function shownLines(wb: Workbench): Promise<ShownLine[]> {
  return wb.page.evaluate<ShownLine[]>(READ_LINES);
}

/** Moves the cursor of the active editor to a 1-based line (and column; else the line's start) with Quick Open's `:line:column`. */
export async function goToLine(wb: Workbench, line: number, column?: number): Promise<void> {
  await wb.closeQuickInput();
  await wb.page.keyboard.press('F1');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
  await wb.page.waitForTimeout(300);
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  await waitFor(
    `the cursor on line ${line}${column === undefined ? '' : `, column ${column}`}`,
    async () => {
      const at = await cursorPosition(wb);
      return at?.line === line && (column === undefined || at.column === column) ? true : undefined;
    },
    { timeoutMs: 15_000, describe: async () => `status bar: ${JSON.stringify(await statusBarTexts(wb))}` },
  );
}

/** The active editor's cursor position as the status bar shows it (`Ln 5, Col 9`), 1-based; null when none is shown. */
export async function cursorPosition(wb: Workbench): Promise<{ line: number; column: number } | null> {
  for (const t of await statusBarTexts(wb)) {
    const m = /^Ln (\d+), Col (\d+)/.exec(t);
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return null;
}

/** The first row of the Results tree whose label contains `label`. */
export function resultsRow(wb: Workbench, label: string): Locator {
  return wb.viewPane(RESULTS_VIEW).locator('.pane-body .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: label }) }).first();
}

/** Expands the first Results row whose label contains `label` (a click on its twistie, not on the row). */
export async function expandResultsRow(wb: Workbench, label: string): Promise<void> {
  const row = resultsRow(wb, label);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.locator('.monaco-tl-twistie').click();
  await waitFor(`the row "${label}" to expand`, async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined), { timeoutMs: 15_000 });
}

/** The computed colour of the icon of the first Results row whose label contains `label`. */
export async function resultsRowIconColor(wb: Workbench, label: string): Promise<string> {
  const icon = resultsRow(wb, label).locator('.custom-view-tree-node-item-icon').first();
  await icon.waitFor({ state: 'attached', timeout: 15_000 });
  return icon.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
}

/** The colour a theme colour id (e.g. `disabledForeground`) resolves to in the workbench, computed like the icon's. */
export async function themeColor(wb: Workbench, id: string): Promise<string> {
  return wb.page.evaluate<string>(`(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--vscode-${id.replace(/\./g, '-')})';
    document.querySelector('.monaco-workbench').appendChild(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  })()`);
}

/** Drags the side bar's edge so it is `width` pixels wide (room for the tree's descriptions in screenshots). */
export async function widenSideBar(wb: Workbench, width: number): Promise<void> {
  const box = await wb.page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not shown');
  const y = box.y + box.height / 2;
  await wb.page.mouse.move(box.x + box.width - 1, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(box.x + width / 2, y, { steps: 5 });
  await wb.page.mouse.move(box.x + width, y, { steps: 5 });
  await wb.page.mouse.up();
  await waitFor(`the side bar to be about ${width} px wide`, async () => {
    const now = await wb.page.locator('.part.sidebar').boundingBox();
    return now && Math.abs(now.width - width) < 40 ? true : undefined;
  }, { timeoutMs: 10_000, describe: async () => JSON.stringify(await wb.page.locator('.part.sidebar').boundingBox()) });
}

/** Waits until the newest run's node no longer says it is running (its description is refreshed a moment after the run ends). */
export async function waitForRunNodeDone(wb: Workbench, timeoutMs = 30_000): Promise<void> {
  await waitFor('the newest run node to show its summary', async () => {
    const rows = await wb.treeRows(RESULTS_VIEW);
    const top = rows.find((r) => r.level === Math.min(...rows.map((x) => x.level)));
    return top && !/running$/.test(top.description) ? true : undefined;
  }, { timeoutMs, describe: async () => JSON.stringify((await wb.treeRows(RESULTS_VIEW)).slice(0, 2)) });
}
