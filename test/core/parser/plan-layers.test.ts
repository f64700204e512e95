// The planner's settings layers through planDocument (the editor's path): the format's
// defaults < the host's defaults < the file's directives (request-level included) < overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FORMAT_DEFAULTS, parseDocument, planDocument, type PlanOptions } from '../../../src/core/parser';
import { createNodeFileReader } from '../../../src/core/system';
import { FIXTURES } from './helpers';

const HEADER = '# @concurrency 4\n# @timeout 2000\n\n';
const BLOCKS = '###\nGET http://127.0.0.1:1/a\n\n###\n# @timeout 700\n# @retries 5\n# @no-redirect\nGET http://127.0.0.1:1/b\n';

function plan(text: string, layers: Pick<PlanOptions, 'defaults' | 'overrides'>) {
  const options: PlanOptions = { filePath: join(FIXTURES, 'layers.batch.http'), workspaceRoot: FIXTURES, files: createNodeFileReader(), processEnv: {}, ...layers };
  return planDocument(text, parseDocument(text), options);
}

test('without layers the format defaults apply', async () => {
  const p = await plan(BLOCKS, {});
  assert.deepEqual(p.settings, { concurrency: FORMAT_DEFAULTS.concurrency, perHost: FORMAT_DEFAULTS.concurrency, timeoutMs: 30_000, deadlineMs: null, retries: 2, rate: null, bail: false });
  assert.deepEqual(p.requests.map((r) => [r.timeoutMs, r.retries, r.followRedirects]), [[30_000, 2, true], [700, 5, false]]);
});

test('defaults fill what the file does not write and lose to its directives', async () => {
  const defaults = { concurrency: 20, timeoutMs: 9000, retries: 0, rate: 7, deadlineMs: 60_000, bail: true, followRedirects: false };
  const p = await plan(HEADER + BLOCKS, { defaults });
  assert.deepEqual(p.settings, { concurrency: 4, perHost: 4, timeoutMs: 2000, deadlineMs: 60_000, retries: 0, rate: 7, bail: true });
  assert.deepEqual(p.requests.map((r) => [r.timeoutMs, r.retries, r.followRedirects]), [[2000, 0, false], [700, 5, false]]);
});

test('overrides win over directives and defaults, request directives included', async () => {
  const p = await plan(HEADER + BLOCKS, { defaults: { concurrency: 20, retries: 0, rate: 7 }, overrides: { concurrency: 64, timeoutMs: 1500, rate: null } });
  assert.equal(p.settings.concurrency, 64);
  assert.equal(p.settings.perHost, 64);
  assert.equal(p.settings.rate, null, 'a null override turns the default rate off');
  assert.deepEqual(p.requests.map((r) => [r.timeoutMs, r.retries]), [[1500, 0], [1500, 5]]);
});

test('a default perHost never exceeds the effective concurrency; a written one is kept', async () => {
  const low = await plan(HEADER + BLOCKS, { defaults: { perHost: 64 } });
  assert.equal(low.settings.perHost, 4);
  const kept = await plan(HEADER + BLOCKS, { defaults: { perHost: 2 } });
  assert.equal(kept.settings.perHost, 2);
  const written = await plan('# @per-host 3\n' + HEADER + BLOCKS, { defaults: { perHost: 1 } });
  assert.equal(written.settings.perHost, 3);
});

test('planDocument with layers gives the same plan as buildPlan with them', async () => {
  const { buildPlan } = await import('../../../src/core/parser');
  const text = HEADER + BLOCKS;
  const layers = { defaults: { retries: 1, followRedirects: false }, overrides: { concurrency: 2 } };
  const options: PlanOptions = { filePath: join(FIXTURES, 'layers.batch.http'), workspaceRoot: FIXTURES, files: createNodeFileReader(), processEnv: {}, ...layers };
  assert.deepEqual(await plan(text, layers), await buildPlan(text, options));
});
