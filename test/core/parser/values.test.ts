// Value syntaxes shared with the CLI and the runner, and the document model for exporters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusList, parseDocument, parseDuration, parseRate, statusMatches } from '../../../src/core/parser';

test('parseDuration: units, optional space, bare milliseconds, positive only', () => {
  assert.equal(parseDuration('2s'), 2000);
  assert.equal(parseDuration('2 s'), 2000);
  assert.equal(parseDuration('1.5m'), 90000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('250'), 250);
  for (const bad of ['0', '0s', '-1s', 's', '2h', '2 sec', '', '1e3']) assert.equal(parseDuration(bad), null, bad);
});

test('parseRate: per second or per minute, unit required', () => {
  assert.equal(parseRate('10/s'), 10);
  assert.equal(parseRate('30/m'), 0.5);
  assert.equal(parseRate('5 / s'), 5);
  for (const bad of ['10', '0/s', '10/h', '/s', '-1/s']) assert.equal(parseRate(bad), null, bad);
});

test('status lists and matching', () => {
  assert.ok(isStatusList('200'));
  assert.ok(isStatusList('2xx, 404'));
  assert.ok(!isStatusList('20'));
  assert.ok(!isStatusList('600'));
  assert.ok(!isStatusList(''));
  assert.ok(statusMatches(null, 204) && statusMatches(null, 302) && !statusMatches(null, 404));
  assert.ok(statusMatches('2xx,404', 404) && statusMatches('2xx,404', 201) && !statusMatches('2xx,404', 500));
});

test('the document model keeps templates, positions, copies and variables for exporters', () => {
  const doc = parseDocument(
    [
      '@base = http://127.0.0.1',
      '### t',
      '# @repeat 4',
      'POST {{base}}/x?id={{$index}}',
      'X-A: {{base}}',
      '',
      '{"a": "{{base}}"}',
      '< ./f.bin',
      '### u',
      '# @foreach ./d.csv',
      'GET {{base}}/{{id}}',
    ].join('\n'),
  );
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(
    doc.variables.map((v) => [v.name, v.value.text, v.line, v.value.column]),
    [['base', 'http://127.0.0.1', 1, 9]],
  );
  const [a, b] = doc.blocks;
  assert.equal(a!.repeat, 4);
  assert.equal(a!.foreach, null);
  assert.deepEqual(a!.targetParts[0]!.parts, [
    { expr: 'base', raw: '{{base}}', line: 4, column: 6 },
    '/x?id=',
    { expr: '$index', raw: '{{$index}}', line: 4, column: 20 },
  ]);
  assert.equal(a!.headers[0]!.value.text, '{{base}}');
  assert.deepEqual(
    a!.body!.map((l) => l.kind),
    ['text', 'file'],
  );
  const file = a!.body![1]!;
  assert.ok(file.kind === 'file' && file.path.text === './f.bin' && !file.substitute && file.line === 8);
  assert.equal(b!.foreach!.path.text, './d.csv');
  assert.equal(b!.foreach!.line, 10);
});

test('matchResponseRef splits response references', async () => {
  const { matchResponseRef } = await import('../../../src/core/parser');
  assert.deepEqual(matchResponseRef('login.response.status'), { name: 'login', kind: 'status', path: '' });
  assert.deepEqual(matchResponseRef('login.response.headers.X-Token'), { name: 'login', kind: 'headers', path: 'X-Token' });
  assert.deepEqual(matchResponseRef('a-1.response.body.$.items[0].id'), { name: 'a-1', kind: 'body', path: '$.items[0].id' });
  assert.deepEqual(matchResponseRef('x.response.body.//reply[1]/@id'), { name: 'x', kind: 'body', path: '//reply[1]/@id' });
  assert.equal(matchResponseRef('x.response.nope'), null);
  assert.equal(matchResponseRef('host'), null);
});
