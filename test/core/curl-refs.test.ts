// "Copy as cURL" with response values: filled from a run's results where they can be, left
// as written (and listed) where they cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCurl } from '../../src/core/curl';
import { fillResponseRefs, lookupFromRun, type CurlRequest, type RunRequestView } from '../../src/core/curl-refs';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const request: CurlRequest = {
  method: 'POST',
  url: 'http://api.test/orders/{{order.response.body.$.id}}',
  headers: [
    ['Authorization', 'Bearer {{login.response.body.$.token}}'],
    ['X-Trace', '{{login.response.headers.X-Trace}}'],
    ['X-Sent', '{{login.request.headers.X-Client}}'],
  ],
  body: '{"token":"{{login.response.body.$.token}}","missing":"{{ghost.response.body.$.x}}"}',
  timeoutMs: 5000,
  followRedirects: true,
};

const login: RunRequestView = {
  planned: { name: 'login', headers: [['X-Client', 'cli-7']], body: null },
  result: { outcome: 'succeeded', status: 200, responseHeaders: { 'x-trace': 't-1' }, body: enc('{"token":"tok-secret"}') },
};

test('references with a response are filled in; the others stay as written and are listed once', () => {
  const { request: filled, unresolved } = fillResponseRefs(request, lookupFromRun([login]));
  assert.deepEqual(filled.headers, [
    ['Authorization', 'Bearer tok-secret'],
    ['X-Trace', 't-1'],
    ['X-Sent', 'cli-7'],
  ]);
  assert.equal(filled.body, '{"token":"tok-secret","missing":"{{ghost.response.body.$.x}}"}');
  assert.equal(filled.url, request.url, 'order has no response here');
  assert.deepEqual(unresolved, ['{{order.response.body.$.id}}', '{{ghost.response.body.$.x}}']);
  const curl = toCurl(filled, { multiline: false });
  assert.ok(curl.includes("-H 'Authorization: Bearer tok-secret'"), 'the real value: the user runs the command');
});

test('a request without a response (refused, skipped, still running) does not answer; the last response of a name does', () => {
  const failed: RunRequestView = { planned: { name: 'login', headers: [], body: null }, result: { outcome: 'failed', status: null, responseHeaders: null, body: null } };
  assert.equal(fillResponseRefs(request, lookupFromRun([failed])).unresolved.length, 5, 'order, login (3 distinct) and ghost');
  const running: RunRequestView = { planned: { name: 'login', headers: [], body: null }, result: null };
  assert.equal(lookupFromRun([running])('login'), undefined);
  const second: RunRequestView = { ...login, result: { ...login.result!, body: enc('{"token":"tok-2"}') } };
  const { request: filled } = fillResponseRefs(request, lookupFromRun([login, second]));
  assert.equal(filled.headers[0]![1], 'Bearer tok-2');
  const unexpected: RunRequestView = { ...login, result: { ...login.result!, outcome: 'failed', status: 500 } };
  assert.ok(lookupFromRun([unexpected])('login'), 'a failed request with a status still has a response to read');
});

test('a text without references and a binary body are kept as they are', () => {
  const plain: CurlRequest = { ...request, url: 'http://api.test/x', headers: [['A', '{{not a ref}}']], body: enc('raw') };
  const { request: filled, unresolved } = fillResponseRefs(plain, lookupFromRun([]));
  assert.deepEqual([filled.url, filled.headers, unresolved], ['http://api.test/x', [['A', '{{not a ref}}']], []]);
  assert.equal(filled.body, plain.body);
});
