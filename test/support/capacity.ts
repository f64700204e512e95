// Handlers of servers with a capacity, for the adaptive-concurrency tests (the benchmark's
// profiles, small): each counts what it refused. Used with `startServer`, whose
// `maxInFlight` is the server's own count of requests in flight (refused ones included).
import type http from 'node:http';
import { sendJson, type Handler } from './server';

export interface Profile {
  handler: Handler;
  /** Requests answered 429 or 503. */
  rejected(): number;
}

/** Holds `capacity` requests for `delayMs`; above that, 503 at once (no Retry-After). */
export function hardCapacity(capacity: number, delayMs: number): Profile {
  let busy = 0;
  let rejected = 0;
  return {
    rejected: () => rejected,
    handler: (_req, res) => {
      if (busy >= capacity) {
        rejected++;
        return sendJson(res, 503, { error: 'over capacity' });
      }
      busy++;
      setTimeout(() => {
        busy--;
        sendJson(res, 200, { ok: true });
      }, delayMs);
    },
  };
}

/** A token bucket of `perSecond` with `burst`: 429 with `Retry-After: 1` when empty. */
export function rateLimited(perSecond: number, burst: number, delayMs: number): Profile {
  let tokens = burst;
  let last = performance.now();
  let rejected = 0;
  return {
    rejected: () => rejected,
    handler: (_req, res) => {
      const now = performance.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (tokens < 1) {
        rejected++;
        return sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
      }
      tokens--;
      setTimeout(() => sendJson(res, 200, { ok: true }), delayMs);
    },
  };
}

/** `workers` requests are served at once for `serviceMs` each; the rest queue (latency grows with load). */
export function queueing(workers: number, serviceMs: number): Profile {
  let busy = 0;
  const queue: http.ServerResponse[] = [];
  const serve = (res: http.ServerResponse): void => {
    busy++;
    setTimeout(() => {
      busy--;
      sendJson(res, 200, { ok: true });
      const next = queue.shift();
      if (next) serve(next);
    }, serviceMs);
  };
  return {
    rejected: () => 0,
    handler: (_req, res) => (busy < workers ? serve(res) : void queue.push(res)),
  };
}

/** Answers every request after `delayMs`, however many are in flight. */
export function generous(delayMs: number): Profile {
  return { rejected: () => 0, handler: (_req, res) => void setTimeout(() => sendJson(res, 200, { ok: true }), delayMs) };
}
