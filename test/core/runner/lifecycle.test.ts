// The request lifecycle's decision function, table-driven: every outcome kind, retryable or
// not, retries left or not, method idempotency, Retry-After and the run's stop codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadResponseError,
  CircuitOpenError,
  ConnectionRefusedError,
  ConnectionResetError,
  DnsFailureError,
  stopError,
  type StopCode,
  TimeoutError,
  TlsError,
  TooManyRedirectsError,
  type RunError,
} from '../../../src/core/runner/errors';
import { type AttemptOutcome, decide, type Decision, type DecideRequest, type DecideRun } from '../../../src/core/runner/lifecycle';
import { methodAllowsRetry } from '../../../src/core/runner/retry-policy';
import type { Header } from '../../../src/core/types';

const WALL = Date.UTC(2026, 0, 1, 12, 0, 0);
const T = { startMs: 10, ttfbMs: 5, endMs: 20 };

const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({ kind: 'response', status, headers, body: null, bodyBytes: 0, truncated: false, ...T });
const failure = (error: RunError): AttemptOutcome => ({ kind: 'failure', error, bodyBytes: 0, ...T });
const stopped = (code: StopCode): AttemptOutcome => ({ kind: 'stopped', error: stopError(code, 'in-flight'), bodyBytes: 0, ...T });
const refused = (): AttemptOutcome => ({ kind: 'refused', error: new CircuitOpenError('open') });

interface Row {
  name: string;
  outcome: AttemptOutcome;
  method?: string;
  headers?: Header[];
  idempotent?: boolean;
  expectStatus?: string | null;
  retries?: number;
  /** Attempts made, this one included. */
  attempts?: number;
  stopCode?: StopCode | null;
  /** 'succeeded' | 'failed CODE' | 'cancelled CODE' | 'retry MS REASON' */
  want: string;
  /** The delay comes from Retry-After: no jitter is drawn. */
  retryAfter?: true;
}

function request(row: Row): DecideRequest {
  const retries = row.retries ?? 2;
  const method = row.method ?? 'GET';
  return {
    request: { expectStatus: row.expectStatus ?? null, retries },
    attempts: row.attempts ?? 1,
    retryAllowed: retries > 0 && methodAllowsRetry(method, row.idempotent ?? false, row.headers ?? []),
  };
}

function run(stopCode: StopCode | null): DecideRun & { randomCalls: number } {
  const r = { stopCode, wallNow: () => WALL, randomCalls: 0, random: () => (r.randomCalls++, 0) };
  return r;
}

function show(d: Decision): string {
  if (d.step === 'retry') return `retry ${d.delayMs} ${d.reason}`;
  if (d.step === 'poll') return `poll ${d.delayMs} ${d.reason}`;
  return d.outcome === 'succeeded' ? (d.error ? `succeeded ${d.error.code}` : 'succeeded') : `${d.outcome} ${d.error?.code}`;
}

const ROWS: Row[] = [
  // responses
  { name: '200 succeeds', outcome: response(200), want: 'succeeded' },
  { name: '302 (no redirect followed) succeeds by default', outcome: response(302), want: 'succeeded' },
  { name: '404 fails, not retried', outcome: response(404), want: 'failed UNEXPECTED_STATUS' },
  { name: '404 within @expect-status succeeds', outcome: response(404), expectStatus: '404', want: 'succeeded' },
  { name: '200 outside @expect-status 201 fails, not retried', outcome: response(200), expectStatus: '201', want: 'failed UNEXPECTED_STATUS' },
  { name: '503 retried with backoff (attempt 1: 100 ms)', outcome: response(503), want: 'retry 100 status 503' },
  { name: '503 retried with backoff (attempt 2: 200 ms)', outcome: response(503), attempts: 2, retries: 3, want: 'retry 200 status 503' },
  { name: '503 within @expect-status succeeds', outcome: response(503), expectStatus: '5xx', want: 'succeeded' },
  ...[408, 429, 500, 502, 503, 504].map((status): Row => ({ name: `${status} is retryable`, outcome: response(status), want: `retry 100 status ${status}` })),
  ...[400, 401, 403, 404, 409, 422, 501, 505].map((status): Row => ({ name: `${status} is not retryable`, outcome: response(status), want: 'failed UNEXPECTED_STATUS' })),
  { name: '503 with no retries left fails', outcome: response(503), attempts: 3, retries: 2, want: 'failed UNEXPECTED_STATUS' },
  { name: '503 with @retries 0 fails', outcome: response(503), retries: 0, want: 'failed UNEXPECTED_STATUS' },
  { name: '503 to a POST fails (not idempotent)', outcome: response(503), method: 'POST', want: 'failed UNEXPECTED_STATUS' },
  { name: '503 to a PATCH fails (not idempotent)', outcome: response(503), method: 'PATCH', want: 'failed UNEXPECTED_STATUS' },
  { name: '503 to a POST with @idempotent retries', outcome: response(503), method: 'POST', idempotent: true, want: 'retry 100 status 503' },
  { name: '503 to a POST with Idempotency-Key retries', outcome: response(503), method: 'POST', headers: [['idempotency-key', 'k1']], want: 'retry 100 status 503' },
  { name: '503 to a PUT retries (idempotent method)', outcome: response(503), method: 'PUT', want: 'retry 100 status 503' },
  { name: '503 to a DELETE retries (idempotent method)', outcome: response(503), method: 'DELETE', want: 'retry 100 status 503' },
  // Retry-After
  { name: 'Retry-After in seconds replaces the backoff', outcome: response(503, { 'retry-after': '2' }), want: 'retry 2000 status 503', retryAfter: true },
  { name: 'Retry-After as an HTTP date', outcome: response(429, { 'retry-after': new Date(WALL + 5000).toUTCString() }), want: 'retry 5000 status 429', retryAfter: true },
  { name: 'Retry-After above 60 s is capped', outcome: response(503, { 'retry-after': '120' }), want: 'retry 60000 status 503', retryAfter: true },
  { name: 'an unreadable Retry-After falls back to the backoff', outcome: response(503, { 'retry-after': '-5' }), want: 'retry 100 status 503' },
  { name: 'Retry-After on a non-retryable status changes nothing', outcome: response(400, { 'retry-after': '2' }), want: 'failed UNEXPECTED_STATUS' },
  { name: 'Retry-After with no retries left: fails', outcome: response(503, { 'retry-after': '2' }), attempts: 3, want: 'failed UNEXPECTED_STATUS' },
  // failures
  { name: 'TIMEOUT retried', outcome: failure(new TimeoutError('t')), want: 'retry 100 TIMEOUT' },
  { name: 'CONNECTION_REFUSED retried', outcome: failure(new ConnectionRefusedError('r')), want: 'retry 100 CONNECTION_REFUSED' },
  { name: 'CONNECTION_RESET retried', outcome: failure(new ConnectionResetError('r')), want: 'retry 100 CONNECTION_RESET' },
  { name: 'DNS_FAILURE retried', outcome: failure(new DnsFailureError('d')), want: 'retry 100 DNS_FAILURE' },
  { name: 'TLS_ERROR not retried', outcome: failure(new TlsError('x')), want: 'failed TLS_ERROR' },
  { name: 'BAD_RESPONSE not retried', outcome: failure(new BadResponseError('x')), want: 'failed BAD_RESPONSE' },
  { name: 'TOO_MANY_REDIRECTS not retried', outcome: failure(new TooManyRedirectsError('x')), want: 'failed TOO_MANY_REDIRECTS' },
  { name: 'TIMEOUT with no retries left fails', outcome: failure(new TimeoutError('t')), attempts: 3, want: 'failed TIMEOUT' },
  { name: 'TIMEOUT of a POST fails', outcome: failure(new TimeoutError('t')), method: 'POST', want: 'failed TIMEOUT' },
  { name: 'TIMEOUT of a POST with @idempotent retries', outcome: failure(new TimeoutError('t')), method: 'POST', idempotent: true, want: 'retry 100 TIMEOUT' },
  // the breaker and the run's stop
  { name: 'refused by an open circuit: fails at once', outcome: refused(), want: 'failed CIRCUIT_OPEN' },
  { name: 'refused while the run stops: still CIRCUIT_OPEN', outcome: refused(), stopCode: 'CANCELLED', want: 'failed CIRCUIT_OPEN' },
  { name: 'stopped in flight by a cancel', outcome: stopped('CANCELLED'), stopCode: 'CANCELLED', want: 'cancelled CANCELLED' },
  { name: 'stopped in flight by the deadline', outcome: stopped('DEADLINE_EXCEEDED'), stopCode: 'DEADLINE_EXCEEDED', want: 'cancelled DEADLINE_EXCEEDED' },
  { name: 'stopped in flight by a bail', outcome: stopped('BAILED'), stopCode: 'BAILED', want: 'cancelled BAILED' },
  { name: 'a retryable status while the run stops: cancelled, not retried', outcome: response(503), stopCode: 'CANCELLED', want: 'cancelled CANCELLED' },
  { name: 'a retryable failure after the deadline: cancelled', outcome: failure(new TimeoutError('t')), stopCode: 'DEADLINE_EXCEEDED', want: 'cancelled DEADLINE_EXCEEDED' },
  { name: 'a retryable failure after a bail: cancelled', outcome: failure(new ConnectionResetError('r')), stopCode: 'BAILED', want: 'cancelled BAILED' },
  { name: 'a retryable status with no retries left while stopping: failed (it is over anyway)', outcome: response(503), attempts: 3, stopCode: 'CANCELLED', want: 'failed UNEXPECTED_STATUS' },
  { name: 'a 200 while the run stops still succeeds', outcome: response(200), stopCode: 'BAILED', want: 'succeeded' },
  { name: 'a 404 while the run stops still fails', outcome: response(404), stopCode: 'CANCELLED', want: 'failed UNEXPECTED_STATUS' },
  { name: 'a TLS error while the run stops still fails', outcome: failure(new TlsError('x')), stopCode: 'CANCELLED', want: 'failed TLS_ERROR' },
];

for (const row of ROWS) {
  test(`decide: ${row.name}`, () => {
    const r = run(row.stopCode ?? null);
    const d = decide(row.outcome, request(row), r);
    assert.equal(show(d), row.want);
    assert.equal(r.randomCalls, d.step === 'retry' && !row.retryAfter ? 1 : 0, 'the jitter is drawn only for a backoff');
  });
}

test('decide: the cancel message says where the request was', () => {
  assert.match(decide(stopped('CANCELLED'), request({ name: '', outcome: refused(), want: '' }), run('CANCELLED')).error!.message, /while in flight/);
  assert.match(decide(response(503), request({ name: '', outcome: refused(), want: '' }), run('CANCELLED')).error!.message, /while waiting to retry/);
});

test('decide: the backoff doubles per attempt and is capped at 30 s (jitter 0)', () => {
  const delays: number[] = [];
  for (let attempts = 1; attempts <= 12; attempts++) {
    const d = decide(failure(new TimeoutError('t')), { request: { expectStatus: null, retries: 20 }, attempts, retryAllowed: true }, run(null));
    assert.equal(d.step, 'retry');
    if (d.step === 'retry') delays.push(d.delayMs);
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000]);
});

test('decide: a retry keeps the error that caused it (shown if the request is cancelled or runs out)', () => {
  const d = decide(response(503), { request: { expectStatus: null, retries: 1 }, attempts: 1, retryAllowed: true }, run(null));
  assert.equal(d.step, 'retry');
  assert.equal(d.error?.code, 'UNEXPECTED_STATUS');
  assert.equal(d.error?.message, 'status 503, expected 2xx or 3xx');
});

test('decide over the whole cross product: outcome × method × retries left × Retry-After × stop code', () => {
  const outcomes: Array<[string, (retryAfter: boolean) => AttemptOutcome, 'ok' | 'retryable' | 'final' | 'stopped' | 'refused']> = [
    ['200', (ra) => response(200, ra ? { 'retry-after': '1' } : {}), 'ok'],
    ['404', (ra) => response(404, ra ? { 'retry-after': '1' } : {}), 'final'],
    ['503', (ra) => response(503, ra ? { 'retry-after': '1' } : {}), 'retryable'],
    ['429', (ra) => response(429, ra ? { 'retry-after': '1' } : {}), 'retryable'],
    ['TIMEOUT', () => failure(new TimeoutError('t')), 'retryable'],
    ['CONNECTION_RESET', () => failure(new ConnectionResetError('r')), 'retryable'],
    ['TLS_ERROR', () => failure(new TlsError('x')), 'final'],
    ['stopped', () => stopped('CANCELLED'), 'stopped'],
    ['refused', () => refused(), 'refused'],
  ];
  const methods: Array<[string, Header[], boolean, boolean]> = [
    ['GET', [], false, true],
    ['POST', [], false, false],
    ['POST', [], true, true],
    ['PATCH', [['Idempotency-Key', 'k']], false, true],
  ];
  const budgets: Array<[number, number, boolean]> = [
    [2, 1, true], // retries 2, first attempt: retries left
    [2, 3, false], // retries 2, third attempt: none left
    [0, 1, false], // @retries 0
  ];
  let checked = 0;
  for (const [label, make, kind] of outcomes) {
    for (const [method, headers, idempotent, methodOk] of methods) {
      for (const [retries, attempts, left] of budgets) {
        for (const retryAfter of [false, true]) {
          for (const stopCode of [null, 'CANCELLED', 'DEADLINE_EXCEEDED', 'BAILED'] as const) {
            const outcome = make(retryAfter);
            const d = decide(outcome, request({ name: '', outcome, method, headers, idempotent, retries, attempts, want: '' }), run(stopCode));
            const where = `${label} ${method}${idempotent ? ' @idempotent' : ''} retries=${retries} attempt=${attempts} retry-after=${retryAfter} stop=${stopCode}`;
            let want: string;
            if (kind === 'stopped') want = `cancelled ${stopCode ?? 'CANCELLED'}`;
            else if (kind === 'refused') want = 'failed CIRCUIT_OPEN';
            else if (kind === 'ok') want = 'succeeded';
            else {
              const code = outcome.kind === 'failure' ? outcome.error.code : 'UNEXPECTED_STATUS';
              if (kind === 'final' || !methodOk || !left) want = `failed ${code}`;
              else if (stopCode) want = `cancelled ${stopCode}`;
              else want = `retry ${retryAfter && outcome.kind === 'response' ? 1000 : 100} ${outcome.kind === 'response' ? `status ${outcome.status}` : code}`;
            }
            assert.equal(show(d), want, where);
            checked++;
          }
        }
      }
    }
  }
  assert.equal(checked, 9 * 4 * 3 * 2 * 4);
});
