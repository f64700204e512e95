import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonReportChunks, summarize, toJsonReport, toJsonReportObject } from '../../../src/core/report';
import type { RequestResult, RunReport } from '../../../src/core/types';

function result(index: number, over: Partial<RequestResult> = {}): RequestResult {
  return {
    index,
    name: index % 2 ? `r${index}` : null,
    title: null,
    line: 1 + index * 4,
    method: 'POST',
    url: `http://127.0.0.1:1/x?i=${index}`,
    outcome: 'succeeded',
    status: 200,
    attempts: 1,
    durationMs: 10.04 + index,
    timings: { queuedMs: 0.04, ttfbMs: 8.04, totalMs: 10.04 + index },
    error: null,
    responseHeaders: { 'content-type': 'application/json', authorization: 'Bearer x' },
    bodyBytes: 30,
    body: Buffer.from(`{"a":"line\\nbreak ${index}","token":"hunter22"}\n`),
    truncated: false,
    queuedAtMs: 0,
    startedAtMs: 0,
    endedAtMs: 10,
    attemptLog: [],
    ...over,
  };
}

function report(results: RequestResult[]): RunReport {
  return {
    version: 1,
    file: 'a "quoted"\nfile.http',
    startedAt: '2026-11-22T09:35:19.123Z',
    durationMs: 99.99,
    settings: { concurrency: 8, perHost: 8, timeoutMs: 30000, deadlineMs: null, retries: 2, rate: null, bail: false },
    summary: summarize(results, 99.99),
    results,
    secrets: ['hunter22'],
  };
}

/** The text the report had before it was streamed: one JSON.stringify of the object. */
function wholeText(r: RunReport): string {
  return `${JSON.stringify(toJsonReportObject(r), null, 2)}\n`;
}

test('JSON report in pieces: joined, exactly the indented object, for 0, 1 and many results', () => {
  for (const n of [0, 1, 3]) {
    const r = report([...Array(n).keys()].map((i) => result(i, i === 2 ? { body: Buffer.from([0xff, 0x00]), bodyBytes: 2, error: { code: 'TIMEOUT', message: 'multi\nline' }, outcome: 'failed' } : {})));
    const chunks = [...jsonReportChunks(r)];
    assert.equal(chunks.length, n === 0 ? 1 : n + 2);
    assert.equal(chunks.join(''), wholeText(r));
    assert.equal(toJsonReport(r), wholeText(r));
    assert.doesNotMatch(chunks.join(''), /hunter22/);
  }
});
