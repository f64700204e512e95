import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import { requestDetails } from '../../src/extension/model/details';
import { renderResponse, safeFileName } from '../../src/extension/model/responseText';
import { RunRecord } from '../../src/extension/model/runModel';
import { planned, result } from './fixtures';

const enc = (s: string) => new TextEncoder().encode(s);

test('request details show URL, status, timings, attempts and redacted headers', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0, { url: 'http://u:pw@127.0.0.1:1/x?t=tok-123' })], secrets: ['tok-123'] });
  run.apply({
    type: 'finished', index: 0, atMs: 5,
    result: result(0, 'succeeded', {
      url: 'http://***@127.0.0.1:1/x?t=tok-123', attempts: 2, bodyBytes: 2048, truncated: true,
      responseHeaders: { 'content-type': 'text/plain', 'set-cookie': 'sid=abc', 'x-echo': 'tok-123' },
      attemptLog: [
        { attempt: 1, startMs: 0, ttfbMs: 3, endMs: 4, status: 503, errorCode: null, retryDelayMs: 100 },
        { attempt: 2, startMs: 104, ttfbMs: 106, endMs: 110, status: 200, errorCode: null, retryDelayMs: null },
      ],
    }),
  });
  const details = requestDetails(run.entry(0)!, new Redactor(run.secrets));
  const byLabel = Object.fromEntries(details.map((d) => [d.label, d]));
  assert.equal(details[0]?.label, 'URL', 'not a copy: no Copy line');
  assert.equal(byLabel.URL?.description, 'GET http://***@127.0.0.1:1/x?t=***');
  assert.equal(byLabel.Status?.description, '200 (succeeded)');
  assert.equal(byLabel.Timings?.description, 'queued 0 ms · first byte 5 ms · total 10 ms');
  assert.deepEqual(byLabel.Attempts?.children?.map((c) => `${c.label}: ${c.description}`), ['Attempt 1: 503 · 4 ms · retried after 100 ms', 'Attempt 2: 200 · 6 ms']);
  assert.deepEqual(byLabel['Response headers']?.children?.map((c) => `${c.label}: ${c.description}`), ['content-type: text/plain', 'set-cookie: ***', 'x-echo: ***']);
  assert.equal(byLabel.Body?.description, '2.0 KB (truncated)');
});

test('a failed request without response shows its error and no body', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0)], secrets: [] });
  run.apply({ type: 'finished', index: 0, atMs: 5, result: result(0, 'failed', { error: { code: 'CONNECTION_REFUSED', message: 'nothing listens on 127.0.0.1:1' } }) });
  const labels = requestDetails(run.entry(0)!, new Redactor()).map((d) => `${d.label}=${d.description}`);
  assert.ok(!labels.some((l) => l.startsWith('Copy=')));
  assert.ok(labels.includes('Error=CONNECTION_REFUSED: nothing listens on 127.0.0.1:1'));
  assert.ok(!labels.some((l) => l.startsWith('Body=')));
});

test('responses: JSON is pretty-printed, text and binary are shown for what they are', () => {
  const json = renderResponse('succeeded', result(0, 'succeeded', { body: enc('{"a":[1,2]}'), bodyBytes: 11 }));
  assert.deepEqual(json, { text: '{\n  "a": [\n    1,\n    2\n  ]\n}\n', extension: 'json' });
  const xml = renderResponse('succeeded', result(0, 'succeeded', { body: enc('<a/>'), bodyBytes: 4, responseHeaders: { 'content-type': 'application/xml' } }));
  assert.equal(xml.extension, 'xml');
  const cut = renderResponse('succeeded', result(0, 'succeeded', { body: enc('{"a":'), bodyBytes: 4096, truncated: true }));
  assert.equal(cut.extension, 'txt');
  assert.match(cut.text, /^\{"a":\n\n\[truncated: the first 5 B of 4\.0 KB are shown\]/);
  const bin = renderResponse('succeeded', result(0, 'succeeded', { body: new Uint8Array([0xff, 0xfe]), bodyBytes: 2 }));
  assert.match(bin.text, /^Binary body: 2 B/);
  assert.match(renderResponse('failed', result(0, 'failed')).text, /TIMEOUT: x/);
  const secretError = result(0, 'failed', { error: { code: 'TIMEOUT', message: 'no answer from /t?key=tok-999' } });
  assert.match(renderResponse('failed', secretError, (t) => t.replaceAll('tok-999', '***')).text, /\/t\?key=\*\*\*/);
  assert.match(renderResponse('running', null).text, /request is running/);
  assert.equal(safeFileName('GET http://h/a b?c=1'), 'GET-http-h-a-b-c-1');
});

test('a copy of a repeated request says which copy it is and its number in the run report', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0, { copyIndex: 7, title: 'Many' })], secrets: [] });
  const details = requestDetails(run.entry(0)!, new Redactor());
  assert.deepEqual(details[0], { label: 'Copy', description: '$index 7 · #0 in the run report' });
  assert.equal(run.entry(0)?.label, 'Many');
});

test('measured phases and trace ids: in the timings line, the ids copyable, each attempt with its span', () => {
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0)], secrets: [] });
  const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
  run.apply({
    type: 'finished', index: 0, atMs: 5,
    result: result(0, 'succeeded', {
      attempts: 2,
      timings: { queuedMs: 0.2, dnsMs: 1, connectMs: 0.4, tlsMs: 3, ttfbMs: 11, downloadMs: 0.3, totalMs: 16, reused: false },
      trace,
      attemptLog: [
        { attempt: 1, startMs: 0, ttfbMs: 3, endMs: 4, status: 503, errorCode: null, retryDelayMs: 100, spanId: '1111111111111111' },
        { attempt: 2, startMs: 104, ttfbMs: 106, endMs: 110, status: 200, errorCode: null, retryDelayMs: null, spanId: trace.spanId },
      ],
    }),
  });
  const details = requestDetails(run.entry(0)!, new Redactor());
  const byLabel = Object.fromEntries(details.map((d) => [d.label, d]));
  assert.equal(byLabel.Timings?.description, 'queued 0.2 ms · DNS 1 ms · connect 0.4 ms · TLS 3 ms · first byte 11 ms · download 0.3 ms · total 16 ms');
  assert.deepEqual(byLabel['Trace id'], { label: 'Trace id', description: trace.traceId, copy: trace.traceId });
  assert.deepEqual(byLabel['Span id'], { label: 'Span id', description: trace.spanId, copy: trace.spanId });
  assert.equal(byLabel.Timings?.copy, undefined, 'only the ids are copyable');
  assert.deepEqual(byLabel.Attempts?.children?.map((c) => c.description), ['503 · 4 ms · retried after 100 ms · span 1111111111111111', `200 · 6 ms · span ${trace.spanId}`]);
  const kept = new RunRecord({ id: 'k', file: '/w/a.batch.http', startedAt: new Date(0), requests: [planned(0)], secrets: [] });
  const timings = { queuedMs: 0, dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: 2, downloadMs: 1, totalMs: 3, reused: true };
  kept.apply({ type: 'finished', index: 0, atMs: 6, result: result(0, 'succeeded', { timings }) });
  const reused = requestDetails(kept.entry(0)!, new Redactor());
  assert.equal(reused.find((d) => d.label === 'Timings')?.description, 'queued 0 ms · first byte 2 ms · download 1 ms · total 3 ms · reused connection');
  assert.ok(!reused.some((d) => d.label === 'Trace id'), 'no trace without @traceparent');
});
