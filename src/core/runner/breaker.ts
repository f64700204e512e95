// Per-origin circuit breaker (format spec section 5): after N failures to connect in a row
// (default 5; `@circuit-breaker N|off`) the origin is open for 10 s (requests fail at once
// with CIRCUIT_OPEN); then one probe goes through, and the circuit closes when it gets a
// response. Only failures to connect count (`connectFailure`); any response resets the count.
import type { ErrorCode } from '../types';
import type { AttemptOutcome } from './lifecycle';

export const BREAKER_THRESHOLD = 5;
export const BREAKER_OPEN_MS = 10_000;

export type Admission = 'pass' | 'probe' | 'open';

/** A failure to connect the breaker counted: its code and message. */
export interface ConnectFailure {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Whether an ended attempt is a failure to connect: refused, DNS, TLS handshake, a timeout
 * before the connection was made, a reset before any response byte. A slow response, a
 * timeout after connecting, a reset mid-body and a request-side error (BAD_RESPONSE) are
 * not; null for them and for responses.
 */
export function connectFailure(outcome: AttemptOutcome): ConnectFailure | null {
  if (outcome.kind !== 'failure') return null;
  const { code, message } = outcome.error;
  switch (code) {
    case 'CONNECTION_REFUSED':
    case 'DNS_FAILURE':
    case 'TLS_ERROR':
      return { code, message };
    case 'CONNECTION_RESET':
      return outcome.ttfbMs === null ? { code, message } : null;
    case 'TIMEOUT':
      return outcome.connected === true ? null : { code, message };
    default:
      return null;
  }
}

const PLURAL: Partial<Record<ErrorCode, string>> = {
  CONNECTION_REFUSED: 'connections refused',
  DNS_FAILURE: 'DNS lookups failed',
  TLS_ERROR: 'TLS handshakes failed',
  TIMEOUT: 'connection attempts timed out',
  CONNECTION_RESET: 'connections closed before any response',
};

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private isOpen = false;
  private probing = false;
  /** The code every failure of the current streak had, or null when they differ. */
  private streakCode: ErrorCode | null = null;
  private last: ConnectFailure | null = null;

  /** `threshold` null: the breaker is off (never opens). */
  constructor(
    readonly threshold: number | null = BREAKER_THRESHOLD,
    readonly openMs: number = BREAKER_OPEN_MS,
  ) {}

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

  /** Records an attempt's end: its failure to connect, or null when a response (or another failure) came. */
  record(failure: ConnectFailure | null, wasProbe: boolean, nowMs: number): void {
    if (wasProbe) this.probing = false;
    if (this.threshold === null) return;
    if (!failure) {
      this.failures = 0;
      this.isOpen = false;
      this.streakCode = null;
      this.last = null;
      return;
    }
    this.streakCode = this.failures === 0 || this.streakCode === failure.code ? failure.code : null;
    this.failures++;
    this.last = failure;
    if (wasProbe || (!this.isOpen && this.failures >= this.threshold)) {
      this.isOpen = true;
      this.openUntil = nowMs + this.openMs;
    }
  }

  /** A probe that ended without telling anything (cancelled): let another one try. */
  releaseProbe(): void {
    this.probing = false;
  }

  /**
   * What opened the circuit, for a CIRCUIT_OPEN message: "5 connections refused in a row to
   * ORIGIN (last: MESSAGE); not sent ...".
   */
  describe(origin: string): string {
    const what = (this.streakCode && PLURAL[this.streakCode]) ?? 'failures to connect';
    const last = this.last ? ` (last: ${this.last.message})` : '';
    const secs = Math.round(this.openMs / 1000);
    return `${this.failures} ${what} in a row to ${origin}${last}; not sent: requests to it fail at once for ${secs} s, then one probe is let through (@circuit-breaker N or off changes this)`;
  }
}
