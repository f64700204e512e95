// Secrets never reach logs, results' messages or reports in clear: the planted values of
// secrets-fixture are searched for in every trace line and every error message of a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start, type HostileServer } from '../support/hostile-server';
import { captureLogger, planFor, runWatched } from '../support/run-harness';
import { leaksIn, PLANTED, secretsWorkspace } from '../support/secrets-fixture';

let server: HostileServer;

before(async () => {
  server = await start();
});

after(async () => {
  await server.close();
});

test('the plan knows the private env, .env and userinfo values as secrets', async () => {
  const ws = await secretsWorkspace(server);
  try {
    const plan = await planFor(ws, { environment: 'dev' });
    assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
    for (const v of [PLANTED.privateEnv, PLANTED.privatePassword, PLANTED.dotenv, PLANTED.userinfo]) {
      assert.ok(plan.secrets.includes(v), `${v} is a plan secret`);
    }
    // The plan is what would be sent: the values are there, in clear, for the runner.
    assert.ok(plan.requests[1].url.includes(PLANTED.privateEnv));
  } finally {
    await ws.dispose();
  }
});

test('trace logs and error messages of a run hold no planted secret', async () => {
  const ws = await secretsWorkspace(server);
  try {
    const plan = await planFor(ws, { environment: 'dev' });
    const { logger, lines } = captureLogger();
    const run = await runWatched(plan, { logger });
    const outcomes = run.report.results.map((r) => `${r.outcome}:${r.error?.code ?? r.status}`);
    assert.deepEqual(outcomes, [
      'succeeded:200',
      'failed:UNEXPECTED_STATUS',
      'succeeded:200',
      'succeeded:200',
      'failed:CONNECTION_REFUSED',
      'succeeded:200',
      'failed:TOO_MANY_REDIRECTS',
      'failed:UNEXPECTED_STATUS',
    ]);
    assert.ok(lines.length >= plan.requests.length, 'the trace log has a line per event at least');
    const logLeaks = lines.map((l) => [leaksIn(l), l] as const).filter(([k]) => k.length);
    assert.deepEqual(logLeaks, [], 'trace lines');
    for (const r of run.report.results) {
      assert.deepEqual(leaksIn(r.error?.message ?? ''), [], `#${r.index} error message: ${r.error?.message}`);
      assert.deepEqual(leaksIn(r.url).filter((k) => k === 'userinfo'), [], `#${r.index} url keeps no userinfo`);
    }
  } finally {
    await ws.dispose();
  }
});
