import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonReportChunks, toJsonReport, toJsonReportObject } from '../../../src/core/report';
import type { RequestResult, RunReport } from '../../../src/core/types';
import { makeReport, makeResult } from '../../support/results';

function result(index: number, over: Partial<RequestResult> = {}): RequestResult {
  return makeResult({
    index,
    name: index % 2 ? `r${index}` : null,
    line: 1 + index * 4,
    method: 'POST',
    url: `http://127.0.0.1:1/x?i=${index}`,
    durationMs: 10.04 + index,
    timings: { queuedMs: 0.04, ttfbMs: 8.04, totalMs: 10.04 + index },
    responseHeaders: { 'content-type': 'application/json', authorization: 'Bearer x' },
    bodyBytes: 30,
    body: Buffer.from(`{"a":"line\\nbreak ${index}","token":"hunter22"}\n`),
    ...over,
  });
}

function report(results: RequestResult[]): RunReport {
  return makeReport(results, { file: 'a "quoted"\nfile.http', durationMs: 99.99, secrets: ['hunter22'] });
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
