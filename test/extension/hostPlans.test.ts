// The editor and the CLI plan the same file to the same request settings (issue 19 item 8:
// an editor run once let requests run ~800 ms under `@timeout 250ms` while the CLI timed
// them out). The CLI path is buildPlan with its command-line overrides; the editor's is the
// cached parse through planParsed with the `batchHttp.*` settings as defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, parseDocument, planDocument } from '../../src/core/parser/index';
import { parseRunArgs } from '../../src/cli/commands/run';
import type { BatchPlan, FileReader } from '../../src/core/types';
import { planParsed } from '../../src/extension/model/planning';
import { DEFAULT_USER_SETTINGS, type UserSettings } from '../../src/extension/model/settings';

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

const TEXT = [
  '# @timeout 250ms',
  '# @concurrency 50',
  '# @circuit-breaker 8',
  '',
  '### plain',
  'GET http://127.0.0.1:9/a',
  '',
  '### own timeout',
  '# @timeout 2s',
  '# @retries 0',
  'GET http://127.0.0.1:9/b',
  '',
  '### copies',
  '# @repeat 3',
  '# @connection-timeout 100ms',
  '# @no-redirect',
  '# @expect-status 200,404',
  'POST http://127.0.0.1:9/c',
  '',
].join('\n');

const SETTINGS_OF = (plan: BatchPlan): unknown[] =>
  plan.requests.map((r) => ({ timeoutMs: r.timeoutMs, retries: r.retries, connectionTimeoutMs: r.connectionTimeoutMs, followRedirects: r.followRedirects, expectStatus: r.expectStatus, idempotent: r.idempotent }));

async function cliPlan(args: string[]): Promise<BatchPlan> {
  const parsed = parseRunArgs(['a.batch.http', ...args])!;
  return buildPlan(TEXT, { filePath: '/w/a.batch.http', workspaceRoot: '/w', environment: null, vars: {}, files: noFiles, processEnv: null, overrides: parsed.overrides });
}

async function editorPlan(settings: UserSettings): Promise<BatchPlan> {
  const input = { text: TEXT, parsed: parseDocument(TEXT), filePath: '/w/a.batch.http', workspaceRoot: '/w', environment: null, settings, explicit: {}, files: noFiles, processEnv: null };
  const outcome = await planParsed({ planDocument, isUnknownEnvironment: () => false }, input);
  assert.ok(outcome.ok);
  return outcome.plan;
}

test('same file, same request settings in both hosts: the file\'s @timeout 250ms holds in the editor', async () => {
  const cli = await cliPlan([]);
  for (const user of [DEFAULT_USER_SETTINGS, { ...DEFAULT_USER_SETTINGS, timeoutMs: 30_000, concurrency: 8, circuitBreaker: 3 }]) {
    const editor = await editorPlan(user);
    assert.deepEqual(SETTINGS_OF(editor), SETTINGS_OF(cli));
    assert.deepEqual(editor.settings, cli.settings);
  }
  assert.deepEqual(cli.requests.map((r) => r.timeoutMs), [250, 2000, 250, 250, 250]);
  assert.equal(cli.settings.circuitBreaker, 8);
});

test('what the file does not say: the editor\'s settings and the CLI\'s defaults agree at their defaults', async () => {
  const bare = 'GET http://127.0.0.1:9/a\n';
  const cli = await buildPlan(bare, { filePath: '/w/b.batch.http', workspaceRoot: '/w', environment: null, vars: {}, files: noFiles, processEnv: null, overrides: parseRunArgs(['b.batch.http'])!.overrides });
  const outcome = await planParsed({ planDocument, isUnknownEnvironment: () => false }, { text: bare, parsed: parseDocument(bare), filePath: '/w/b.batch.http', workspaceRoot: '/w', environment: null, settings: DEFAULT_USER_SETTINGS, explicit: {}, files: noFiles, processEnv: null });
  assert.ok(outcome.ok);
  assert.deepEqual(SETTINGS_OF(outcome.plan), SETTINGS_OF(cli));
  assert.deepEqual(outcome.plan.settings, cli.settings);
});

test('-t on the command line is an override; the editor has none, so the file wins there', async () => {
  const cli = await cliPlan(['-t', '5s']);
  assert.deepEqual(cli.requests.map((r) => r.timeoutMs), [5000, 5000, 5000, 5000, 5000]);
  const editor = await editorPlan({ ...DEFAULT_USER_SETTINGS, timeoutMs: 5000 });
  assert.deepEqual(editor.requests.map((r) => r.timeoutMs), [250, 2000, 250, 250, 250]);
});
