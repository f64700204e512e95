// The children of a request in the results tree: URL, error, one per `??` assertion (pass or
// fail, expected and found), protocol, timings (with the phases), trace and span ids
// (copyable), attempts, cookies (values redacted), response headers (secret ones redacted),
// body size.
import type { AttemptInfo, RequestResult, ResultCookie, ResultCookies, ResultTimings } from '../../core/types';
import { REDACTED, type Redactor } from '../../core/redact';
import { jsonAssertions } from '../../core/report/assertions';
import { formatBytes, formatDuration } from './format';
import type { RequestEntry } from './runModel';

export interface DetailSpec {
  label: string;
  description: string;
  children?: DetailSpec[];
  /** A value the "Copy Value" action puts on the clipboard (trace and span ids). */
  copy?: string;
  /** An assertion's state: the tree shows a pass, fail or not-checked icon. */
  icon?: 'pass' | 'fail' | 'unchecked';
}

/** One child per `??` line: the assertion as written, and what was found (redacted, cut). */
export function assertionDetails(r: Pick<RequestResult, 'assertions'>, redactor: Redactor): DetailSpec[] {
  return jsonAssertions(r.assertions, redactor).map((a) => ({
    label: `?? ${a.text}`,
    description: a.ok === null ? `line ${a.line} · not checked (no response)` : `line ${a.line} · ${a.ok ? 'passed' : 'failed'}, found ${a.actual ?? 'nothing'}`,
    icon: a.ok === null ? 'unchecked' : a.ok ? 'pass' : 'fail',
  }));
}

/** `2/3 assertions` (passed of all), or null when the request has none. */
export function assertionSummary(r: Pick<RequestResult, 'assertions'> | null | undefined): string | null {
  const list = r?.assertions;
  if (!list || list.length === 0) return null;
  return `${list.filter((a) => a.ok === true).length}/${list.length} assertions`;
}

export function requestDetails(entry: RequestEntry, redactor: Redactor): DetailSpec[] {
  const out: DetailSpec[] = [];
  // The tree numbers a copy within its block; the run report numbers every request of the batch.
  if (entry.copyIndex !== null) out.push({ label: 'Copy', description: `$index ${entry.copyIndex} · #${entry.index} in the run report` });
  out.push({ label: 'URL', description: `${entry.method} ${redactor.text(entry.url)}` });
  if (entry.state === 'retrying' && entry.retryReason) out.push({ label: 'Retrying', description: redactor.text(entry.retryReason) });
  if (entry.polls > 0) out.push({ label: 'Polls', description: entry.pollValue === null ? String(entry.polls) : `${entry.polls} · last ${redactor.text(entry.pollValue)}` });
  const r = entry.result;
  if (!r) return out;
  if (r.status !== null) out.push({ label: 'Status', description: `${r.status} (${r.outcome})` });
  if (r.error) out.push({ label: 'Error', description: `${r.error.code}: ${redactor.text(r.error.message)}` });
  out.push(...assertionDetails(r, redactor));
  if (r.httpVersion) out.push({ label: 'Protocol', description: `HTTP/${r.httpVersion}` });
  if (r.timings) out.push({ label: 'Timings', description: timingsText(r.timings) });
  if (r.trace) {
    out.push({ label: 'Trace id', description: r.trace.traceId, copy: r.trace.traceId });
    out.push({ label: 'Span id', description: r.trace.spanId, copy: r.trace.spanId });
  }
  if (r.attempts > 0) {
    out.push({
      label: 'Attempts',
      description: attemptsText(r.attempts, r.attemptLog),
      children: r.attemptLog.map((a, i) => ({ label: `Attempt ${a.attempt}`, description: attemptText(a, i === r.attemptLog.length - 1 ? r.error?.code ?? null : undefined) })),
    });
  }
  if (r.cookies) out.push(cookieDetails(r.cookies));
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

/** `queued 0.2 ms · DNS 1 ms · connect 0.4 ms · TLS 3 ms · first byte 11 ms · download 0.3 ms · total 16 ms`. */
function timingsText(t: ResultTimings): string {
  const parts = [`queued ${formatDuration(t.queuedMs)}`];
  const add = (label: string, ms: number | null | undefined): void => {
    if (ms !== null && ms !== undefined) parts.push(`${label} ${formatDuration(ms)}`);
  };
  add('DNS', t.dnsMs);
  add('connect', t.connectMs);
  add('TLS', t.tlsMs);
  add('first byte', t.ttfbMs);
  add('download', t.downloadMs);
  parts.push(`total ${formatDuration(t.totalMs)}`);
  if (t.reused) parts.push('reused connection');
  return parts.join(' · ');
}

/** The jar's cookies sent and received, names and scope only (values are secrets). */
function cookieDetails(c: ResultCookies): DetailSpec {
  const item = (way: string) => (k: ResultCookie) => ({ label: `${way} ${k.name}`, description: `${REDACTED} · ${k.domain}${k.path}` });
  return {
    label: 'Cookies',
    description: `${c.sent.length} sent · ${c.received.length} received`,
    children: [...c.sent.map(item('sent')), ...c.received.map(item('received'))],
  };
}

/**
 * `3 (2 retries)`: the retries are the attempts after the first, so the count agrees with
 * the attempt rows; a retry that was decided but never made (the run stopped, the circuit
 * opened) is not one.
 */
export function attemptsText(attempts: number, log: readonly AttemptInfo[]): string {
  const missed = log.length > 0 && log.length === attempts && log[log.length - 1]!.retryDelayMs !== null;
  // Attempts after a failure (an `@until` request's later polls are not retries).
  const retries = log.length === attempts ? log.filter((a) => a.retryDelayMs !== null).length - (missed ? 1 : 0) : Math.max(0, attempts - 1);
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
  if (a.poll) parts.push(a.pollDelayMs !== undefined && a.pollDelayMs !== null ? `poll · next after ${formatDuration(a.pollDelayMs)}` : 'poll');
  if (a.spanId) parts.push(`span ${a.spanId}`);
  return parts.join(' · ');
}
