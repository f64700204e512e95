// The servers of the timing-phase tests (format spec, section 11): one http and one https
// (self-signed) on 127.0.0.1 with long keep-alive, counting the connections they accept,
// and answering `/slow-first-byte` (300 ms before the headers), `/drip` (five 100-byte
// chunks 80 ms apart) and anything else with `ok`. Also the check every phase test makes.
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fixtureCertificate } from './tls';

/** The phases of one attempt, as results (`ResultTimings`) and the timing unit (`TimingPhases`) both have them. */
export interface Phases {
  // Optional in ResultTimings' type; undefined fails the check.
  dnsMs?: number | null;
  connectMs?: number | null;
  tlsMs?: number | null;
  ttfbMs?: number | null;
  downloadMs?: number | null;
  totalMs: number;
}

/** Every phase is a finite number >= 0 or null, and together they stay within the total. */
export function assertPhasesWithinTotal(p: Phases, label = ''): void {
  const parts = [p.dnsMs, p.connectMs, p.tlsMs, p.ttfbMs, p.downloadMs];
  for (const x of parts) assert.ok(x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0), `${label}${JSON.stringify(p)}`);
  const sum = parts.reduce<number>((a, x) => a + (x ?? 0), 0);
  assert.ok(sum <= p.totalMs + 1e-9, `${label}phases ${sum} ms within the total ${p.totalMs} ms: ${JSON.stringify(p)}`);
}

export interface PhaseServers {
  readonly plainPort: number;
  readonly securePort: number;
  /** TCP connections the http server accepted so far. */
  readonly connections: number;
  /** TLS sessions the https server established so far. */
  readonly tlsConnections: number;
  close(): Promise<void>;
}

/** A route of the phase servers: true when it answered the request. */
export type PhaseRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

function phaseRoute(req: http.IncomingMessage, res: http.ServerResponse, extra: PhaseRoute | undefined): void {
  const url = req.url ?? '/';
  if (extra?.(req, res)) return;
  if (url.startsWith('/slow-first-byte')) {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('late'), 300);
  } else if (url.startsWith('/drip')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      res.write('x'.repeat(100));
      if (++sent === 5) {
        clearInterval(timer);
        res.end();
      }
    }, 80);
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
}

/** Starts both servers; `extra` answers some requests before the shared routes. */
export async function startPhaseServers(extra?: PhaseRoute): Promise<PhaseServers> {
  const counts = { connections: 0, tlsConnections: 0 };
  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => phaseRoute(req, res, extra);
  const plain = http.createServer(route);
  plain.keepAliveTimeout = 10_000;
  plain.on('connection', () => counts.connections++);
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  const cert = await fixtureCertificate();
  const secure = https.createServer({ key: cert.key, cert: cert.cert }, route);
  secure.keepAliveTimeout = 10_000;
  secure.on('secureConnection', () => counts.tlsConnections++);
  await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
  return {
    plainPort: (plain.address() as AddressInfo).port,
    securePort: (secure.address() as AddressInfo).port,
    get connections() {
      return counts.connections;
    },
    get tlsConnections() {
      return counts.tlsConnections;
    },
    async close() {
      for (const s of [plain, secure]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}
