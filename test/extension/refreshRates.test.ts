// The update budget of each view that follows a running batch (model/refreshRates.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REFRESH_MS } from '../../src/extension/model/refreshRates';

test('no view follows a run more than 10 times a second; the view description (a title bar redraw) at most once', () => {
  for (const [surface, ms] of Object.entries(REFRESH_MS)) assert.ok(ms >= 100, `${surface} refreshes every ${ms} ms`);
  assert.ok(REFRESH_MS.viewDescription >= 1000, `the view description refreshes every ${REFRESH_MS.viewDescription} ms`);
  assert.ok(REFRESH_MS.runNode >= 1000, 'a run node (all its children read again) refreshes rarely');
  assert.ok(REFRESH_MS.progress <= 500, 'progress still moves at least twice a second');
});
