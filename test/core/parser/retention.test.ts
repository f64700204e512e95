// A plan must not keep the file's text alive: the CLI drops the text once planned, and a
// slice of it (a URL, a header value, a message) would otherwise hold all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildPlan } from '../../../src/core/parser';
import type { BatchPlan, FileReader } from '../../../src/core/types';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

/** A file whose text is much larger than its plan: a long comment above every request. */
function bigText(blocks: number): string {
  const lines = ['@host = http://127.0.0.1:9', ''];
  const comment = `# ${'a long comment that is read and thrown away '.repeat(12)}`;
  for (let i = 0; i < blocks; i++) {
    lines.push(`### request number ${i} with a title`, comment, `# @name request-${i}`, `POST {{host}}/orders/${i}?query=some-longer-text-${i}`, 'Content-Type: application/json', `X-Trace: trace-value-of-request-${i}`, '', `{"id": ${i}, "text": "a body long enough to be a slice"}`, '');
  }
  return lines.join('\n');
}

test('the plan keeps no part of the file text: dropping the text frees it', async () => {
  const held: { text: string | null } = { text: bigText(10_000) };
  const textBytes = held.text!.length; // one byte per character: the text is ASCII
  // Without block summaries, as the CLI plans (a summary quotes the target as written).
  const plan: BatchPlan = await buildPlan(held.text!, { filePath: '/t/big.batch.http', workspaceRoot: '/t', files: noFiles, processEnv: {}, blockSummaries: false });
  assert.deepEqual(plan.blocks, []);
  assert.equal(plan.requests.length, 10_000);
  assert.equal(plan.requests[7]!.url, 'http://127.0.0.1:9/orders/7?query=some-longer-text-7');
  assert.equal(plan.diagnostics.length, 0);
  const withText = heapAfterGc();
  held.text = null;
  const withoutText = heapAfterGc();
  // Generous: most of the text must go (the slack covers other allocations of the process).
  assert.ok(withText - withoutText > textBytes * 0.8, `freed ${withText - withoutText} of ${textBytes} bytes`);
  assert.equal(plan.requests[9_999]!.headers[1]![1], 'trace-value-of-request-9999');
});
