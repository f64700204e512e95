// Paired ratios for the A/B benches (ab-cpu.mjs, editor-ab.mjs): two builds measured seconds
// apart in one round, so a drift of the machine's speed over the rounds mostly cancels out
// of each round's ratio; the median of the ratios with a bootstrap interval.

/** The middle value of `xs` (the upper one of the middle two for an even count). */
export function med(xs) {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

/** The 5th and 95th percentiles of the median of `xs` resampled (a rough interval for it; deterministic seed). */
export function bootstrapMedian(xs, rounds = 2000) {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const meds = [];
  for (let r = 0; r < rounds; r++) meds.push(med(xs.map(() => xs[Math.floor(rand() * xs.length)])));
  meds.sort((a, b) => a - b);
  return [meds[Math.floor(rounds * 0.05)], meds[Math.floor(rounds * 0.95)]];
}

/** `label\tWHAT paired ratio med M (90% interval LO-HI) [r1 r2 ...]` for values[i] / ref[i]. */
export function pairedLine(label, what, values, ref) {
  const ratios = values.map((v, i) => v / ref[i]);
  const [lo, hi] = bootstrapMedian(ratios);
  return `${label}\t${what} paired ratio med ${med(ratios).toFixed(3)} (90% interval ${lo.toFixed(3)}-${hi.toFixed(3)}) [${ratios.map((x) => x.toFixed(2)).join(' ')}]`;
}
