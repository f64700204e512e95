// The circuit breaker alone, time passed in: what counts, N and off, the probe, the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BREAKER_OPEN_MS, CircuitBreaker, connectFailure } from '../../../src/core/runner/breaker';
import { BadResponseError, ConnectionRefusedError, ConnectionResetError, DnsFailureError, TimeoutError, TlsError } from '../../../src/core/runner/errors';
import type { AttemptOutcome } from '../../../src/core/runner/lifecycle';

const refused = { code: 'CONNECTION_REFUSED', message: 'connection refused by http://h:8080: is the server running?' } as const;

function failure(error: Error & { code: string }, extra: { ttfbMs?: number | null; connected?: boolean } = {}): AttemptOutcome {
  return { kind: 'failure', error: error as never, startMs: 0, ttfbMs: extra.ttfbMs ?? null, endMs: 1, bodyBytes: 0, connected: extra.connected };
}

test('connectFailure: refused, DNS, TLS, connect timeout and a reset before any byte count; nothing else does', () => {
  assert.equal(connectFailure(failure(new ConnectionRefusedError('r')))?.code, 'CONNECTION_REFUSED');
  assert.equal(connectFailure(failure(new DnsFailureError('d')))?.code, 'DNS_FAILURE');
  assert.equal(connectFailure(failure(new TlsError('t')))?.code, 'TLS_ERROR');
  assert.equal(connectFailure(failure(new TimeoutError('t'), { connected: false }))?.code, 'TIMEOUT', 'a timeout before connecting');
  assert.equal(connectFailure(failure(new TimeoutError('t'), { connected: true })), null, 'a slow response after connecting');
  assert.equal(connectFailure(failure(new ConnectionResetError('x'), { connected: true }))?.code, 'CONNECTION_RESET', 'closed before any response byte');
  assert.equal(connectFailure(failure(new ConnectionResetError('x'), { ttfbMs: 3, connected: true })), null, 'closed in the middle of the body');
  assert.equal(connectFailure(failure(new BadResponseError('b'))), null, 'a request-side error or a malformed response');
  const response: AttemptOutcome = { kind: 'response', status: 500, headers: {}, body: null, bodyBytes: 0, truncated: false, startMs: 0, ttfbMs: 1, endMs: 2 };
  assert.equal(connectFailure(response), null);
});

test('the default opens after 5 failures in a row; any response resets the count', () => {
  const b = new CircuitBreaker();
  for (let i = 0; i < 4; i++) b.record(refused, false, 0);
  b.record(null, false, 0);
  for (let i = 0; i < 4; i++) b.record(refused, false, 0);
  assert.equal(b.admit(1), 'pass', '4 in a row after a response: still closed');
  b.record(refused, false, 10);
  assert.equal(b.admit(11), 'open');
  assert.equal(b.refuses(10 + BREAKER_OPEN_MS - 1), true);
  assert.equal(b.admit(10 + BREAKER_OPEN_MS), 'probe', 'after the open time one probe goes');
  assert.equal(b.admit(10 + BREAKER_OPEN_MS), 'open', 'the others wait for the probe');
  b.record(null, true, 10 + BREAKER_OPEN_MS + 5);
  assert.equal(b.admit(10 + BREAKER_OPEN_MS + 6), 'pass', 'a response to the probe closes it');
});

test('a failed probe reopens it for another open time; a cancelled probe lets the next one try', () => {
  const b = new CircuitBreaker(2, 1000);
  b.record(refused, false, 0);
  b.record(refused, false, 0);
  assert.equal(b.admit(1000), 'probe');
  b.releaseProbe();
  assert.equal(b.admit(1000), 'probe', 'cancelled: another probe');
  b.record(refused, true, 1500);
  assert.equal(b.admit(2499), 'open');
  assert.equal(b.admit(2500), 'probe');
});

test('N sets the count; off (null) never opens', () => {
  const two = new CircuitBreaker(2);
  two.record(refused, false, 0);
  assert.equal(two.admit(0), 'pass');
  two.record(refused, false, 0);
  assert.equal(two.admit(0), 'open');
  const off = new CircuitBreaker(null);
  for (let i = 0; i < 1000; i++) off.record(refused, false, 0);
  assert.equal(off.admit(0), 'pass');
  assert.equal(off.refuses(0), false);
});

test('the message names the failures that opened it: count, kind, origin, the last cause, what happens', () => {
  const b = new CircuitBreaker();
  for (let i = 0; i < 5; i++) b.record(refused, false, 0);
  const m = b.describe('http://h:8080');
  assert.match(m, /^5 connections refused in a row to http:\/\/h:8080 \(last: connection refused by http:\/\/h:8080: is the server running\?\); not sent/);
  assert.match(m, /10 s/);
  assert.match(m, /@circuit-breaker/);
  const mixed = new CircuitBreaker(3);
  mixed.record(refused, false, 0);
  mixed.record({ code: 'DNS_FAILURE', message: 'cannot resolve' }, false, 0);
  mixed.record(refused, false, 0);
  assert.match(mixed.describe('http://h'), /^3 failures to connect in a row to http:\/\/h \(last: connection refused/);
  const dns = new CircuitBreaker(2);
  dns.record({ code: 'DNS_FAILURE', message: 'cannot resolve the host' }, false, 0);
  dns.record({ code: 'DNS_FAILURE', message: 'cannot resolve the host' }, false, 0);
  assert.match(dns.describe('http://nowhere.invalid'), /^2 DNS lookups failed in a row/);
});
