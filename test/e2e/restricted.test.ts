// End-to-end: the packaged extension in a real VS Code with Workspace Trust on and the folder
// untrusted (Restricted Mode). The extension declares `untrustedWorkspaces.supported =
// "limited"`: highlighting, CodeLens and diagnostics work; a run is refused with a message and
// nothing reaches the network; `$processEnv` / `$dotenv` values are not read. Gated like
// editor.test.ts (skipped with one line when the editor is not installed; BATCH_HTTP_E2E=required
// makes that a failure).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { editorTest } from './support/editor-test';
import { describeRows, RESULTS_VIEW } from './support/results-view';
import { brokenFileProblems } from './support/problems';
import { runScenario } from './support/scenario';
import type { E2eSession } from './support/session';
import { sleep, waitFor } from './support/wait';

const TITLE = 'end-to-end: the extension in Restricted Mode (Workspace Trust on, folder untrusted)';

/** The refusal, as src/extension/runController.ts shows it. */
const REFUSAL = 'Batch HTTP: requests are not sent in Restricted Mode. Trust this workspace to run batches.';
const ENV_FILE = 'env.batch.http';
/** A value only the workspace's .env holds: it must never be read, so never shown. */
const DOTENV_VALUE = 'dotenv-value-q8w4z1';
/** How long a refused run is given to (wrongly) reach the server before its hits are counted. */
const SETTLE_MS = 2000;

/** Two requests reading the process environment and the workspace's .env, aimed at the test server. */
async function writeEnvFiles(dir: string, origin: string): Promise<void> {
  const lines = [
    '# @concurrency 2', // 1
    '# @retries 0', // 2
    `@host = ${origin}`, // 3
    '', // 4
    '### From the process environment', // 5
    'GET {{host}}/env/process?home={{$processEnv HOME}}', // 6
    '', // 7
    '### From the .env file', // 8
    'GET {{host}}/env/dotenv', // 9
    'X-Secret: {{$dotenv BATCH_E2E_SECRET}}', // 10
    '',
  ];
  await writeFile(join(dir, ENV_FILE), lines.join('\n'));
  await writeFile(join(dir, '.env'), `BATCH_E2E_SECRET=${DOTENV_VALUE}\n`);
}

editorTest(TITLE, 'restricted', async ({ t, marker, startSession }) => {
  const s = await startSession({ trust: 'restricted', addFiles: writeEnvFiles });
  await s.workbench.screenshot('workbench-open');
  const scenario = (name: string, fn: () => Promise<void>) => runScenario(t, s, marker, name, fn, async () => [`server hits: ${s.server.totalHits()}`]);
  const page = s.workbench.page;

  await scenario('the folder opens in Restricted Mode', async () => {
    const indicator = page.locator('.part.statusbar .statusbar-item', { hasText: /Restricted Mode/ });
    await waitFor('the "Restricted Mode" status bar item', async () => ((await indicator.count()) > 0 ? true : undefined), {
      timeoutMs: 20_000,
      describe: async () => `status bar: ${JSON.stringify(await page.locator('.part.statusbar .statusbar-item').allInnerTexts())}`,
    });
    await s.workbench.screenshot('restricted-mode-indicator');
  });

  await scenario('highlighting and the CodeLens work', async () => {
    const wb = s.workbench;
    await wb.openFile(ENV_FILE);
    const lens = await wb.waitForCodeLens(/^Run batch \(/);
    assert.equal(lens, 'Run batch (2 requests, concurrency 2)');
    assert.equal((await wb.codeLensTitles()).filter((title) => title === 'Run').length, 2, 'one "Run" CodeLens per request');
    // The grammar colours the file: its lines hold tokens of several kinds, not one plain run.
    const kinds = await waitFor(
      'the grammar to colour the file',
      async () => {
        const classes = await page.locator('.editor-instance .monaco-editor .view-lines .view-line span span').evaluateAll((els: { className: string }[]) => els.map((e) => e.className));
        const distinct = new Set(classes.filter((c) => /\bmtk\d+\b/.test(c)).map((c) => /\bmtk\d+\b/.exec(c)![0]));
        return distinct.size >= 3 ? [...distinct] : undefined;
      },
      { timeoutMs: 15_000, describe: async () => (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerHTML()).slice(0, 1500) },
    );
    assert.ok(kinds.length >= 3, `token kinds: ${kinds.join(', ')}`);
    const language = page.locator('.part.statusbar .statusbar-item', { hasText: /Batch HTTP\s*$/ });
    assert.ok((await language.count()) > 0, `the status bar names the language: ${JSON.stringify(await page.locator('.part.statusbar .statusbar-item').allInnerTexts())}`);
    await wb.screenshot('codelens-and-highlighting');
  });

  await scenario('a syntax error appears in Problems', async () => {
    const wb = s.workbench;
    const rows = await brokenFileProblems(wb, s.fixture.brokenFile);
    await wb.screenshot('problems-syntax-error');
    const text = rows.map((r) => r.text).join('\n');
    assert.match(text, /broken\.batch\.http/);
    assert.match(text, /concurrency/i, 'the invalid @concurrency value is reported');
  });

  await scenario('the Run batch CodeLens is refused and nothing is sent', async () => {
    const wb = s.workbench;
    const { server } = s;
    await wb.openFile(ENV_FILE);
    server.reset();
    await wb.clickCodeLens(/^Run batch \(/);
    await waitForRefusal(s);
    await wb.screenshot('codelens-run-refused');
    await sleep(SETTLE_MS);
    assert.equal(server.totalHits(), 0, 'the server received no request');
    const tree = await wb.treeRows(RESULTS_VIEW).catch(() => []);
    assert.ok(!tree.some((r) => /\/env\//.test(r.label) || /From the/.test(r.label)), `no run shows in the Results view: ${describeRows(tree)}`);
  });

  await scenario('$processEnv and $dotenv are not read and show as warnings', async () => {
    const wb = s.workbench;
    await wb.runCommand('Problems: Focus on Problems View');
    const rows = await waitFor(
      'the Problems panel to warn about the $processEnv and $dotenv uses',
      async () => {
        const found = await wb.problemRows();
        const warnings = found.filter((r) => r.severity === 'warning' && /not read in an untrusted workspace/.test(r.text));
        return warnings.length >= 2 ? found : undefined;
      },
      { timeoutMs: 20_000, describe: async () => JSON.stringify(await wb.problemRows()) },
    );
    await wb.screenshot('problems-untrusted-warnings');
    const warnings = rows.filter((r) => r.severity === 'warning').map((r) => r.text);
    const processEnv = warnings.find((w) => w.includes('$processEnv HOME'));
    const dotenv = warnings.find((w) => w.includes('$dotenv BATCH_E2E_SECRET'));
    assert.ok(processEnv, `a warning names {{$processEnv HOME}}:\n${warnings.join('\n')}`);
    assert.ok(dotenv, `a warning names {{$dotenv BATCH_E2E_SECRET}}:\n${warnings.join('\n')}`);
    assert.match(processEnv, /line 6\b|6:\d|Ln 6\b|\[Ln 6/i, `the $processEnv warning is on line 6: ${processEnv}`);
    assert.match(dotenv, /line 10\b|10:\d|Ln 10\b|\[Ln 10/i, `the $dotenv warning is on line 10: ${dotenv}`);
    assert.ok(!rows.some((r) => r.text.includes(DOTENV_VALUE)), 'the .env value never shows');
    assert.equal(s.server.totalHits(), 0, 'still no request reached the server');
  });

  await scenario('"Batch HTTP: Run Batch" from the palette is refused and nothing is sent', async () => {
    const wb = s.workbench;
    const { server } = s;
    await wb.runCommand('Notifications: Clear All Notifications');
    await waitFor('the notifications to clear', async () => ((await wb.notifications()).length === 0 ? true : undefined), {
      timeoutMs: 10_000,
      describe: async () => JSON.stringify(await wb.notifications()),
    });
    await wb.openFile(ENV_FILE);
    server.reset();
    await wb.runCommand('Batch HTTP: Run Batch');
    await waitForRefusal(s);
    await wb.screenshot('palette-run-refused');
    await sleep(SETTLE_MS);
    assert.equal(server.totalHits(), 0, 'the server received no request');
  });
});

/** Waits for the Restricted Mode refusal toast (with its "Manage Workspace Trust" button). */
async function waitForRefusal(s: E2eSession): Promise<void> {
  const wb = s.workbench;
  await waitFor(`the notification "${REFUSAL}"`, async () => ((await wb.notifications()).some((n) => n.trim() === REFUSAL) ? true : undefined), {
    timeoutMs: 20_000,
    describe: async () => `notifications: ${JSON.stringify(await wb.notifications())}`,
  });
  const toast = wb.page.locator('.notification-toast', { hasText: REFUSAL });
  const buttons = await toast.locator('.monaco-button').allInnerTexts();
  assert.ok(buttons.some((b) => b.trim() === 'Manage Workspace Trust'), `the refusal offers "Manage Workspace Trust": ${JSON.stringify(buttons)}`);
}
