// The tree's attempt count agrees with the retries its rows show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import type { AttemptInfo } from '../../src/core/types';
import { attemptsText, requestDetails } from '../../src/extension/model/details';
import { RunRecord } from '../../src/extension/model/runModel';
import { planned, result } from './fixtures';

const attempt = (n: number, retryDelayMs: number | null, errorCode: AttemptInfo['errorCode'] = 'CONNECTION_REFUSED'): AttemptInfo => ({ attempt: n, startMs: n * 100, ttfbMs: null, endMs: n * 100 + 5, status: null, errorCode, retryDelayMs });

test('the count says how many of the attempts were retries', () => {
  assert.equal(attemptsText(1, [attempt(1, null)]), '1');
  assert.equal(attemptsText(2, [attempt(1, 100), attempt(2, null)]), '2 (1 retry)');
  assert.equal(attemptsText(3, [attempt(1, 100), attempt(2, 200), attempt(3, null)]), '3 (2 retries)');
});

test('a retry decided but never made (the circuit opened, the run stopped) is not counted and says why', () => {
  assert.equal(attemptsText(1, [attempt(1, 100)]), '1 (a retry was not made)');
  const run = new RunRecord({ id: 'r', file: '/w/a.batch.http', startedAt: new Date(0), secrets: [], requests: [planned(0)] });
  run.apply({
    type: 'finished',
    index: 0,
    result: result(0, 'failed', { attempts: 2, error: { code: 'CIRCUIT_OPEN', message: 'x' }, attemptLog: [attempt(1, 100), attempt(2, 200)] }),
    atMs: 400,
  });
  const details = requestDetails(run.entry(0)!, new Redactor([]));
  const attempts = details.find((d) => d.label === 'Attempts')!;
  assert.equal(attempts.description, '2 (1 retry, a retry was not made)');
  assert.deepEqual(attempts.children?.map((c) => c.description), ['CONNECTION_REFUSED · 5 ms · retried after 100 ms', 'CONNECTION_REFUSED · 5 ms · retry not made (CIRCUIT_OPEN)']);
});
