// A secret header's value is a secret wherever else it shows up: in a URL, in an error, in a
// report. Static values come through the plan; values taken from a response at run time
// are learned by the runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { buildPlan } from '../../../src/core/parser';
import { toJsonReport, toJunit, toPretty } from '../../../src/core/report';
import { createNodeFileReader } from '../../../src/core/system';
import type { Logger } from '../../../src/core/types';
import { withServer, sendJson } from '../../support/server';

function captureLogger(lines: string[]): Logger {
  const push = (m: string): void => void lines.push(m);
  return { enabled: () => true, trace: push, debug: push, info: push, warn: push, error: push };
}

test('a token used in Authorization and in a URL is redacted in trace lines and every report', async (t) => {
  const dynamicToken = 'dyn-token-from-login-7781';
  const staticToken = 'static-token-4412';
  const server = await withServer(t, (req, res) => {
    if (req.url === '/login') sendJson(res, 200, { token: dynamicToken });
    else sendJson(res, 200, { ok: true });
  });
  const text = [
    '### login',
    '# @name login',
    `POST ${server.url}/login`,
    '',
    '### static',
    `GET ${server.url}/a?auth=${staticToken}`,
    `Authorization: Bearer ${staticToken}`,
    '',
    '### dynamic',
    `GET ${server.url}/b?auth={{login.response.body.$.token}}`,
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
  ].join('\n');
  const plan = await buildPlan(text, { filePath: '/tmp/secret-spread.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
  assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(plan.secrets.includes(staticToken), 'the static bearer credential is a plan secret');
  const lines: string[] = [];
  const report = await runBatch(plan, { logger: captureLogger(lines) });
  assert.equal(report.summary.succeeded, 3);
  assert.ok(server.seen.some((s) => s.url === `/b?auth=${dynamicToken}`), 'the real token was sent');
  const outputs = [lines.join('\n'), toJsonReport(report, plan.secrets), toJunit(report, plan.secrets), toPretty(report, { secrets: plan.secrets })];
  for (const out of outputs) {
    assert.ok(!out.includes(staticToken), `static token leaked: ${out.slice(0, 200)}`);
    assert.ok(!out.includes(dynamicToken), `dynamic token leaked: ${out.slice(0, 200)}`);
  }
  assert.ok(lines.some((l) => l.includes('auth=***')), 'trace lines still show the URL, redacted');
});
