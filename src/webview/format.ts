// Number and time formatting for the report's labels.
import type { AttemptPhases } from '../core/types';

/** `850 ms`, `12.3 ms`, `1.25 s`, `2 min 5 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs < 10) return `${trim(ms.toFixed(2))} ms`;
  if (abs < 1000) return `${trim(ms.toFixed(abs < 100 ? 1 : 0))} ms`;
  if (abs < 60_000) return `${trim((ms / 1000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** Short axis label for a time tick, given the tick step. */
export function formatTick(ms: number, stepMs: number): string {
  if (stepMs >= 1000) return `${trim((ms / 1000).toFixed(stepMs >= 10_000 ? 0 : 1))} s`;
  if (stepMs >= 1) return `${Math.round(ms)} ms`;
  return `${trim(ms.toFixed(2))} ms`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRate(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : trim(n.toFixed(1));
}

/** `DNS 1.2 ms · connect 0.4 ms · TLS 3.1 ms · TTFB 11 ms · download 0.3 ms` (phases that happened), `reused connection`. */
export function phasesText(ph: AttemptPhases): string {
  const parts: string[] = [];
  const add = (label: string, ms: number | null): void => {
    if (ms !== null) parts.push(`${label} ${formatMs(ms)}`);
  };
  add('DNS', ph.dnsMs);
  add('connect', ph.connectMs);
  add('TLS', ph.tlsMs);
  add('TTFB', ph.ttfbMs);
  add('download', ph.downloadMs);
  if (ph.reused) parts.push('reused connection');
  return parts.join(' · ');
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
