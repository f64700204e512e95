// Display text shared by the results tree, the status bar, the progress notification and
// the CodeLenses. Pure functions: no `vscode` import, unit-tested under test/extension.
import type { ErrorCode, RunSummary } from '../../core/types';
import { notNeededText, pollingText } from './polling';

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'];

/** `512 B`, `1.2 KB`, `3.4 MB` (binary multiples, one decimal). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** `123 ms`, `3.2 s`, `2 m 5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 ms';
  if (ms < 1000) return `${ms < 10 ? Number(ms.toFixed(1)) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 60 ? `${minutes + 1} m 0 s` : `${minutes} m ${seconds} s`;
}

/** `12:04:05`, local time, for the run node's description. */
export function formatClock(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export interface LabelSource {
  title: string | null;
  name: string | null;
  method: string;
  url: string;
}

/** The request's title, else its `@name`, else `METHOD URL` (the URL through `redactor` when given). */
export function requestLabel(r: LabelSource, redactor?: { text(s: string): string }): string {
  if (r.title) return r.title;
  if (r.name) return r.name;
  return `${r.method} ${redactor ? redactor.text(r.url) : r.url}`;
}

/**
 * The request states the tree shows; the first four and `notNeeded` (a `@first` copy that
 * ended NOT_NEEDED, outcome cancelled) are final; `polling`: an `@until` request between polls
 * or sending its next one.
 */
export type RequestState = 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'queued' | 'running' | 'retrying' | 'polling' | 'notNeeded';

export interface DescriptionSource {
  state: RequestState;
  status: number | null;
  durationMs: number | null;
  bodyBytes: number;
  errorCode: ErrorCode | null;
  attempt: number;
  /** `2/3 assertions` when the request has `??` lines (see details.ts), else absent. */
  assertions?: string | null;
  /** `@until`: the polls so far, and the last value the condition found (shown redacted). */
  polls?: number;
  pollValue?: string | null;
}

/**
 * `200 · 123 ms · 1.2 KB` when a response arrived (also for an unexpected status), else the
 * error code; for requests still going: `queued`, `running`, `retrying (attempt 2)`.
 */
export function requestDescription(s: DescriptionSource): string {
  switch (s.state) {
    case 'queued':
      return 'queued';
    case 'running':
      return s.attempt > 1 ? `running (attempt ${s.attempt})` : 'running';
    case 'retrying':
      return `retrying (attempt ${s.attempt})`;
    case 'polling':
      return pollingText(s.polls ?? 0, s.pollValue ?? null);
    case 'notNeeded':
      return 'not needed';
    default:
      break;
  }
  if (s.status !== null) {
    const parts = [String(s.status)];
    if (s.durationMs !== null) parts.push(formatDuration(s.durationMs));
    parts.push(formatBytes(s.bodyBytes));
    if (s.polls) parts.push(`${s.polls} poll${s.polls === 1 ? '' : 's'}`);
    if (s.assertions) parts.push(s.assertions);
    return parts.join(' · ');
  }
  return s.assertions ? `${s.errorCode ?? s.state} · ${s.assertions}` : (s.errorCode ?? s.state);
}

/** `98 succeeded, 2 failed, 3.2 s, p95 120 ms` (cancelled and skipped only when there are some). */
export function summaryText(summary: RunSummary, durationMs: number): string {
  const parts = [`${summary.succeeded} succeeded`, `${summary.failed} failed`];
  if (summary.cancelled > 0) parts.push(`${summary.cancelled} cancelled`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  if ((summary.notNeeded ?? 0) > 0) parts.push(notNeededText(summary.notNeeded ?? 0));
  parts.push(formatDuration(durationMs));
  if (summary.latencyMs) parts.push(`p95 ${formatDuration(summary.latencyMs.p95)}`);
  return parts.join(', ');
}

/** The short counts for the status bar: `98 succeeded, 2 failed` (+ cancelled, skipped when some). */
export function countsText(c: { succeeded: number; failed: number; cancelled: number; skipped: number }): string {
  const parts = [`${c.succeeded} succeeded`, `${c.failed} failed`];
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`);
  if (c.skipped > 0) parts.push(`${c.skipped} skipped`);
  return parts.join(', ');
}

/** Live progress: `37/100, 2 failed`. */
export function progressText(done: number, total: number, failed: number): string {
  return `${done}/${total}, ${failed} failed`;
}

/** `Run batch (12 requests, concurrency 8)`; `12+` when `@foreach` makes the count unknown before planning. */
export function runBatchLensTitle(requests: number, countIsMinimum: boolean, concurrency: number | 'auto'): string {
  const n = `${requests}${countIsMinimum ? '+' : ''}`;
  return `Run batch (${n} ${requests === 1 && !countIsMinimum ? 'request' : 'requests'}, concurrency ${concurrency})`;
}

/** `Cancel (37/100)`. */
export function cancelLensTitle(done: number, total: number): string {
  return `Cancel (${done}/${total})`;
}
