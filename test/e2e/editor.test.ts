// End-to-end: the packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
// driven through Chromium like a person would. Runs when `npm run test:e2e:setup` has
// installed the editor; otherwise it is skipped with one line saying how to enable it
// (BATCH_HTTP_E2E=required turns that skip into a failure, for CI).
import assert from 'node:assert/strict';
import { editorTest } from './support/editor-test';
import { describeRows, latestRunRequests, RESULTS_VIEW, showResults, waitForRunRows } from './support/results-view';
import { brokenFileProblems } from './support/problems';
import { runScenario } from './support/scenario';
import { writeHostileFile, type HostileFixture } from './support/hostile-fixture';
import { openReportFromTree, reportFrames, waitForReport } from './support/report-view';
import { start as startHostile } from '../support/hostile-server';
import { SECRET } from './support/fixture';
import { waitFor } from './support/wait';

const TITLE = 'end-to-end: the extension in a real VS Code (code-server + Chromium)';

editorTest(TITLE, 'editor', async ({ t, marker, startSession, closeAfter }) => {
  const hostileServer = await startHostile({ tls: true });
  closeAfter(() => hostileServer.close());
  let hostileFixture: HostileFixture | undefined;
  const addToWorkspace = async (dir: string): Promise<void> => {
    hostileFixture = await writeHostileFile(dir, hostileServer);
  };
  const s = await startSession({ addFiles: addToWorkspace });
  await s.workbench.screenshot('workbench-open');
  // On a failure, the Results tree and the latest run's rows go into the message too.
  const treeContext = async (): Promise<string[]> => {
    const rows = await s.workbench.treeRows(RESULTS_VIEW).catch(() => []);
    return [`results tree: ${describeRows(rows)}`, `latest run: ${describeRows(latestRunRequests(rows))}`];
  };
  const scenario = (name: string, fn: () => Promise<void>) => runScenario(t, s, marker, name, fn, treeContext);

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
    await wb.focusEditor();
    await wb.waitForCodeLens(/^Run batch \(/, 15_000);
  });

  await scenario('the report opens from the tree after a run', async () => {
    const wb = s.workbench;
    await showResults(wb);
    await openReportFromTree(wb);
    await wb.page.locator('.tabs-container .tab', { hasText: `Report: ${s.fixture.mainFile}` }).waitFor({ state: 'visible', timeout: 15_000 });
    const frame = await waitForReport(wb.page, s.fixture.mainExpected.length);
    await wb.page.mouse.move(900, 500); // off the tree, so no tooltip covers the report
    await wb.screenshot('report-from-tree');
    assert.equal(frame.canvasBars, s.fixture.mainExpected.length, 'one bar per request of the run');
    // Back to one editor group, so the later scenarios see only their own editors.
    await wb.runCommand('View: Close All Editor Groups');
    assert.deepEqual(await reportFrames(wb.page), [], 'the report panel closed');
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
    // Copies of a @repeat request are labelled by their $index (issue 19, item 7).
    const expected = Array.from({ length: fixture.slowCount }, (_, i) => ({ label: `#${i} · Slow one`, description: /CANCELLED/ }));
    await waitForRunRows(wb, expected, 30_000);
    await wb.screenshot('slow-run-cancelled');
    await waitFor('the server to see the in-flight requests aborted', async () => (server.inFlight() === 0 ? true : undefined), { timeoutMs: 10_000, describe: () => `in flight: ${server.inFlight()}` });
    assert.equal(server.hits('/slow'), fixture.slowConcurrency, 'no request started after the cancel');
    assert.equal(server.aborted(), fixture.slowConcurrency, 'the requests in flight were aborted');
    await wb.focusEditor();
    await wb.waitForCodeLens(/^Run batch \(/, 15_000);
  });

  await scenario('a syntax error appears in Problems', async () => {
    const wb = s.workbench;
    const rows = await brokenFileProblems(wb, s.fixture.brokenFile);
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

  await scenario('a run against the hostile server ends complete and the editor stays usable', async () => {
    const wb = s.workbench;
    const hostile = hostileServer;
    const fixture = hostileFixture;
    assert.ok(fixture, 'the hostile file was written into the workspace');
    await wb.openFile(fixture.file);
    const lens = await wb.waitForCodeLens(/^Run batch \(/);
    assert.equal(lens, `Run batch (${fixture.expected.length} requests, concurrency ${fixture.concurrency})`);
    await wb.clickCodeLens(/^Run batch \(/);
    await showResults(wb);
    const rows = await waitForRunRows(wb, fixture.expected, 90_000);
    await wb.screenshot('hostile-run-results');
    const byLabel = new Map(rows.map((r) => [r.label, r.description]));
    assert.equal(byLabel.get('reset-before-headers'), 'CONNECTION_RESET');
    assert.equal(byLabel.get('hang'), 'TIMEOUT');
    assert.equal(byLabel.get('bad-header'), 'BAD_RESPONSE');
    assert.equal(byLabel.get('redirect-loop'), 'TOO_MANY_REDIRECTS');
    assert.equal(byLabel.get('dns'), 'DNS_FAILURE');
    assert.equal(byLabel.get('tls-self-signed'), 'TLS_ERROR');
    assert.match(byLabel.get('flaky503') ?? '', /^200 /, 'the 503s were retried into a 200');
    assert.equal(hostile.hits('e2e-flaky503'), 3, '503, 503, then 200');
    assert.equal(hostile.hits('e2e-retry-after-seconds'), 2, '429, then 200 after Retry-After');
    await waitFor('the hostile server to hold no request open', async () => (hostile.stats().inFlight === 0 ? true : undefined), {
      timeoutMs: 10_000,
      describe: () => JSON.stringify(hostile.stats()),
    });
    // The extension host is still there: the lens is back, commands run, typing re-plans the file.
    await wb.focusEditor();
    await wb.waitForCodeLens(/^Run batch \(/, 15_000);
    const notes = await wb.notifications();
    assert.ok(!notes.some((n) => /terminated|crashed|unresponsive/i.test(n)), `no extension host trouble reported: ${JSON.stringify(notes)}`);
    await wb.runCommand('Batch HTTP: Show Trace Log');
    await waitFor('the Output panel to show the "Batch HTTP" channel', async () => ((await wb.outputChannel()) === 'Batch HTTP' ? true : undefined), {
      timeoutMs: 15_000,
      describe: async () => `selected channel: ${await wb.outputChannel()}`,
    });
    const port = new URL(hostile.url).port;
    await waitFor(
      'trace lines of the hostile run',
      async () => ((await wb.outputLines()).some((l) => l.includes(port)) ? true : undefined),
      { timeoutMs: 15_000, describe: async () => (await wb.outputLines()).slice(-10).join('\n') },
    );
    await wb.screenshot('hostile-trace-log');
    await wb.openFile(fixture.file);
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+End');
    // Line by line, closing any word suggestion so Enter makes a new line.
    for (const line of ['', '### typed after the hostile run', `GET ${hostile.url}/ok`]) {
      await wb.page.keyboard.type(line);
      await wb.page.keyboard.press('Escape');
      await wb.page.keyboard.press('Enter');
    }
    await wb.page.keyboard.press('Control+Home'); // the batch lens sits above the first request
    const typed = await wb.waitForCodeLens(new RegExp(`^Run batch \\(${fixture.expected.length + 1} requests`), 15_000);
    assert.equal(typed, `Run batch (${fixture.expected.length + 1} requests, concurrency ${fixture.concurrency})`);
    await wb.screenshot('hostile-editor-still-usable');
    await wb.runCommand('File: Revert File');
    await wb.waitForCodeLens(new RegExp(`^Run batch \\(${fixture.expected.length} requests`), 15_000);
  });
});
