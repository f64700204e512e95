import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeMarkLabels, type PlacedLabel } from '../../../src/core/report/mark-labels';

const overlap = (a: PlacedLabel, b: PlacedLabel, w: number): boolean => a.row === b.row && a.left < b.left + w && b.left < a.left + w;

test('p95 and p99 a few pixels apart: no two labels overlap', () => {
  const w = 22;
  const placed = placeMarkLabels([{ x: 100, width: w }, { x: 300, width: w }, { x: 306, width: w }], 40, 500);
  assert.deepEqual(placed.map((p) => p.row), [0, 0, 1]);
  for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) assert.equal(overlap(placed[i]!, placed[j]!, w), false, `${i} and ${j}`);
});

test('labels far apart share the top row, right of their line; at the right edge a label turns left', () => {
  const placed = placeMarkLabels([{ x: 50, width: 20 }, { x: 200, width: 20 }, { x: 495, width: 20 }], 40, 500);
  assert.deepEqual(placed, [
    { left: 52, row: 0 },
    { left: 202, row: 0 },
    { left: 473, row: 0 },
  ]);
});

test('three marks on the same pixel take three rows; the left edge is kept', () => {
  const placed = placeMarkLabels([{ x: 480, width: 30 }, { x: 480, width: 30 }, { x: 480, width: 30 }], 470, 500);
  assert.deepEqual(placed.map((p) => p.row), [0, 1, 2]);
  assert.ok(placed.every((p) => p.left >= 470));
});
