// End-to-end: three items of issue 19 in a real VS Code (code-server + Chromium) with the
// packaged extension: the circuit breaker explains itself and its refusals are grouped in
// the Results tree (item 1), running one request opens its response beside the editor and
// a second single run replaces the first one's node (item 2), and the trace log at its
// default level (Info) has a line per failed request and per retry, none per success
// (item 4). Gated like editor.test.ts; evidence under test-results/e2e/features-more/.
import assert from 'node:assert/strict';
import { expandResultsRow, widenSideBar } from './support/editor-view';
import { editorTest } from './support/editor-test';
import { refusedPort } from '../support/ports';
import { BREAKER_REPEAT, BREAKER_THRESHOLD, editorGroupCount, groupEditorLines, groupTabTitle, logEntries, MORE_FILES, writeMoreFiles } from './support/features-more';
import { describeRows, latestRunRequests, RESULTS_VIEW, showResults, waitForRunRows } from './support/results-view';
import { runScenario } from './support/scenario';
import { waitFor } from './support/wait';
import type { TreeRow, Workbench } from './support/workbench';

const TITLE = 'end-to-end: the circuit breaker, the response beside and the Info trace log in a real VS Code';
const OK200 = /^200 · \d+(\.\d+)? m?s · \d+(\.\d+)? (B|KB)$/;

/** The top-level rows of the Results tree (one per run kept). */
function runNodes(rows: TreeRow[]): TreeRow[] {
  const top = Math.min(...rows.map((r) => r.level));
  return rows.filter((r) => r.level === top);
}

/** The children of the first row labelled `label`, once `ready` accepts them. */
async function childrenOf(wb: Workbench, label: string, ready: (kids: TreeRow[]) => boolean): Promise<TreeRow[]> {
  return waitFor(
    `the children of "${label}"`,
    async () => {
      const all = await wb.treeRows(RESULTS_VIEW);
      const at = all.findIndex((r) => r.label === label);
      if (at < 0) return undefined;
      const kids: TreeRow[] = [];
      for (const r of all.slice(at + 1)) {
        if (r.level <= all[at]!.level) break;
        if (r.level === all[at]!.level + 1) kids.push(r);
      }
      return ready(kids) ? kids : undefined;
    },
    { timeoutMs: 15_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) },
  );
}

/** Shows the "Batch HTTP" channel in the maximized Output panel and returns its entries once `ready` accepts them. */
async function readTraceLog(wb: Workbench, what: string, ready: (entries: { level: string; text: string }[]) => boolean): Promise<{ level: string; text: string }[]> {
  await wb.runCommand('Batch HTTP: Show Trace Log');
  // Room for the whole log: the panel maximized, without the side bar (fewer wrapped rows).
  await wb.runCommand('View: Close Primary Side Bar');
  await wb.runCommand('View: Toggle Maximized Panel');
  await waitFor('the Output panel to show the "Batch HTTP" channel', async () => ((await wb.outputChannel()) === 'Batch HTTP' ? true : undefined), {
    timeoutMs: 15_000,
    describe: async () => `selected channel: ${await wb.outputChannel()}`,
  });
  return waitFor(what, async () => {
    const entries = logEntries(await wb.outputLines());
    return ready(entries) ? entries : undefined;
  }, { timeoutMs: 20_000, describe: async () => (await wb.outputLines()).join('\n') });
}

/** Back from readTraceLog: the panel closed, the Results view shown. */
async function leaveTraceLog(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Toggle Maximized Panel');
  await wb.runCommand('View: Toggle Panel Visibility'); // open here: it showed the log
  await showResults(wb);
}

/** Waits for the run's progress notification to go (so it does not cover a screenshot). */
async function progressGone(wb: Workbench): Promise<void> {
  await waitFor('the progress notification to close after the run', async () => ((await wb.notifications()).some((n) => /^Batch HTTP: .*\d+\/\d+/.test(n)) ? undefined : true), {
    timeoutMs: 15_000,
    describe: async () => JSON.stringify(await wb.notifications()),
  });
}

editorTest(TITLE, 'features-more', async ({ t, marker, startSession }) => {
  const down = await refusedPort();
  const downOrigin = `http://127.0.0.1:${down}`;
  const s = await startSession({ addFiles: (dir, origin) => writeMoreFiles(dir, origin, down) });
  const wb = s.workbench;
  await wb.screenshot('workbench-open');
  const treeContext = async (): Promise<string[]> => [`results tree: ${describeRows(await wb.treeRows(RESULTS_VIEW).catch(() => []))}`];
  const scenario = (name: string, fn: () => Promise<void>) => runScenario(t, s, marker, name, fn, treeContext);

  await scenario('19.2: running one request opens its response beside; a second single run replaces the first one\'s node', async () => {
    await wb.openFile(MORE_FILES.single);
    await wb.clickCodeLens(/^Run batch \(/);
    await showResults(wb);
    await widenSideBar(wb, 700);
    await waitForRunRows(wb, [
      { label: 'First one', description: OK200 },
      { label: 'Second one', description: OK200 },
    ]);
    assert.equal(await editorGroupCount(wb), 1, 'a whole batch opens no response');
    await wb.focusEditor();
    await wb.waitForCodeLens(/^Run batch \(/, 15_000);
    const runLens = wb.page.locator('.editor-instance .codelens-decoration a', { hasText: /^Run$/ });
    await runLens.first().click();
    const first = await waitFor('the response of "First one" beside the editor', async () => {
      const lines = await groupEditorLines(wb, 1);
      return lines?.some((l) => l.includes('"name": "user 1"')) ? lines : undefined;
    }, { timeoutMs: 30_000, describe: async () => JSON.stringify(await groupEditorLines(wb, 1)) });
    assert.match(first[0] ?? '', /^HTTP\/1\.1 200 · \d+ ms · \d+ B$/, `the status line comes first: ${JSON.stringify(first)}`);
    const blank = first.indexOf('');
    assert.ok(blank > 1, `headers, then a blank line: ${JSON.stringify(first)}`);
    assert.ok(first.slice(1, blank).some((l) => /^content-type: application\/json$/i.test(l)), `the response headers: ${JSON.stringify(first)}`);
    assert.deepEqual(first.slice(blank + 1, blank + 5), ['{', '  "id": 1,', '  "name": "user 1"', '}'], `the body pretty-printed: ${JSON.stringify(first)}`);
    assert.match(await groupTabTitle(wb, 1), /^First.one\.http-response$/, 'the tab is named after the request');
    assert.equal(await groupTabTitle(wb, 0), MORE_FILES.single, 'the file keeps its place on the left');
    const afterFirst = await waitFor('two run nodes: the batch and the single request', async () => {
      const rows = await wb.treeRows(RESULTS_VIEW);
      const kids = latestRunRequests(rows);
      return runNodes(rows).length === 2 && kids.length === 1 && kids[0]!.label === 'First one' && OK200.test(kids[0]!.description) ? rows : undefined;
    }, { timeoutMs: 30_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) });
    await progressGone(wb);
    await wb.screenshot('19.2-one-request-response-beside');
    // The second request alone: its response replaces the first's beside, its run node the first single one's.
    await wb.focusEditor();
    await wb.waitForCodeLens(/^Run batch \(/, 15_000);
    await runLens.nth(1).click();
    const second = await waitFor('the response of "Second one" beside the editor', async () => {
      const lines = await groupEditorLines(wb, 1);
      return lines?.some((l) => l.includes('"name": "user 2"')) ? lines : undefined;
    }, { timeoutMs: 30_000, describe: async () => JSON.stringify(await groupEditorLines(wb, 1)) });
    assert.match(second[0] ?? '', /^HTTP\/1\.1 200 · /, JSON.stringify(second));
    assert.equal(await editorGroupCount(wb), 2, 'still two editor groups: the file and one response');
    const rows = await waitFor('the single-request node replaced, not added', async () => {
      const all = await wb.treeRows(RESULTS_VIEW);
      const kids = latestRunRequests(all);
      return kids.length === 1 && kids[0]!.label === 'Second one' && OK200.test(kids[0]!.description) ? all : undefined;
    }, { timeoutMs: 30_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) });
    assert.equal(runNodes(rows).length, 2, `still two run nodes (the batch and the newest single request): ${describeRows(rows)} (before: ${describeRows(afterFirst)})`);
    assert.ok(!rows.some((r) => r.label === 'First one' && r.level === runNodes(rows)[0]!.level + 1 && rows.indexOf(r) < rows.indexOf(runNodes(rows)[1]!)), 'the first single run is gone');
    assert.equal(s.server.hits('/users/1'), 2, 'the batch and the first single run sent /users/1');
    assert.equal(s.server.hits('/users/2'), 2, 'the batch and the second single run sent /users/2');
    await progressGone(wb);
    await wb.screenshot('19.2-second-single-run-replaces-the-first');
    await wb.runCommand('View: Close All Editor Groups');
  });

  const refused = `${BREAKER_THRESHOLD} connections refused in a row to ${downOrigin}`;
  const notSent = BREAKER_REPEAT - BREAKER_THRESHOLD;
  const groupLabel = `CIRCUIT_OPEN · ${notSent} not sent to ${downOrigin}`;

  await scenario('19.1: with the server down, the CIRCUIT_OPEN requests are grouped and each names the failures that opened the circuit', async () => {
    await wb.runCommand('Batch HTTP: Clear Results');
    await wb.openFile(MORE_FILES.breaker);
    await wb.clickCodeLens(/^Run batch \(/);
    await showResults(wb);
    const top = await waitFor(`${BREAKER_THRESHOLD} refused requests and one CIRCUIT_OPEN node`, async () => {
      const kids = latestRunRequests(await wb.treeRows(RESULTS_VIEW));
      return kids.length === BREAKER_THRESHOLD + 1 && kids.some((r) => r.label === groupLabel) ? kids : undefined;
    }, { timeoutMs: 60_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) });
    for (let i = 0; i < BREAKER_THRESHOLD; i++) {
      const row = top.find((r) => r.label === `#${i} · Down server`);
      assert.equal(row?.description, 'CONNECTION_REFUSED', `#${i} was sent and refused: ${describeRows(top)}`);
    }
    const group = top.find((r) => r.label === groupLabel)!;
    assert.ok(group.description.startsWith(refused), `the group names the failures that opened it: ${group.description}`);
    assert.equal(top.at(-1)!.label, groupLabel, 'the group stands where the first refusal stood, after the sent requests');
    await expandResultsRow(wb, groupLabel);
    const copies = await childrenOf(wb, groupLabel, (kids) => kids.length === notSent);
    assert.deepEqual(copies.map((r) => r.label), Array.from({ length: notSent }, (_, i) => `#${BREAKER_THRESHOLD + i} · Down server`));
    assert.ok(copies.every((r) => r.description === 'CIRCUIT_OPEN'), describeRows(copies));
    await expandResultsRow(wb, `#${BREAKER_THRESHOLD} · Down server`);
    const details = await childrenOf(wb, `#${BREAKER_THRESHOLD} · Down server`, (kids) => kids.some((r) => r.label === 'Error'));
    const error = details.find((r) => r.label === 'Error')!;
    assert.ok(error.description.startsWith(`CIRCUIT_OPEN: ${refused}`), `the request's error names the failures: ${error.description}`);
    assert.match(error.description, /; not sent/, error.description);
    await progressGone(wb);
    await wb.screenshot('19.1-circuit-open-grouped-in-tree');
    // Every refused request's own message (the trace log has one line per failed request).
    const isOpen = (x: { text: string }): boolean => x.text.includes('/down?i=') && / failed: CIRCUIT_OPEN /.test(x.text);
    const entries = await readTraceLog(wb, `the ${notSent} CIRCUIT_OPEN lines of the breaker run`, (e) => e.filter(isOpen).length === notSent && e.some((x) => x.text.startsWith(`Finished ${MORE_FILES.breaker}`)));
    const open = entries.filter(isOpen);
    assert.deepEqual(open.map((e) => /^#(\d+) /.exec(e.text)?.[1]), Array.from({ length: notSent }, (_, i) => String(BREAKER_THRESHOLD + i)), JSON.stringify(entries));
    for (const e of open) assert.ok(e.text.includes(`· CIRCUIT_OPEN: ${refused} (last: `) && e.text.includes('; not sent'), `every CIRCUIT_OPEN message names the failures: ${e.text}`);
    assert.ok(entries.some((e) => e.text.startsWith(`Finished ${MORE_FILES.breaker}: 0 succeeded, ${BREAKER_REPEAT} failed`)), JSON.stringify(entries));
    await wb.screenshot('19.1-every-circuit-open-message-in-the-log');
    await leaveTraceLog(wb);
  });

  await scenario('19.4: at the default Info level the trace log has a line per failed request and per retry, none per success', async () => {
    await wb.runCommand('Batch HTTP: Clear Results');
    await wb.openFile(MORE_FILES.log);
    await wb.clickCodeLens(/^Run batch \(/);
    await showResults(wb);
    await waitForRunRows(wb, [
      { label: 'Fine one', description: OK200 },
      { label: 'Unavailable', description: /^503 · / },
      { label: 'Nobody home', description: /^CONNECTION_REFUSED$/ },
    ]);
    const entries = await readTraceLog(wb, 'the lines of the log run, up to its Finished line', (e) => e.some((x) => x.text.startsWith(`Finished ${MORE_FILES.log}`)));
    await wb.screenshot('19.4-trace-log-at-info');
    await leaveTraceLog(wb);
    const levels = new Set(entries.map((e) => e.level));
    assert.ok(!levels.has('debug') && !levels.has('trace'), `the channel is at its default level, Info: ${[...levels].join(', ')}`);
    const mine = entries.filter((e) => e.text.includes(s.server.origin) || e.text.includes(`${downOrigin}/nobody`));
    const text = mine.map((e) => e.text);
    const unavailable = `${s.server.origin}/status/503`;
    const nobody = `${downOrigin}/nobody`;
    assert.ok(text.some((l) => new RegExp(`^#1 retrying GET ${esc(unavailable)}: attempt 2 in \\d+ ms \\(.*503.*\\)$`).test(l)), `a line for the 503's retry: ${JSON.stringify(text)}`);
    assert.ok(text.some((l) => new RegExp(`^#1 failed: 503 GET ${esc(unavailable)} · 2 attempts · \\d+(\\.\\d+)? m?s`).test(l)), `a line for the failed 503: ${JSON.stringify(text)}`);
    assert.ok(text.some((l) => new RegExp(`^#2 retrying GET ${esc(nobody)}: attempt 2 in \\d+ ms`).test(l)), `a line for the refused request's retry: ${JSON.stringify(text)}`);
    assert.ok(text.some((l) => new RegExp(`^#2 failed: CONNECTION_REFUSED GET ${esc(nobody)} · 2 attempts · \\d+(\\.\\d+)? m?s · CONNECTION_REFUSED: `).test(l)), `a line for the refused request: ${JSON.stringify(text)}`);
    assert.equal(text.length, 4, `two retries and two failures, nothing else: ${JSON.stringify(text)}`);
    assert.ok(!entries.some((e) => e.text.includes('/users/')), `no line for a success: ${JSON.stringify(entries.map((e) => e.text))}`);
    assert.ok(entries.some((e) => e.level === 'info' && e.text.startsWith(`Finished ${MORE_FILES.log}: 1 succeeded, 2 failed`)), 'the Finished line counts them');
  });
});

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
