// The results tree groups the requests a circuit breaker refused (CIRCUIT_OPEN, never sent)
// under one node per origin, placed where the first of them stood, so the requests that
// were sent (and the failures that opened the circuit) stay in sight. Grouping applies to
// a finished run only: while a run goes on its rows keep their places. No `vscode` import.
import { asteriskOrigin, isAsteriskUrl } from '../../core/asterisk';

/** What grouping reads of a row. */
export interface GroupableEntry {
  readonly url: string;
  readonly result: { readonly error: { readonly code: string; readonly message: string } | null } | null;
}

/** The refused requests to one origin. */
export interface CircuitGroup<T> {
  readonly kind: 'circuit';
  /** `scheme://host:port` of the refused requests. */
  readonly origin: string;
  readonly entries: T[];
  /** What opened the circuit (the first refusal's message up to "; not sent"). */
  readonly reason: string;
}

export function isCircuitOpen(entry: GroupableEntry): boolean {
  return entry.result?.error?.code === 'CIRCUIT_OPEN';
}

function originOf(url: string): string {
  try {
    return new URL(isAsteriskUrl(url) ? asteriskOrigin(url) : url).origin;
  } catch {
    return url;
  }
}

/** The cause part of a CIRCUIT_OPEN message: "5 connections refused in a row to ORIGIN (last: ...)". */
export function circuitReason(message: string): string {
  const cut = message.indexOf('; not sent');
  return cut >= 0 ? message.slice(0, cut) : message;
}

/**
 * The rows in order with the CIRCUIT_OPEN ones of each origin moved into one group, at the
 * position of the first. Fewer than `min` refused rows of an origin stay as rows.
 */
export function groupCircuitOpen<T extends GroupableEntry>(entries: readonly T[], min = 2): (T | CircuitGroup<T>)[] {
  const byOrigin = new Map<string, T[]>();
  for (const e of entries) {
    if (!isCircuitOpen(e)) continue;
    const origin = originOf(e.url);
    const list = byOrigin.get(origin);
    if (list) list.push(e);
    else byOrigin.set(origin, [e]);
  }
  const out: (T | CircuitGroup<T>)[] = [];
  const placed = new Set<string>();
  for (const e of entries) {
    if (!isCircuitOpen(e)) {
      out.push(e);
      continue;
    }
    const origin = originOf(e.url);
    const list = byOrigin.get(origin)!;
    if (list.length < min) {
      out.push(e);
      continue;
    }
    if (placed.has(origin)) continue;
    placed.add(origin);
    out.push({ kind: 'circuit', origin, entries: list, reason: circuitReason(e.result!.error!.message) });
  }
  return out;
}

/** The group node's words: `CIRCUIT_OPEN · 1,932 not sent to http://h:8080` and the cause. */
export function circuitGroupText(group: CircuitGroup<unknown>): { label: string; description: string } {
  const n = group.entries.length.toLocaleString('en-US');
  return { label: `CIRCUIT_OPEN · ${n} not sent to ${group.origin}`, description: group.reason };
}
