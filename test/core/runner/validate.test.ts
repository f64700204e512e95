// runBatch checks every option and the plan values it uses before anything runs; a wrong
// value is a TypeError naming the option and the value. Table-driven.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch, type RunOptions } from '../../../src/core/runner';
import { createSilentLogger, createSystemClock } from '../../../src/core/system';
import type { BatchPlan, BatchSettings, PlannedRequest } from '../../../src/core/types';
import { makePlan } from '../../support/plan';

// Never contacted: a rejected run sends nothing, and an accepted one has no requests.
const URL = 'http://127.0.0.1:9/never';

function planWith(settings: Partial<Record<keyof BatchSettings, unknown>> = {}, request: Partial<Record<keyof PlannedRequest, unknown>> = {}): BatchPlan {
  const plan = makePlan([{ url: URL }]);
  Object.assign(plan.settings, settings);
  Object.assign(plan.requests[0], request);
  return plan;
}

const NUMERIC_BAD = [NaN, -5, 1.5, Infinity, -Infinity];

interface Case {
  name: string;
  values: unknown[];
  message: string;
  /** Builds the run for one value. */
  run: (v: unknown) => Promise<unknown>;
}

const setting = (key: keyof BatchSettings, message: string, values: unknown[] = NUMERIC_BAD): Case => ({
  name: `plan.settings.${key}`,
  values,
  message,
  run: (v) => runBatch(planWith({ [key]: v })),
});

const requestField = (key: keyof PlannedRequest, message: string, values: unknown[]): Case => ({
  name: `plan.requests[0].${key}`,
  values,
  message,
  run: (v) => runBatch(planWith({}, { [key]: v })),
});

const option = (key: keyof RunOptions, message: string, values: unknown[]): Case => ({
  name: key,
  values,
  message,
  run: (v) => runBatch(planWith(), { [key]: v } as RunOptions),
});

const CASES: Case[] = [
  setting('concurrency', 'a positive integer', [...NUMERIC_BAD, 0, '8', null]),
  setting('perHost', 'a positive integer', [...NUMERIC_BAD, 0, '2']),
  setting('timeoutMs', 'a positive finite number', [NaN, -5, Infinity, 0, null]),
  setting('retries', 'a non-negative integer', [...NUMERIC_BAD, '2']),
  setting('rate', 'null or a positive finite number', [NaN, -5, Infinity, 0, '10']),
  setting('deadlineMs', 'null, Infinity or a non-negative number', [NaN, -5, -Infinity, '1s']),
  setting('bail', 'a boolean', ['yes', 1]),
  requestField('timeoutMs', 'a positive finite number', [NaN, -5, Infinity, 0]),
  requestField('retries', 'a non-negative integer', [...NUMERIC_BAD]),
  requestField('connectionTimeoutMs', 'null or a positive finite number', [NaN, -5, Infinity, 0]),
  option('maxBodyBytes', 'a non-negative integer', [...NUMERIC_BAD, '1024', null]),
  option('only', 'an array of non-negative integers', [[NaN], [-1], [1.5], [Infinity], 3, 'all']),
  option('signal', 'an AbortSignal', [{}, 'abort', true]),
  option('logger', 'a Logger', [{}, console.log]),
  option('clock', 'a Clock (now, date, setTimer, clearTimer)', [{ now: () => 0, date: () => new Date() }, 5]),
  option('dispatchers', 'a function', [{}, 'agent']),
  option('onEvent', 'a function', [{}, 'log']),
  option('onResult', 'a function', [[], 1]),
  option('random', 'a function', [0.5]),
  option('rejectUnauthorized', 'a boolean', ['false', 0]),
  option('keepResults', 'a boolean', ['true', 1]),
  option('proxyEnv', 'an object', ['HTTP_PROXY=x', ['a']]),
  option('secrets', 'an array of strings', ['token', [1]]),
];

function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

for (const c of CASES) {
  for (const value of c.values) {
    test(`runBatch rejects ${c.name} = ${shown(value)}`, async () => {
      await assert.rejects(c.run(value), (err: unknown) => {
        assert.ok(err instanceof TypeError, `a TypeError, got ${String(err)}`);
        assert.equal(err.message, `runBatch: ${c.name} must be ${c.message}, got ${shown(value)}`);
        return true;
      });
    });
  }
}

test('the message shows NaN, negative, fractional and Infinity values as written', async () => {
  await assert.rejects(runBatch(planWith({ concurrency: NaN })), { name: 'TypeError', message: 'runBatch: plan.settings.concurrency must be a positive integer, got NaN' });
  await assert.rejects(runBatch(planWith({ concurrency: -5 })), { message: /got -5$/ });
  await assert.rejects(runBatch(planWith({ concurrency: 1.5 })), { message: /got 1\.5$/ });
  await assert.rejects(runBatch(planWith({ concurrency: Infinity })), { message: /got Infinity$/ });
});

test('valid values, including the edges, are accepted', async () => {
  const empty = (settings: Partial<BatchSettings>): BatchPlan => ({ ...makePlan([], settings) });
  const ok: Array<[string, BatchPlan, RunOptions]> = [
    ['deadline Infinity (no deadline)', empty({ deadlineMs: Infinity }), {}],
    ['deadline 0', empty({ deadlineMs: 0 }), {}],
    ['deadline null', empty({ deadlineMs: null }), {}],
    ['perHost above the concurrency', empty({ concurrency: 2, perHost: 50 }), {}],
    ['fractional rate and timeout', empty({ rate: 0.5, timeoutMs: 1.5 }), {}],
    ['retries 0, maxBodyBytes 0', empty({ retries: 0 }), { maxBodyBytes: 0 }],
    ['every option given', empty({}), { signal: new AbortController().signal, logger: createSilentLogger(), clock: createSystemClock(), onEvent: () => {}, onResult: () => {}, random: Math.random, rejectUnauthorized: false, keepResults: false, only: [0], proxyEnv: {}, secrets: ['s'], maxBodyBytes: 10, dispatchers: undefined }],
  ];
  for (const [name, plan, options] of ok) {
    const report = await runBatch(plan, options);
    assert.equal(report.summary.total, 0, name);
  }
});

test('a rejected run sends nothing and calls no listener', async () => {
  let events = 0;
  await assert.rejects(runBatch(planWith({ perHost: 0 }), { onEvent: () => events++ }), TypeError);
  assert.equal(events, 0);
});
