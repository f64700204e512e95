// The circuit breaker in real runs (issue 19 item 1): timeouts after connecting never open
// it; a dead port's first failures show their cause and the rest name it; N and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../../src/core/runner';
import { parseRunArgs } from '../../../src/cli/commands/run';
import type { BatchPlan } from '../../../src/core/types';
import { makePlan } from '../../support/plan';
import { refusedPort } from '../../support/ports';
import { sendJson, withServer } from '../../support/server';
import { planText } from '../parser/helpers';

function withBreaker(plan: BatchPlan, n: number | null): BatchPlan {
  return { ...plan, settings: { ...plan.settings, circuitBreaker: n } };
}

test('a server answering in 0-300 ms with @timeout 250ms: timeouts, never CIRCUIT_OPEN', async (t) => {
  const server = await withServer(t, (req, res) => {
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
    setTimeout(() => sendJson(res, 200, { delay }), delay);
  });
  // The delays are spread over 0-300 ms; the slowest sixth outlast the 250 ms timeout.
  const requests = Array.from({ length: 120 }, (_, i) => ({ url: `${server.url}/slow?ms=${(i * 37) % 301}`, timeoutMs: 250, retries: 0 }));
  const report = await runBatch(makePlan(requests, { concurrency: 30 }));
  const codes = report.results.map((r) => r.error?.code ?? 'OK');
  assert.equal(codes.filter((c) => c === 'CIRCUIT_OPEN').length, 0, 'a slow response does not count as a failure to connect');
  assert.ok(codes.filter((c) => c === 'TIMEOUT').length >= 10, `the slowest requests time out (${codes.filter((c) => c === 'TIMEOUT').length})`);
  assert.ok(codes.filter((c) => c === 'OK').length >= 30, 'the fast ones succeed (a generous bound on a busy machine)');
  assert.deepEqual([...new Set(codes)].sort(), ['OK', 'TIMEOUT']);
});

test('a server that hangs: every request times out, none is refused by the circuit', async (t) => {
  const server = await withServer(t, () => {
    /* never answers */
  });
  const requests = Array.from({ length: 12 }, (_, i) => ({ url: `${server.url}/hang/${i}`, timeoutMs: 150, retries: 0 }));
  const report = await runBatch(makePlan(requests, { concurrency: 2 }));
  assert.deepEqual(report.results.map((r) => r.error?.code), Array(12).fill('TIMEOUT'));
});

async function deadRun(n: number | null | undefined, count = 8): Promise<{ codes: string[]; messages: string[]; origin: string; attempts: number[] }> {
  const port = await refusedPort();
  const origin = `http://127.0.0.1:${port}`;
  let plan = makePlan(Array.from({ length: count }, (_, i) => ({ url: `${origin}/d/${i}`, retries: 0 })), { concurrency: 1 });
  if (n !== undefined) plan = withBreaker(plan, n);
  const report = await runBatch(plan);
  return {
    codes: report.results.map((r) => r.error?.code ?? 'OK'),
    messages: report.results.map((r) => r.error?.message ?? ''),
    origin,
    attempts: report.results.map((r) => r.attempts),
  };
}

test('a dead port: the first 5 show the real cause, the rest say what opened the circuit', async () => {
  const { codes, messages, origin, attempts } = await deadRun(undefined);
  assert.deepEqual(codes, [...Array(5).fill('CONNECTION_REFUSED'), ...Array(3).fill('CIRCUIT_OPEN')]);
  for (const m of messages.slice(0, 5)) assert.match(m, /connection refused .*is the server running\?/);
  for (const m of messages.slice(5)) {
    assert.ok(m.startsWith(`5 connections refused in a row to ${origin} (last: connection refused by ${origin}`), m);
    assert.match(m, /; not sent/);
  }
  assert.deepEqual(attempts.slice(5), [0, 0, 0], 'never sent');
});

test('circuitBreaker N opens after N; off never opens', async () => {
  const two = await deadRun(2, 5);
  assert.deepEqual(two.codes, ['CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CIRCUIT_OPEN', 'CIRCUIT_OPEN', 'CIRCUIT_OPEN']);
  assert.match(two.messages[2], /^2 connections refused in a row/);
  const off = await deadRun(null, 9);
  assert.deepEqual(off.codes, Array(9).fill('CONNECTION_REFUSED'));
});

test('@circuit-breaker N|off in the file header sets the plan; a bad value is an error', async () => {
  const three = await planText('# @circuit-breaker 3\nGET http://127.0.0.1/a\n', 'a.batch.http');
  assert.equal(three.settings.circuitBreaker, 3);
  const off = await planText('# @circuit-breaker off\nGET http://127.0.0.1/a\n', 'a.batch.http');
  assert.equal(off.settings.circuitBreaker, null);
  const none = await planText('GET http://127.0.0.1/a\n', 'a.batch.http');
  assert.equal('circuitBreaker' in none.settings, false, 'absent: the default');
  const bad = await planText('# @circuit-breaker sometimes\nGET http://127.0.0.1/a\n', 'a.batch.http');
  assert.ok(bad.diagnostics.some((d) => d.severity === 'error' && /@circuit-breaker needs .*'off', not 'sometimes'/.test(d.message)));
  const overridden = await planText('# @circuit-breaker 3\nGET http://127.0.0.1/a\n', 'a.batch.http', { overrides: { circuitBreaker: null } });
  assert.equal(overridden.settings.circuitBreaker, null, 'the command line wins over the file');
});

test('--circuit-breaker N|off', () => {
  assert.equal(parseRunArgs(['f.batch.http', '--circuit-breaker', '7'])!.overrides.circuitBreaker, 7);
  assert.equal(parseRunArgs(['f.batch.http', '--circuit-breaker', 'off'])!.overrides.circuitBreaker, null);
  assert.equal('circuitBreaker' in parseRunArgs(['f.batch.http'])!.overrides, false);
  assert.throws(() => parseRunArgs(['f.batch.http', '--circuit-breaker', '0']), /--circuit-breaker needs an integer >= 1/);
});

test('a reset in the middle of a body does not count; a reset before any response byte does', async (t) => {
  const server = await withServer(t, (req, res) => {
    if (req.url?.startsWith('/mid')) {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial', () => res.destroy());
    } else {
      req.socket.destroy();
    }
  });
  const mid = await runBatch(makePlan(Array.from({ length: 8 }, (_, i) => ({ url: `${server.url}/mid/${i}`, retries: 0 })), { concurrency: 1 }));
  assert.deepEqual(mid.results.map((r) => r.error?.code), Array(8).fill('CONNECTION_RESET'));
  const before = await runBatch(makePlan(Array.from({ length: 7 }, (_, i) => ({ url: `${server.url}/before/${i}`, retries: 0 })), { concurrency: 1 }));
  assert.deepEqual(before.results.map((r) => r.error?.code), [...Array(5).fill('CONNECTION_RESET'), 'CIRCUIT_OPEN', 'CIRCUIT_OPEN']);
  assert.match(before.results[5]!.error!.message, /^5 connections closed before any response in a row to http:\/\/127\.0\.0\.1:\d+/);
});

test('any response resets the count: failures split by a response never open the circuit', async (t) => {
  const server = await withServer(t, (req, res) => {
    if (req.url?.startsWith('/ok')) sendJson(res, 500, {});
    else req.socket.destroy();
  });
  const urls = Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? `${server.url}/ok/${i}` : `${server.url}/drop/${i}`));
  const report = await runBatch(makePlan(urls.map((url) => ({ url, retries: 0 })), { concurrency: 1 }));
  assert.equal(report.results.filter((r) => r.error?.code === 'CIRCUIT_OPEN').length, 0, 'three drops, a 500, three drops, ...');
  assert.equal(report.results.filter((r) => r.error?.code === 'UNEXPECTED_STATUS').length, 3);
});
