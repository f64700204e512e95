// The trace log's lines for a run's events, by level: at Info one line per failed request
// (status or error code, method, URL, attempts, time) and one per retry; successes,
// cancelled and skipped requests at Debug (the run's Finished line counts them). The
// runner's own per-attempt lines stay at Trace. Secrets are redacted.
import type { Redactor } from '../../core/redact';
import type { PlannedRequest, RequestResult, RunEvent } from '../../core/types';
import { formatDuration } from './format';

export interface LogLine {
  level: 'info' | 'debug';
  text: string;
}

function who(index: number, name: string | null): string {
  return name ? `#${index} ${name}` : `#${index}`;
}

function attempts(n: number): string {
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

function finishedLine(r: RequestResult, redactor: Redactor): LogLine {
  const code = r.status !== null ? String(r.status) : (r.error?.code ?? r.outcome);
  const parts = [`${who(r.index, r.name)} ${r.outcome === 'succeeded' ? 'succeeded' : r.outcome}: ${code} ${r.method} ${redactor.text(r.url)}`, attempts(r.attempts)];
  if (r.durationMs !== null) parts.push(formatDuration(r.durationMs));
  if (r.error && r.outcome !== 'succeeded') parts.push(`${r.error.code}: ${redactor.text(r.error.message)}`);
  return { level: r.outcome === 'failed' ? 'info' : 'debug', text: parts.join(' · ') };
}

/**
 * The line for an event, or null when the event has none at Info or Debug. `request(i)`
 * gives the planned request of index i (for a retry's method and URL).
 */
export function runLogLine(event: RunEvent, redactor: Redactor, request: (index: number) => PlannedRequest | undefined): LogLine | null {
  switch (event.type) {
    case 'finished':
      return finishedLine(event.result, redactor);
    case 'retrying': {
      const r = request(event.index);
      const what = r ? ` ${r.method} ${redactor.text(r.url)}` : '';
      return { level: 'info', text: `${who(event.index, r?.name ?? null)} retrying${what}: attempt ${event.attempt} in ${formatDuration(event.delayMs)} (${redactor.text(event.reason)})` };
    }
    default:
      return null;
  }
}

/** The level a line needs before it is formatted (so a 10,000-request run formats nothing below the channel's level). */
export function levelOf(event: RunEvent): 'info' | 'debug' | null {
  if (event.type === 'retrying') return 'info';
  if (event.type === 'finished') return event.result.outcome === 'failed' ? 'info' : 'debug';
  return null;
}
