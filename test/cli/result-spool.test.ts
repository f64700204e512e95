// The CLI's JSON report through a temporary file: the same text as the in-memory report,
// results in index order whatever order they finished in, secrets learned late redacted.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultSpool } from '../../src/cli/result-spool';
import { runBatch } from '../../src/core/runner';
import { buildPlan } from '../../src/core/parser';
import { summarize, toJsonReport } from '../../src/core/report';
import { createNodeFileReader } from '../../src/core/system';
import type { RequestResult } from '../../src/core/types';
import { startServer, sendJson } from '../support/server';

const token = 'dyn-token-from-login-5531';

async function loginPlan(url: string, extra: number) {
  const lines = ['### login', '# @name login', `POST ${url}/login`, ''];
  lines.push('### uses the token', `GET ${url}/b?auth={{login.response.body.$.token}}`, 'Authorization: Bearer {{login.response.body.$.token}}', '');
  for (let i = 0; i < extra; i++) lines.push(`### r${i}`, `GET ${url}/item?i=${i}&delay=${(extra - i) % 7}`, '');
  const plan = await buildPlan(lines.join('\n'), { filePath: '/tmp/spool.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
  assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
  return plan;
}

async function withServer(fn: (url: string) => Promise<void>): Promise<void> {
  const server = await startServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/login') return sendJson(res, 200, { token });
    setTimeout(() => sendJson(res, 200, { path: u.pathname, i: u.searchParams.get('i'), text: 'naïve ✓' }), Number(u.searchParams.get('delay') ?? 0));
  });
  try {
    await fn(server.url);
  } finally {
    await server.close();
  }
}

test('spooled JSON report: exactly the in-memory report, a token learned at run time redacted everywhere', async () => {
  await withServer(async (url) => {
    const plan = await loginPlan(url, 40);
    const spool = new ResultSpool(plan.requests.length, plan.secrets);
    try {
      const finishOrder: number[] = [];
      const report = await runBatch(plan, { onResult: (r) => (finishOrder.push(r.index), spool.add(r)) });
      assert.equal(report.summary.succeeded, 42);
      assert.notDeepEqual(finishOrder, [...finishOrder].sort((a, b) => a - b), 'results finished out of index order');
      const text = [...spool.reportChunks(report)].join('');
      assert.equal(text, toJsonReport(report, plan.secrets));
      assert.doesNotMatch(text, new RegExp(token));
      assert.match(text, /"body": "\{\\"token\\":\\"\*\*\*\\"\}"/);
    } finally {
      spool.close();
    }
  });
});

test('the temporary file is never visible by name and gone after close', () => {
  const mine = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`batch-http-results-${process.pid}-`));
  const spool = new ResultSpool(1, []);
  try {
    if (process.platform !== 'win32') assert.deepEqual(mine(), [], 'unlinked right after it was opened');
  } finally {
    spool.close();
  }
  assert.deepEqual(mine(), []);
});

test('spooled JSON report of a run with no results is the empty report', async () => {
  const plan = await buildPlan('', { filePath: '/tmp/empty.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
  const spool = new ResultSpool(0, []);
  try {
    const report = await runBatch(plan, { onResult: (r) => spool.add(r) });
    assert.equal([...spool.reportChunks(report)].join(''), toJsonReport(report));
  } finally {
    spool.close();
  }
});

test('keepResults false: no results kept, the same summary, references still resolved', async () => {
  await withServer(async (url) => {
    const plan = await loginPlan(url, 10);
    const delivered: RequestResult[] = [];
    const events: number[] = [];
    const report = await runBatch(plan, {
      keepResults: false,
      onResult: (r) => delivered.push(r),
      onEvent: (e) => void (e.type === 'finished' && events.push(e.index)),
    });
    assert.deepEqual(report.results, []);
    assert.equal(delivered.length, 12);
    assert.deepEqual(events.sort((a, b) => a - b), [...Array(12).keys()]);
    assert.equal(report.summary.succeeded, 12, 'the request using the login token ran');
    assert.deepEqual(report.summary, summarize(delivered, report.durationMs));
    assert.ok(delivered.every((r) => r.body !== null && r.body.length > 0), 'each delivered result has its body');
  });
});
