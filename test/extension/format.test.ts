import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cancelLensTitle,
  countsText,
  formatBytes,
  formatDuration,
  progressText,
  requestDescription,
  requestLabel,
  runBatchLensTitle,
  summaryText,
} from '../../src/extension/model/format';
import type { RunSummary } from '../../src/core/types';

test('bytes and durations read naturally', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1229), '1.2 KB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
  assert.equal(formatBytes(300 * 1024), '300 KB');
  assert.equal(formatDuration(123.4), '123 ms');
  assert.equal(formatDuration(2.34), '2.3 ms');
  assert.equal(formatDuration(3240), '3.2 s');
  assert.equal(formatDuration(125_000), '2 m 5 s');
});

test('labels prefer the title, then the name, then METHOD URL', () => {
  assert.equal(requestLabel({ title: 'Get user', name: 'u', method: 'GET', url: 'http://h/' }), 'Get user');
  assert.equal(requestLabel({ title: null, name: 'u', method: 'GET', url: 'http://h/' }), 'u');
  assert.equal(requestLabel({ title: null, name: null, method: 'POST', url: 'http://h/x' }), 'POST http://h/x');
});

test('descriptions show status, time and size, or the error code, or the live state', () => {
  const done = { state: 'succeeded' as const, status: 200, durationMs: 123, bodyBytes: 1229, errorCode: null, attempt: 1 };
  assert.equal(requestDescription(done), '200 · 123 ms · 1.2 KB');
  assert.equal(requestDescription({ ...done, state: 'failed', status: 503, errorCode: 'UNEXPECTED_STATUS' }), '503 · 123 ms · 1.2 KB');
  assert.equal(requestDescription({ ...done, state: 'failed', status: null, durationMs: null, errorCode: 'TIMEOUT' }), 'TIMEOUT');
  assert.equal(requestDescription({ ...done, state: 'queued' }), 'queued');
  assert.equal(requestDescription({ ...done, state: 'running', attempt: 1 }), 'running');
  assert.equal(requestDescription({ ...done, state: 'retrying', attempt: 2 }), 'retrying (attempt 2)');
});

test('the summary line has counts, duration and p95', () => {
  const summary: RunSummary = {
    total: 100, succeeded: 98, failed: 2, cancelled: 0, skipped: 0, retries: 0, requestsPerSecond: 30,
    latencyMs: { p50: 10, p90: 80, p95: 120, p99: 200, max: 300 }, statusCounts: {}, errorCounts: {},
  };
  assert.equal(summaryText(summary, 3210), '98 succeeded, 2 failed, 3.2 s, p95 120 ms');
  assert.equal(summaryText({ ...summary, cancelled: 3, skipped: 1, latencyMs: null }, 50), '98 succeeded, 2 failed, 3 cancelled, 1 skipped, 50 ms');
  assert.equal(countsText({ succeeded: 5, failed: 0, cancelled: 0, skipped: 2 }), '5 succeeded, 0 failed, 2 skipped');
  assert.equal(progressText(37, 100, 2), '37/100, 2 failed');
});

test('CodeLens titles', () => {
  assert.equal(runBatchLensTitle(12, false, 8), 'Run batch (12 requests, concurrency 8)');
  assert.equal(runBatchLensTitle(1, false, 4), 'Run batch (1 request, concurrency 4)');
  assert.equal(runBatchLensTitle(1, true, 4), 'Run batch (1+ requests, concurrency 4)');
  assert.equal(cancelLensTitle(3, 10), 'Cancel (3/10)');
});
