import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, planDocument } from '../../src/core/parser/index';
import type { FileReader } from '../../src/core/types';
import { planParsed } from '../../src/extension/model/planning';
import { DEFAULT_USER_SETTINGS, effectiveConcurrency, readUserSettings, type ExplicitChoice, type UserSettings } from '../../src/extension/model/settings';

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

/** The editor's planning path over the real planner: the settings are the defaults layer. */
async function planFor(text: string, user: UserSettings | null, explicit: ExplicitChoice = {}) {
  const core = { planDocument, isUnknownEnvironment: () => false };
  const settings = user ?? DEFAULT_USER_SETTINGS;
  const input = { text, parsed: parseDocument(text), filePath: '/w/a.batch.http', workspaceRoot: '/w', environment: null, settings, explicit, files: noFiles, processEnv: null };
  const outcome = user === null ? { ok: true as const, plan: await planDocument(text, input.parsed, input) } : await planParsed(core, input);
  assert.ok(outcome.ok);
  return outcome.plan;
}

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

test('settings fill what the file did not write; directives win over settings', async () => {
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 32, timeoutMs: 5000, retries: 0, rateLimit: 10 };
  const text = '# @concurrency 4\n\n###\nGET http://127.0.0.1:1/r0\n\n###\n# @timeout 1000\n# @retries 5\nGET http://127.0.0.1:1/r1\n';
  const p = await planFor(text, null);
  const out = await planFor(text, user);
  assert.equal(out.settings.concurrency, 4, '@concurrency in the file wins');
  assert.equal(out.settings.perHost, 4);
  assert.equal(out.settings.rate, 10, 'no @rate: the setting applies');
  assert.deepEqual(out.requests.map((r) => [r.timeoutMs, r.retries]), [[5000, 0], [1000, 5]], 'request directives win');
  assert.equal(p.requests[0]?.timeoutMs, 30_000, 'the input plan is unchanged');
});

test('a header @timeout / @retries stays the default; the explicit concurrency wins over everything', async () => {
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 32, timeoutMs: 5000, followRedirects: false };
  const text = '# @concurrency 4\n# @per-host 2\n# @timeout 2000\n# @retries 1\n# @rate 3/s\n\n###\nGET http://127.0.0.1:1/r0\n';
  const out = await planFor(text, user, { concurrency: 64 });
  assert.equal(out.settings.concurrency, 64);
  assert.equal(out.settings.perHost, 2);
  assert.equal(out.settings.rate, 3);
  assert.equal(out.requests[0]?.timeoutMs, 2000);
  assert.equal(out.requests[0]?.followRedirects, false);
  assert.equal(effectiveConcurrency({ concurrency: 4 }, user, { concurrency: 64 }), 64);
  assert.equal(effectiveConcurrency({ concurrency: 4 }, user), 4);
  assert.equal(effectiveConcurrency({}, user), 32);
});

test('perHost follows the effective concurrency unless set, and never exceeds it', async () => {
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 16, perHost: 64 };
  const out = await planFor('', user);
  assert.equal(out.settings.concurrency, 16);
  assert.equal(out.settings.perHost, 16);
  const out2 = await planFor('', { ...user, perHost: null }, { concurrency: 3 });
  assert.equal(out2.settings.perHost, 3);
});
