import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substituteResponseRefs, UnresolvedVariableError, type ResponseSource } from '../../../src/core/runner';

const json: ResponseSource = {
  status: 201,
  headers: { 'content-type': 'application/json', 'x-request-id': 'r-42' },
  body: Buffer.from(JSON.stringify({ token: 'abc', user: { id: 7, tags: ['a', 'b'], ok: true, nil: null }, 'odd key': 1 })),
};
const xml: ResponseSource = {
  status: 200,
  headers: {},
  body: Buffer.from('<?xml version="1.0"?><replies><reply id="r1">first</reply><reply id="r2">second</reply></replies>'),
};
const lookup = (name: string): ResponseSource | undefined => ({ login: json, soap: xml })[name];

test('status, headers (case-insensitive) and the whole body', () => {
  assert.equal(substituteResponseRefs('s={{login.response.status}}', lookup), 's=201');
  assert.equal(substituteResponseRefs('{{ login.response.headers.X-Request-ID }}', lookup), 'r-42');
  assert.equal(substituteResponseRefs('{{login.response.body.*}}', lookup), Buffer.from(json.body!).toString());
});

test('JSON paths: strings unquoted, other values as JSON text', () => {
  assert.equal(substituteResponseRefs('Bearer {{login.response.body.$.token}}', lookup), 'Bearer abc');
  assert.equal(substituteResponseRefs('{{login.response.body.$.user.id}}', lookup), '7');
  assert.equal(substituteResponseRefs('{{login.response.body.$.user.tags[1]}}', lookup), 'b');
  assert.equal(substituteResponseRefs('{{login.response.body.$.user.tags}}', lookup), '["a","b"]');
  assert.equal(substituteResponseRefs('{{login.response.body.$.user.ok}}', lookup), 'true');
  assert.equal(substituteResponseRefs('{{login.response.body.$.user.nil}}', lookup), 'null');
  assert.equal(substituteResponseRefs('{{login.response.body.$["odd key"]}}', lookup), '1');
  assert.equal(substituteResponseRefs('{{login.response.body.$.user}}', lookup), '{"id":7,"tags":["a","b"],"ok":true,"nil":null}');
});

test('XPath over an XML body', () => {
  assert.equal(substituteResponseRefs('{{soap.response.body.//reply[2]/@id}}', lookup), 'r2');
  assert.equal(substituteResponseRefs('{{soap.response.body.//reply[1]}}', lookup), 'first');
  assert.equal(substituteResponseRefs('{{soap.response.body.//reply[@id="r1"]}}', lookup), 'first');
});

test('text without references is returned as is; other variables stay', () => {
  assert.equal(substituteResponseRefs('http://h/{{other}}/x', lookup), 'http://h/{{other}}/x');
});

test('a missing value is an UNRESOLVED_VARIABLE error', () => {
  assert.throws(() => substituteResponseRefs('{{login.response.body.$.missing}}', lookup), UnresolvedVariableError);
  assert.throws(() => substituteResponseRefs('{{login.response.headers.nope}}', lookup), (e: unknown) => (e as UnresolvedVariableError).code === 'UNRESOLVED_VARIABLE');
  assert.throws(() => substituteResponseRefs('{{ghost.response.status}}', lookup), UnresolvedVariableError);
  assert.throws(() => substituteResponseRefs('{{soap.response.body.$.a}}', lookup), UnresolvedVariableError, 'XML is not JSON');
  assert.throws(() => substituteResponseRefs('{{soap.response.body.//nothing}}', lookup), UnresolvedVariableError);
});
