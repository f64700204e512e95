// Timing phases of an attempt (format spec, section 11), computed from times taken with
// the run's clock: the set-up of the connection made for it (the socket's own `lookup`,
// `connect` and `secureConnect` events), the request written, the first response byte,
// the end of the body. A phase that did not complete is null; on a reused connection the
// set-up phases are null and `reused` is true.

import type { AttemptPhases } from '../types';

/** The phases of an attempt and its total (ms; `queuedMs` is the runner's). */
export interface TimingPhases extends AttemptPhases {
  totalMs: number;
}

/** Clock times (ms) of one connection's set-up, filled in as its socket's events come. */
export class ConnectionTimes {
  /** Name lookup done (never for an IP address). */
  lookupAt: number | null = null;
  /** TCP connected. */
  connectAt: number | null = null;
  /** TLS handshake done (https only). */
  secureAt: number | null = null;

  constructor(
    /** When the connector was asked for the connection. */
    readonly startAt: number,
    readonly secure: boolean,
  ) {}
}

/** Clock times (ms) of one hop of an attempt (the last hop's are the attempt's phases). */
export class HopTimes {
  /** The connection made for this hop, or null when it went out on a kept-alive one. */
  connection: ConnectionTimes | null = null;
  /** False until the request was handed to a connection (it may never be: a connect error). */
  sent = false;
  /** The request written (undici's onRequestStart, just before the bytes go out). */
  writtenAt: number | null = null;
  /** The first byte of the response (undici's onResponseStarted). */
  firstByteAt: number | null = null;
  /** The response's body ended. */
  endAt: number | null = null;
}

function span(from: number | null, to: number | null, notBefore: number): number | null {
  if (from === null || to === null) return null;
  return Math.max(0, to - Math.max(from, notBefore));
}

/**
 * The phases of an attempt that started at `startAt` and ended at `endAt`, from its last
 * hop. Each phase is clamped to start no earlier than the attempt, so they add up to no
 * more than `totalMs` (a connection asked for by an earlier attempt may have started
 * before this one).
 */
export function phasesOf(startAt: number, hop: HopTimes | null, endAt: number, connectionsKnown = true): TimingPhases {
  const phases = attemptPhases(startAt, hop, connectionsKnown) as TimingPhases;
  phases.totalMs = Math.max(0, endAt - startAt);
  return phases;
}

/** `phasesOf` without the total (what an attempt's outcome carries). */
export function attemptPhases(startAt: number, hop: HopTimes | null, connectionsKnown = true): AttemptPhases {
  // Connections not made by the timed connector (a proxy's): their set-up is unknown.
  const c = connectionsKnown ? (hop?.connection ?? null) : null;
  const reused = connectionsKnown && hop !== null && hop.sent && c === null;
  const connectFrom = c ? (c.lookupAt ?? c.startAt) : null;
  return {
    dnsMs: c ? span(c.startAt, c.lookupAt, startAt) : null,
    connectMs: c ? span(connectFrom, c.connectAt, startAt) : null,
    tlsMs: c && c.secure ? span(c.connectAt, c.secureAt, startAt) : null,
    // A handler driven without onRequestStart (a stand-in dispatcher): from the attempt's start.
    ttfbMs: hop ? span(hop.writtenAt ?? startAt, hop.firstByteAt, startAt) : null,
    downloadMs: hop ? span(hop.firstByteAt, hop.endAt, startAt) : null,
    reused,
  };
}
