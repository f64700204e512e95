// The adaptive per-origin concurrency limit (`@concurrency auto`, format spec section 9):
// a pure control law over the attempts' outcomes, fed times in ms since the run started.
// It sets no timer and reads no clock; `AdaptiveOrigins` (adaptive.ts) drives it. The law
// and its constants are explained in docs/adaptive.md.

/** The limit a new origin starts with (never above its ceiling). */
export const INITIAL_LIMIT = 4;
/**
 * Below this limit, the first slow start (before any cut) grows +2 per healthy response,
 * tripling per round trip (4, 12, then 34); from here on +1, doubling. A short batch reaches a
 * generous server's MAX a round trip sooner; near a capacity the growth is as before.
 */
export const FAST_START_BELOW = 32;
/** MAX when `auto` is given without one. */
export const DEFAULT_MAX_CONCURRENCY = 256;
/** A loss keeps this share of the limit (at most). */
export const LOSS_BETA = 0.7;
/** A 429/503 without Retry-After keeps at most this share (when the goodput estimate says so). */
export const REJECTION_BETA_MAX = 0.9;
/**
 * A 429/503 with Retry-After keeps at least this share; a second one while the first one's
 * hold lasts keeps exactly this share (the goodput estimate read too high: a rate limiter's
 * burst, spent before the first refusal, made it so).
 */
export const RATE_LIMIT_BETA = 0.5;
/** A queue building (latency well above the lowest seen) keeps this share. */
export const LATENCY_BETA = 0.9;
/** Latency counts as a queue building above `lowest * TOLERANCE + SLACK_MS`. */
export const LATENCY_TOLERANCE = 2;
export const LATENCY_SLACK_MS = 10;
/**
 * Weight of a round's average latency in the smoothed latency. Rounds (one lowest round trip,
 * at least ROUND_MIN_MS) rather than samples: a stall of the client's own event loop delays
 * every response of one round at once and must not read as a queue.
 */
export const SMOOTHING = 0.3;
export const ROUND_MIN_MS = 10;
/** The lowest latency is the lowest of the current and the previous window of this length. */
export const MIN_RTT_WINDOW_MS = 10_000;
/** The goodput estimate (Little's law) looks at the successes that ended this recently. */
export const GOODPUT_WINDOW_MS = 1_000;
/** After a Retry-After the limit does not grow for this long past the pause. */
export const RATE_LIMIT_HOLD_MS = 10_000;
/** Growth near the last loss (and after a hold) is this many times slower. */
export const PROBE_SLOWDOWN = 4;
/** The longest pause a Retry-After asks for. */
export const MAX_PAUSE_MS = 60_000;

/** What shrank or grew the limit, for the trace line. */
export type LimitReason = 'start' | 'growth' | 'loss' | 'rate-limited' | 'latency' | 'manual';

interface Sample {
  endMs: number;
  rttMs: number;
}

/**
 * The control law of one origin: slow start (+1 per healthy response, doubling per round
 * trip; +2 below FAST_START_BELOW before the first cut), then additive growth (+1 per
 * round trip, slower near the last loss); a loss (429/503, timeout, connection
 * refused/reset) cuts the limit at once to the smaller of
 * 70 % and the goodput estimate; latency far above the lowest seen cuts it by 10 %. Only
 * attempts sent after the last cut may cut again or grow (they saw the new limit).
 */
export class ConcurrencyLimiter {
  private value: number;
  private ssthresh = Infinity;
  /** Growth slows once the limit reaches this (the limit before the last loss, less one). */
  private probeAt = Infinity;
  private lastCutMs = -Infinity;
  private holdUntilMs = -Infinity;
  /** New starts wait until then (Retry-After). */
  pausedUntilMs = -Infinity;
  private minNow = Infinity;
  private minPrev = Infinity;
  private windowStartMs: number;
  private smoothed: number | null = null;
  private roundEndMs = -Infinity;
  private roundSum = 0;
  private roundCount = 0;
  private readonly samples: Sample[] = [];
  private sampleHead = 0;
  /** Start of the time the origin could send in: the run's first start or the end of the last pause. */
  private activeSinceMs: number;
  /** Why the integer limit last changed. */
  reason: LimitReason = 'start';

  constructor(
    private ceilingValue: number,
    nowMs: number,
    initial = INITIAL_LIMIT,
  ) {
    this.value = Math.max(1, Math.min(initial, ceilingValue));
    this.windowStartMs = nowMs;
    this.activeSinceMs = nowMs;
  }

  /** The limit in force: a whole number from 1 to the ceiling. */
  get limit(): number {
    return Math.max(1, Math.min(this.ceilingValue, Math.floor(this.value)));
  }

  get ceiling(): number {
    return this.ceilingValue;
  }

  /** The lowest latency seen (current and previous window), or Infinity. */
  get lowestRttMs(): number {
    return Math.min(this.minNow, this.minPrev);
  }

  /** MAX or @per-host changed (a runtime change): the limit stays under the new ceiling. */
  setCeiling(ceiling: number): void {
    this.ceilingValue = Math.max(1, ceiling);
    if (this.value > this.ceilingValue) this.value = this.ceilingValue;
  }

  /** True while a Retry-After pause holds new starts back. */
  paused(nowMs: number): boolean {
    return nowMs < this.pausedUntilMs;
  }

  /**
   * A healthy response (any status but 429/503) of an attempt sent at `startMs` whose
   * headers came `rttMs` after it was sent. Returns true when the limit changed.
   */
  success(startMs: number, rttMs: number, nowMs: number): boolean {
    const before = this.limit;
    this.resume(nowMs);
    this.observe(rttMs, nowMs);
    this.remember(nowMs, rttMs);
    if (startMs < this.lastCutMs) return false; // sent under the old limit
    if (this.queueBuilding()) {
      this.cut(this.value * LATENCY_BETA, nowMs, 'latency');
      this.ssthresh = this.value;
      return this.limit !== before;
    }
    if (nowMs < this.holdUntilMs) return false;
    if (this.value < this.ssthresh) this.value += this.ssthresh === Infinity && this.value < FAST_START_BELOW ? 2 : 1;
    else this.value += (this.value >= this.probeAt ? 1 / PROBE_SLOWDOWN : 1) / this.value;
    if (this.value > this.ceilingValue) this.value = this.ceilingValue;
    if (this.limit === before) return false;
    this.reason = 'growth';
    return true;
  }

  /**
   * An overload signal of an attempt sent at `startMs`: a 429 or 503 status (`rejected`,
   * with its Retry-After in ms, or null), a timeout, a connection refused or reset. Returns
   * true when the limit changed; `pausedUntilMs` tells the pause.
   */
  loss(startMs: number, nowMs: number, retryAfterMs: number | null, rejected = false): boolean {
    const before = this.limit;
    this.resume(nowMs);
    // Refused with Retry-After again while the last one's hold lasts: the cut landed too high.
    const again = retryAfterMs !== null && nowMs < this.holdUntilMs;
    if (retryAfterMs !== null) {
      const until = nowMs + Math.min(MAX_PAUSE_MS, Math.max(0, retryAfterMs));
      if (until > this.pausedUntilMs) this.pausedUntilMs = until;
      this.holdUntilMs = Math.max(this.holdUntilMs, this.pausedUntilMs + RATE_LIMIT_HOLD_MS);
    }
    if (startMs < this.lastCutMs) return false; // the cut for this round is made
    const atLoss = this.value;
    const to = again ? atLoss * RATE_LIMIT_BETA : this.target(atLoss, this.goodput(nowMs), retryAfterMs !== null, rejected);
    this.cut(to, nowMs, retryAfterMs !== null ? 'rate-limited' : 'loss');
    // Regrow fast to 70 % of the old limit, then slowly near where the loss happened; after
    // a Retry-After the server named its limit: stay at the cut.
    this.ssthresh = retryAfterMs !== null ? this.value : Math.max(this.value, Math.floor(atLoss * LOSS_BETA));
    this.probeAt = retryAfterMs !== null ? this.value : Math.max(1, atLoss - 1);
    return this.limit !== before;
  }

  /**
   * Where a loss cuts to. A server that refuses with a status while it completes about
   * `estimate` at once has shown its capacity: cut to it, between 70 % and 90 %. After a
   * Retry-After the limit is then held, so landing low costs the whole hold: the estimate
   * is trusted up to one below the limit, and never below 50 %. A timeout or a dropped
   * connection is a server in trouble: 70 % at most, lower when the estimate is.
   */
  private target(atLoss: number, estimate: number, retryAfter: boolean, rejected: boolean): number {
    if (!rejected || !Number.isFinite(estimate)) return Math.min(atLoss * LOSS_BETA, estimate);
    if (retryAfter) return Math.min(atLoss - 1, Math.max(atLoss * RATE_LIMIT_BETA, estimate));
    return Math.min(atLoss * REJECTION_BETA_MAX, Math.max(atLoss * LOSS_BETA, estimate));
  }

  /** Sets the limit by hand (tests, a host's choice); growth goes on from there. */
  set(limit: number, nowMs: number): void {
    this.value = Math.max(1, Math.min(this.ceilingValue, limit));
    this.lastCutMs = nowMs;
    this.ssthresh = this.value;
    this.reason = 'manual';
  }

  /** A pause that is over ends the goodput window's start (nothing could be sent during it). */
  private resume(nowMs: number): void {
    if (this.pausedUntilMs <= nowMs && this.pausedUntilMs > this.activeSinceMs) this.activeSinceMs = this.pausedUntilMs;
  }

  private cut(to: number, nowMs: number, reason: LimitReason): void {
    this.value = Math.max(1, Math.min(this.value, Math.floor(to)));
    this.lastCutMs = nowMs;
    this.smoothed = null; // the queue of the old limit drains; measure again
    this.roundEndMs = -Infinity;
    this.roundSum = 0;
    this.roundCount = 0;
    this.reason = reason;
  }

  private queueBuilding(): boolean {
    const lowest = this.lowestRttMs;
    return this.smoothed !== null && Number.isFinite(lowest) && this.smoothed > lowest * LATENCY_TOLERANCE + LATENCY_SLACK_MS;
  }

  private observe(rttMs: number, nowMs: number): void {
    if (nowMs - this.windowStartMs >= MIN_RTT_WINDOW_MS) {
      this.minPrev = this.minNow;
      this.minNow = Infinity;
      this.windowStartMs = nowMs;
    }
    if (rttMs < this.minNow) this.minNow = rttMs;
    this.roundSum += rttMs;
    this.roundCount++;
    if (nowMs < this.roundEndMs) return;
    const avg = this.roundSum / this.roundCount;
    this.smoothed = this.smoothed === null ? avg : this.smoothed + SMOOTHING * (avg - this.smoothed);
    this.roundSum = 0;
    this.roundCount = 0;
    this.roundEndMs = nowMs + Math.max(ROUND_MIN_MS, this.lowestRttMs);
  }

  private remember(endMs: number, rttMs: number): void {
    this.samples.push({ endMs, rttMs });
    this.expire(endMs);
  }

  private expire(nowMs: number): void {
    const from = nowMs - GOODPUT_WINDOW_MS;
    while (this.sampleHead < this.samples.length && this.samples[this.sampleHead]!.endMs < from) {
      this.sampleHead++;
    }
    if (this.sampleHead > 1024 && this.sampleHead * 2 > this.samples.length) {
      this.samples.splice(0, this.sampleHead);
      this.sampleHead = 0;
    }
  }

  /**
   * Little's law: the time the recent successes spent in flight over the window is the
   * average number of requests the server completed concurrently. Infinity with no success.
   */
  private goodput(nowMs: number): number {
    this.expire(nowMs);
    const from = Math.max(nowMs - GOODPUT_WINDOW_MS, this.activeSinceMs);
    const span = nowMs - from;
    // Too short to tell (less than two of the fastest round trips): the multiplicative cut alone.
    if (!(span >= 2 * this.lowestRttMs)) return Infinity;
    let sum = 0;
    for (let i = this.sampleHead; i < this.samples.length; i++) {
      const s = this.samples[i]!;
      if (s.endMs >= from) sum += s.rttMs;
    }
    return sum > 0 ? Math.max(1, sum / span) : Infinity;
  }
}
