import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockingErrors, blocksToFix, wholeFileRefusal } from '../../src/extension/model/blockErrors';
import type { Diagnostic } from '../../src/core/types';

// Header lines 1-2, block 0 lines 3-6 (request line 4), block 1 lines 7-10 (8), block 2 lines 11-15 (12).
const blocks = [
  { blockIndex: 0, startLine: 3, endLine: 6, line: 4 },
  { blockIndex: 1, startLine: 7, endLine: 10, line: 8 },
  { blockIndex: 2, startLine: 11, endLine: 15, line: 12 },
];

const err = (line: number, message = 'bad', file?: string): Diagnostic => ({ severity: 'error', line, column: 1, message, ...(file ? { file } : {}) });
const warn = (line: number): Diagnostic => ({ severity: 'warning', line, column: 1, message: 'w' });

test('the whole file is stopped by every error', () => {
  const d = [err(5), warn(8), err(13)];
  assert.deepEqual(blockingErrors(d, blocks, undefined), [err(5), err(13)]);
});

test('chosen blocks are stopped only by their own errors, the header and other files', () => {
  const d = [err(5), err(9), err(13), warn(4)];
  assert.deepEqual(blockingErrors(d, blocks, [0]), [err(5)]);
  assert.deepEqual(blockingErrors(d, blocks, [1]), [err(9)]);
  assert.deepEqual(blockingErrors([err(13)], blocks, [0, 1]), [], 'an error in block 2 does not stop blocks 0 and 1');
  assert.deepEqual(blockingErrors([err(1)], blocks, [1]), [err(1)], 'an error in the file header stops every run');
  assert.deepEqual(blockingErrors([err(1, 'json', '/w/http-client.env.json')], blocks, [1]).length, 1, 'an environment file error stops every run');
  assert.deepEqual(blockingErrors([err(40)], blocks, [0]), [err(40)], 'past the last block counts as outside every block');
});

test('the refusal for the whole file names the request lines to fix and what still runs', () => {
  const d = [err(5, 'first problem'), err(6), err(13), err(1, 'json', '/w/http-client.env.json')];
  assert.deepEqual(blocksToFix(d, blocks), { lines: [4, 12], elsewhere: true });
  const m = wholeFileRefusal('api.http', d, blocks);
  assert.equal(
    m,
    'Batch HTTP: api.http has 4 errors; nothing was sent. Fix the requests on lines 4, 12 and the file header or the environment files (see the Problems panel) to run the whole file. Run Request at Cursor and Run Selected Requests still run the requests without errors. First: line 5: first problem',
  );
  assert.match(wholeFileRefusal('a.http', [err(9)], blocks), /has 1 error; nothing was sent\. Fix the request on line 8 \(/);
  const many = Array.from({ length: 12 }, (_, i) => ({ blockIndex: i, startLine: i * 2 + 1, endLine: i * 2 + 2, line: i * 2 + 1 }));
  assert.match(wholeFileRefusal('m.http', many.map((b) => err(b.line)), many), /lines 1, 3, 5, 7, 9, 11, 13, 15 and 4 more/);
});
