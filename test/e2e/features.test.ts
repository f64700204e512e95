// End-to-end: the second round's features in a real VS Code (code-server + Chromium), against a
// local server that lets the test decide when a job is done and when held responses go out:
// `??` assertions in the tree and inline (issue 15), `@until` polling and a `@first` group
// (16), the adaptive limit in the status bar and Set Concurrency changing a running batch (17),
// Run Request at Cursor beside a broken block (14), and the smaller editor items of issue 19
// (support/feature-extras.ts). Gated like editor.test.ts.
import assert from 'node:assert/strict';
import { expandResultsRow, resultsRowIconColor, shownLines, statusBarTexts, themeColor, waitForStatusBar, widenSideBar } from './support/editor-view';
import { extraScenarios } from './support/feature-extras';
import { languageScenarios } from './support/feature-language';
import { ASSERTION_LINES, FEATURE_FILES, FIRST, HELD_CONCURRENCY, HELD_COUNT, LOWERED_CONCURRENCY, MIRRORS, RAISED_CONCURRENCY, writeFeatureFiles } from './support/feature-fixture';
import { editorTest } from './support/editor-test';
import { startFeatureServer } from './support/feature-server';
import { describeRows, latestRunRequests, RESULTS_VIEW, showResults, waitForRunRows } from './support/results-view';
import { runScenario } from './support/scenario';
import { sleep, waitFor } from './support/wait';

const TITLE = 'end-to-end: assertions, polling, @first, concurrency and the editor items in a real VS Code';

/** A response that arrived: `200 · 12 ms · 30 B` and what follows. */
const OK = (status: number, rest = ''): RegExp => new RegExp(`^${status} · \\d+(\\.\\d+)? m?s · \\d+(\\.\\d+)? (B|KB)${rest}$`);

editorTest(
  TITLE,
  'features',
  async ({ t, marker, startSession, closeAfter }) => {
    const fs = await startFeatureServer();
    closeAfter(() => fs.close());
    const session = await startSession({ addFiles: (dir) => writeFeatureFiles(dir, fs.origin) });
    const s = session;
    const wb = s.workbench;
    await wb.screenshot('workbench-open');
    const treeContext = async (): Promise<string[]> => [`results tree: ${describeRows(await wb.treeRows(RESULTS_VIEW).catch(() => []))}`, `server hits: ${fs.totalHits()}, held ${fs.heldInFlight()}`, `status bar: ${JSON.stringify(await statusBarTexts(wb).catch(() => []))}`];
    const scenario = (name: string, fn: () => Promise<void>) => runScenario(t, s, marker, name, fn, treeContext);
    /** Opens a file, starts its batch with the CodeLens and shows the Results view. */
    const runFile = async (file: string): Promise<void> => {
      await wb.openFile(file);
      await wb.clickCodeLens(/^Run batch \(/);
      await showResults(wb);
    };

    await scenario('15: a failing ?? assertion shows in the tree and inline, a passing one too', async () => {
      await runFile(FEATURE_FILES.assertions);
      // Room for the tree's descriptions (the error and the value found) in the screenshots.
      await widenSideBar(wb, 760);
      const rows = await waitForRunRows(wb, [
        { label: 'Checked and passing', description: OK(200, ' · 2/2 assertions') },
        { label: 'Checked and failing', description: OK(200, ' · 1/2 assertions') },
      ]);
      const icon = (label: string): string => rows.find((r) => r.label === label)?.icons.join(',') ?? '';
      assert.match(icon('Checked and failing'), /error/, `the failing request has the failed icon: ${describeRows(rows)}`);
      assert.match(icon('Checked and passing'), /pass/, `the passing request has the passed icon: ${describeRows(rows)}`);
      await expandResultsRow(wb, 'Checked and failing');
      const children = await waitFor(
        'the failing request to list its error and its assertions',
        async () => {
          const all = await wb.treeRows(RESULTS_VIEW);
          const at = all.findIndex((r) => r.label === 'Checked and failing');
          const kids = all.slice(at + 1).filter((r) => r.level === all[at]!.level + 1);
          return kids.some((r) => r.label.startsWith('??')) ? kids : undefined;
        },
        { timeoutMs: 15_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) },
      );
      const error = children.find((r) => r.label === 'Error');
      assert.match(error?.description ?? '', /^ASSERTION_FAILED: assertion on line 13 failed: '\?\? body \$\.state == done' found '"running"'/, describeRows(children));
      const failing = children.find((r) => r.label === '?? body $.state == done');
      assert.equal(failing?.description, `line ${ASSERTION_LINES.failingState} · failed, found "running"`, describeRows(children));
      assert.match(failing?.icons.join(',') ?? '', /error/, 'the failed assertion has the failed icon');
      const passing = children.find((r) => r.label === '?? status == 200');
      assert.equal(passing?.description, `line ${ASSERTION_LINES.failingStatus} · passed, found 200`, describeRows(children));
      assert.match(passing?.icons.join(',') ?? '', /pass/, 'the passed assertion has the passed icon');
      // Inline: each `??` line of the file ends with its result.
      await wb.openFile(FEATURE_FILES.assertions);
      const lines = await waitFor(
        'the ?? lines to show their results inline',
        async () => {
          const shown = await shownLines(wb);
          return shown.filter((l) => l.text.startsWith('??')).every((l) => l.decorations.length > 0) ? shown : undefined;
        },
        { timeoutMs: 15_000, describe: async () => JSON.stringify(await shownLines(wb)) },
      );
      const marks = lines.filter((l) => l.text.startsWith('??')).map((l) => `${l.text} => ${l.decorations.join(' ')}`);
      assert.deepEqual(marks, ['?? status == 200 => ✓', '?? body $.count == 3 => ✓', '?? status == 200 => ✓', '?? body $.state == done => ✗ found "running"']);
      await wb.screenshot('15-assertions-tree-and-inline');
      // An edit clears the marks (they belong to the text that ran).
      await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.type('# edited');
      await waitFor('the inline results to clear after an edit', async () => ((await shownLines(wb)).every((l) => l.decorations.length === 0) ? true : undefined), {
        timeoutMs: 15_000,
        describe: async () => JSON.stringify(await shownLines(wb)),
      });
      await wb.screenshot('15-inline-results-cleared-by-an-edit');
      await wb.runCommand('File: Revert File');
    });

    await scenario('16: an @until request shows "polling (n)" while it waits, then its result', async () => {
      await wb.runCommand('Batch HTTP: Clear Results');
      await runFile(FEATURE_FILES.jobs);
      const polling = await waitFor(
        'the tree to show the @until request polling (at least 2 polls)',
        async () => {
          const row = latestRunRequests(await wb.treeRows(RESULTS_VIEW)).find((r) => r.label === 'Wait until done');
          const n = /^polling \((\d+)\)/.exec(row?.description ?? '');
          return n && Number(n[1]) >= 2 ? row : undefined;
        },
        { timeoutMs: 60_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) },
      );
      assert.match(polling.description, /^polling \(\d+\) · last "?running"?$/, 'the last value the condition found is shown');
      assert.ok(polling.icons.includes('watch'), `a polling request has the watch icon: ${polling.icons.join(',')}`);
      assert.equal(fs.hits('/jobs/job-1/result'), 0, 'the result is not fetched while the job runs');
      await wb.screenshot('16-until-polling-in-tree');
      const pollsBefore = fs.jobPolls();
      fs.finishJob();
      const rows = await waitForRunRows(wb, [
        { label: 'Submit the job', description: OK(202) },
        { label: 'Wait until done', description: OK(200, ' · \\d+ polls') },
        { label: 'Fetch the result', description: OK(200, ' · 1/1 assertions') },
      ]);
      const polls = Number(/ · (\d+) polls$/.exec(rows.find((r) => r.label === 'Wait until done')!.description)![1]);
      assert.equal(polls, fs.jobPolls(), 'the tree counts every poll the server answered');
      assert.ok(polls > pollsBefore, 'it polled again after the job was done');
      assert.equal(fs.hits('/jobs/job-1/result'), 1, 'the result was fetched once, after the job was done');
      await wb.focusEditor(); // the lens refresh VS Code held back while the view had the focus
      await wb.waitForCodeLens(/^Run batch \(/, 15_000);
      await wb.screenshot('16-until-done');
    });

    await scenario('16: a @first group ends with its extra copies collapsed into one greyed "not needed" node', async () => {
      await wb.runCommand('Batch HTTP: Clear Results');
      await runFile(FEATURE_FILES.first);
      const title = 'Ask five mirrors, keep the first two';
      const extra = MIRRORS - FIRST;
      await waitForRunRows(wb, [
        { label: `#0 · ${title}`, description: OK(200) },
        { label: `#1 · ${title}`, description: OK(200) },
        { label: `${extra} not needed`, description: new RegExp(`^${title} · @first had its successes$`) },
      ]);
      const grey = await themeColor(wb, 'disabledForeground');
      assert.equal(await resultsRowIconColor(wb, `${extra} not needed`), grey, 'the not-needed node is greyed (its icon in the theme\'s disabledForeground)');
      assert.notEqual(await resultsRowIconColor(wb, `#0 · ${title}`), grey, 'unlike a result');
      await expandResultsRow(wb, `${extra} not needed`);
      const copies = await waitFor(
        `the ${extra} not-needed copies under their node`,
        async () => {
          const all = await wb.treeRows(RESULTS_VIEW);
          const at = all.findIndex((r) => r.label === `${extra} not needed`);
          const kids = all.slice(at + 1).filter((r) => r.level === all[at]!.level + 1);
          return kids.length === extra ? kids : undefined;
        },
        { timeoutMs: 15_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) },
      );
      assert.ok(copies.every((r) => r.description === 'not needed' && r.icons.includes('circle-slash')), describeRows(copies));
      await wb.screenshot('16-first-not-needed-greyed');
      await waitFor('the server to see the slow mirrors closed', async () => (fs.mirrorsOpen() === 0 ? true : undefined), { timeoutMs: 15_000, describe: () => `open: ${fs.mirrorsOpen()}` });
      assert.equal(fs.mirrorsAborted(), fs.hits('/mirror') - FIRST, 'every slow mirror that was sent was aborted');
    });

    await scenario('17: @concurrency auto shows its limit in the status bar while the batch runs', async () => {
      await wb.runCommand('Batch HTTP: Clear Results');
      fs.holdAgain();
      fs.reset();
      await runFile(FEATURE_FILES.auto);
      const text = await waitForStatusBar(wb, /Batch HTTP: .*limit \d+ \(auto/);
      const limit = Number(/limit (\d+) \(auto/.exec(text)![1]);
      assert.ok(limit >= 1 && limit < HELD_COUNT, `a starting limit below the ${HELD_COUNT} requests: ${text}`);
      await waitFor(`the server to hold ${limit} requests (the limit shown)`, async () => (fs.heldInFlight() === limit ? true : undefined), {
        timeoutMs: 30_000,
        describe: () => `held: ${fs.heldInFlight()}`,
      });
      await sleep(1500);
      assert.equal(fs.heldMax(), limit, 'no more requests in flight than the limit shown');
      await wb.screenshot('17-auto-limit-in-status-bar');
      fs.releaseHeld();
      await waitForRunRows(wb, Array.from({ length: HELD_COUNT }, (_, i) => ({ label: `#${i} · Held (auto)`, description: OK(200) })));
    });

    await scenario('17: Set Concurrency during a run changes what the server sees in flight', async () => {
      await wb.runCommand('Batch HTTP: Clear Results');
      fs.holdAgain();
      fs.reset();
      await runFile(FEATURE_FILES.held);
      await waitFor(`the server to hold ${HELD_CONCURRENCY} requests`, async () => (fs.heldInFlight() === HELD_CONCURRENCY ? true : undefined), {
        timeoutMs: 30_000,
        describe: () => `held: ${fs.heldInFlight()}`,
      });
      await waitForStatusBar(wb, new RegExp(`Batch HTTP: .*concurrency ${HELD_CONCURRENCY}$`));
      await sleep(1500);
      assert.equal(fs.heldMax(), HELD_CONCURRENCY, `at most ${HELD_CONCURRENCY} in flight before the change`);
      await wb.screenshot('17-fixed-concurrency-before-change');
      await wb.runCommand('Batch HTTP: Set Concurrency', 15_000, false);
      await wb.pickQuickItem(String(RAISED_CONCURRENCY));
      await waitFor(`the server to hold ${RAISED_CONCURRENCY} requests after the change`, async () => (fs.heldInFlight() === RAISED_CONCURRENCY ? true : undefined), {
        timeoutMs: 30_000,
        describe: () => `held: ${fs.heldInFlight()}`,
      });
      await waitForStatusBar(wb, new RegExp(`Batch HTTP: .*concurrency ${RAISED_CONCURRENCY}$`));
      await wb.screenshot('17-concurrency-raised-mid-run');
      assert.equal(fs.heldMax(), RAISED_CONCURRENCY, `the server never held more than ${RAISED_CONCURRENCY}`);
      assert.equal(fs.hits('/held'), RAISED_CONCURRENCY, 'the run started the new requests at once, and no more');
      // Lowered: nothing new starts while 8 are in flight; once 6 of them are answered (2 left), one more starts (3).
      await wb.runCommand('Batch HTTP: Set Concurrency', 15_000, false);
      await wb.pickQuickItem('Other number…');
      const input = wb.page.locator('.quick-input-widget input');
      // The input box that follows the pick holds the current value.
      await waitFor('the Set Concurrency input box', async () => ((await input.inputValue()) === String(RAISED_CONCURRENCY) ? true : undefined), {
        timeoutMs: 15_000,
        describe: async () => `input: ${await input.inputValue()}`,
      });
      await input.fill(String(LOWERED_CONCURRENCY));
      await wb.page.keyboard.press('Enter');
      await waitForStatusBar(wb, new RegExp(`Batch HTTP: .*concurrency ${LOWERED_CONCURRENCY}$`));
      await sleep(1500);
      assert.equal(fs.hits('/held'), RAISED_CONCURRENCY, 'nothing started while more than the new limit were in flight');
      fs.releaseSome(RAISED_CONCURRENCY - 2);
      await waitFor(`the server to hold ${LOWERED_CONCURRENCY} requests again`, async () => (fs.heldInFlight() === LOWERED_CONCURRENCY ? true : undefined), {
        timeoutMs: 30_000,
        describe: () => `held: ${fs.heldInFlight()}, sent: ${fs.hits('/held')}`,
      });
      await sleep(1500);
      assert.equal(fs.hits('/held'), RAISED_CONCURRENCY + 1, 'one request started, to the new limit, and no more');
      assert.equal(fs.heldInFlight(), LOWERED_CONCURRENCY);
      await wb.screenshot('17-concurrency-lowered-mid-run');
      fs.releaseHeld();
      await waitForRunRows(wb, Array.from({ length: HELD_COUNT }, (_, i) => ({ label: `#${i} · Held`, description: OK(200) })));
      // Back to the file's value for the later scenarios.
      await wb.runCommand('Batch HTTP: Set Concurrency', 15_000, false);
      await wb.pickQuickItem("Clear (use the file's @concurrency or the setting)");
    });

    for (const [name, fn] of extraScenarios(s, fs, (key, value) => (marker[key] = value))) await scenario(name, fn);
    for (const [name, fn] of languageScenarios(s, fs)) await scenario(name, fn);
  },
  900_000,
);
