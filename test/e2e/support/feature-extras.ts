// Scenarios of features.test.ts for issue 14 (Run Request at Cursor beside a broken block) and
// the smaller editor items of issue 19: the environment in the status bar, Copy as cURL, the
// failed-only filter and the Export Results format pick. Each leaves a screenshot.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goToLine, resultsRow, shownLines, statusBarLabels, waitForRunNodeDone, waitForStatusBar } from './editor-view';
import { FEATURE_FILES, MIXED_LINES } from './feature-fixture';
import type { FeatureServer } from './feature-server';
import { describeRows, latestRunRequests, RESULTS_VIEW, showResults, waitForRunRows } from './results-view';
import type { E2eSession } from './session';
import { sleep, waitFor } from './wait';
import type { Workbench } from './workbench';

const OK200 = /^200 · \d+(\.\d+)? m?s · \d+(\.\d+)? (B|KB)/;

async function waitForNotification(wb: Workbench, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return waitFor(`a notification matching ${pattern}`, async () => (await wb.notifications()).find((n) => pattern.test(n)), {
    timeoutMs,
    describe: async () => `notifications: ${JSON.stringify(await wb.notifications())}`,
  });
}

export async function clearNotifications(wb: Workbench): Promise<void> {
  await wb.runCommand('Notifications: Clear All Notifications');
  await waitFor('the notifications to clear', async () => ((await wb.notifications()).length === 0 ? true : undefined), {
    timeoutMs: 10_000,
    describe: async () => JSON.stringify(await wb.notifications()),
  });
}

/** `note(key, value)` records a detail in the run's marker (what could and could not be checked). */
/** The browser's clipboard, or null when the page may not read it (Chromium grants it on 127.0.0.1). */
async function readClipboard(wb: Workbench): Promise<string | null> {
  return wb.page.evaluate<string>('navigator.clipboard.readText()').catch(() => null);
}

/** Pastes the clipboard into a new editor (so the screenshot shows what was copied), then discards it. */
async function pasteAndShoot(wb: Workbench, name: string): Promise<void> {
  await wb.runCommand('File: New Untitled Text File');
  await wb.page.keyboard.press('Control+V');
  await waitFor('the pasted cURL command', async () => ((await shownLines(wb)).some((l) => l.text.startsWith('curl ')) ? true : undefined), {
    timeoutMs: 15_000,
    describe: async () => JSON.stringify(await shownLines(wb)),
  });
  await wb.screenshot(name);
  await wb.runCommand('View: Revert and Close Editor');
}

export function extraScenarios(s: E2eSession, fs: FeatureServer, note: (key: string, value: string) => void): [string, () => Promise<void>][] {
  const wb = s.workbench;
  return [
    [
      '14: Run Request at Cursor runs a valid request while another block has an error; the whole file refuses',
      async () => {
        await wb.runCommand('Batch HTTP: Clear Results');
        await clearNotifications(wb);
        await wb.openFile(FEATURE_FILES.mixed);
        fs.reset();
        await goToLine(wb, MIXED_LINES.valid);
        await wb.runCommand('Batch HTTP: Run Request at Cursor');
        await showResults(wb);
        await waitForRunRows(wb, [{ label: 'Valid one', description: OK200 }]);
        assert.equal(fs.hits('/valid'), 1, 'the server received the request at the cursor');
        assert.equal(fs.hits('/broken'), 0, 'and not the broken one');
        await waitForRunNodeDone(wb);
        await wb.screenshot('14-run-at-cursor-beside-a-broken-block');
        // The response opened beside the editor (issue 19, item 2); back to the file alone.
        await wb.runCommand('View: Close All Editor Groups');
        await wb.openFile(FEATURE_FILES.mixed);
        await wb.runCommand('Batch HTTP: Run Batch');
        const refusal = await waitForNotification(wb, /mixed\.batch\.http has 1 error; nothing was sent/);
        assert.match(refusal, new RegExp(`Fix the request on line ${MIXED_LINES.broken} \\(see the Problems panel\\)`), refusal);
        assert.match(refusal, /Run Request at Cursor and Run Selected Requests still run the requests without errors/, refusal);
        assert.match(refusal, /First: line 9: expected a header/, refusal);
        await wb.screenshot('14-whole-file-refused-names-the-line');
        await sleep(1500);
        assert.equal(fs.totalHits(), 1, 'nothing more was sent');
      },
    ],
    [
      '19: the selected environment shows in the status bar',
      async () => {
        await wb.openFile(FEATURE_FILES.mixed);
        const none = await waitForStatusBar(wb, /^No environment$/);
        assert.equal(none, 'No environment');
        await wb.runCommand('Batch HTTP: Select Environment', 15_000, false);
        await wb.pickQuickItem('local');
        await waitForStatusBar(wb, /^local$/);
        const labels = await statusBarLabels(wb);
        assert.ok(labels.some((l) => l.startsWith('Batch HTTP environment: local.')), `the item says it in words: ${JSON.stringify(labels)}`);
        await wb.screenshot('19-environment-in-status-bar');
        await wb.runCommand('Batch HTTP: Select Environment', 15_000, false);
        await wb.pickQuickItem('No environment');
        await waitForStatusBar(wb, /^No environment$/);
      },
    ],
    [
      '19: Copy as cURL from the editor copies the request at the cursor',
      async () => {
        await clearNotifications(wb);
        await wb.openFile(FEATURE_FILES.assertions);
        await goToLine(wb, 6);
        await wb.runCommand('Batch HTTP: Copy Request as cURL');
        await waitForNotification(wb, /^Batch HTTP: copied "Checked and passing" as a cURL command\.$/);
        const clip = await readClipboard(wb);
        note('clipboard', clip === null ? 'unreadable: only the notification was checked' : 'read: the copied commands were checked');
        if (clip === null) return void (await wb.screenshot('19-copy-as-curl-notification-only-clipboard-unreadable'));
        assert.match(clip, /^curl /, clip);
        assert.ok(clip.includes(`${fs.origin}/check?n=1`), `the command names the URL with {{host}} resolved: ${clip}`);
        await pasteAndShoot(wb, '19-copy-as-curl-from-editor-pasted');
      },
    ],
    [
      '19: Copy as cURL from a finished run\'s row fills in the response reference it used',
      async () => {
        await wb.runCommand('Batch HTTP: Clear Results');
        await clearNotifications(wb);
        await wb.openFile(FEATURE_FILES.jobs);
        await wb.clickCodeLens(/^Run batch \(/);
        await showResults(wb);
        await waitForRunRows(wb, [
          { label: 'Submit the job', description: /^202 / },
          { label: 'Wait until done', description: OK200 },
          { label: 'Fetch the result', description: OK200 },
        ]);
        await wb.contextMenu(resultsRow(wb, 'Fetch the result'), 'Copy Request as cURL');
        await waitForNotification(wb, /^Batch HTTP: copied "Fetch the result" as a cURL command\.$/);
        const clip = await readClipboard(wb);
        if (clip === null) return void (await wb.screenshot('19-copy-as-curl-from-tree-notification-only-clipboard-unreadable'));
        assert.ok(new RegExp(`^curl '?${fs.origin}/jobs/job-1/result'? `).test(clip), `{{job.response.body.$.id}} is filled in from the run: ${clip}`);
        assert.ok(!clip.includes('{{'), `no {{...}} is left: ${clip}`);
        await pasteAndShoot(wb, '19-copy-as-curl-from-tree-pasted');
      },
    ],
    [
      '19: the failed-only filter shows the failed request alone',
      async () => {
        await wb.runCommand('Batch HTTP: Clear Results');
        await wb.openFile(FEATURE_FILES.assertions);
        await wb.clickCodeLens(/^Run batch \(/);
        await showResults(wb);
        await waitForRunRows(wb, [
          { label: 'Checked and passing', description: /2\/2 assertions$/ },
          { label: 'Checked and failing', description: /1\/2 assertions$/ },
        ]);
        await wb.runCommand('Batch HTTP: Show Failed Requests Only');
        const rows = await waitFor(
          'the tree to show the failed request only',
          async () => {
            const shown = latestRunRequests(await wb.treeRows(RESULTS_VIEW));
            return shown.length === 1 ? shown : undefined;
          },
          { timeoutMs: 15_000, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) },
        );
        assert.equal(rows[0]?.label, 'Checked and failing');
        await wb.screenshot('19-failed-only-filter');
        await wb.runCommand('Batch HTTP: Show All Requests');
        await waitFor('the tree to show both requests again', async () => (latestRunRequests(await wb.treeRows(RESULTS_VIEW)).length === 2 ? true : undefined), {
          timeoutMs: 15_000,
          describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)),
        });
      },
    ],
    [
      '19: Export Results asks the format, then saves the report',
      async () => {
        await clearNotifications(wb);
        await wb.runCommand('Batch HTTP: Export Results', 15_000, false);
        const firstLabels = (): Promise<string[]> =>
          wb.page.locator('.quick-input-widget .monaco-list-row').evaluateAll((rows: { querySelector(s: string): { textContent: string | null } | null }[]) =>
            rows.map((r) => (r.querySelector('.label-name')?.textContent ?? '').trim()),
          );
        const offered = await waitFor('the format pick', async () => ((await firstLabels()).includes('JSON report') ? firstLabels() : undefined), {
          timeoutMs: 15_000,
          describe: async () => JSON.stringify(await firstLabels()),
        });
        assert.deepEqual(offered, ['JSON report', 'JUnit XML', 'HTML report', 'OpenMetrics']);
        await wb.screenshot('19-export-results-format-pick');
        await wb.pickQuickItem('JSON report');
        // code-server's save dialog is a quick input holding the suggested path: accept it.
        const path = wb.page.locator('.quick-input-widget input');
        await waitFor('the save dialog to suggest assertions.results.json', async () => ((await path.inputValue()).endsWith('assertions.results.json') ? true : undefined), {
          timeoutMs: 15_000,
          describe: async () => `input: ${await path.inputValue()}`,
        });
        await wb.page.keyboard.press('Enter');
        await waitForNotification(wb, /results saved to assertions\.results\.json \(JSON report\)/);
        const saved = JSON.parse(await readFile(join(s.fixture.dir, 'assertions.results.json'), 'utf8')) as { results: { error?: { code: string } | null }[] };
        assert.deepEqual(
          saved.results.map((r) => r.error?.code ?? null),
          [null, 'ASSERTION_FAILED'],
        );
        await wb.screenshot('19-export-results-saved');
      },
    ],
  ];
}

