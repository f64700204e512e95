// Hardening (issue 13, item 7): a request that cannot be sent as written (its Content-Length
// disagrees with its body) is the request's fault: not retried, and never counted by the
// circuit breaker, so later good requests to a healthy origin still go through. An
// unrequested 100 Continue is accepted (RFC 9110: a client must accept 1xx responses): the
// final response is the result (test/core/runner/interim-responses.test.ts has the wire cases).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRequestSideError } from '../../../src/core/runner/errors';
import { runBatch } from '../../../src/core/runner';
import { makePlan, type RequestSpec } from '../../support/plan';
import { sendJson, startServer } from '../../support/server';

test('a Content-Length that disagrees with the body is BAD_RESPONSE, tried once, and does not open the circuit', async () => {
  const server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
  try {
    const bad: RequestSpec[] = Array.from({ length: 6 }, (_, i) => ({ url: `${server.url}/bad/${i}`, method: 'PUT', headers: [['Content-Length', '100']], body: 'abc' }));
    const good: RequestSpec[] = Array.from({ length: 5 }, (_, i) => ({ url: `${server.url}/good/${i}` }));
    const report = await runBatch(makePlan([...bad, ...good], { concurrency: 1, retries: 2 }));
    for (const r of report.results.slice(0, 6)) {
      assert.equal(r.error?.code, 'BAD_RESPONSE', JSON.stringify(r.error));
      assert.match(r.error!.message, /Content-Length/);
      assert.equal(r.attempts, 1, 'a request-side failure is not retried');
    }
    for (const r of report.results.slice(6)) assert.equal(r.outcome, 'succeeded', JSON.stringify(r.error));
    assert.equal(report.summary.errorCounts.CIRCUIT_OPEN ?? 0, 0);
  } finally {
    await server.close();
  }
});

test('an unrequested 100 Continue is accepted: the 200 after it is the result, tried once', async () => {
  let continued = 0;
  const server = await startServer((req, res) => {
    if (req.url?.startsWith('/continue')) {
      continued++;
      res.writeContinue();
      setTimeout(() => sendJson(res, 200, { ok: true }), 10);
      return;
    }
    sendJson(res, 200, { ok: true });
  });
  try {
    const odd: RequestSpec[] = Array.from({ length: 6 }, (_, i) => ({ url: `${server.url}/continue/${i}` }));
    const good: RequestSpec[] = Array.from({ length: 3 }, (_, i) => ({ url: `${server.url}/good/${i}` }));
    const report = await runBatch(makePlan([...odd, ...good], { concurrency: 1, retries: 2 }));
    for (const r of report.results.slice(0, 6)) {
      assert.equal(r.outcome, 'succeeded', JSON.stringify(r.error));
      assert.equal(r.status, 200);
      assert.equal(r.attempts, 1);
    }
    assert.equal(continued, 6, 'each tried once');
    for (const r of report.results.slice(6)) assert.equal(r.outcome, 'succeeded', JSON.stringify(r.error));
  } finally {
    await server.close();
  }
});

test('classifyRequestSideError: request-side codes only', () => {
  assert.equal(classifyRequestSideError({ code: 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', message: 'x' })?.code, 'BAD_RESPONSE');
  assert.equal(classifyRequestSideError({ code: 'ERR_INVALID_CHAR', message: 'x' })?.code, 'BAD_RESPONSE');
  assert.equal(classifyRequestSideError({ code: 'ECONNRESET', message: 'x' }), null);
  assert.equal(classifyRequestSideError(null), null);
});
