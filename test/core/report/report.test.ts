import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestRank, summarize, toJsonReport, toJsonReportObject, toJunit, toPretty, bodyText } from '../../../src/core/report';
import type { RequestResult, RunReport } from '../../../src/core/types';
import { makeReport, makeResult } from '../../support/results';

const result = (over: Partial<RequestResult>): RequestResult => makeResult(over);
const report = (results: RequestResult[]): RunReport => makeReport(results);

test('nearest-rank percentiles', () => {
  const v = [...Array(100).keys()].map((i) => i + 1);
  assert.equal(nearestRank(v, 50), 50);
  assert.equal(nearestRank(v, 99), 99);
  assert.equal(nearestRank([5], 90), 5);
  assert.equal(nearestRank([1, 2, 3, 4], 50), 2);
  assert.equal(nearestRank([1, 2, 3, 4], 90), 4);
});

test('summary: counts, retries, req/s and latency over requests with a response', () => {
  const rs = [
    result({ index: 0, durationMs: 12.1 }),
    result({ index: 1, durationMs: 42, status: 503, outcome: 'failed', attempts: 2, error: { code: 'UNEXPECTED_STATUS', message: 'm' } }),
    result({ index: 2, durationMs: null, status: null, outcome: 'skipped', attempts: 0, timings: null, error: { code: 'DEPENDENCY_FAILED', message: 'd' } }),
  ];
  const s = summarize(rs, 1000);
  assert.deepEqual(
    { ...s, latencyMs: null },
    // notNeeded and assertions: cli.md, second-round additions.
    { total: 3, succeeded: 1, failed: 1, cancelled: 0, skipped: 1, retries: 1, requestsPerSecond: 2, latencyMs: null, statusCounts: { 200: 1, 503: 1 }, errorCounts: { UNEXPECTED_STATUS: 1, DEPENDENCY_FAILED: 1 }, notNeeded: 0, assertions: { total: 0, passed: 0, failed: 0 } },
  );
  assert.deepEqual(s.latencyMs, { p50: 12.1, p90: 42, p95: 42, p99: 42, max: 42 });
});

test('JSON report: the spec field order, redaction, body/bodyBase64', () => {
  const rs = [
    result({ index: 0, name: 'user1', title: 'Get one user', line: 7, responseHeaders: { 'content-type': 'application/json', 'set-cookie': 'sid=1', 'x-api-key': 'k' }, body: Buffer.from('{"token":"hunter22"}'), bodyBytes: 20 }),
    result({ index: 1, body: Buffer.from([0xff, 0xfe, 0x00]), bodyBytes: 3 }),
    result({ index: 2, url: 'http://bob:pw@127.0.0.1/x', outcome: 'cancelled', status: null, attempts: 0, durationMs: null, timings: null, responseHeaders: null, body: null, bodyBytes: 0, error: { code: 'CANCELLED', message: 'cancelled' } }),
  ];
  const obj = toJsonReportObject(report(rs), ['hunter22']);
  assert.deepEqual(Object.keys(obj), ['version', 'file', 'startedAt', 'durationMs', 'settings', 'summary', 'results']);
  assert.deepEqual(Object.keys(obj.settings), ['concurrency', 'perHost', 'timeoutMs', 'deadlineMs', 'retries', 'rate', 'bail']);
  // notNeeded, assertions, concurrency (null for a fixed cap): cli.md, second-round additions.
  assert.deepEqual(Object.keys(obj.summary), ['total', 'succeeded', 'failed', 'cancelled', 'skipped', 'notNeeded', 'retries', 'requestsPerSecond', 'latencyMs', 'statusCounts', 'errorCounts', 'assertions', 'concurrency']);
  assert.equal(obj.summary.concurrency, null);
  // polls (after assertions): cli.md, second-round additions; httpVersion (after status): format spec 13.12, in every result.
  assert.deepEqual(Object.keys(obj.results[0]), [
    'index', 'name', 'title', 'line', 'method', 'url', 'outcome', 'status', 'httpVersion', 'attempts', 'durationMs', 'timings', 'trace', 'error', 'assertions', 'polls', 'responseHeaders', 'bodyBytes', 'body', 'truncated',
  ]);
  assert.equal(obj.durationMs, 1234.6);
  // Second round (cli.md): the phases of format section 11; absent ones print as null.
  assert.deepEqual(obj.results[0].timings, { queuedMs: 0, dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: 8, downloadMs: null, totalMs: 10, reused: false });
  assert.equal(obj.results[0].trace, null);
  assert.equal(obj.results[0].body, '{"token":"***"}');
  assert.deepEqual(obj.results[0].responseHeaders, { 'content-type': 'application/json', 'set-cookie': '***', 'x-api-key': '***' });
  assert.equal(obj.results[1].body, null);
  assert.equal(obj.results[1].bodyBase64, Buffer.from([0xff, 0xfe, 0x00]).toString('base64'));
  assert.deepEqual(Object.keys(obj.results[1]).slice(-3), ['body', 'bodyBase64', 'truncated']);
  assert.equal(obj.results[2].url, 'http://***@127.0.0.1/x');
  const text = toJsonReport(report(rs), ['hunter22']);
  assert.doesNotMatch(text, /hunter22|bob:pw/);
  assert.deepEqual(JSON.parse(text), obj);
});

test('a truncated body cut inside a UTF-8 character is still text', () => {
  const euro = Buffer.from('price: €');
  assert.equal(bodyText(euro.subarray(0, euro.length - 1), true).text, 'price: ');
  assert.equal(bodyText(euro.subarray(0, euro.length - 1), false).text, null);
});

test('JUnit: a testcase per request, failure/skipped, time in seconds, escaped', () => {
  const rs = [
    result({ index: 0, title: 'Get <one> & "user"', durationMs: 1500 }),
    result({ index: 1, method: 'POST', url: 'http://127.0.0.1/p', outcome: 'failed', status: 500, error: { code: 'UNEXPECTED_STATUS', message: 'status 500, expected 2xx or 3xx' } }),
    result({ index: 2, outcome: 'skipped', status: null, attempts: 0, durationMs: null, error: { code: 'DEPENDENCY_FAILED', message: 'skipped' } }),
    result({ index: 3, outcome: 'cancelled', status: null, error: { code: 'CANCELLED', message: 'cancelled' } }),
  ];
  const xml = toJunit(report(rs));
  assert.match(xml, /<testsuite name="examples\/demo.batch.http" tests="4" failures="1" errors="0" skipped="2" time="1.235"/);
  assert.match(xml, /<testcase name="Get &lt;one&gt; &amp; &quot;user&quot;" classname="examples\/demo.batch.http" time="1.500"\/>/);
  assert.match(xml, /<testcase name="POST http:\/\/127.0.0.1\/p"[^>]*>\n\s*<failure message="UNEXPECTED_STATUS: status 500, expected 2xx or 3xx" type="UNEXPECTED_STATUS">/);
  assert.equal((xml.match(/<skipped /g) ?? []).length, 2);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
});

test('pretty: a table and the summary', () => {
  const rs = [
    result({ index: 0, name: 'login' }),
    result({ index: 1, outcome: 'failed', status: 404, error: { code: 'UNEXPECTED_STATUS', message: 'status 404, expected 2xx or 3xx' } }),
  ];
  const text = toPretty(report(rs));
  assert.match(text, /#\s+name\s+method\s+url\s+status\s+outcome/);
  assert.match(text, /login\s+GET/);
  assert.match(text, /requests\s+2: 1 succeeded, 1 failed, 0 cancelled, 0 skipped/);
  assert.match(text, /latency ms\s+p50 10/);
  assert.match(text, /statuses\s+200 x1, 404 x1/);
  assert.match(text, /#1 \(line 1\) UNEXPECTED_STATUS/);
  const many = toPretty(report(Array.from({ length: 5 }, (_, i) => result({ index: i }))), { maxRows: 2 });
  assert.match(many, /RESULT: all requests succeeded/);
  assert.doesNotMatch(many, /\n0\s+GET/);
});
