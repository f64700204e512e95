// Trace lines of the run's events for the Logger. Callers check `logger.enabled('trace')`
// first, so nothing here is formatted below the active level. Secrets are redacted.
import type { Redactor } from '../redact';
import type { PlannedRequest, RequestResult } from '../types';
import type { Job } from './job';

function who(job: Job): string {
  return name(job.request);
}

function name(r: PlannedRequest): string {
  return r.name ? `#${r.index} ${r.name}` : `#${r.index}`;
}

export function traceQueued(r: PlannedRequest, redactor: Redactor): string {
  return `${name(r)} queued ${r.method} ${redactor.text(r.url)}`;
}

export function traceStarted(job: Job, redactor: Redactor): string {
  const span = job.trace ? ` span ${job.trace.spanId}` : '';
  return `${who(job)} attempt ${job.attempts} started ${job.request.method} ${redactor.text(job.url)}${span}`;
}

export function traceRetrying(job: Job, attempt: number, delayMs: number, reason: string, redactor: Redactor): string {
  return `${who(job)} retrying ${job.request.method} ${redactor.text(job.url)}: attempt ${attempt} in ${delayMs} ms (${redactor.text(reason)})`;
}

export function tracePolling(job: Job, next: { delayMs: number; reason: string; value: string | null }, redactor: Redactor): string {
  const until = job.request.until;
  const value = next.value === null ? 'missing' : redactor.text(next.value);
  return `${who(job)} poll ${job.polls} ${job.request.method} ${redactor.text(job.url)}: '@until ${redactor.text(until?.text ?? '')}' not yet (found ${value}); next poll in ${next.delayMs} ms (${redactor.text(next.reason)})`;
}

export function traceFinished(job: Job, result: RequestResult, redactor: Redactor): string {
  const parts = [`${who(job)} ${result.outcome}`, `${result.method} ${redactor.text(result.url)}`];
  if (result.status !== null) parts.push(`status ${result.status}`);
  if (result.durationMs !== null) parts.push(`${result.durationMs.toFixed(1)} ms`);
  parts.push(`${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`);
  if (result.polls) parts.push(`${result.polls} poll${result.polls === 1 ? '' : 's'}`);
  if (result.error) parts.push(`${result.error.code}: ${redactor.text(result.error.message)}`);
  return parts.join(' | ');
}

/** An interim response (1xx) dropped before the final one (src/core/wire/interim.ts). */
export function traceInterim(job: Job, status: number, origin: string): string {
  return `${who(job)} attempt ${job.attempts}: interim response ${status} from ${origin} skipped (the final response follows)`;
}

/** `concurrency http://api:8080 limit 12 (growth)`; a pause adds `, new starts paused 1000 ms`. */
export function traceConcurrency(origin: string | null, limit: number, reason: string, pausedMs: number): string {
  const pause = pausedMs > 0 ? `, new starts paused ${Math.round(pausedMs)} ms` : '';
  return `concurrency ${origin ?? 'all origins'} limit ${limit} (${reason}${pause})`;
}
