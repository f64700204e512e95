// Response references and @depends-on: dependencies, unknown names, cycles (sections 3 and 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, errors, planFixture } from './helpers';

test('response references stay as text and make dependencies', async () => {
  const plan = await planFixture('references.batch.http');
  const [login, profile, waits, , , afterMany, bad] = plan.requests;
  assert.deepEqual(login!.dependsOn, []);
  assert.equal(login!.hasResponseRefs, false);
  assert.deepEqual(profile!.headers, [
    ['Authorization', 'Bearer {{login.response.body.$.token}}'],
    ['X-Status', '{{login.response.status}}'],
  ]);
  assert.equal(profile!.hasResponseRefs, true);
  assert.deepEqual(profile!.dependsOn, ['login']);
  assert.deepEqual(profile!.unresolved, []);
  assert.deepEqual(waits!.dependsOn, ['profile', 'login']);
  assert.equal(waits!.hasResponseRefs, false);
  assert.deepEqual(afterMany!.dependsOn, ['many'], 'waiting for a repeated request is fine');
  assert.equal(bad!.url, 'http://127.0.0.1/bad?a={{ghost.response.status}}&b={{many.response.status}}&c={{login.response.nope}}');
  const e = at(plan.diagnostics, 26);
  assert.equal(e.length, 3);
  assert.match(e[0]!, /^error: response reference: no request is named 'ghost'/);
  assert.match(e[1]!, /^error: response reference to 'many', which has @repeat or @foreach/);
  assert.match(e[2]!, /^error: '\{\{login.response.nope\}\}' is not a response reference/);
  assert.equal(errors(plan.diagnostics).length, 3);
});

test('@depends-on an unknown name is an error at the name', async () => {
  const plan = await planFixture('unknown-depends.batch.http');
  assert.deepEqual(plan.diagnostics.map((d) => [d.severity, d.line, d.column]), [['error', 1, 15]]);
  assert.match(plan.diagnostics[0]!.message, /no request is named 'nobody'/);
});

test('dependency cycles are errors on every edge of the cycle', async () => {
  const plan = await planFixture('cycles.batch.http');
  const e = errors(plan.diagnostics);
  const lines = e.map((d) => d.line);
  assert.deepEqual(lines, [3, 8, 12, 17, 22, 27]);
  assert.match(e[0]!.message, /dependency cycle: (a -> b -> a|b -> a -> b)/);
  assert.match(e[2]!.message, /dependency cycle: self -> self/);
  assert.match(e[3]!.message, /dependency cycle: (c -> d -> e -> c|d -> e -> c -> d|e -> c -> d -> e)/);
  assert.equal(plan.requests.find((r) => r.name === 'fine')!.dependsOn[0], 'a');
});
