// File variables, nested values, loops, unknown variables (section 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, errors, planFixture, planText } from './helpers';

test('file variables apply after their definition; a later definition wins; nested values follow', async () => {
  const plan = await planFixture('variables.batch.http');
  const [before, first, second, loop, expr] = plan.requests;
  assert.equal(before!.url, 'http://127.0.0.1/{{path}}');
  assert.deepEqual(before!.unresolved, ['path']);
  assert.match(at(plan.diagnostics, 2)[0]!, /^warning: unknown variable 'path'/);
  assert.equal(first!.url, 'http://127.0.0.1/first', 'white space inside braces is ignored');
  assert.deepEqual(first!.unresolved, []);
  assert.equal(second!.url, 'http://127.0.0.1/second', '@api follows the newer @path');
  assert.deepEqual(loop!.unresolved.length > 0, true);
  assert.ok(errors(plan.diagnostics).some((d) => /loop: (a -> b -> a|b -> a -> b)/.test(d.message)));
  assert.deepEqual(expr!.unresolved, ['new Date()', 'missing']);
  assert.match(at(plan.diagnostics, 22)[0]!, /is not a variable/);
  assert.match(at(plan.diagnostics, 23)[0]!, /unknown variable 'missing'/);
  assert.deepEqual(at(plan.diagnostics, 26), ["error: '{{' is not closed by '}}' on the same line"]);
  assert.equal(plan.diagnostics.find((d) => d.line === 26)!.column, 22);
});

test('run values win over file variables and are not expanded further', async () => {
  const plan = await planText('@x = file\n@y = {{x}}-y\nGET http://127.0.0.1/{{y}}/{{x}}\n', 'inline.batch.http', { vars: { x: '{{lit}}' } });
  assert.equal(plan.requests[0]!.url, 'http://127.0.0.1/{{lit}}-y/{{lit}}');
  assert.deepEqual(plan.requests[0]!.unresolved, []);
});

test('a variable that refers to itself is a loop', async () => {
  const plan = await planText('@v = {{v}}/x\nGET http://127.0.0.1/{{v}}\n', 'self.batch.http');
  assert.deepEqual(plan.requests[0]!.unresolved, ['v']);
  assert.match(errors(plan.diagnostics)[0]!.message, /loop: v -> v/);
});

test('every unknown variable is one warning even across many copies', async () => {
  const plan = await planText('# @repeat 50\nGET http://127.0.0.1/{{nope}}?i={{$index}}\n', 'unknown.batch.http');
  assert.equal(plan.requests.length, 50);
  assert.equal(plan.diagnostics.length, 1);
  assert.equal(plan.diagnostics[0]!.severity, 'warning');
  assert.deepEqual(plan.requests[49]!.unresolved, ['nope']);
});

test('an unknown variable written in the file is underlined exactly', async () => {
  const plan = await planText('GET http://127.0.0.1/{{ nope }}\n', 'u.batch.http');
  assert.deepEqual(
    plan.diagnostics.map((d) => [d.line, d.column, d.endColumn]),
    [[1, 22, 32]],
  );
});

test('deep and exponential variable definitions stop with an error instead of hanging', async () => {
  const chain = Array.from({ length: 200 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n');
  const deep = await planText(`${chain}\n@v200 = end\nGET http://127.0.0.1/{{v0}}\n`, 'deep.batch.http');
  assert.ok(errors(deep.diagnostics).some((d) => /expands too far/.test(d.message)));
  assert.ok(deep.requests[0]!.unresolved.length > 0);
  const doubling = Array.from({ length: 40 }, (_, i) => `@d${i} = {{d${i + 1}}}{{d${i + 1}}}`).join('\n');
  const wide = await planText(`${doubling}\n@d40 = x\nGET http://127.0.0.1/{{d0}}\n`, 'wide.batch.http');
  assert.ok(errors(wide.diagnostics).some((d) => /expands too far/.test(d.message)));
  const fine = await planText('@a = {{b}}\n@b = {{c}}\n@c = end\nGET http://127.0.0.1/{{a}}\n', 'fine.batch.http');
  assert.equal(fine.requests[0]!.url, 'http://127.0.0.1/end');
});
