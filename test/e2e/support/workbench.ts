// Drives the VS Code workbench in Chromium through what a person sees: the command palette,
// CodeLenses, the views, the Output and Problems panels. Every wait is bounded and names
// what it waited for.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { waitFor } from './wait';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export async function launchChromium(executablePath: string, userDataDir: string): Promise<{ browser: Browser; page: Page; close(): Promise<void> }> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1600, height: 1000 },
    timeout: 60_000,
    // "Copy as cURL" and other clipboard writes go through the browser's clipboard.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const browser = context.browser();
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    browser: browser as Browser,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
    },
  };
}

/** The few DOM members the page functions below use (the project compiles without the DOM lib). */
interface DomNode {
  textContent: string | null;
  innerHTML: string;
  style: { top: string };
  classList: { forEach(fn: (name: string) => void): void };
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): { forEach(fn: (node: DomNode) => void): void };
}

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean | null;
  /** Codicon names of the row's icon, e.g. `pass`, `error`, `circle-slash`. */
  icons: string[];
  ariaLabel: string;
}

export interface ProblemRow {
  text: string;
  severity: 'error' | 'warning' | 'info' | 'file';
}

export class Workbench {
  private shotCount = 0;

  constructor(
    readonly page: Page,
    private readonly shotsDir: string,
  ) {}

  async open(url: string, timeoutMs = 90_000): Promise<void> {
    await this.page.goto(url, { timeout: timeoutMs, waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    // The explorer shows the folder once the remote file system answered.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Saves a numbered screenshot under the results folder and returns its path. */
  async screenshot(name: string): Promise<string> {
    await mkdir(this.shotsDir, { recursive: true });
    this.shotCount += 1;
    const file = join(this.shotsDir, `${String(this.shotCount).padStart(2, '0')}-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file, timeout: 15_000 });
    return file;
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette, types `title` and runs the entry whose label is exactly it. */
  async runCommand(title: string, timeoutMs = 15_000, expectClosed = true): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`>${title}`);
    const row = this.quickInput().locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(title) }) });
    await waitFor(`the command palette to offer "${title}"`, async () => ((await row.count()) > 0 ? true : undefined), {
      timeoutMs,
      describe: async () => `palette rows: ${JSON.stringify(await this.quickInput().locator('.monaco-list-row').allInnerTexts())}`,
    });
    await row.first().click();
    if (expectClosed) await this.quickInput().waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Picks the entry labelled `label` in the quick pick that is open (after a command asked). */
  async pickQuickItem(label: string, timeoutMs = 15_000): Promise<void> {
    const row = this.quickInput().locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(label) }) });
    await waitFor(`the quick pick to offer "${label}"`, async () => ((await row.count()) > 0 ? true : undefined), {
      timeoutMs,
      describe: async () => `quick pick rows: ${JSON.stringify(await this.quickInput().locator('.monaco-list-row').allInnerTexts())}`,
    });
    await row.first().click();
  }

  /** Sets an output channel's log level the way a user does: "Developer: Set Log Level...". */
  async setChannelLogLevel(channel: string, level: 'Trace' | 'Debug' | 'Info' | 'Warning' | 'Error'): Promise<void> {
    await this.runCommand('Developer: Set Log Level...', 15_000, false);
    await this.pickQuickItem(channel);
    await this.pickQuickItem(level);
    await this.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Command titles the palette offers for `filter` (the palette is closed again). */
  async paletteEntries(filter: string): Promise<string[]> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${filter}`);
    await this.page.waitForTimeout(500);
    const labels = await this.quickInput().locator('.monaco-list-row .label-name').allInnerTexts();
    await this.closeQuickInput();
    return labels;
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: 5000 });
    }
  }

  /** Opens a workspace file through Quick Open and waits for its editor tab. */
  async openFile(fileName: string, timeoutMs = 15_000): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(fileName);
    const row = this.quickInput().locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(fileName) }) });
    await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
    await row.first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Moves the keyboard focus to the active editor. VS Code drops a pending CodeLens refresh
   * when the editor loses focus and asks again when it regains it, so a test that went to the
   * palette or a view while a run ended focuses the editor before reading the lenses again.
   */
  async focusEditor(): Promise<void> {
    await this.runCommand('View: Focus Active Editor Group');
  }

  /** The CodeLenses shown in the active editor, in screen order. */
  async codeLensTitles(): Promise<string[]> {
    return this.page.locator('.editor-instance .codelens-decoration a').allInnerTexts();
  }

  async waitForCodeLens(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return waitFor(
      `a CodeLens matching ${pattern}`,
      async () => (await this.codeLensTitles()).find((t) => pattern.test(t)),
      { timeoutMs, describe: async () => `CodeLenses: ${JSON.stringify(await this.codeLensTitles())}` },
    );
  }

  async clickCodeLens(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const title = await this.waitForCodeLens(pattern, timeoutMs);
    await this.page.locator('.editor-instance .codelens-decoration a', { hasText: pattern }).first().click();
    return title;
  }

  /**
   * Right-clicks `target` and picks the context menu entry labelled `label` with the keyboard
   * (a mouse click that lands while the menu is still settling is sometimes ignored).
   */
  async contextMenu(target: Locator, label: string, timeoutMs = 15_000): Promise<void> {
    await target.waitFor({ state: 'visible', timeout: timeoutMs });
    await target.click({ button: 'right', timeout: timeoutMs });
    // The menu lives in a shadow root; Playwright's CSS selectors pierce it.
    const menu = this.page.locator('.context-view .monaco-menu');
    const labels = menu.locator('.action-item .action-label');
    const focused = menu.locator('.action-item.focused .action-label');
    const entries = await waitFor(
      `the context menu to offer "${label}"`,
      async () => {
        const all = (await labels.allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
        return all.includes(label) ? all : undefined;
      },
      { timeoutMs, describe: async () => `menu entries: ${JSON.stringify(await labels.allInnerTexts())}` },
    );
    await waitFor(
      `"${label}" to be focused in the context menu`,
      async () => {
        if ((await focused.count()) > 0 && (await focused.first().innerText()).trim() === label) return true;
        await this.page.keyboard.press('ArrowDown');
        return undefined;
      },
      { timeoutMs, intervalMs: 100, describe: async () => `focused: ${JSON.stringify(await focused.allInnerTexts())} of ${JSON.stringify(entries)}` },
    );
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The pane of a view, found by its header title (e.g. "Results"). */
  viewPane(title: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header h3.title', { hasText: exactText(title) }) });
  }

  /** The rows a tree view renders (what is scrolled into view). */
  async treeRows(viewTitle: string): Promise<TreeRow[]> {
    const rows = this.viewPane(viewTitle).locator('.pane-body .monaco-list-row');
    return rows.evaluateAll((elements: DomNode[]) =>
      elements.map((el) => {
        const text = (selector: string): string => (el.querySelector(selector)?.textContent ?? '').trim();
        const icons: string[] = [];
        el.querySelectorAll('.codicon, [class*="codicon-"]').forEach((icon) => {
          icon.classList.forEach((c) => {
            if (c.startsWith('codicon-') && c !== 'codicon-tree-item-expanded') icons.push(c.slice('codicon-'.length));
          });
        });
        const expanded = el.getAttribute('aria-expanded');
        return {
          label: text('.label-name'),
          description: text('.label-description'),
          level: Number(el.getAttribute('aria-level') ?? '0'),
          expanded: expanded === null ? null : expanded === 'true',
          icons,
          ariaLabel: el.getAttribute('aria-label') ?? '',
        };
      }),
    );
  }

  /** Text lines the Output panel shows for the selected channel (the visible part). */
  async outputLines(): Promise<string[]> {
    const lines = this.page.locator('.part.panel .output-view .monaco-editor .view-lines .view-line');
    const texts = await lines.evaluateAll((elements: DomNode[]) =>
      elements
        .map((el) => ({ top: parseFloat(el.style.top || '0'), text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return texts;
  }

  /** The channel selected in the Output panel's drop-down. */
  async outputChannel(): Promise<string> {
    const select = this.page.locator('.part.panel .monaco-select-box').first();
    if ((await select.count()) === 0) return '';
    return (await select.evaluate((el: DomNode & { selectedOptions?: DomNode[] }) => el.selectedOptions?.[0]?.textContent ?? el.getAttribute('title') ?? '')).trim();
  }

  /** Rows of the Problems panel (it must be open). */
  async problemRows(): Promise<ProblemRow[]> {
    return this.page.locator('.part.panel .markers-panel .monaco-list-row').evaluateAll((elements: DomNode[]) =>
      elements.map((el) => {
        const html = el.innerHTML;
        const severity = /codicon-error/.test(html) ? 'error' : /codicon-warning/.test(html) ? 'warning' : /codicon-info/.test(html) ? 'info' : 'file';
        return { text: (el.getAttribute('aria-label') || el.textContent || '').trim(), severity } as ProblemRow;
      }),
    );
  }

  /** The notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
