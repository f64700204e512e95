// Assertions in the request lifecycle: `decide` checks them once on a response that finishes,
// turns a success into ASSERTION_FAILED, lets `?? status` stand for the expected statuses;
// and a whole run against a local server reads response references in EXPECTED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { ConnectionRefusedError, stopError } from '../../../src/core/runner/errors';
import { type AttemptOutcome, decide, type DecideRun } from '../../../src/core/runner/lifecycle';
import { buildPlan } from '../../../src/core/parser';
import type { PlannedCheck } from '../../../src/core/types';
import { sendJson, startServer } from '../../support/server';

const T = { startMs: 10, ttfbMs: 4, endMs: 30 };
const json = (status: number, value: unknown, headers: Record<string, string> = {}): AttemptOutcome => {
  const body = Buffer.from(JSON.stringify(value));
  return { kind: 'response', status, headers: { 'content-type': 'application/json', ...headers }, body, bodyBytes: body.length, truncated: false, ...T };
};
const check = (line: number, field: PlannedCheck['field'], arg: string | null, op: PlannedCheck['op'], expected: string | null): PlannedCheck => ({
  line,
  text: `${field}${arg ? ` ${arg}` : ''} ${op}${expected === null ? '' : ` ${expected}`}`,
  field,
  arg,
  op,
  expected,
});

function run(stopCode: DecideRun['stopCode'] = null): DecideRun {
  return { stopCode, wallNow: () => 0, random: () => 0, redact: (t) => t.replaceAll('s3cret', '***') };
}

const STATE_DONE = check(5, 'body', '$.state', '==', 'done');

test('decide: a success with a failing assertion fails with ASSERTION_FAILED, listing every assertion; never a retry', () => {
  const d = decide(json(200, { state: 'running' }), { request: { expectStatus: null, retries: 3 }, attempts: 1, retryAllowed: true, checks: [check(4, 'status', null, '==', '200'), STATE_DONE] }, run());
  assert.equal(d.step, 'finish');
  if (d.step !== 'finish') return;
  assert.equal(d.outcome, 'failed');
  assert.equal(d.error?.code, 'ASSERTION_FAILED');
  assert.match(d.error!.message, /^assertion on line 5 failed: '\?\? body \$\.state == done' found '"running"'/);
  assert.deepEqual(d.assertions!.map((a) => [a.line, a.ok, a.actual]), [[4, true, '200'], [5, false, '"running"']]);
});

test('decide: passing assertions keep the success; the values found are redacted', () => {
  const d = decide(json(200, { state: 'done', token: 's3cret' }), { request: { expectStatus: null, retries: 0 }, attempts: 1, retryAllowed: false, checks: [STATE_DONE, check(6, 'body', '$.token', 'exists', null)] }, run());
  assert.deepEqual(d.step === 'finish' && [d.outcome, d.error, d.assertions!.map((a) => a.actual)], ['succeeded', null, ['"done"', '"***"']]);
});

test('decide: a retried response is not checked; the final one is, also when it fails with UNEXPECTED_STATUS', () => {
  const checks = [STATE_DONE];
  const first = decide(json(503, { state: 'x' }), { request: { expectStatus: null, retries: 1 }, attempts: 1, retryAllowed: true, checks }, run());
  assert.equal(first.step, 'retry');
  const last = decide(json(503, { state: 'done' }), { request: { expectStatus: null, retries: 1 }, attempts: 2, retryAllowed: true, checks }, run());
  assert.deepEqual(last.step === 'finish' && [last.outcome, last.error?.code, last.assertions?.[0]?.ok], ['failed', 'UNEXPECTED_STATUS', true]);
  const stopped = decide(json(503, { state: 'done' }), { request: { expectStatus: null, retries: 1 }, attempts: 1, retryAllowed: true, checks }, run('BAILED'));
  assert.deepEqual(stopped.step === 'finish' && [stopped.outcome, stopped.error?.code, stopped.assertions?.length], ['cancelled', 'BAILED', 1]);
});

test('decide: ?? status stands for the expected statuses; @expect-status and its message win otherwise', () => {
  const is404 = [check(3, 'status', null, '==', '404')];
  const ok = decide(json(404, {}), { request: { expectStatus: null, retries: 0 }, attempts: 1, retryAllowed: false, checks: is404 }, run());
  assert.deepEqual(ok.step === 'finish' && [ok.outcome, ok.error], ['succeeded', null]);
  const rejected = decide(json(200, {}), { request: { expectStatus: null, retries: 0 }, attempts: 1, retryAllowed: false, checks: is404 }, run());
  assert.deepEqual(rejected.step === 'finish' && [rejected.outcome, rejected.error?.code, rejected.error?.message], ['failed', 'UNEXPECTED_STATUS', "status 200, expected by '?? status == 404' (line 3)"]);
  const expectWins = decide(json(404, {}), { request: { expectStatus: '200', retries: 0 }, attempts: 1, retryAllowed: false, checks: is404 }, run());
  assert.deepEqual(expectWins.step === 'finish' && [expectWins.outcome, expectWins.error?.message, expectWins.assertions?.[0]?.ok], ['failed', 'status 404, expected 200', true]);
});

test('decide: no response means nothing is checked', () => {
  const failure: AttemptOutcome = { kind: 'failure', error: new ConnectionRefusedError('refused'), bodyBytes: 0, ...T };
  const d = decide(failure, { request: { expectStatus: null, retries: 0 }, attempts: 1, retryAllowed: false, checks: [STATE_DONE] }, run());
  assert.deepEqual(d.step === 'finish' && [d.outcome, d.assertions], ['failed', undefined]);
  const stopped: AttemptOutcome = { kind: 'stopped', error: stopError('CANCELLED', 'in-flight'), bodyBytes: 0, ...T };
  const s = decide(stopped, { request: { expectStatus: null, retries: 0 }, attempts: 1, retryAllowed: false, checks: [STATE_DONE] }, run('CANCELLED'));
  assert.deepEqual(s.step === 'finish' && s.assertions, undefined);
});

test('decide: duration reads the final attempt (total and first byte)', () => {
  const checks = [check(7, 'duration', null, '==', '20'), check(8, 'duration', 'firstByte', '==', '4'), check(9, 'duration', 'dns', 'exists', null)];
  const d = decide(json(200, {}), { request: { expectStatus: null, retries: 0 }, attempts: 1, retryAllowed: false, checks }, run());
  assert.deepEqual(d.step === 'finish' && d.assertions!.map((a) => [a.ok, a.actual]), [[true, '20'], [true, '4'], [false, null]]);
});

test('a run: EXPECTED reads another response (a dependency); results list assertions, unchecked for a skipped request', async () => {
  const server = await startServer((req, res) => {
    if (req.url === '/login') return sendJson(res, 200, { user: 'ada' });
    if (req.url === '/me') return sendJson(res, 200, { name: 'ada' });
    return sendJson(res, 500, {});
  });
  try {
    const text = [
      `@host = ${server.url}`,
      '### login',
      '# @name login',
      'GET {{host}}/login',
      '### me',
      'GET {{host}}/me',
      '?? body $.name == {{login.response.body.$.user}}',
      '### broken',
      '# @name broken',
      '# @retries 0',
      'GET {{host}}/broken',
      '### after broken',
      'GET {{host}}/me',
      '?? status == 200',
    ].join('\n');
    const plan = await buildPlan(text, { filePath: '/t/a.batch.http', workspaceRoot: '/t', files: { readFile: async () => Promise.reject(Object.assign(new Error('no'), { code: 'ENOENT' })), exists: async () => false }, processEnv: {} });
    plan.requests[3]!.dependsOn = ['broken'];
    const report = await runBatch(plan);
    const [login, me, broken, after] = report.results;
    assert.deepEqual(login!.assertions, []);
    assert.deepEqual(me!.assertions, [{ line: 7, text: 'body $.name == {{login.response.body.$.user}}', ok: true, actual: '"ada"' }]);
    assert.equal(me!.outcome, 'succeeded');
    assert.equal(broken!.outcome, 'failed');
    assert.deepEqual([after!.outcome, after!.assertions], ['skipped', [{ line: 14, text: 'status == 200', ok: null, actual: null }]]);
    assert.deepEqual(report.summary.assertions, { total: 2, passed: 1, failed: 0 });
    assert.equal(server.seen.length, 3);
  } finally {
    await server.close();
  }
});

test('prepareRequest: response values go into EXPECTED of ?? lines and of @until (for polling); a missing one is UNRESOLVED_VARIABLE', async () => {
  const { Job } = await import('../../../src/core/runner/job');
  const { prepareRequest } = await import('../../../src/core/runner/prepare');
  const { Redactor } = await import('../../../src/core/redact');
  const { makeRequest } = await import('../../support/plan');
  const ref = '{{job.response.body.$.id}}';
  const request = makeRequest(
    { url: 'http://127.0.0.1:1/jobs', hasResponseRefs: true, assertions: [check(3, 'body', '$.id', '==', ref), STATE_DONE], until: check(2, 'body', '$.for', '==', ref) },
    0,
  );
  const lookup = (name: string) => (name === 'job' ? { status: 200, headers: {}, body: Buffer.from('{"id":42}') } : undefined);
  const job = new Job(request);
  assert.equal(prepareRequest(job, lookup, new Redactor()), null);
  assert.deepEqual(job.checks.map((c) => c.expected), ['42', 'done']);
  assert.equal(job.checks[1], request.assertions![1], 'a check without a reference is kept as it is');
  assert.equal(job.until!.expected, '42');
  assert.equal(request.assertions![0]!.expected, ref, 'the plan is not changed');
  const missing = new Job(request);
  assert.equal(prepareRequest(missing, () => undefined, new Redactor())?.code, 'UNRESOLVED_VARIABLE');
});
