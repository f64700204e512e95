// Directive keys, where each may stand, and the checks of their values.
import type { Diagnostic } from '../types';
import { CONDITION_DIRECTIVES, applyConditionDirective } from './assertions';
import type { BatchDirectiveSettings, DirectiveInfo, ParsedBlock } from './model';
import { compileTemplate } from './template';
import { NAME_PATTERN, durationTooLong, isStatusList, parseDuration, parseIntIn, parseRate } from './values';
import { quote } from './quote';

export const BATCH_ONLY = new Set(['concurrency', 'per-host', 'deadline', 'rate', 'bail', 'traceparent', 'http2', 'circuit-breaker']);
export const REQUEST_ONLY = new Set(['name', 'repeat', 'foreach', 'depends-on', 'no-redirect', 'expect-status', 'idempotent', 'connection-timeout', ...CONDITION_DIRECTIVES]);
/** In the file header they set batch defaults (`@no-cookie-jar`: no jar for the batch); elsewhere they are request directives. */
export const BATCH_OR_REQUEST = new Set(['timeout', 'retries', 'no-cookie-jar']);

export const MAX_REPEAT = 100_000;

/** Where a directive stands. */
export type DirectiveKind = 'batch' | 'request' | 'both' | 'unknown';

export function directiveKind(key: string): DirectiveKind {
  if (BATCH_ONLY.has(key)) return 'batch';
  if (REQUEST_ONLY.has(key)) return 'request';
  if (BATCH_OR_REQUEST.has(key)) return 'both';
  return 'unknown';
}

/** What a block's request directives produce. */
export type RequestDirectiveTarget = Pick<ParsedBlock, 'settings' | 'repeat' | 'foreach' | 'dependsOn' | 'until'>;

function error(diags: Diagnostic[], d: DirectiveInfo, message: string): void {
  diags.push({ severity: 'error', line: d.line, column: d.valueColumn, message });
}

/** Checks a flag directive has no value; false (with an error) when it has one. */
function checkFlag(d: DirectiveInfo, diags: Diagnostic[]): boolean {
  if (d.value === '') return true;
  error(diags, d, `@${d.key} takes no value; write just '# @${d.key}'`);
  return false;
}

function needDuration(d: DirectiveInfo, diags: Diagnostic[]): number | undefined {
  const ms = parseDuration(d.value);
  if (ms === null) {
    error(diags, d, `@${d.key} needs a positive duration such as 500ms, 5s or 2m (a bare number is milliseconds), not '${quote(d.value)}'`);
    return undefined;
  }
  const tooLong = durationTooLong(ms, quote(d.value.trim()));
  if (tooLong) {
    error(diags, d, `@${d.key}: ${tooLong}`);
    return undefined;
  }
  return ms;
}

function needInt(d: DirectiveInfo, diags: Diagnostic[], min: number, max: number): number | undefined {
  const n = parseIntIn(d.value, min, max);
  if (n === null) {
    error(diags, d, `@${d.key} needs a whole number from ${min} to ${max}, not '${quote(d.value)}'`);
    return undefined;
  }
  return n;
}

const MAX_COUNT = 1_000_000;
/** Default MAX of `@concurrency auto` (format spec, section 9). */
export const DEFAULT_AUTO_MAX = 256;

/** `@concurrency N`, `@concurrency auto` or `@concurrency auto MAX`. */
function applyConcurrency(d: DirectiveInfo, s: BatchDirectiveSettings, diags: Diagnostic[]): void {
  const m = /^auto(?:\s+(\S+))?$/i.exec(d.value.trim());
  if (!m) {
    const n = parseIntIn(d.value, 1, MAX_COUNT);
    if (n === null) error(diags, d, `@concurrency needs a whole number from 1 to ${MAX_COUNT}, 'auto' or 'auto MAX' (such as 'auto 64'), not '${quote(d.value)}'`);
    else {
      s.concurrency = n;
      s.adaptive = false;
    }
    return;
  }
  const max = m[1] === undefined ? DEFAULT_AUTO_MAX : parseIntIn(m[1], 1, MAX_COUNT);
  if (max === null) return error(diags, d, `@concurrency auto MAX needs MAX as a whole number from 1 to ${MAX_COUNT}, not '${quote(m[1]!)}'`);
  s.concurrency = max;
  s.adaptive = true;
}

function needCircuitBreaker(d: DirectiveInfo, diags: Diagnostic[]): number | undefined {
  const n = parseIntIn(d.value, 1, MAX_COUNT);
  if (n === null) error(diags, d, `@circuit-breaker needs a count of failures to connect in a row (a whole number from 1 to ${MAX_COUNT}) or 'off', not '${quote(d.value)}'`);
  return n ?? undefined;
}

/** Applies a directive of the file header to the batch settings (keys of kind 'batch' or 'both'). */
export function applyBatchDirective(d: DirectiveInfo, s: BatchDirectiveSettings, diags: Diagnostic[]): void {
  switch (d.key) {
    case 'concurrency':
      applyConcurrency(d, s, diags);
      break;
    case 'per-host':
      s.perHost = needInt(d, diags, 1, MAX_COUNT) ?? s.perHost;
      break;
    case 'timeout':
      s.timeoutMs = needDuration(d, diags) ?? s.timeoutMs;
      break;
    case 'deadline':
      s.deadlineMs = needDuration(d, diags) ?? s.deadlineMs;
      break;
    case 'retries':
      s.retries = needInt(d, diags, 0, MAX_COUNT) ?? s.retries;
      break;
    case 'rate': {
      const r = parseRate(d.value);
      if (r === null) error(diags, d, `@rate needs a positive count per second or minute, such as 10/s or 600/m, not '${quote(d.value)}'`);
      else s.rate = r;
      break;
    }
    case 'bail':
      if (checkFlag(d, diags)) s.bail = true;
      break;
    case 'traceparent':
      if (checkFlag(d, diags)) s.traceparent = true;
      break;
    case 'http2':
      if (checkFlag(d, diags)) s.http2 = true;
      break;
    case 'no-cookie-jar':
      if (checkFlag(d, diags)) s.cookieJar = false;
      break;
    case 'circuit-breaker':
      if (d.value.trim().toLowerCase() === 'off') s.circuitBreaker = null;
      else s.circuitBreaker = needCircuitBreaker(d, diags) ?? s.circuitBreaker;
      break;
  }
}

/** Applies a request directive (kind 'request' or 'both') to a block. */
export function applyRequestDirective(d: DirectiveInfo, t: RequestDirectiveTarget, diags: Diagnostic[]): void {
  const s = t.settings;
  if (applyConditionDirective(d, t, diags)) return;
  switch (d.key) {
    case 'name':
      if (!NAME_PATTERN.test(d.value)) error(diags, d, `@name needs a name of letters, digits, '_' and '-', not '${quote(d.value)}'`);
      else s.name = d.value;
      break;
    case 'timeout':
      s.timeoutMs = needDuration(d, diags) ?? s.timeoutMs;
      break;
    case 'connection-timeout':
      s.connectionTimeoutMs = needDuration(d, diags) ?? s.connectionTimeoutMs;
      break;
    case 'retries':
      s.retries = needInt(d, diags, 0, MAX_COUNT) ?? s.retries;
      break;
    case 'no-redirect':
      if (checkFlag(d, diags)) s.followRedirects = false;
      break;
    case 'idempotent':
      if (checkFlag(d, diags)) s.idempotent = true;
      break;
    case 'no-cookie-jar':
      if (checkFlag(d, diags)) s.cookieJar = false;
      break;
    case 'expect-status':
      if (!isStatusList(d.value)) error(diags, d, `@expect-status needs status codes or classes separated by commas, such as 200, 2xx or 200,404, not '${quote(d.value)}'`);
      else s.expectStatus = d.value;
      break;
    case 'repeat':
      t.repeat = needInt(d, diags, 1, MAX_REPEAT) ?? t.repeat;
      break;
    case 'foreach':
      if (d.value === '') error(diags, d, '@foreach needs the path of a CSV or JSON file, such as ./users.csv');
      else t.foreach = { path: compileTemplate(d.value, d.line, d.valueColumn), line: d.line, column: d.column };
      break;
    case 'depends-on': {
      if (d.value === '') {
        error(diags, d, '@depends-on needs the @name of another request');
        break;
      }
      const re = /[^\s,]+/g;
      for (let m = re.exec(d.value); m; m = re.exec(d.value)) {
        if (!NAME_PATTERN.test(m[0])) {
          diags.push({ severity: 'error', line: d.line, column: d.valueColumn + m.index, message: `@depends-on needs request names (letters, digits, '_', '-'), not '${quote(m[0])}'` });
        } else if (!t.dependsOn.some((x) => x.name === m![0])) {
          t.dependsOn.push({ name: m[0], line: d.line, column: d.valueColumn + m.index });
        }
      }
      break;
    }
  }
}
