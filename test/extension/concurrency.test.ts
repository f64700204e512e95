// Concurrency in the editor model: Set Concurrency's choices (auto offered), typed input,
// `batchHttp.concurrency: "auto"`, and the status bar's limit from the run's events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_MAX, concurrencyPickItems, LimitTracker, parseConcurrencyInput } from '../../src/extension/model/concurrency';
import { runBatchLensTitle } from '../../src/extension/model/format';
import { DEFAULT_USER_SETTINGS, effectiveConcurrency, planLayers, readUserSettings, type ExplicitChoice, type UserSettings } from '../../src/extension/model/settings';
import { effectiveBatchSettings } from '../../src/core/parser/settings';
import type { BatchSettings, SettingsLayer } from '../../src/core/types';

/** The settings the core's planner gives a run from the editor (planLayers, then the one merge). */
const planned = (file: SettingsLayer, user: UserSettings, explicit: ExplicitChoice = {}): BatchSettings => {
  const { defaults, overrides } = planLayers(user, explicit);
  return effectiveBatchSettings(file, overrides, defaults);
};

test('Set Concurrency offers auto first, marks the current choice, and can clear it', () => {
  const items = concurrencyPickItems('auto', true);
  assert.equal(items[0]!.value, 'auto');
  assert.equal(items[0]!.description, 'current');
  assert.ok(items.some((i) => i.value === 'other'));
  assert.equal(items[items.length - 1]!.value, null);
  assert.match(concurrencyPickItems(undefined, true)[0]!.description!, /applies to the running batch at once/);
  assert.equal(concurrencyPickItems(16, false).find((i) => i.value === 16)!.description, 'current');
});

test('typed input: a whole number from 1 to 1024 or auto', () => {
  assert.deepEqual(parseConcurrencyInput(' AUTO '), { value: 'auto' });
  assert.deepEqual(parseConcurrencyInput('12'), { value: 12 });
  for (const bad of ['0', '1025', '1.5', 'auto:64', '']) assert.deepEqual(parseConcurrencyInput(bad), { error: "A whole number from 1 to 1024, or 'auto'." }, bad);
});

test('batchHttp.concurrency accepts "auto"; the run then adapts up to 256 unless the file or the choice says otherwise', () => {
  const user = readUserSettings((k) => (k === 'concurrency' ? 'auto' : undefined));
  assert.equal(user.concurrency, 'auto');
  assert.equal(readUserSettings((k) => (k === 'concurrency' ? 'fast' : undefined)).concurrency, 8);
  const auto = planned({}, user);
  assert.deepEqual([auto.adaptive, auto.concurrency, auto.perHost], [true, AUTO_MAX, AUTO_MAX]);
  const file = planned({ concurrency: 4 }, user);
  assert.deepEqual([file.adaptive, file.concurrency], [undefined, 4]);
  const fileAuto = planned({ concurrency: 64, adaptive: true }, DEFAULT_USER_SETTINGS);
  assert.deepEqual([fileAuto.adaptive, fileAuto.concurrency], [true, 64]);
  const chosen = planned({ concurrency: 64, adaptive: true }, DEFAULT_USER_SETTINGS, { concurrency: 3 });
  assert.deepEqual([chosen.adaptive, chosen.concurrency], [undefined, 3]);
  assert.equal(effectiveConcurrency({ concurrency: 64, adaptive: true }, DEFAULT_USER_SETTINGS), 'auto');
  assert.equal(runBatchLensTitle(3, false, 'auto'), 'Run batch (3 requests, concurrency auto)');
});

test('the status bar limit follows the concurrency events', () => {
  const t = new LimitTracker({ concurrency: 256, adaptive: true });
  assert.equal(t.text(), 'limit auto');
  const ev = (origin: string | null, limit: number, pausedMs = 0) => ({ type: 'concurrency' as const, origin, limit, reason: 'growth', pausedMs, atMs: 1 });
  assert.equal(t.apply(ev('http://a', 4)), true);
  assert.equal(t.text(), 'limit 4 (auto)');
  assert.equal(t.apply(ev('http://a', 4)), false, 'no change, no update');
  t.apply(ev('http://b', 7, 1000));
  assert.equal(t.text(), 'limits 4+7 (auto, paused)');
  t.apply(ev(null, 2));
  assert.equal(t.text(), 'concurrency 2');
  assert.equal(new LimitTracker({ concurrency: 8 }).text(), 'concurrency 8');
});

test('Set Concurrency auto is an override: it wins over the file number; the CodeLens title says auto', () => {
  const chosen = planned({ concurrency: 4 }, DEFAULT_USER_SETTINGS, { concurrency: 'auto' });
  assert.deepEqual([chosen.adaptive, chosen.concurrency, chosen.perHost], [true, AUTO_MAX, AUTO_MAX]);
  assert.equal(effectiveConcurrency({ concurrency: 4 }, DEFAULT_USER_SETTINGS, { concurrency: 'auto' }), 'auto');
  assert.equal(effectiveConcurrency({ concurrency: 4, adaptive: true }, DEFAULT_USER_SETTINGS, { concurrency: 9 }), 9);
});
