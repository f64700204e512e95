import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDynamic, parseResponseRef } from '../../../src/core/export/refs';
import { dependencyOrder } from '../../../src/core/export/order';
import { NameAllocator, toIdentifier } from '../../../src/core/export/names';

test('response references are split into request, source and path', () => {
  assert.deepEqual(parseResponseRef('login.response.body.$.data.token'), { request: 'login', source: 'json', path: '$.data.token' });
  assert.deepEqual(parseResponseRef('login.response.headers.X-Request-Id'), { request: 'login', source: 'header', path: 'x-request-id' });
  assert.deepEqual(parseResponseRef('login.response.status'), { request: 'login', source: 'status', path: '' });
  assert.deepEqual(parseResponseRef('login.response.body.*'), { request: 'login', source: 'body', path: '' });
  assert.deepEqual(parseResponseRef('x.response.body.//reply[1]/@id'), { request: 'x', source: 'xpath', path: '//reply[1]/@id' });
  assert.equal(parseResponseRef('host'), null);
  assert.equal(parseResponseRef('login.response.body.token'), null);
});

test('dynamic variables are parsed with their arguments', () => {
  assert.deepEqual(parseDynamic('$uuid'), { kind: 'value', value: { fn: 'uuid' } });
  assert.deepEqual(parseDynamic('$random.uuid'), { kind: 'value', value: { fn: 'uuid' } });
  assert.deepEqual(parseDynamic('$timestamp -1 d'), { kind: 'value', value: { fn: 'timestamp', offset: { amount: -1, unit: 'd' } } });
  assert.deepEqual(parseDynamic('$datetime "YYYY-MM-DD HH:mm" 2 h'), {
    kind: 'value',
    value: { fn: 'datetime', format: 'YYYY-MM-DD HH:mm', local: false, offset: { amount: 2, unit: 'h' } },
  });
  assert.deepEqual(parseDynamic('$localDatetime iso8601'), { kind: 'value', value: { fn: 'datetime', format: 'iso8601', local: true, offset: null } });
  assert.deepEqual(parseDynamic('$randomInt -5 10'), { kind: 'value', value: { fn: 'randomInt', min: -5, max: 10 } });
  assert.equal(parseDynamic('$randomInt 9 1')?.kind, 'invalid');
  assert.deepEqual(parseDynamic('$processEnv HOME'), { kind: 'env', name: 'HOME', from: 'processEnv' });
  assert.deepEqual(parseDynamic('$dotenv API_KEY'), { kind: 'env', name: 'API_KEY', from: 'dotenv' });
  assert.deepEqual(parseDynamic('$index'), { kind: 'index' });
  assert.equal(parseDynamic('$nope')?.kind, 'invalid');
  assert.equal(parseDynamic('host'), null);
});

test('dependency order puts needed steps first and keeps file order otherwise', () => {
  const items = [
    { blockIndex: 0, name: 'profile', dependsOn: ['login'] },
    { blockIndex: 1, name: null, dependsOn: [] },
    { blockIndex: 2, name: 'login', dependsOn: [] },
    { blockIndex: 3, name: 'a', dependsOn: ['b'] },
    { blockIndex: 4, name: 'b', dependsOn: ['a'] },
  ];
  const { ordered, cyclic } = dependencyOrder(items);
  assert.deepEqual(ordered.map((i) => i.blockIndex), [1, 2, 0, 3, 4]);
  assert.deepEqual(cyclic.map((i) => i.blockIndex), [3, 4]);
});

test('generated names are identifiers and unique', () => {
  assert.equal(toIdentifier('x-request-id'), 'x_request_id');
  assert.equal(toIdentifier('1abc'), 'v_1abc');
  const names = new NameAllocator(['target']);
  assert.equal(names.allocate('target'), 'target_2');
  assert.equal(names.allocate('a.b'), 'a_b');
  assert.equal(names.allocate('a-b'), 'a_b_2');
});
