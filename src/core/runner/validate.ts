// Checks every `RunOptions` field and the plan values the runner uses, before anything runs:
// a wrong value throws a TypeError naming the option and the value (docs/architecture.md,
// "Option checks"). Infinity is accepted only by `deadlineMs` (no deadline).
import type { BatchPlan, PlannedRequest } from '../types';
import type { RunOptions } from './options';

type Check = (value: unknown) => boolean;

const isFn: Check = (v) => typeof v === 'function';
const isBool: Check = (v) => typeof v === 'boolean';
const isPositiveInt: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPositiveMs: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isRate: Check = (v) => v === null || isPositiveMs(v);
const isDeadline: Check = (v) => v === null || v === Infinity || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isConnectTimeout: Check = (v) => v === null || isPositiveMs(v);
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasMethods =
  (...names: string[]): Check =>
  (v) =>
    isObject(v) && names.every((n) => typeof (v as Record<string, unknown>)[n] === 'function');
const isSignal: Check = (v) => hasMethods('addEventListener', 'removeEventListener')(v) && typeof (v as AbortSignal).aborted === 'boolean';
const isIndexList: Check = (v) => Array.isArray(v) && v.every(isCount);
const isStringList: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** [field, check, what it must be]; undefined always passes (the default applies). */
const OPTION_RULES: ReadonlyArray<[keyof RunOptions, Check, string]> = [
  ['signal', isSignal, 'an AbortSignal'],
  ['logger', hasMethods('enabled', 'trace', 'debug', 'info', 'warn', 'error'), 'a Logger'],
  ['clock', hasMethods('now', 'date', 'setTimer', 'clearTimer'), 'a Clock (now, date, setTimer, clearTimer)'],
  ['dispatchers', isFn, 'a function'],
  ['onEvent', isFn, 'a function'],
  ['maxBodyBytes', isCount, 'a non-negative integer'],
  ['rejectUnauthorized', isBool, 'a boolean'],
  ['only', isIndexList, 'an array of non-negative integers'],
  ['proxyEnv', isObject, 'an object'],
  ['secrets', isStringList, 'an array of strings'],
  ['keepResults', isBool, 'a boolean'],
  ['onResult', isFn, 'a function'],
  ['random', isFn, 'a function'],
  ['randomBytes', isFn, 'a function'],
];

const SETTING_RULES: ReadonlyArray<[string, Check, string]> = [
  ['concurrency', isPositiveInt, 'a positive integer'],
  ['adaptive', (v) => v === undefined || isBool(v), 'a boolean'],
  ['perHost', isPositiveInt, 'a positive integer'],
  ['timeoutMs', isPositiveMs, 'a positive finite number'],
  ['deadlineMs', isDeadline, 'null, Infinity or a non-negative number'],
  ['retries', isCount, 'a non-negative integer'],
  ['rate', isRate, 'null or a positive finite number'],
  ['bail', isBool, 'a boolean'],
  ['traceparent', (v) => v === undefined || isBool(v), 'a boolean or absent'],
  ['circuitBreaker', (v) => v === undefined || v === null || isPositiveInt(v), 'absent, null (off) or a positive integer'],
];

const REQUEST_RULES: ReadonlyArray<[keyof PlannedRequest, Check, string]> = [
  ['timeoutMs', isPositiveMs, 'a positive finite number'],
  ['connectionTimeoutMs', isConnectTimeout, 'null or a positive finite number'],
  ['retries', isCount, 'a non-negative integer'],
];

/** The value as a message shows it: numbers as written (NaN, -5, Infinity), strings quoted. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

function fail(name: string, must: string, value: unknown): never {
  throw new TypeError(`runBatch: ${name} must be ${must}, got ${describeValue(value)}`);
}

/** Throws a TypeError for the first wrong option or plan value; returns nothing when all are fine. */
export function validateRun(plan: BatchPlan, options: RunOptions): void {
  if (!isObject(options)) fail('options', 'an object', options);
  for (const [name, check, must] of OPTION_RULES) {
    const value = options[name];
    if (value !== undefined && !check(value)) fail(name, must, value);
  }
  if (!isObject(plan) || !isObject(plan.settings) || !Array.isArray(plan.requests)) fail('plan', 'a BatchPlan (settings, requests)', plan);
  const settings = plan.settings as unknown as Record<string, unknown>;
  for (const [name, check, must] of SETTING_RULES) {
    if (!check(settings[name])) fail(`plan.settings.${name}`, must, settings[name]);
  }
  const requests = plan.requests;
  for (let i = 0; i < requests.length; i++) checkRequest(requests[i], 'plan.requests', i);
  // A lazy group's copies all have its copy 0's options.
  const lazy = plan.lazy ?? [];
  if (!Array.isArray(lazy)) fail('plan.lazy', 'an array of lazy groups', lazy);
  for (let i = 0; i < lazy.length; i++) {
    const g = lazy[i];
    if (!isObject(g) || !Number.isInteger(g.count) || g.count < 0 || typeof g.open !== 'function') fail(`plan.lazy[${i}]`, 'a lazy group (count, sample, open)', g);
    checkRequest(g.sample, 'plan.lazy', i, '.sample');
  }
}

/** `list[i]` (then `suffix`) names the request in a message, made only when one is wrong. */
function checkRequest(r: PlannedRequest, list: string, i: number, suffix = ''): void {
  for (const [name, check, must] of REQUEST_RULES) {
    if (!check(r[name])) fail(`${list}[${i}]${suffix}.${name}`, must, r[name]);
  }
}
