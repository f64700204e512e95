import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, basicCredentials, isSecretHeader, redactUserinfo, secretHeaderValues } from '../../src/core/redact';

test('secret header names follow the spec list, case-insensitively', () => {
  for (const n of ['Authorization', 'proxy-authorization', 'COOKIE', 'Set-Cookie', 'X-Api-Key', 'x-auth-token', 'Client-Secret', 'X-Password']) {
    assert.equal(isSecretHeader(n), true, n);
  }
  for (const n of ['Accept', 'Content-Type', 'X-Request-Id']) assert.equal(isSecretHeader(n), false, n);
});

test('redactor hides planted values, userinfo and secret headers', () => {
  const r = new Redactor(['s3cr3t-value', 'ab']);
  assert.equal(r.text('token=s3cr3t-value&x=ab'), 'token=***&x=ab');
  assert.equal(r.text('GET http://bob:pw@h.example/x'), 'GET http://***@h.example/x');
  assert.deepEqual(r.headers([['Authorization', 'Bearer x'], ['Accept', 'a s3cr3t-value']]), [
    ['Authorization', '***'],
    ['Accept', 'a ***'],
  ]);
  assert.deepEqual(r.headerRecord({ 'set-cookie': 'a=b', 'content-type': 'text/plain' }), { 'set-cookie': '***', 'content-type': 'text/plain' });
  assert.equal(redactUserinfo('no at sign'), 'no at sign');
});

test('secret header values: the whole value, the credentials after the scheme, each cookie value', () => {
  assert.deepEqual(secretHeaderValues('Authorization', 'Bearer abc.def'), ['Bearer abc.def', 'abc.def']);
  assert.deepEqual(secretHeaderValues('proxy-authorization', 'Basic dTpw'), ['Basic dTpw', 'dTpw']);
  assert.deepEqual(secretHeaderValues('Cookie', 'a=one; b=two'), ['a=one; b=two', 'one', 'two']);
  assert.deepEqual(secretHeaderValues('X-Api-Key', 'k-123'), ['k-123']);
  assert.deepEqual(secretHeaderValues('Accept', 'text/plain'), []);
  assert.equal(basicCredentials('alice', 'pw'), Buffer.from('alice:pw').toString('base64'));
});

test('basic credentials of non-ASCII userinfo are the UTF-8 bytes in base64', () => {
  assert.equal(basicCredentials('jürgen', 'пароль'), Buffer.from('jürgen:пароль').toString('base64'));
});

test('a redactor learns secrets during a run', () => {
  const r = new Redactor();
  assert.equal(r.add(['learned-later']), true);
  assert.equal(r.add(['learned-later']), false, 'nothing new');
  assert.equal(r.text('x learned-later y'), 'x *** y');
});

test('header redaction stays right for names seen before and past the remembered names', () => {
  const r = new Redactor(['planted-secret']);
  for (let round = 0; round < 2; round++) {
    assert.equal(r.headerValue('Authorization', 'Bearer x'), '***');
    assert.equal(r.headerValue('x-api-key', 'k'), '***');
    assert.equal(r.headerValue('Content-Type', 'text/plain'), 'text/plain');
    assert.equal(r.headerValue('X-Echo', 'has planted-secret inside'), 'has *** inside');
  }
  // A server that invents a new header name for every response.
  for (let i = 0; i < 1_000; i++) {
    assert.equal(r.headerValue(`x-n${i}`, 'v'), 'v');
    assert.equal(r.headerValue(`x-token-${i}`, 'v'), '***');
  }
  assert.equal(r.headerValue('COOKIE', 'a=b'), '***');
});

test('a secret holding a quote or a backslash is hidden where JSON escapes it too (a body, a value an assertion shows)', async () => {
  const { shownValue } = await import('../../src/core/conditions/evaluate');
  const secret = 'to"ken\\42';
  const r = new Redactor([secret]);
  const body = JSON.stringify({ token: secret, other: 'x' });
  assert.ok(!body.includes(secret), 'the body holds only the escaped form');
  assert.equal(r.text(body), '{"token":"***","other":"x"}');
  assert.equal(r.text(`raw ${secret} here`), 'raw *** here');
  // `body $.token` shows the value found as JSON: the escaped form is what must go.
  const actual = shownValue({ field: 'body', arg: '$.token' }, secret, (t) => r.text(t));
  assert.equal(actual, '"***"');
  assert.deepEqual(r.secrets(), [secret], 'the escaped form is a way to find the secret, not another secret');
});
