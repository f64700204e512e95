// Settings: overrides win over directives (request-level included); perHost follows concurrency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFixture, planText } from './helpers';

test('overrides win over batch and request directives', async () => {
  const plan = await planFixture('batch-directives.batch.http', { overrides: { concurrency: 3, timeoutMs: 9000, retries: 1, rate: null, bail: false, deadlineMs: null } });
  assert.deepEqual(plan.settings, { concurrency: 3, perHost: 2, timeoutMs: 9000, deadlineMs: null, retries: 1, rate: null, bail: false });
  for (const r of plan.requests) {
    assert.equal(r.timeoutMs, 9000);
    assert.equal(r.retries, 1);
  }
});

test('perHost defaults to the effective concurrency', async () => {
  const none = await planText('GET http://127.0.0.1/\n', 'a.batch.http');
  assert.deepEqual(none.settings, { concurrency: 8, perHost: 8, timeoutMs: 30000, deadlineMs: null, retries: 2, rate: null, bail: false });
  const file = await planText('# @concurrency 5\nGET http://127.0.0.1/\n', 'a.batch.http');
  assert.equal(file.settings.perHost, 5);
  const cli = await planText('# @concurrency 5\nGET http://127.0.0.1/\n', 'a.batch.http', { overrides: { concurrency: 12 } });
  assert.equal(cli.settings.perHost, 12);
  const both = await planText('# @concurrency 5\n# @per-host 1\nGET http://127.0.0.1/\n', 'a.batch.http', { overrides: { concurrency: 12, perHost: 4 } });
  assert.equal(both.settings.perHost, 4);
});
