// `summary.concurrency` in the JSON report (cli.md, second-round additions): each origin's
// adaptive limit under `-c auto`, `null` for a fixed-concurrency run (never omitted), in the
// report object, its text and its streamed chunks alike; the readers of a report tolerate null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonReportChunks, toJsonReport, toJsonReportObject, toPretty } from '../../../src/core/report';
import { buildReportModel } from '../../../src/core/report/timeline';
import type { OriginConcurrency, RequestResult, RunReport } from '../../../src/core/types';
import { makeReport, makeResult } from '../../support/results';

const results: RequestResult[] = [makeResult({ index: 0 }), makeResult({ index: 1 })];
const limits: Record<string, OriginConcurrency> = { 'http://127.0.0.1:8080': { final: 12, min: 4, max: 16, changes: [[0, 4], [10, 8], [20, 16], [30, 12]] } };

function adaptiveReport(): RunReport {
  const r = makeReport(results, { settings: { concurrency: 64, perHost: 64, timeoutMs: 30000, deadlineMs: null, retries: 2, rate: null, bail: false, adaptive: true } });
  return { ...r, summary: { ...r.summary, concurrency: limits } };
}

test('a fixed-concurrency run: summary.concurrency is null in the object, the text and the chunks', () => {
  for (const report of [makeReport(results), { ...makeReport(results), summary: { ...makeReport(results).summary, concurrency: null } }]) {
    const obj = toJsonReportObject(report);
    assert.equal('concurrency' in obj.summary, true);
    assert.equal(obj.summary.concurrency, null);
    assert.equal(obj.settings.concurrency, 8);
    assert.equal(JSON.parse(toJsonReport(report)).summary.concurrency, null);
    assert.equal(JSON.parse([...jsonReportChunks(report)].join('')).summary.concurrency, null);
  }
});

test('an adaptive run: summary.concurrency carries each origin, the last key of the summary', () => {
  const report = adaptiveReport();
  const obj = toJsonReportObject(report);
  assert.deepEqual(obj.summary.concurrency, limits);
  assert.equal(Object.keys(obj.summary).at(-1), 'concurrency');
  assert.equal(obj.settings.concurrency, 'auto');
  assert.equal(obj.settings.maxConcurrency, 64);
  assert.deepEqual(JSON.parse([...jsonReportChunks(report)].join('')).summary.concurrency, limits);
});

test('the report model and the pretty summary read a null summary.concurrency as "not adaptive"', () => {
  // A report read back from a JSON file of a fixed run has `concurrency: null`.
  const fixed: RunReport = { ...makeReport(results), summary: { ...makeReport(results).summary, concurrency: null } };
  assert.equal(buildReportModel(fixed).limit, null);
  assert.doesNotMatch(toPretty(fixed), /final \d+, min/);
  const adaptive = adaptiveReport();
  assert.notEqual(buildReportModel(adaptive).limit, null);
  assert.match(toPretty(adaptive), /final 12, min 4, max 16 \(auto, MAX 64\)/);
});
