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
import { createRng } from '../support/prng';
import { finishOrder } from '../support/finish-order';
import { makeReport, makeResult } from '../support/results';

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
      const text = reportBytes(spool.reportChunks(report)).toString('utf8');
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
    assert.equal(reportBytes(spool.reportChunks(report)).toString('utf8'), toJsonReport(report));
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

/** The spool's pieces as the bytes a reader gets. */
/** The pieces copied as they come (a batch of bytes is valid until the next is asked for). */
function collectChunks(chunks: Iterable<string | Uint8Array>): (string | Buffer)[] {
  return Array.from(chunks, (c) => (typeof c === 'string' ? c : Buffer.from(c)));
}

function reportBytes(chunks: Iterable<string | Uint8Array>): Buffer {
  return Buffer.concat(collectChunks(chunks).map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

/** Results 0..n-1 with bodies of mixed sizes and scripts; a few large ones. */
function syntheticResults(n: number, secret: string): RequestResult[] {
  const rng = createRng(4242);
  return [...Array(n).keys()].map((index) => {
    const size = index === 7 ? 1_500_000 : index % 97 === 5 ? 60_000 : rng.int(0, 900);
    const body = Buffer.from(`${index} naïve ✓ 😀 "${secret}" `.repeat(Math.ceil(size / 30)).slice(0, size));
    return makeResult({
      index,
      url: `http://127.0.0.1:1/i/${index}?k=${secret}`,
      responseHeaders: { 'x-echo': `${secret}-${index}`, 'content-type': 'text/plain' },
      body,
      bodyBytes: body.length,
      durationMs: rng.next() * 100,
    });
  });
}

test('spooled report of 3000 out-of-order results, some of 60 KB and one of 1.5 MB: the in-memory report byte for byte', () => {
  const results = syntheticResults(3000, 'known-secret-1');
  const missing = new Set([0, 11, 2999]); // never delivered (a cancelled run)
  const kept = results.filter((r) => !missing.has(r.index));
  const report = makeReport(kept);
  const spool = new ResultSpool(results.length, ['known-secret-1']);
  try {
    for (const i of finishOrder(results.length)) if (!missing.has(i)) spool.add(results[i]!);
    const chunks = collectChunks(spool.reportChunks(report));
    const bytes = reportBytes(chunks);
    assert.ok(bytes.equals(Buffer.from(toJsonReport(report, ['known-secret-1']))), 'the same bytes');
    assert.doesNotMatch(bytes.toString('utf8'), /known-secret-1/);
    assert.equal((JSON.parse(bytes.toString('utf8')) as { results: unknown[] }).results.length, kept.length);
    const pieces = chunks.filter((c) => typeof c !== 'string');
    assert.ok(pieces.length >= 3 && pieces.length < 100, `results handed on in big batches (${pieces.length})`);
  } finally {
    spool.close();
  }
});

test('spooled report with a secret learned late: every result redacted again, as the in-memory report', () => {
  const results = syntheticResults(400, 'late-secret-77');
  const report = makeReport(results, { secrets: ['late-secret-77'] });
  const spool = new ResultSpool(results.length, []);
  try {
    for (const i of finishOrder(results.length)) spool.add(results[i]!);
    const text = reportBytes(spool.reportChunks(report)).toString('utf8');
    assert.equal(text, toJsonReport(report));
    assert.doesNotMatch(text, /late-secret-77/);
    assert.match(text, /"x-echo": "\*\*\*-5"/);
  } finally {
    spool.close();
  }
});
