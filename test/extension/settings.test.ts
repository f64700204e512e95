import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyUserSettings, DEFAULT_USER_SETTINGS, effectiveConcurrency, readUserSettings } from '../../src/extension/model/settings';
import { plan, planned } from './fixtures';

test('settings are read with defaults and clamped', () => {
  const raw: Record<string, unknown> = { concurrency: 5000, perHost: null, timeout: 'x', retries: 3, rateLimit: -2, 'codeLens.enabled': false, environment: '  dev ' };
  const s = readUserSettings((k) => raw[k]);
  assert.equal(s.concurrency, 1024);
  assert.equal(s.perHost, null);
  assert.equal(s.timeoutMs, 30_000);
  assert.equal(s.retries, 3);
  assert.equal(s.rateLimit, 0);
  assert.equal(s.codeLensEnabled, false);
  assert.equal(s.environment, 'dev');
  assert.equal(s.keepRuns, 5);
});

test('settings fill what the file did not write; directives win over settings', () => {
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 32, timeoutMs: 5000, retries: 0, rateLimit: 10 };
  const p = plan([planned(0, { timeoutMs: 30_000, retries: 2 }), planned(1, { timeoutMs: 1000, retries: 5 })], {
    settings: { concurrency: 4, perHost: 4, timeoutMs: 30_000, deadlineMs: null, retries: 2, rate: null, bail: false },
  });
  const out = applyUserSettings(p, { batch: { concurrency: 4 }, blocks: [{}, { timeoutMs: 1000, retries: 5 }] }, user);
  assert.equal(out.settings.concurrency, 4, '@concurrency in the file wins');
  assert.equal(out.settings.perHost, 4);
  assert.equal(out.settings.rate, 10, 'no @rate: the setting applies');
  assert.deepEqual(out.requests.map((r) => [r.timeoutMs, r.retries]), [[5000, 0], [1000, 5]], 'request directives win');
  assert.equal(p.requests[0]?.timeoutMs, 30_000, 'the input plan is unchanged');
});

test('a header @timeout / @retries stays the default; the explicit concurrency wins over everything', () => {
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 32, timeoutMs: 5000, followRedirects: false };
  const p = plan([planned(0, { timeoutMs: 2000, retries: 1 })], {
    settings: { concurrency: 4, perHost: 2, timeoutMs: 2000, deadlineMs: null, retries: 1, rate: 3, bail: false },
  });
  const out = applyUserSettings(p, { batch: { concurrency: 4, perHost: 2, timeoutMs: 2000, retries: 1, rate: 3 }, blocks: [{}] }, user, { concurrency: 64 });
  assert.equal(out.settings.concurrency, 64);
  assert.equal(out.settings.perHost, 2);
  assert.equal(out.settings.rate, 3);
  assert.equal(out.requests[0]?.timeoutMs, 2000);
  assert.equal(out.requests[0]?.followRedirects, false);
  assert.equal(effectiveConcurrency({ concurrency: 4 }, user, { concurrency: 64 }), 64);
  assert.equal(effectiveConcurrency({ concurrency: 4 }, user), 4);
  assert.equal(effectiveConcurrency({}, user), 32);
});

test('perHost follows the effective concurrency unless set, and never exceeds it', () => {
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 16, perHost: 64 };
  const out = applyUserSettings(plan([]), { batch: {}, blocks: [] }, user);
  assert.equal(out.settings.concurrency, 16);
  assert.equal(out.settings.perHost, 16);
  const out2 = applyUserSettings(plan([]), { batch: {}, blocks: [] }, { ...user, perHost: null }, { concurrency: 3 });
  assert.equal(out2.settings.perHost, 3);
});
