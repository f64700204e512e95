// The CLI's JUnit, HTML and pretty reports from streams (junit-spool.ts, html-spool.ts,
// PrettyCollector): the same text as `toJunit`/`toHtml`/`toPretty` of the whole report,
// whatever order the results finished in, with a token learned at run time redacted everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlSpool } from '../../src/cli/html-spool';
import { JunitSpool } from '../../src/cli/junit-spool';
import { runBatch } from '../../src/core/runner';
import { buildPlan } from '../../src/core/parser';
import { PrettyCollector, prettyText, toHtml, toJunit, toPretty } from '../../src/core/report';
import { createNodeFileReader } from '../../src/core/system';
import type { RequestResult, RunReport } from '../../src/core/types';
import { startServer, sendJson } from '../support/server';
import { finishOrder } from '../support/finish-order';
import { syntheticReport } from '../support/synthetic-report';

const token = 'dyn-token-<&learned>-8841';
const planSecret = 'plan-secret-abc-123';

function planText(url: string): string {
  return [
    '# @concurrency 4',
    '# @retries 2',
    '### login',
    '# @name login',
    `POST ${url}/login`,
    '',
    '?? status == 200',
    '?? body $.token exists',
    '',
    '###', // no title: the element's name is `GET URL`, the token in a query parameter whose name says nothing
    `GET ${url}/echo?t={{login.response.body.$.token}}`,
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
    '### flaky: 503 once, then 200',
    `GET ${url}/flaky`,
    '',
    '### always 503: fails after its retries',
    `GET ${url}/down`,
    '',
    '### a failing assertion',
    '# @name failing',
    `GET ${url}/job`,
    `Authorization: Bearer ${planSecret}`,
    '',
    '?? status == 200',
    '?? body $.state == done',
    '',
    '### skipped: depends on a failed request',
    '# @depends-on failing',
    `GET ${url}/never`,
    '',
    '### hedged: the copies after the first success are not needed',
    '# @repeat 4',
    '# @first 1',
    `GET ${url}/item`,
    '',
    '### never answered: cancelled when the run is stopped',
    `GET ${url}/hang`,
    '',
  ].join('\n');
}

test('a real run with successes, failures, retries, assertions, skipped and cancelled requests: JUnit, HTML and pretty from streams are the in-memory reports byte for byte', async () => {
  let flaky = 0;
  const server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/login') return sendJson(res, 200, { token });
    if (path === '/flaky') return sendJson(res, flaky++ === 0 ? 503 : 200, {});
    if (path === '/down') return sendJson(res, 503, {});
    if (path === '/job') return sendJson(res, 200, { state: 'running' });
    if (path === '/hang') return; // never answered
    sendJson(res, 200, { path });
  });
  try {
    const plan = await buildPlan(planText(server.url), { filePath: '/tmp/streams <&>.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv: null });
    assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
    const total = plan.requests.length;
    const junit = new JunitSpool(total, plan.file, plan.secrets);
    const html = new HtmlSpool(total, plan.secrets);
    const pretty = new PrettyCollector();
    const small = new PrettyCollector(3);
    const controller = new AbortController();
    let finished = 0;
    const onResult = (r: RequestResult): void => {
      junit.add(r);
      html.add(r);
      pretty.add(r);
      small.add(r);
      if (++finished === total - 1) controller.abort(); // only /hang is left
    };
    try {
      const report = await runBatch(plan, { onResult, signal: controller.signal });
      const s = report.summary;
      assert.ok(s.succeeded >= 3 && s.failed === 2 && s.skipped === 1 && s.cancelled === 1 && (s.notNeeded ?? 0) >= 1 && s.retries >= 3, JSON.stringify(s));
      assert.ok(s.assertions && s.assertions.failed === 1 && s.assertions.passed >= 3);
      assert.ok(report.secrets?.includes(token), 'the token was learned at run time');
      const text = collect(junit.reportChunks(report));
      assert.equal(text, toJunit(report, plan.secrets));
      assert.doesNotMatch(text, /dyn-token|plan-secret/);
      assert.match(text, /name="GET http:\/\/127\.0\.0\.1:\d+\/echo\?t=\*\*\*"/);
      const page = collect(html.reportChunks(report, 'n0nce'));
      assert.equal(page, toHtml(report, { secrets: plan.secrets, nonce: 'n0nce' }));
      assert.doesNotMatch(page, /dyn-token|plan-secret/);
      assert.equal(prettyText(report, pretty.rows(), { secrets: plan.secrets }), toPretty(report, { secrets: plan.secrets }));
      const truncated = prettyText(report, small.rows(), { secrets: plan.secrets, maxRows: 3 });
      assert.equal(truncated, toPretty(report, { secrets: plan.secrets, maxRows: 3 }));
      assert.match(truncated, /more not shown; every request that did not succeed is listed first/);
    } finally {
      junit.close();
      html.close();
    }
  } finally {
    await server.close();
  }
});

test('3000 synthetic results finishing out of order, cancelled tail and planted secret: the same JUnit, HTML and pretty text', () => {
  const report = syntheticReport({ count: 3000, secret: 'planted-secret-99', cancelAtMs: 4000 });
  const s = report.summary;
  assert.ok(s.failed > 20 && s.skipped > 0 && s.cancelled > 0 && s.retries > 0, JSON.stringify(s));
  const junit = new JunitSpool(report.results.length, report.file, ['planted-secret-99']);
  const html = new HtmlSpool(report.results.length, ['planted-secret-99']);
  const pretty = new PrettyCollector();
  try {
    for (const i of shuffled(report.results.length)) {
      junit.add(report.results[i]!);
      html.add(report.results[i]!);
      pretty.add(report.results[i]!);
    }
    const page = collect(html.reportChunks(report, 'n0nce'));
    assert.equal(page, toHtml(report, { secrets: ['planted-secret-99'], nonce: 'n0nce' }));
    assert.doesNotMatch(page, /planted-secret-99/);
    const chunks = Array.from(junit.reportChunks(report), (c) => (typeof c === 'string' ? c : Buffer.from(c)));
    const text = collect(chunks);
    assert.equal(text, toJunit(report, ['planted-secret-99']));
    assert.doesNotMatch(text, /planted-secret-99/);
    assert.equal((text.match(/<testcase /g) ?? []).length, 3000);
    assert.ok(chunks.length < 20, `elements handed on in big batches (${chunks.length} pieces)`);
    const expected = toPretty(report, { secrets: ['planted-secret-99'] });
    assert.equal(prettyText(report, pretty.rows(), { secrets: ['planted-secret-99'] }), expected);
    assert.match(expected, /more not shown/);
  } finally {
    junit.close();
    html.close();
  }
});

test('a secret learned late is redacted in the spooled JUnit elements and HTML rows as toJunit/toHtml redact it; carried results read back in index order', () => {
  const base = syntheticReport({ count: 300, secret: 'late-secret-<x>&y' });
  const report: RunReport = { ...base, secrets: ['late-secret-<x>&y'] };
  const junit = new JunitSpool(300, report.file, []);
  const html = new HtmlSpool(300, []);
  try {
    // Results 0..99 come from an earlier report (`--resume`), the others finish in this run.
    for (let i = 0; i < 100; i++) {
      junit.add(report.results[i]!, true);
      html.add(report.results[i]!, true);
    }
    for (const i of shuffled(200)) {
      junit.add(report.results[i + 100]!);
      html.add(report.results[i + 100]!);
    }
    const text = collect(junit.reportChunks(report));
    assert.equal(text, toJunit(report));
    assert.doesNotMatch(text, /late-secret/);
    const page = collect(html.reportChunks(report, 'n0nce'));
    assert.equal(page, toHtml(report, { nonce: 'n0nce' }));
    assert.doesNotMatch(page, /late-secret/);
  } finally {
    junit.close();
    html.close();
  }
});

test('JUnit and HTML reports of no results, and a JUnit one whose temporary file failed, as the JSON spool says it', () => {
  const empty = syntheticReport({ count: 0 });
  const spool = new JunitSpool(0, empty.file, []);
  const html = new HtmlSpool(0, []);
  try {
    assert.equal(collect(spool.reportChunks(empty)), toJunit(empty));
    assert.equal(collect(html.reportChunks(empty, 'n0nce')), toHtml(empty, { nonce: 'n0nce' }));
  } finally {
    spool.close();
    html.close();
  }
  const report = syntheticReport({ count: 2 });
  const broken = new JunitSpool(2, report.file, []);
  broken.close(); // the file is gone: the next write fails, and the failure is remembered
  broken.add(report.results[0]!);
  broken.add(report.results[1]!);
  const given: unknown[] = [];
  assert.throws(() => {
    for (const chunk of broken.reportChunks(report)) given.push(chunk);
  }, /cannot keep the results in a temporary file/);
  assert.deepEqual(given, [], 'nothing handed on before the failure');
});

/** The report's text; each piece copied as it comes (a batch of bytes is valid until the next is asked for). */
function collect(chunks: Iterable<string | Uint8Array>): string {
  return Buffer.concat(Array.from(chunks, (c) => Buffer.from(c))).toString('utf8');
}

/** 0..n-1 mostly in order, shuffled locally, with stragglers at the end. */
function shuffled(n: number): number[] {
  return finishOrder(n, 7, 32, 41, 5);
}
