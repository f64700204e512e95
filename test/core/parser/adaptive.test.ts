// `@concurrency auto` / `auto MAX` and the `auto` overrides (format spec, section 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planToJson } from '../../../src/core/parser';
import { planText } from './helpers';

const GET = 'GET http://127.0.0.1/\n';

test('@concurrency auto: adaptive with MAX 256; per-host follows MAX', async () => {
  const plan = await planText(`# @concurrency auto\n${GET}`, 'a.batch.http');
  assert.deepEqual(plan.diagnostics, []);
  assert.equal(plan.settings.adaptive, true);
  assert.equal(plan.settings.concurrency, 256);
  assert.equal(plan.settings.perHost, 256);
  const json = planToJson(plan);
  assert.equal(json.settings.concurrency, 'auto');
  assert.equal(json.settings.maxConcurrency, 256);
});

test('@concurrency auto 64 (any case) sets MAX; @per-host still caps each origin', async () => {
  const plan = await planText(`# @concurrency AUTO 64\n# @per-host 10\n${GET}`, 'a.batch.http');
  assert.deepEqual(plan.diagnostics, []);
  assert.deepEqual([plan.settings.adaptive, plan.settings.concurrency, plan.settings.perHost], [true, 64, 10]);
});

test('a wrong @concurrency value is an error naming the accepted forms and leaves the default', async () => {
  for (const value of ['auto 0', 'auto x', 'automatic', 'auto 64 1']) {
    const plan = await planText(`# @concurrency ${value}\n${GET}`, 'a.batch.http');
    assert.equal(plan.diagnostics.length, 1, value);
    assert.equal(plan.diagnostics[0]!.severity, 'error');
    assert.match(plan.diagnostics[0]!.message, /^@concurrency (needs a whole number from 1 to 1000000, 'auto' or 'auto MAX'|auto MAX needs MAX as a whole number)/, value);
    assert.equal(plan.settings.concurrency, 8, value);
    assert.equal(plan.settings.adaptive, undefined, value);
  }
});

test('overrides: -c auto[:MAX] wins over a number in the file, a number wins over auto in the file', async () => {
  const auto = await planText(`# @concurrency 5\n${GET}`, 'a.batch.http', { overrides: { adaptive: true } });
  assert.deepEqual([auto.settings.adaptive, auto.settings.concurrency], [true, 256]);
  const autoMax = await planText(`# @concurrency 5\n${GET}`, 'a.batch.http', { overrides: { adaptive: true, concurrency: 32 } });
  assert.deepEqual([autoMax.settings.adaptive, autoMax.settings.concurrency, autoMax.settings.perHost], [true, 32, 32]);
  const fixed = await planText(`# @concurrency auto 64\n${GET}`, 'a.batch.http', { overrides: { concurrency: 12 } });
  assert.deepEqual([fixed.settings.adaptive, fixed.settings.concurrency], [undefined, 12]);
  assert.equal(planToJson(fixed).settings.maxConcurrency, undefined);
});

test('defaults layer (the editor setting): auto applies only where the file gives no @concurrency', async () => {
  const defaults = { adaptive: true, concurrency: 256 };
  const none = await planText(GET, 'a.batch.http', { defaults });
  assert.deepEqual([none.settings.adaptive, none.settings.concurrency], [true, 256]);
  const written = await planText(`# @concurrency 5\n${GET}`, 'a.batch.http', { defaults });
  assert.deepEqual([written.settings.adaptive, written.settings.concurrency], [undefined, 5]);
  const fileAuto = await planText(`# @concurrency auto 40\n${GET}`, 'a.batch.http', { defaults: { concurrency: 3 } });
  assert.deepEqual([fileAuto.settings.adaptive, fileAuto.settings.concurrency], [true, 40]);
  assert.equal(planToJson(fileAuto).settings.concurrency, 'auto');
});
