import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, formatRate, formatTick } from '../../../src/webview/format';

test('durations read naturally from sub-millisecond to minutes', () => {
  assert.equal(formatMs(0.25), '0.25 ms');
  assert.equal(formatMs(3), '3 ms');
  assert.equal(formatMs(12.34), '12.3 ms');
  assert.equal(formatMs(850), '850 ms');
  assert.equal(formatMs(1250), '1.25 s');
  assert.equal(formatMs(12_500), '12.5 s');
  assert.equal(formatMs(125_000), '2 min 5 s');
  assert.equal(formatMs(null), '–');
  assert.equal(formatMs(Number.NaN), '–');
});

test('axis ticks and rates use the precision their step needs', () => {
  assert.equal(formatTick(2000, 1000), '2 s');
  assert.equal(formatTick(2500, 500), '2500 ms');
  assert.equal(formatTick(30_000, 10_000), '30 s');
  assert.equal(formatTick(0.5, 0.1), '0.5 ms');
  assert.equal(formatRate(481.4), '481');
  assert.equal(formatRate(17.46), '17.5');
  assert.equal(formatRate(2), '2');
});
