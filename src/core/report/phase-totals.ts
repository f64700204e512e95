// Where the run's time went: the final attempts' phases summed over every request that
// has them, and the largest share ("78% waiting for the server"), for the report's
// "slowest phase" card.
import type { RequestResult } from '../types';

export const PHASES = ['queued', 'dns', 'connect', 'tls', 'ttfb', 'download'] as const;
export type PhaseKey = (typeof PHASES)[number];

/** How the card words each phase. */
export const PHASE_WORDS: Record<PhaseKey, string> = {
  queued: 'waiting for a slot',
  dns: 'resolving names',
  connect: 'connecting',
  tls: 'in TLS handshakes',
  ttfb: 'waiting for the server',
  download: 'downloading responses',
};

export interface PhaseTotals {
  /** Summed ms per phase. */
  totalsMs: Record<PhaseKey, number>;
  /** Requests whose phases were counted. */
  requests: number;
  /** The phase with the largest sum, and its share of all phases (0..1). */
  slowest: PhaseKey;
  share: number;
}

/** The totals over results whose timings carry phases; null when none does. */
export function phaseTotals(results: readonly RequestResult[]): PhaseTotals | null {
  const builder = new PhaseTotalsBuilder();
  for (const r of results) builder.add(r);
  return builder.build();
}

/** `phaseTotals` over results given one at a time (summed in the order given). */
export class PhaseTotalsBuilder {
  private readonly totalsMs: Record<PhaseKey, number> = { queued: 0, dns: 0, connect: 0, tls: 0, ttfb: 0, download: 0 };
  private requests = 0;

  add(r: RequestResult): void {
    const t = r.timings;
    if (!t || t.reused === undefined) return;
    const totalsMs = this.totalsMs;
    this.requests++;
    totalsMs.queued += t.queuedMs;
    totalsMs.dns += t.dnsMs ?? 0;
    totalsMs.connect += t.connectMs ?? 0;
    totalsMs.tls += t.tlsMs ?? 0;
    totalsMs.ttfb += t.ttfbMs ?? 0;
    totalsMs.download += t.downloadMs ?? 0;
  }

  build(): PhaseTotals | null {
    if (this.requests === 0) return null;
    const totalsMs = { ...this.totalsMs };
    let slowest: PhaseKey = 'ttfb';
    let sum = 0;
    for (const p of PHASES) {
      sum += totalsMs[p];
      if (totalsMs[p] > totalsMs[slowest]) slowest = p;
    }
    return { totalsMs, requests: this.requests, slowest, share: sum > 0 ? totalsMs[slowest] / sum : 0 };
  }
}
