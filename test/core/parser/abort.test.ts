// buildPlan and exportBatch take an AbortSignal: checked before the work starts and
// between blocks; the promise rejects with the signal's reason (AbortError by default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exportBatch } from '../../../src/core/export';
import { createNodeFileReader } from '../../../src/core/system';
import { FIXTURES, planText } from './helpers';

test('buildPlan with an aborted signal rejects with an AbortError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(planText('GET http://127.0.0.1/a\n', 'abort.batch.http', { signal: controller.signal }), { name: 'AbortError' });
});

test('buildPlan stops between blocks once the signal aborts', async () => {
  const controller = new AbortController();
  let calls = 0;
  const random = (): number => {
    if (++calls === 3) controller.abort();
    return 0.5;
  };
  const text = Array.from({ length: 50 }, (_, i) => `### r${i}\nGET http://127.0.0.1/{{$randomInt 0 9}}\n`).join('\n');
  await assert.rejects(planText(text, 'abort.batch.http', { signal: controller.signal, random }), { name: 'AbortError' });
  assert.equal(calls, 3, 'no block after the abort was planned');
});

test('buildPlan rejects with the reason the caller gave', async () => {
  const controller = new AbortController();
  const reason = new Error('user closed the file');
  controller.abort(reason);
  await assert.rejects(planText('GET http://127.0.0.1/a\n', 'abort.batch.http', { signal: controller.signal }), (err) => err === reason);
});

test('a signal that never aborts changes nothing', async () => {
  const plan = await planText('GET http://127.0.0.1/a\n###\nGET http://127.0.0.1/b\n', 'abort.batch.http', { signal: new AbortController().signal });
  assert.equal(plan.requests.length, 2);
});

test('exportBatch with an aborted signal rejects with an AbortError and writes nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const run = exportBatch('GET http://127.0.0.1/a\n', {
    engine: 'k6',
    filePath: join(FIXTURES, 'abort.batch.http'),
    workspaceRoot: FIXTURES,
    outFile: join(FIXTURES, 'never-written.k6.js'),
    files: createNodeFileReader(),
    signal: controller.signal,
  });
  await assert.rejects(run, { name: 'AbortError' });
});
