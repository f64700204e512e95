import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockAtLine, blocksInRanges, indicesOfBlocks, resolveScope } from '../../src/extension/model/selection';

// Header lines 1-3, block 0 lines 1-6 (request line 4), block 1 lines 7-10, block 2 lines 11-15.
const blocks = [
  { blockIndex: 0, startLine: 1, endLine: 6, line: 4 },
  { blockIndex: 1, startLine: 7, endLine: 10, line: 8 },
  { blockIndex: 2, startLine: 11, endLine: 15, line: 12 },
];

test('the cursor picks the block that holds the line', () => {
  assert.equal(blockAtLine(blocks, 1), 0);
  assert.equal(blockAtLine(blocks, 9), 1);
  assert.equal(blockAtLine(blocks, 15), 2);
  assert.equal(blockAtLine(blocks, 40), 2, 'past the end: the last block');
  assert.equal(blockAtLine([{ blockIndex: 0, startLine: 5, endLine: 6, line: 5 }], 2), 0, 'above the first: the first');
  assert.equal(blockAtLine([], 2), undefined);
});

test('a selection takes every block it touches, once, in file order', () => {
  assert.deepEqual(blocksInRanges(blocks, [{ startLine: 9, endLine: 12 }]), [1, 2]);
  assert.deepEqual(blocksInRanges(blocks, [{ startLine: 12, endLine: 11 }, { startLine: 2, endLine: 2 }, { startLine: 13, endLine: 13 }]), [0, 2]);
});

test('blocks map to every expanded copy', () => {
  const requests = [
    { index: 0, blockIndex: 0 },
    { index: 1, blockIndex: 1 },
    { index: 2, blockIndex: 1 },
    { index: 3, blockIndex: 2 },
  ];
  assert.deepEqual(indicesOfBlocks(requests, [1]), [1, 2]);
  assert.deepEqual(indicesOfBlocks(requests, [2, 0]), [0, 3]);
});

test('a scope resolves to the runner\'s only list, or says why nothing runs', () => {
  const requests = [
    { index: 0, blockIndex: 0 },
    { index: 1, blockIndex: 1 },
    { index: 2, blockIndex: 1 },
  ];
  assert.deepEqual(resolveScope(requests, { kind: 'all' }), { ok: true, only: undefined });
  assert.deepEqual(resolveScope(requests, { kind: 'blocks', blocks: [1] }), { ok: true, only: [1, 2] });
  assert.deepEqual(resolveScope(requests, { kind: 'blocks', blocks: [7] }), { ok: false, reason: 'empty' });
  assert.deepEqual(resolveScope(requests, { kind: 'indices', indices: [2, 9, -1], expectTotal: 3 }), { ok: true, only: [2] });
  assert.deepEqual(resolveScope(requests, { kind: 'indices', indices: [0], expectTotal: 4 }), { ok: false, reason: 'changed' });
  assert.deepEqual(resolveScope([], { kind: 'all' }), { ok: false, reason: 'empty' });
});
