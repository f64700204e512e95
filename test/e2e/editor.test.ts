// End-to-end: the packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
// driven through Chromium like a person would. Runs when `npm run test:e2e:setup` has
// installed the editor; otherwise it is skipped with one line saying how to enable it
// (BATCH_HTTP_E2E=required turns that skip into a failure, for CI).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { gate, skipOption } from './support/gate';
import { resetResultsDir, resultsDir as resultsDirOf, writeMarker, type RunMarker } from './support/results';
import { describeRows, latestRunRequests, RESULTS_VIEW, showResults, waitForRunRows } from './support/results-view';
import { startSession, type E2eSession } from './support/session';
import { SECRET } from './support/fixture';
import { hasExtension, packagedVsix, readManifest } from './support/vsix';
import { waitFor } from './support/wait';

const repoRoot = resolve(process.cwd());
const resultsDir = resultsDirOf(repoRoot, 'editor');
const TITLE = 'end-to-end: the extension in a real VS Code (code-server + Chromium)';

const checkoutMissing = process.env.BATCH_HTTP_E2E_VSIX || hasExtension(readManifest(repoRoot)) ? null : 'this checkout has no extension yet (package.json contributes no batchHttp.runBatch)';
const g = gate(checkoutMissing);

test(TITLE, { skip: skipOption(g), timeout: 600_000 }, async (t) => {
  if (g.kind !== 'run') return assert.fail(g.kind === 'fail' ? g.reason : 'skipped');
  const install = g.install;
  const started = Date.now();
  resetResultsDir(resultsDir);
  const vsix = await packagedVsix(repoRoot);
  const marker: RunMarker = { ranAt: new Date().toISOString(), passed: false, scenarios: [], vsix, codeServerVersion: install.codeServerVersion, durationMs: 0 };
  let session: E2eSession | undefined;
  try {
    session = await startSession({ install, vsix, resultsDir });
    const s = session;
    await s.workbench.screenshot('workbench-open');
    const scenario = (name: string, fn: () => Promise<void>) => runScenario(t, s, marker, name, fn);

    await scenario('CodeLens runs the batch and the tree lists every request', async () => {
      const wb = s.workbench;
      const { fixture, server } = s;
      await wb.openFile(fixture.mainFile);
      const lens = await wb.waitForCodeLens(/^Run batch \(/);
      assert.equal(lens, `Run batch (${fixture.mainExpected.length} requests, concurrency 2)`);
      const perRequest = (await wb.codeLensTitles()).filter((title) => title === 'Run');
      assert.equal(perRequest.length, fixture.mainExpected.length, 'one "Run" CodeLens per request');
      // Trace lines show only when the channel is at Trace, which a user picks in the UI.
      await wb.setChannelLogLevel('Batch HTTP', 'Trace');
      await wb.screenshot('main-file-codelens');
      await wb.clickCodeLens(/^Run batch \(/);
      await showResults(wb);
      const rows = await waitForRunRows(wb, fixture.mainExpected);
      await wb.screenshot('main-run-results');
      assert.equal(rows.length, 6);
      assert.ok(!describeRows(await wb.treeRows(RESULTS_VIEW)).includes(SECRET), 'the token never shows in the tree');
      for (const path of ['/users/1', '/users', '/users/2', '/bytes/2048', '/status/404']) assert.equal(server.hits(path), 1, `the server saw ${path} once`);
      // The state shows in the icon too: the two failed requests look alike and unlike the four that succeeded.
      const failed = new Set(['Missing page', 'Dead port']);
      const failedIcons = new Set(rows.filter((r) => failed.has(r.label)).map((r) => r.icons.join(',')));
      const passedIcons = new Set(rows.filter((r) => !failed.has(r.label)).map((r) => r.icons.join(',')));
      assert.equal(failedIcons.size, 1, `failed rows share an icon: ${describeRows(rows)}`);
      assert.equal(passedIcons.size, 1, `succeeded rows share an icon: ${describeRows(rows)}`);
      assert.notDeepEqual([...failedIcons], [...passedIcons], `failed and succeeded rows have different icons: ${describeRows(rows)}`);
      await wb.waitForCodeLens(/^Run batch \(/, 15_000);
    });

    await scenario('the output channel shows trace lines of the run', async () => {
      const wb = s.workbench;
      await wb.runCommand('Batch HTTP: Show Trace Log');
      await waitFor('the Output panel to show the "Batch HTTP" channel', async () => ((await wb.outputChannel()) === 'Batch HTTP' ? true : undefined), {
        timeoutMs: 15_000,
        describe: async () => `selected channel: ${await wb.outputChannel()}`,
      });
      // The panel shows what fits; maximized it holds the whole (short) log of the run.
      await wb.runCommand('View: Toggle Maximized Panel');
      const lines = await waitFor(
        'trace lines naming the requests of the run',
        async () => {
          const text = await wb.outputLines();
          const all = text.join('\n');
          return ['/users/1', '/status/404', '/nothing'].every((p) => all.includes(p)) ? text : undefined;
        },
        { timeoutMs: 15_000, describe: async () => (await wb.outputLines()).slice(-20).join('\n') },
      );
      await wb.screenshot('output-trace-log');
      await wb.runCommand('View: Toggle Maximized Panel');
      assert.ok(lines.some((l) => /trace/i.test(l)), `trace-level lines are shown:\n${lines.join('\n')}`);
      const all = lines.join('\n');
      assert.ok(!all.includes(SECRET), `the token sent in the Authorization header never shows in the log:\n${all}`);
    });

    await scenario('Cancel stops a slow batch and the tree shows cancelled requests', async () => {
      const wb = s.workbench;
      const { fixture, server } = s;
      await wb.openFile(fixture.slowFile);
      server.reset();
      await wb.clickCodeLens(/^Run batch \(/);
      await waitFor(`the server to hold ${fixture.slowConcurrency} slow requests`, async () => (server.inFlight() === fixture.slowConcurrency ? true : undefined), {
        timeoutMs: 30_000,
        describe: () => `in flight: ${server.inFlight()}`,
      });
      const cancelLens = await wb.waitForCodeLens(/^Cancel \(\d+\/\d+\)$/, 15_000);
      assert.equal(cancelLens, `Cancel (0/${fixture.slowCount})`);
      await showResults(wb);
      await wb.screenshot('slow-run-in-flight');
      await wb.clickCodeLens(/^Cancel \(/);
      const expected = Array.from({ length: fixture.slowCount }, () => ({ label: 'Slow one', description: /CANCELLED/ }));
      await waitForRunRows(wb, expected, 30_000);
      await wb.screenshot('slow-run-cancelled');
      await waitFor('the server to see the in-flight requests aborted', async () => (server.inFlight() === 0 ? true : undefined), { timeoutMs: 10_000, describe: () => `in flight: ${server.inFlight()}` });
      assert.equal(server.hits('/slow'), fixture.slowConcurrency, 'no request started after the cancel');
      assert.equal(server.aborted(), fixture.slowConcurrency, 'the requests in flight were aborted');
      await wb.waitForCodeLens(/^Run batch \(/, 15_000);
    });

    await scenario('a syntax error appears in Problems', async () => {
      const wb = s.workbench;
      await wb.openFile(s.fixture.brokenFile);
      await wb.runCommand('Problems: Focus on Problems View');
      const rows = await waitFor(
        'the Problems panel to list errors of broken.batch.http',
        async () => {
          const found = await wb.problemRows();
          return found.filter((r) => r.severity === 'error').length >= 2 ? found : undefined;
        },
        { timeoutMs: 20_000, describe: async () => JSON.stringify(await wb.problemRows()) },
      );
      await wb.screenshot('problems-panel');
      const text = rows.map((r) => r.text).join('\n');
      assert.match(text, /broken\.batch\.http/);
      assert.match(text, /concurrency/i, 'the invalid @concurrency value is reported');
      assert.match(text, /line 1\b|1:\d|Ln 1\b|\[Ln 1/i, `the first error is on line 1:\n${text}`);
      assert.match(text, /line 6\b|6:\d|Ln 6\b|\[Ln 6/i, `the header error is on line 6:\n${text}`);
    });

    await scenario('a run from the command palette works', async () => {
      const wb = s.workbench;
      const { fixture, server } = s;
      await wb.openFile(fixture.paletteFile);
      server.reset();
      await wb.runCommand('Batch HTTP: Run Batch');
      await showResults(wb);
      await waitForRunRows(wb, fixture.paletteExpected);
      await wb.screenshot('palette-run-results');
      assert.equal(server.hits('/users/7'), 1);
      assert.equal(server.hits('/users/8'), 1);
    });
    marker.passed = marker.scenarios.every((sc) => sc.passed);
  } finally {
    marker.durationMs = Date.now() - started;
    await session?.close();
    writeMarker(resultsDir, marker);
  }
  assert.ok(marker.passed, `failed scenarios: ${marker.scenarios.filter((sc) => !sc.passed).map((sc) => sc.name).join('; ')}`);
});

async function runScenario(t: TestContext, s: E2eSession, marker: RunMarker, name: string, fn: () => Promise<void>): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
      marker.scenarios.push({ name, passed: true });
    } catch (err) {
      const shot = await s.workbench.screenshot(`FAILED-${name}`).catch(() => 'no screenshot');
      const notes = await s.workbench.notifications().catch(() => []);
      const tree = await s.workbench.treeRows(RESULTS_VIEW).then(describeRows, () => '?');
      marker.scenarios.push({ name, passed: false, error: (err as Error).message });
      await s.workbench.closeQuickInput().catch(() => undefined);
      const context = [`screenshot: ${shot}`, `notifications: ${JSON.stringify(notes)}`, `results tree: ${tree}`, `latest run: ${describeRows(latestRunRequests(await s.workbench.treeRows(RESULTS_VIEW).catch(() => [])))}`, `code-server log (end):\n${s.editorLog(1500)}`];
      (err as Error).message += `\n${context.join('\n')}`;
      throw err;
    }
  });
}
