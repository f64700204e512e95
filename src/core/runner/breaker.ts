// Per-origin circuit breaker: after 5 consecutive connection-level failures the origin is
// open for 10 s (requests fail at once with CIRCUIT_OPEN); then one probe goes through,
// and the circuit closes when it gets a response.

export const BREAKER_THRESHOLD = 5;
export const BREAKER_OPEN_MS = 10_000;

export type Admission = 'pass' | 'probe' | 'open';

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private isOpen = false;
  private probing = false;

  /** May an attempt go now? A 'probe' must be followed by `record`. */
  admit(nowMs: number): Admission {
    if (!this.isOpen) return 'pass';
    if (this.probing || nowMs < this.openUntil) return 'open';
    this.probing = true;
    return 'probe';
  }

  /** Would `admit` refuse? (no state change) */
  refuses(nowMs: number): boolean {
    return this.isOpen && (this.probing || nowMs < this.openUntil);
  }

  /** Records an attempt's end: true for a connection-level failure, false when a response arrived. */
  record(connectionFailure: boolean, wasProbe: boolean, nowMs: number): void {
    if (wasProbe) this.probing = false;
    if (!connectionFailure) {
      this.failures = 0;
      this.isOpen = false;
      return;
    }
    this.failures++;
    if (wasProbe || (!this.isOpen && this.failures >= BREAKER_THRESHOLD)) {
      this.isOpen = true;
      this.openUntil = nowMs + BREAKER_OPEN_MS;
    }
  }

  /** A probe that ended without telling anything (cancelled): let another one try. */
  releaseProbe(): void {
    this.probing = false;
  }
}
