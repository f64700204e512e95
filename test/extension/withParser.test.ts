// The extension's pure logic over the real parser: CodeLens layout, selections and the
// settings merge read the parsed file, not regexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, parseDocument, planDocument } from '../../src/core/parser/index';
import type { FileReader } from '../../src/core/types';
import { lensSpecs } from '../../src/extension/model/codeLens';
import { blockAtLine, blocksInRanges, indicesOfBlocks } from '../../src/extension/model/selection';
import { planParsed } from '../../src/extension/model/planning';
import { DEFAULT_USER_SETTINGS, effectiveConcurrency } from '../../src/extension/model/settings';

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

const TEXT = [
  '# @concurrency 3', // 1
  '# @timeout 2s', // 2
  '@host = http://127.0.0.1:9', // 3
  '', // 4
  '### one', // 5
  'GET {{host}}/a', // 6
  '', // 7
  '### many', // 8
  '# @repeat 4', // 9
  '# @retries 5', // 10
  'GET {{host}}/b/{{$index}}', // 11
  '', // 12
  '### socket', // 13
  'GRPC 127.0.0.1:9/svc', // 14
  '', // 15
  '###', // 16
  'POST {{host}}/c', // 17
  '', // 18
].join('\n');

test('CodeLenses come from the parsed blocks: copies counted, other protocols left out', () => {
  const parsed = parseDocument(TEXT);
  const concurrency = effectiveConcurrency(parsed.batchSettings, DEFAULT_USER_SETTINGS);
  const specs = lensSpecs(parsed.blocks, concurrency, null);
  assert.equal(specs[0]?.title, 'Run batch (6 requests, concurrency 3)');
  assert.deepEqual(specs.filter((s) => s.kind === 'run').map((s) => s.line), [5, 8, 16]);
});

test('the cursor and selections map to blocks, and blocks to every expanded copy', async () => {
  const parsed = parseDocument(TEXT);
  const plan = await buildPlan(TEXT, { filePath: '/w/a.batch.http', workspaceRoot: '/w', files: noFiles, processEnv: null });
  assert.equal(plan.requests.length, 6);
  const many = blockAtLine(parsed.blocks, 10);
  assert.ok(many !== undefined);
  assert.equal(indicesOfBlocks(plan.requests, [many]).length, 4);
  const picked = blocksInRanges(parsed.blocks, [{ startLine: 6, endLine: 9 }]);
  assert.equal(indicesOfBlocks(plan.requests, picked).length, 5, 'one + the four copies');
  assert.deepEqual(indicesOfBlocks(plan.requests, [blockAtLine(parsed.blocks, 17)!]), [5]);
});

test('settings fill in only what the parsed file did not write', async () => {
  const parsed = parseDocument(TEXT);
  const user = { ...DEFAULT_USER_SETTINGS, concurrency: 50, timeoutMs: 9000, retries: 0, rateLimit: 20 };
  const input = { text: TEXT, parsed, filePath: '/w/a.batch.http', workspaceRoot: '/w', environment: null, settings: user, explicit: {}, files: noFiles, processEnv: null };
  const outcome = await planParsed({ planDocument, isUnknownEnvironment: () => false }, input);
  assert.ok(outcome.ok);
  const out = outcome.plan;
  assert.equal(out.settings.concurrency, 3, '@concurrency wins');
  assert.equal(out.settings.timeoutMs, 2000, 'header @timeout wins');
  assert.equal(out.settings.rate, 20, 'no @rate: the setting');
  assert.equal(out.settings.retries, 0, 'no header @retries: the setting');
  assert.deepEqual(out.requests.map((r) => r.timeoutMs), [2000, 2000, 2000, 2000, 2000, 2000]);
  assert.deepEqual(out.requests.map((r) => r.retries), [0, 5, 5, 5, 5, 0], 'the request directive wins');
});
