// The XML packages (@xmldom/xmldom, xpath) load at the first XPath, not with the core: a run
// without XML never pays for them (src/core/xml.ts). Its own file: a fresh process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { checkAssertions, type PlannedCheck } from '../../../src/core/conditions';
import { responsePathProblem } from '../../../src/core/parser/response-path';

const loaded = (pkg: string): boolean => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`/node_modules/${pkg}/`));

const check = (over: Partial<PlannedCheck>): PlannedCheck => ({ line: 1, text: 'x', field: 'status', arg: null, op: '==', expected: '200', ...over });

test('xmldom and xpath stay unloaded until an XPath is read, and work once loaded', () => {
  const response = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":true}') };
  const json = checkAssertions([check({}), check({ field: 'body', arg: '$.ok', expected: 'true' })], response);
  assert.deepEqual(json.map((a) => a.ok), [true, true]);
  assert.equal(responsePathProblem({ name: 'a', kind: 'body', path: '$.ok' }), null);
  assert.equal(loaded('@xmldom/xmldom'), false, 'xmldom loaded without any XML');
  assert.equal(loaded('xpath'), false, 'xpath loaded without any XPath');

  const xml = { status: 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from('<r><id>9</id></r>') };
  const [found] = checkAssertions([check({ field: 'xpath', arg: '/r/id', expected: '9' })], xml);
  assert.deepEqual([found!.ok, found!.actual], [true, '9']);
  assert.equal(loaded('@xmldom/xmldom'), true);
  assert.equal(loaded('xpath'), true);
});
