import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RefreshThrottle } from '../../../src/extension/report/throttle';

test('requests inside the interval collapse into one refresh at its end', async () => {
  let runs = 0;
  const t = new RefreshThrottle(() => runs++);
  t.request(40);
  assert.equal(runs, 1, 'the first request runs at once');
  t.request(40);
  t.request(40);
  t.request(40);
  assert.equal(runs, 1);
  assert.equal(t.scheduled, true);
  await sleep(150);
  assert.equal(runs, 2, 'one trailing refresh for the three requests');
  assert.equal(t.scheduled, false);
  t.cancel();
});

test('an immediate request runs now and drops the scheduled one; cancel drops it too', async () => {
  let runs = 0;
  const t = new RefreshThrottle(() => runs++);
  t.request(1000);
  t.request(1000);
  assert.equal(t.scheduled, true);
  t.request(1000, true);
  assert.equal(runs, 2);
  assert.equal(t.scheduled, false);
  t.request(1000);
  t.cancel();
  await sleep(30);
  assert.equal(runs, 2);
});

test('after the interval a request runs at once (with an injected clock)', () => {
  let now = 0;
  let runs = 0;
  const t = new RefreshThrottle(() => runs++, () => now);
  t.request(250);
  now = 100;
  t.request(250);
  assert.equal(runs, 1);
  t.cancel();
  now = 400;
  t.request(250);
  assert.equal(runs, 2);
});
