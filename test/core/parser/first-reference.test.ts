// A response reference to a `@repeat`/`@foreach` group is an error, except with `@first 1`
// (a hedged request: the reference reads the copy that succeeded first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, planText } from './helpers';

const HEAD = '@host = http://127.0.0.1:9\n';

test('@first 1: a response reference to the group is allowed and makes a dependency', async () => {
  const plan = await planText([HEAD, '### a', '# @name fast', '# @repeat 3', '# @first 1', 'GET {{host}}/a?i={{$index}}', '', '### b', 'GET {{host}}/b?who={{fast.response.body.$.who}}'].join('\n'), 'h.batch.http');
  assert.deepEqual(errors(plan.diagnostics), []);
  const use = plan.requests[3]!;
  assert.deepEqual(use.dependsOn, ['fast']);
  assert.equal(use.hasResponseRefs, true);
  assert.deepEqual(plan.requests.slice(0, 3).map((r) => r.first), [1, 1, 1]);
});

test('@first 2 (or none): a response reference to the group stays an error', async () => {
  for (const first of ['# @first 2', null]) {
    const lines = [HEAD, '### a', '# @name many', '# @repeat 3', ...(first ? [first] : []), 'GET {{host}}/a', '', '### b', 'GET {{host}}/b?x={{many.response.status}}'];
    const plan = await planText(lines.join('\n'), 'h.batch.http');
    const e = errors(plan.diagnostics);
    assert.equal(e.length, 1, JSON.stringify(e));
    assert.match(e[0]!.message, /^response reference to 'many', which has @repeat or @foreach and so has several responses/);
  }
});
