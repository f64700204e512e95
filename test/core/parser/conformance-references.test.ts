// Conformance: response references and dependencies (format spec, sections 3 and 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, errors, planFixture, planText } from './helpers';

test('response references of every form stay as text and add the request they name, once', async () => {
  const plan = await planFixture('conformance/response-refs.batch.http');
  const ok = plan.requests[2]!;
  assert.equal(
    ok.url,
    "http://127.0.0.1/ok?s={{login.response.status}}&p={{login.response.body.$.a.b[0].c}}&q={{login.response.body.$['a b'][2]}}&w={{login.response.body.$}}",
  );
  assert.deepEqual(ok.headers, [
    ['X-Id', '{{ login.response.headers.x-request-id }}'],
    ['X-Whole', '{{login.response.body.*}}'],
    ['X-Xml', '{{xml.response.body.//reply[1]/@id}}'],
    ['Authorization', 'Bearer {{login.response.body.$.token}}'],
  ]);
  assert.deepEqual(ok.dependsOn, ['login', 'xml']);
  assert.equal(ok.hasResponseRefs, true);
  assert.deepEqual(ok.unresolved, []);
  assert.deepEqual(at(plan.diagnostics, 10), []);
});

test('a malformed response path is an error when the file is parsed, not only when it runs', async () => {
  const plan = await planFixture('conformance/response-refs.batch.http');
  const bad = plan.requests[3]!;
  const d = at(plan.diagnostics, 17);
  assert.equal(d.length, 4);
  assert.match(d[0]!, /^error: \{\{login\.response\.body\.token\}\}: the body path 'token' must be \*/);
  assert.match(d[1]!, /^error: .*'\$\.a\.\.b' is not a JSON path/);
  assert.match(d[2]!, /^error: .*'\/\/a\[' is not a valid XPath/);
  assert.match(d[3]!, /^error: .*'\$a' is not a JSON path/);
  assert.deepEqual(bad.unresolved, ['login.response.body.token', 'login.response.body.$.a..b', 'xml.response.body.//a[', 'login.response.body.$a']);
  assert.equal(errors(plan.diagnostics).length, 4);
});

test('dependencies through variables, forward references, copies, and cycles', async () => {
  const text = [
    '@tok = {{second.response.body.$.token}}', // 1
    '# @name first', // 2
    'GET http://127.0.0.1/first?t={{tok}}', // 3
    '###', // 4
    '# @name second', // 5
    '# @depends-on first', // 6
    'GET http://127.0.0.1/second', // 7
    '###', // 8
    '# @name many', // 9
    '# @foreach ../users.json', // 10
    'GET http://127.0.0.1/many/{{name}}', // 11
    '###', // 12
    '# @depends-on many', // 13
    'GET http://127.0.0.1/after?h={{third.response.headers.Content-Type}}', // 14
    '###', // 15
    '# @name third', // 16
    'GET http://127.0.0.1/third?x={{many.response.body.*}}', // 17
    '',
  ].join('\n');
  const plan = await planText(text, 'conformance/deps.batch.http');
  const byUrl = new Map(plan.requests.map((r) => [r.url.split('?')[0], r]));
  assert.deepEqual(byUrl.get('http://127.0.0.1/first')!.dependsOn, ['second'], 'a reference through a file variable');
  assert.deepEqual(byUrl.get('http://127.0.0.1/after')!.dependsOn, ['many', 'third'], 'a forward reference is fine');
  const e = errors(plan.diagnostics);
  assert.deepEqual(
    e.map((d) => [d.line, d.message.replace(/:.*$/, '')]),
    [
      [1, 'dependency cycle'],
      [6, 'dependency cycle'],
      [17, "response reference to 'many', which has @repeat or @foreach and so has several responses; use '# @depends-on many' to wait for all of them instead"],
    ],
  );
  assert.match(e[0]!.message, /first -> second -> first|second -> first -> second/);
});
