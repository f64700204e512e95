// The children of a request in the results tree: URL, error, timings, attempts, response
// headers (secret ones redacted), body size.
import type { AttemptInfo } from '../../core/types';
import type { Redactor } from '../../core/redact';
import { formatBytes, formatDuration } from './format';
import type { RequestEntry } from './runModel';

export interface DetailSpec {
  label: string;
  description: string;
  children?: DetailSpec[];
}

export function requestDetails(entry: RequestEntry, redactor: Redactor): DetailSpec[] {
  const out: DetailSpec[] = [];
  if (entry.copyIndex !== null) out.push({ label: 'Copy', description: `$index ${entry.copyIndex}` });
  out.push({ label: 'URL', description: `${entry.method} ${redactor.text(entry.url)}` });
  if (entry.state === 'retrying' && entry.retryReason) out.push({ label: 'Retrying', description: redactor.text(entry.retryReason) });
  const r = entry.result;
  if (!r) return out;
  if (r.status !== null) out.push({ label: 'Status', description: `${r.status} (${r.outcome})` });
  if (r.error) out.push({ label: 'Error', description: `${r.error.code}: ${redactor.text(r.error.message)}` });
  if (r.timings) {
    const parts = [`queued ${formatDuration(r.timings.queuedMs)}`];
    if (r.timings.ttfbMs !== null) parts.push(`first byte ${formatDuration(r.timings.ttfbMs)}`);
    parts.push(`total ${formatDuration(r.timings.totalMs)}`);
    out.push({ label: 'Timings', description: parts.join(' · ') });
  }
  if (r.attempts > 0) {
    out.push({
      label: 'Attempts',
      description: attemptsText(r.attempts, r.attemptLog),
      children: r.attemptLog.map((a, i) => ({ label: `Attempt ${a.attempt}`, description: attemptText(a, i === r.attemptLog.length - 1 ? r.error?.code ?? null : undefined) })),
    });
  }
  if (r.responseHeaders) {
    const headers = redactor.headerRecord(r.responseHeaders) ?? {};
    const names = Object.keys(headers);
    out.push({
      label: 'Response headers',
      description: String(names.length),
      children: names.map((name) => ({ label: name, description: headers[name] ?? '' })),
    });
  }
  if (r.status !== null) out.push({ label: 'Body', description: `${formatBytes(r.bodyBytes)}${r.truncated ? ' (truncated)' : ''}` });
  return out;
}

/**
 * `3 (2 retries)`: the retries are the attempts after the first, so the count agrees with
 * the attempt rows; a retry that was decided but never made (the run stopped, the circuit
 * opened) is not one.
 */
export function attemptsText(attempts: number, log: readonly AttemptInfo[]): string {
  const retries = Math.max(0, attempts - 1);
  const missed = log.length > 0 && log.length === attempts && log[log.length - 1]!.retryDelayMs !== null;
  const parts = retries > 0 ? [`${retries} ${retries === 1 ? 'retry' : 'retries'}`] : [];
  if (missed) parts.push('a retry was not made');
  return parts.length > 0 ? `${attempts} (${parts.join(', ')})` : String(attempts);
}

/**
 * One attempt's row. `endCode`: for the last attempt, the code the request ended with; a
 * retry decided after it that never came says so instead of "retried".
 */
function attemptText(a: AttemptInfo, endCode?: string | null): string {
  const parts = [a.status !== null ? String(a.status) : (a.errorCode ?? 'no response')];
  parts.push(formatDuration(Math.max(0, a.endMs - a.startMs)));
  if (a.retryDelayMs !== null) {
    if (endCode === undefined) parts.push(`retried after ${formatDuration(a.retryDelayMs)}`);
    else parts.push(`retry not made${endCode ? ` (${endCode})` : ''}`);
  }
  return parts.join(' · ');
}
