// Leak checks with process.getActiveResourcesInfo(): count the live handles, timers and
// requests by type, and wait (bounded) until a run's extras have gone away.

export type ResourceCounts = Record<string, number>;

export function resourceCounts(): ResourceCounts {
  const counts: ResourceCounts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

export interface Leak {
  type: string;
  baseline: number;
  now: number;
}

function leaksAgainst(baseline: ResourceCounts, now: ResourceCounts): Leak[] {
  const out: Leak[] = [];
  for (const [type, n] of Object.entries(now)) {
    const base = baseline[type] ?? 0;
    if (n > base) out.push({ type, baseline: base, now: n });
  }
  return out;
}

/**
 * Polls until no resource type has more live instances than in `baseline`, for at most
 * `timeoutMs` (closing sockets and clearing timers can take a few ticks). Returns what is
 * still in excess then: an empty list means nothing leaked.
 */
export async function waitForNoLeaks(baseline: ResourceCounts, timeoutMs = 3000): Promise<Leak[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // The poll's own timer is counted while it is pending, so measure between polls.
    const leaks = leaksAgainst(baseline, resourceCounts());
    if (leaks.length === 0 || Date.now() >= until) return leaks;
    await new Promise<void>((r) => setTimeout(r, 25));
  }
}
