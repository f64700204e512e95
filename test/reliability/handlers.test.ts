// No code from a .batch.http file ever runs: JetBrains response handlers (inline and as a
// file) and httpYac script blocks would each write a marker file if executed. After
// planning and running the batch, no marker exists and each handler is a warning.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { start, type HostileServer } from '../support/hostile-server';
import { handlerWorkspace } from '../support/handler-fixture';
import { planFor, runWatched } from '../support/run-harness';

let server: HostileServer;

before(async () => {
  server = await start();
});

after(async () => {
  await server.close();
});

test('response handlers and script blocks are recognised, reported and never run', async () => {
  const { ws, markers } = await handlerWorkspace(server.url);
  try {
    const plan = await planFor(ws);
    const warnings = plan.diagnostics.filter((d) => d.severity === 'warning');
    for (const line of [4, 9, 17, 20, 26]) {
      assert.ok(
        warnings.some((d) => d.line === line),
        `a warning on line ${line}: ${JSON.stringify(plan.diagnostics)}`,
      );
    }
    assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), [], 'a file written for JetBrains or httpYac parses');
    const run = await runWatched(plan);
    assert.equal(run.report.results.length, 5);
    for (const r of run.report.results) assert.equal(r.outcome, 'succeeded', `#${r.index}`);
    await new Promise((r) => setTimeout(r, 100));
    for (const m of markers) assert.equal(existsSync(m), false, `${m} exists: a script ran`);
  } finally {
    await ws.dispose();
  }
});
