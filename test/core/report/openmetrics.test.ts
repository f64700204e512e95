// `--reporter openmetrics`: the Prometheus text format of cli.md's table, from results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeLabelValue, MetricsBuilder, originOf, OriginCache, toOpenMetrics } from '../../../src/core/report';
import type { RequestResult } from '../../../src/core/types';
import { makeReport, makeResult } from '../../support/results';
import { parsePromText, sampleValue, type Family } from '../../support/prom-text';
import { syntheticReport } from '../../support/synthetic-report';

test('origin: scheme://host:port with the default port written, no userinfo, path or query', () => {
  assert.equal(originOf('http://example.com/a?b=c'), 'http://example.com:80');
  assert.equal(originOf('https://example.com'), 'https://example.com:443');
  assert.equal(originOf('https://EXAMPLE.com:8443/x#y'), 'https://example.com:8443');
  assert.equal(originOf('http://***@host:81/p'), 'http://host:81');
  assert.equal(originOf('http://[::1]:9000/'), 'http://[::1]:9000');
  assert.equal(originOf('http://127.0.0.1:80/'), 'http://127.0.0.1:80');
  assert.equal(originOf('{{host}}/x'), 'unknown');
  assert.equal(originOf('ftp://example.com/file'), 'unknown');
  const cache = new OriginCache(2);
  for (const url of ['http://a/1', 'http://a/2?x', 'https://b:1/', 'http://c', 'http://c/d', 'not a url']) {
    assert.equal(cache.of(url), originOf(url), url);
  }
});

test('label values are escaped as the format requires', () => {
  assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  assert.equal(escapeLabelValue('plain'), 'plain');
});

function families(text: string): Map<string, Family> {
  const parsed = parsePromText(text);
  for (const f of parsed.values()) {
    assert.ok(f.help && f.help.length > 0, `${f.name} has HELP`);
    assert.notEqual(f.type, 'untyped', `${f.name} has TYPE`);
    for (const s of f.samples) {
      if (f.name !== 'batch_http_run_duration_seconds') assert.ok(s.labels.origin, `${s.name} has an origin`);
    }
  }
  return parsed;
}

test('the metrics of the table: names, types, labels, counts and the histogram', () => {
  const results: RequestResult[] = [
    makeResult({ index: 0, url: 'http://127.0.0.1:8080/a?token=x', status: 200, durationMs: 3 }),
    makeResult({ index: 1, url: 'http://127.0.0.1:8080/b', status: 200, durationMs: 5, attempts: 3 }),
    makeResult({ index: 2, url: 'http://127.0.0.1:8080/c', outcome: 'failed', status: 503, durationMs: 40, attempts: 2, error: { code: 'UNEXPECTED_STATUS', message: 'x' } }),
    makeResult({ index: 3, url: 'https://api.example.com/d', outcome: 'failed', status: null, durationMs: 12, error: { code: 'TIMEOUT', message: 'x' } }),
    makeResult({ index: 4, url: 'https://api.example.com/e', outcome: 'skipped', status: null, attempts: 0, durationMs: null, error: { code: 'DEPENDENCY_FAILED', message: 'x' } }),
    makeResult({ index: 5, url: 'https://api.example.com/f', status: 200, durationMs: 12_000 }),
    makeResult({ index: 6, url: 'https://api.example.com/g', outcome: 'cancelled', status: null, attempts: 0, durationMs: null, error: { code: 'CANCELLED', message: 'x' } }),
  ];
  const report = makeReport(results, { durationMs: 1234.56 });
  const text = toOpenMetrics(report);
  const f = families(text);
  assert.deepEqual([...f.keys()], [
    'batch_http_requests_total',
    'batch_http_responses_total',
    'batch_http_errors_total',
    'batch_http_retries_total',
    'batch_http_request_duration_seconds',
    'batch_http_run_duration_seconds',
  ]);
  assert.equal(f.get('batch_http_requests_total')!.type, 'counter');
  assert.equal(f.get('batch_http_request_duration_seconds')!.type, 'histogram');
  assert.equal(f.get('batch_http_run_duration_seconds')!.type, 'gauge');
  const local = 'http://127.0.0.1:8080';
  const api = 'https://api.example.com:443';
  const v = (name: string, labels: Record<string, string>) => sampleValue(f, name, labels);
  assert.equal(v('batch_http_requests_total', { origin: local, outcome: 'succeeded' }), 2);
  assert.equal(v('batch_http_requests_total', { origin: local, outcome: 'failed' }), 1);
  assert.equal(v('batch_http_requests_total', { origin: api, outcome: 'skipped' }), 1);
  assert.equal(v('batch_http_requests_total', { origin: api, outcome: 'cancelled' }), 1);
  assert.equal(v('batch_http_responses_total', { origin: local, status: '200' }), 2);
  assert.equal(v('batch_http_responses_total', { origin: local, status: '503' }), 1);
  assert.equal(v('batch_http_errors_total', { origin: api, code: 'TIMEOUT' }), 1);
  assert.equal(v('batch_http_retries_total', { origin: local }), 3);
  assert.equal(v('batch_http_retries_total', { origin: api }), 0);
  const bucket = (origin: string, le: string) => v('batch_http_request_duration_seconds_bucket', { origin, le });
  assert.equal(bucket(local, '0.001'), undefined, 'only the listed bounds');
  assert.equal(bucket(local, '0.005'), 2, '3 ms and 5 ms (the bound is inclusive)');
  assert.equal(bucket(local, '0.025'), 2);
  assert.equal(bucket(local, '0.05'), 3);
  assert.equal(bucket(api, '10'), 0, 'a timeout has no response: not observed');
  assert.equal(bucket(api, '+Inf'), 1);
  assert.equal(v('batch_http_request_duration_seconds_count', { origin: local }), 3);
  assert.ok(Math.abs(v('batch_http_request_duration_seconds_sum', { origin: local })! - 0.048) < 1e-9);
  assert.equal(v('batch_http_run_duration_seconds', {}), 1.2346, 'durationMs / 1000, as the JSON report rounds it');
  const les = f.get('batch_http_request_duration_seconds')!.samples.filter((s) => s.labels.origin === local && s.labels.le).map((s) => s.labels.le);
  assert.deepEqual(les, ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
  assert.doesNotMatch(text, /token|8080\/|443\/|example\.com\/|\?/);
  assert.match(text, /^# HELP batch_http_requests_total .+\n# TYPE batch_http_requests_total counter\n/);
});

test('NOT_NEEDED counts as not_needed, not cancelled; assertions count passed and failed, unchecked ones not', () => {
  const assertions = [{ ok: true }, { ok: false }, { ok: null }, { ok: true }];
  const builder = new MetricsBuilder();
  builder.add({ ...makeResult({ url: 'http://h:1/' }), assertions });
  builder.add(makeResult({ url: 'http://h:1/', outcome: 'cancelled', status: null, durationMs: null, attempts: 1, error: { code: 'NOT_NEEDED', message: 'x' } }));
  builder.add({ ...makeResult({ url: 'http://h:1/', attempts: 4 }), retries: 1 });
  const f = families(builder.toText(10));
  const v = (name: string, labels: Record<string, string>) => sampleValue(f, name, labels);
  assert.equal(v('batch_http_requests_total', { origin: 'http://h:1', outcome: 'not_needed' }), 1);
  assert.equal(v('batch_http_requests_total', { origin: 'http://h:1', outcome: 'cancelled' }), undefined);
  assert.equal(v('batch_http_assertions_total', { origin: 'http://h:1', result: 'passed' }), 2);
  assert.equal(v('batch_http_assertions_total', { origin: 'http://h:1', result: 'failed' }), 1);
  assert.equal(v('batch_http_retries_total', { origin: 'http://h:1' }), 1, 'polls are not retries');
});

test('a host from a private value is redacted, origins that redact alike are counted together', () => {
  const builder = new MetricsBuilder();
  builder.add(makeResult({ url: 'https://secret-host-one.internal/a' }));
  builder.add(makeResult({ url: 'https://secret-host-two.internal/b', status: 404, outcome: 'failed', error: { code: 'UNEXPECTED_STATUS', message: 'x' } }));
  builder.add(makeResult({ url: 'http:/weird"\\\n/c' }));
  const text = builder.toText(10, ['secret-host-one.internal', 'secret-host-two.internal']);
  assert.doesNotMatch(text, /secret-host/);
  const f = families(text);
  assert.equal(sampleValue(f, 'batch_http_requests_total', { origin: 'https://***:443', outcome: 'succeeded' }), 1);
  assert.equal(sampleValue(f, 'batch_http_requests_total', { origin: 'https://***:443', outcome: 'failed' }), 1);
  assert.equal(sampleValue(f, 'batch_http_request_duration_seconds_count', { origin: 'https://***:443' }), 2);
});

test('the counts equal the summary of the same results (a synthetic run of 2000)', () => {
  const report = syntheticReport({ count: 2000, seed: 7, cancelAtMs: 3000, secret: 'planted-secret-xyz' });
  const text = toOpenMetrics(report, ['planted-secret-xyz']);
  assert.doesNotMatch(text, /planted-secret-xyz|items/);
  const f = families(text);
  const total = (name: string, label: string) => {
    const out: Record<string, number> = {};
    for (const s of f.get(name)?.samples ?? []) out[s.labels[label]!] = (out[s.labels[label]!] ?? 0) + s.value;
    return out;
  };
  const s = report.summary;
  assert.deepEqual(total('batch_http_responses_total', 'status'), s.statusCounts);
  assert.deepEqual(total('batch_http_errors_total', 'code'), s.errorCounts);
  const outcomes = total('batch_http_requests_total', 'outcome');
  for (const o of ['succeeded', 'failed', 'cancelled', 'skipped'] as const) assert.equal(outcomes[o] ?? 0, s[o], o);
  assert.equal(Object.values(total('batch_http_retries_total', 'origin')).reduce((a, b) => a + b, 0), s.retries);
  const counts = f.get('batch_http_request_duration_seconds')!.samples.filter((x) => x.name.endsWith('_count'));
  const count = counts.reduce((a, x) => a + x.value, 0);
  assert.equal(count, Object.values(s.statusCounts).reduce((a, b) => a + b, 0));
});
