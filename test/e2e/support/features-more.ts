// The files and readers of features-more.test.ts (issue 19, items 1, 2 and 4 in the real
// editor): a batch aimed at a closed port (the circuit breaker), a file of two requests run
// one at a time (the response beside), and a batch with a success, a retried 503 and a
// refused connection (the trace log at Info). Plus what the test reads: the text of the
// editor in the second editor group, and the trace log's entries as logical lines.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from './workbench';

export const MORE_FILES = {
  breaker: 'breaker.batch.http',
  single: 'single.batch.http',
  log: 'log.batch.http',
} as const;

/** `@repeat` of the breaker file; the default breaker opens after this many refusals in a row. */
export const BREAKER_REPEAT = 12;
export const BREAKER_THRESHOLD = 5;

/** Writes the three files; `origin` is the session's test server, `closedPort` nobody listens on. */
export async function writeMoreFiles(dir: string, origin: string, closedPort: number): Promise<void> {
  const down = `http://127.0.0.1:${closedPort}`;
  const breaker = ['# @concurrency 1', '# @retries 0', '', '### Down server', `# @repeat ${BREAKER_REPEAT}`, `GET ${down}/down?i={{$index}}`, ''];
  const single = ['# @concurrency 2', '# @retries 0', `@host = ${origin}`, '', '### First one', 'GET {{host}}/users/1', '', '### Second one', 'GET {{host}}/users/2', ''];
  const log = [
    '# @concurrency 1',
    '# @retries 1',
    `@host = ${origin}`,
    '',
    '### Fine one',
    'GET {{host}}/users/3',
    '',
    '### Unavailable',
    'GET {{host}}/status/503',
    '',
    '### Nobody home',
    `GET ${down}/nobody`,
    '',
  ];
  await writeFile(join(dir, MORE_FILES.breaker), breaker.join('\n'));
  await writeFile(join(dir, MORE_FILES.single), single.join('\n'));
  await writeFile(join(dir, MORE_FILES.log), log.join('\n'));
}

/** The editor groups open now (a response opened beside makes two). */
export async function editorGroupCount(wb: Workbench): Promise<number> {
  return wb.page.locator('.part.editor .editor-group-container').count();
}

// A string expression (no DOM types in this Node project): the lines the editor of group
// `n` (0-based, in screen order) shows, sorted by their position.
const groupLines = (n: number): string => `(() => {
  const groups = [...document.querySelectorAll('.part.editor .editor-group-container')]
    .map((g) => ({ g, box: g.getBoundingClientRect() }))
    .sort((a, b) => a.box.left - b.box.left || a.box.top - b.box.top);
  const group = groups[${n}] && groups[${n}].g;
  const editor = group && group.querySelector('.editor-instance .monaco-editor');
  if (!editor) return null;
  return [...editor.querySelectorAll('.view-lines .view-line')]
    .map((l) => ({ top: parseFloat(l.style.top || '0'), text: (l.textContent || '').replace(/\\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text);
})()`;

/** The lines the editor of the `n`-th group (0-based, left to right) shows; null when there is none. */
export async function groupEditorLines(wb: Workbench, n: number): Promise<string[] | null> {
  return wb.page.evaluate<string[] | null>(groupLines(n));
}

/** The title of the active tab of the `n`-th editor group (left to right). */
export async function groupTabTitle(wb: Workbench, n: number): Promise<string> {
  const titles = await wb.page.locator('.part.editor .editor-group-container').evaluateAll((els: { getBoundingClientRect(): { left: number }; querySelector(s: string): { textContent: string | null } | null }[]) =>
    els
      .map((el) => ({ left: el.getBoundingClientRect().left, title: (el.querySelector('.tab.active .label-name')?.textContent ?? '').trim() }))
      .sort((a, b) => a.left - b.left)
      .map((x) => x.title),
  );
  return titles[n] ?? '';
}

const STAMP = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[(trace|debug|info|warning|error)\] /g;

/**
 * The log entries in the Output panel's visible text, one per logged line even when the
 * panel wraps a long line over several rows: `{ level, text }` (whitespace folded).
 */
export function logEntries(rows: string[]): { level: string; text: string }[] {
  const all = rows.join('');
  const starts = [...all.matchAll(STAMP)];
  return starts.map((m, i) => ({
    level: m[1]!,
    text: all
      .slice(m.index! + m[0].length, i + 1 < starts.length ? starts[i + 1]!.index : all.length)
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}
