// End-to-end: the rest of issue 19 in a real VS Code (code-server + Chromium) with the
// packaged extension: go to definition from `{{user}}` and from a response reference's
// request name (item 3); and of item 10, Export for Load Testing asking the users and the
// duration, a waterfall bar's click revealing the request without splitting the editor, the
// latency chart's p95/p99 labels apart when the percentiles meet, and the contributed
// keybindings running a batch and the request at the cursor. Gated like editor.test.ts;
// evidence under test-results/e2e/features-third/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cursorPosition, goToLine, statusBarTexts, waitForRunNodeDone } from './support/editor-view';
import { editorTest } from './support/editor-test';
import { clearNotifications } from './support/feature-extras';
import { editorGroupCount, groupTabTitle } from './support/features-more';
import { barPoint, boxesOverlap, latencyLabels, STEADY_COPIES, THIRD_FILES, THIRD_LINES, writeThirdFiles } from './support/features-third';
import type { DrawnLabel } from '../../src/core/report/mark-labels';
import { openReportFromTree, waitForReportFrame } from './support/report-view';
import { describeRows, latestRunRequests, RESULTS_VIEW, showResults, waitForRunRows } from './support/results-view';
import { runScenario } from './support/scenario';
import { sleep, waitFor } from './support/wait';
import type { Workbench } from './support/workbench';

const TITLE = 'end-to-end: go to definition, the load-test export, the report and the keybindings in a real VS Code';
const OK = (status: number): RegExp => new RegExp(`^${status} · \\d+(\\.\\d+)? m?s · \\d+(\\.\\d+)? (B|KB)$`);

/** Waits for the active editor's cursor to be on `line` and returns where it is. */
async function waitForCursorLine(wb: Workbench, line: number, what: string): Promise<{ line: number; column: number }> {
  return waitFor(what, async () => {
    const at = await cursorPosition(wb);
    return at?.line === line ? at : undefined;
  }, { timeoutMs: 15_000, describe: async () => `status bar: ${JSON.stringify(await statusBarTexts(wb))}` });
}

/** The run nodes (top-level rows) of the Results tree now. */
async function runNodeCount(wb: Workbench): Promise<number> {
  const rows = await wb.treeRows(RESULTS_VIEW);
  const top = Math.min(...rows.map((r) => r.level));
  return rows.filter((r) => r.level === top).length;
}

/** Clears the Results tree when it holds runs (the palette offers Clear Results only then). */
async function clearResults(wb: Workbench): Promise<void> {
  if ((await wb.paletteEntries('Batch HTTP: Clear Results')).includes('Batch HTTP: Clear Results')) await wb.runCommand('Batch HTTP: Clear Results');
}

/** The quick input's title (its question's "(Artillery, 1/2)"), or ''. */
async function quickInputTitle(wb: Workbench): Promise<string> {
  const title = wb.page.locator('.quick-input-widget .quick-input-title');
  return (await title.count()) > 0 ? (await title.innerText()).trim() : '';
}

/** Answers the open input box whose title contains `step` with `answer`. */
async function answerInput(wb: Workbench, step: string, answer: string): Promise<void> {
  await waitFor(`the input box "${step}"`, async () => ((await quickInputTitle(wb)).includes(step) ? true : undefined), {
    timeoutMs: 15_000,
    describe: async () => `title: ${await quickInputTitle(wb)}`,
  });
  await wb.page.locator('.quick-input-widget input').fill(answer);
}

editorTest(TITLE, 'features-third', async ({ t, marker, startSession }) => {
  const s = await startSession({ addFiles: writeThirdFiles });
  const wb = s.workbench;
  await wb.screenshot('workbench-open');
  const treeContext = async (): Promise<string[]> => [`results tree: ${describeRows(await wb.treeRows(RESULTS_VIEW).catch(() => []))}`, `status bar: ${JSON.stringify(await statusBarTexts(wb).catch(() => []))}`];
  const scenario = (name: string, fn: () => Promise<void>) => runScenario(t, s, marker, name, fn, treeContext);

  await scenario('19.3: Go to Definition goes from {{user}} to its @user line and from login.response to the # @name login line', async () => {
    await wb.openFile(THIRD_FILES.defs);
    const lines = (await readFile(join(s.fixture.dir, THIRD_FILES.defs), 'utf8')).split('\n');
    // Inside `user` of `{{user}}` (1-based column), then the command, as F12 runs it.
    const userAt = lines[THIRD_LINES.userUsed - 1]!.indexOf('{{user}}') + 5;
    await goToLine(wb, THIRD_LINES.userUsed, userAt);
    await wb.runCommand('Go to Definition');
    const toUser = await waitForCursorLine(wb, THIRD_LINES.userDefined, `the cursor on @user's line (${THIRD_LINES.userDefined})`);
    assert.equal(lines[toUser.line - 1], '@user = alice', 'the defining line');
    await wb.screenshot('19.3-definition-of-a-variable');
    const loginAt = lines[THIRD_LINES.loginUsed - 1]!.indexOf('{{login.') + 5;
    await goToLine(wb, THIRD_LINES.loginUsed, loginAt);
    await wb.runCommand('Go to Definition');
    const toLogin = await waitForCursorLine(wb, THIRD_LINES.loginNamed, `the cursor on the "# @name login" line (${THIRD_LINES.loginNamed})`);
    assert.equal(lines[toLogin.line - 1], '# @name login', 'the naming line');
    assert.equal(await editorGroupCount(wb), 1, 'the definition is shown in the same editor, not a peek or a split');
    await wb.screenshot('19.3-definition-of-a-request-name');
  });

  await scenario('19.10: Export for Load Testing asks the engine, the users and the duration, and the scenario written has them', async () => {
    await wb.openFile(THIRD_FILES.defs);
    await wb.runCommand('Batch HTTP: Export for Load Testing…', 15_000, false);
    await wb.pickQuickItem('Artillery');
    await answerInput(wb, '1/2', '7');
    await wb.screenshot('19.10-export-asks-the-users');
    await wb.page.keyboard.press('Enter');
    await answerInput(wb, '2/2', '2m');
    await wb.screenshot('19.10-export-asks-the-duration');
    await wb.page.keyboard.press('Enter');
    // code-server's save dialog is a quick input holding the suggested path: accept it.
    const path = wb.page.locator('.quick-input-widget input');
    await waitFor('the save dialog to suggest defs.artillery.yml', async () => ((await path.inputValue()).endsWith('defs.artillery.yml') ? true : undefined), {
      timeoutMs: 15_000,
      describe: async () => `input: ${await path.inputValue()}`,
    });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'defs.artillery.yml' }).waitFor({ state: 'visible', timeout: 20_000 });
    const written = parse(await readFile(join(s.fixture.dir, 'defs.artillery.yml'), 'utf8')) as { config: { target?: string; phases: Record<string, unknown>[] }; scenarios: unknown[] };
    assert.deepEqual(written.config.phases, [{ name: 'batch', duration: 120, arrivalRate: 7, maxVusers: 7 }], `7 users for 2 minutes: ${JSON.stringify(written.config)}`);
    assert.equal(written.scenarios.length, 1, 'one scenario: the batch');
    await wb.screenshot('19.10-export-scenario-written');
    await wb.runCommand('View: Close All Editor Groups');
    await clearNotifications(wb); // the export's note on what does not carry over, out of the later screenshots
  });

  // The run the report scenarios read, made once.
  let reportRun: Promise<void> | undefined;
  const runReportFile = (): Promise<void> =>
    (reportRun ??= (async () => {
      await clearResults(wb);
      await wb.openFile(THIRD_FILES.report);
      await wb.clickCodeLens(/^Run batch \(/);
      await showResults(wb);
      await waitForRunRows(wb, [{ label: 'Warm up', description: OK(200) }, ...Array.from({ length: STEADY_COPIES }, (_, i) => ({ label: `#${i} · Steady`, description: OK(200) }))]);
      await waitForRunNodeDone(wb);
    })());

  await scenario('19.10: a click on a waterfall bar reveals its request in the file without splitting the editor', async () => {
    await runReportFile();
    await wb.openFile(THIRD_FILES.report);
    await goToLine(wb, 1);
    await openReportFromTree(wb);
    const frame = await waitForReportFrame(wb.page, STEADY_COPIES + 1);
    assert.equal(await editorGroupCount(wb), 1, 'the report opened in the editor group, as a tab');
    await wb.page.mouse.move(900, 500); // off the tree, so no tooltip covers the report
    await wb.screenshot('19.10-report-before-the-click');
    // Request #3 of the run is the third copy of "Steady" (#0 is "Warm up").
    const point = await barPoint(frame, 3);
    assert.ok(point, 'request 3 has a row on the timeline');
    const scroller = frame.locator('.waterfall-scroll');
    const box = await scroller.boundingBox();
    assert.ok(box && point.x > 0 && point.y > 0 && point.x < box.width && point.y < box.height, `the bar is in view: ${JSON.stringify({ point, box })}`);
    await scroller.click({ position: point });
    await waitFor('the file to become the active tab', async () => ((await groupTabTitle(wb, 0)) === THIRD_FILES.report ? true : undefined), {
      timeoutMs: 15_000,
      describe: async () => `active tab: ${await groupTabTitle(wb, 0)}`,
    });
    await waitForCursorLine(wb, THIRD_LINES.steady, `the cursor on the Steady request's line (${THIRD_LINES.steady})`);
    assert.equal(await editorGroupCount(wb), 1, 'still one editor group: the click did not split the editor');
    await wb.screenshot('19.10-waterfall-click-revealed-the-request');
  });

  await scenario('19.10: the latency chart draws its p95 and p99 labels apart when the percentiles meet', async () => {
    await runReportFile();
    await showResults(wb);
    await openReportFromTree(wb);
    const frame = await waitForReportFrame(wb.page, STEADY_COPIES + 1);
    const labels = await waitFor('the latency chart\'s percentile labels', async () => {
      const all = await latencyLabels(frame);
      return all.length === 3 ? all : undefined;
    }, { timeoutMs: 15_000, describe: async () => JSON.stringify(await latencyLabels(frame)) });
    marker.latencyLabels = labels;
    const by = (name: string): DrawnLabel => {
      const found = labels.find((l) => l.name === name);
      assert.ok(found, `a ${name} label: ${JSON.stringify(labels)}`);
      return found;
    };
    const [p95, p99] = [by('p95'), by('p99')];
    // The hard case: the two marks are closer than a label is wide (side by side, the labels would touch).
    assert.ok(Math.abs(p99.markX - p95.markX) < p95.width, `the run's p95 and p99 meet: ${JSON.stringify(labels)}`);
    assert.ok(p95.width > 0 && p95.height > 0 && p99.width > 0 && p99.height > 0, `the labels were drawn: ${JSON.stringify(labels)}`);
    assert.ok(!boxesOverlap(p95, p99), `the p95 and p99 labels do not overlap: ${JSON.stringify(labels)}`);
    assert.ok(!boxesOverlap(by('p50'), p95) && !boxesOverlap(by('p50'), p99), `nor does p50 overlap them: ${JSON.stringify(labels)}`);
    const chart = frame.locator('canvas[aria-label^="Latency"]');
    await chart.scrollIntoViewIfNeeded();
    await wb.page.mouse.move(900, 900);
    const shot = await wb.screenshot('19.10-latency-chart-labels');
    await chart.screenshot({ path: shot.replace(/\.png$/, '-chart-only.png') });
    await wb.runCommand('View: Close All Editor Groups');
  });

  await scenario('19.10: the contributed keybindings run the batch and the request at the cursor', async () => {
    await clearResults(wb);
    await wb.openFile(THIRD_FILES.keys);
    await goToLine(wb, 1); // leaves the keyboard focus in the editor
    await wb.page.keyboard.press('Control+Alt+Shift+Enter');
    await showResults(wb);
    await waitForRunRows(wb, [
      { label: 'Key one', description: OK(200) },
      { label: 'Key two', description: OK(200) },
      { label: 'Key three', description: OK(200) },
    ]);
    for (const id of [11, 12, 13]) assert.equal(s.server.hits(`/users/${id}`), 1, `Ctrl+Alt+Shift+Enter sent /users/${id}`);
    await waitForRunNodeDone(wb);
    assert.equal(await runNodeCount(wb), 1, 'one run node: the batch');
    await wb.screenshot('19.10-run-batch-keybinding');
    await wb.openFile(THIRD_FILES.keys);
    await goToLine(wb, THIRD_LINES.keyTwo);
    await wb.page.keyboard.press('Control+Alt+Enter');
    const rows = await waitFor('a second run node holding "Key two" alone', async () => {
      const all = await wb.treeRows(RESULTS_VIEW);
      const kids = latestRunRequests(all);
      return (await runNodeCount(wb)) === 2 && kids.length === 1 && kids[0]!.label === 'Key two' && OK(200).test(kids[0]!.description) ? all : undefined;
    }, { timeoutMs: 30_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) });
    await sleep(1000); // room for anything else that would have been sent
    assert.equal(s.server.hits('/users/12'), 2, `Ctrl+Alt+Enter sent the request at the cursor: ${describeRows(rows)}`);
    assert.equal(s.server.hits('/users/11') + s.server.hits('/users/13'), 2, 'and nothing else');
    await waitForRunNodeDone(wb);
    await wb.screenshot('19.10-run-request-at-cursor-keybinding');
    await wb.runCommand('View: Close All Editor Groups');
  });
});
