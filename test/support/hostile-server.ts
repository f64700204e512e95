// A misbehaving HTTP server for the reliability suite: real sockets on 127.0.0.1, one
// behaviour per path. Everything it opens (servers, sockets, timers) is released by close().
//
// Paths (query parameters in brackets, with their defaults):
//   /ok                          200 "ok"
//   /delay?ms=N                  200 after N ms (default 100)
//   /status?code=N               that status, empty body
//   /reset-before-headers        TCP reset before any response byte
//   /reset-mid-body              headers and part of the body, then a TCP reset
//   /hang                        accepts the request and never answers
//   /stall-body                  headers and 16 of 1024 promised bytes, then nothing
//   /drip?bytes=N&ms=M           N bytes (default 20), one byte every M ms (default 20)
//   /big?mb=N  | /big?bytes=N    a body of that size, generated on the fly, with backpressure
//   /bad-status                  a malformed status line
//   /bad-header?kind=K           invalid header bytes: K = nul (default) | space-in-name | no-colon
//   /close-every?n=N             `Connection: close` on every Nth response of a connection (default 3)
//   /retry-after?key=K&times=T&s=S&form=F
//                                429 with `Retry-After` for the first T requests of key K (default 1),
//                                then 200; F = seconds (default) | date (an HTTP date S seconds ahead)
//   /flaky503?key=K&times=T      503 for the first T requests of key K (default 2), then 200
//   /redirect-loop?n=I           302 to /redirect-loop?n=I+1, forever
//   /redirect-other?key=K        302 to the other origin's /record?key=K
//   /redirect-same?key=K         302 to /record?key=K on the same origin
//   /record?key=K                records the request (see received()) and answers 200
//   /set-cookie?v=V | ?b64=B     200 with `Set-Cookie: V` (or B base64-decoded), for redaction checks
// Anything else is 404. Besides `url`, start() gives an HTTPS origin with a self-signed
// certificate (`tlsUrl`, with { tls: true }), a second origin (`otherUrl`), a closed port
// (`refusedUrl`) and a host name that never resolves (`invalidHostUrl`).
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { refusedPort } from './ports';
import { testCertificate } from './tls';

export type OriginName = 'main' | 'other' | 'tls';

export interface RecordedRequest {
  origin: OriginName;
  method: string;
  url: string;
  /** Raw header pairs as received. */
  headers: [string, string][];
}

export interface HostileStats {
  /** Requests received on every origin. */
  requests: number;
  /** Requests whose response has not closed yet. */
  inFlight: number;
  maxInFlight: number;
  /** Sockets accepted over the server's life / still open. */
  acceptedSockets: number;
  openSockets: number;
}

export interface HostileServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** Another origin (another port), serving the same paths; the target of /redirect-other. */
  otherUrl: string;
  /** https://127.0.0.1:PORT with a self-signed certificate, or null without { tls: true }. */
  tlsUrl: string | null;
  /** A loopback port that nothing listens on. */
  refusedUrl: string;
  /** A host in the reserved `.invalid` domain: name resolution always fails. */
  invalidHostUrl: string;
  /** What /record received for this key, on any origin, in arrival order. */
  received(key: string): RecordedRequest[];
  /** How many requests carried `?key=K`, on any path and origin. */
  hits(key: string): number;
  stats(): HostileStats;
  /** Closes the servers, destroys every socket ever accepted and clears every timer. */
  close(): Promise<void>;
}

export interface HostileOptions {
  tls?: boolean;
}

const MIB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

class State {
  readonly sockets = new Set<Socket>();
  readonly timers = new Set<NodeJS.Timeout>();
  readonly records = new Map<string, RecordedRequest[]>();
  readonly keyHits = new Map<string, number>();
  readonly perSocket = new WeakMap<Socket, number>();
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  accepted = 0;
  closed = false;
  otherUrl = '';

  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  count(key: string): number {
    const n = (this.keyHits.get(key) ?? 0) + 1;
    this.keyHits.set(key, n);
    return n;
  }
}

function intParam(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Writes raw bytes on the connection and closes it, bypassing the HTTP serializer. */
function rawReply(req: IncomingMessage, bytes: string | Buffer): void {
  const socket = req.socket;
  socket.end(bytes);
}

/** A TCP reset (RST) where the socket allows it; a TLS socket can only be destroyed. */
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

async function streamBody(res: ServerResponse, total: number): Promise<void> {
  let sent = 0;
  while (sent < total && !res.destroyed) {
    const n = Math.min(CHUNK.length, total - sent);
    const ok = res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    sent += n;
    if (!ok) {
      await new Promise<void>((done) => {
        const finish = (): void => {
          res.off('drain', finish);
          res.off('close', finish);
          done();
        };
        res.on('drain', finish);
        res.on('close', finish);
      });
    }
  }
  if (!res.destroyed) res.end();
}

function drip(state: State, res: ServerResponse, left: number, ms: number): void {
  if (res.destroyed) return;
  if (left === 0) {
    res.end();
    return;
  }
  res.write('.');
  state.later(ms, () => drip(state, res, left - 1, ms));
}

function handle(state: State, origin: OriginName, req: IncomingMessage, res: ServerResponse): void {
  state.requests++;
  state.inFlight++;
  state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
  res.on('close', () => {
    state.inFlight--;
  });
  // Drain any request body so keep-alive connections stay usable.
  req.resume();
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const q = url.searchParams;
  const key = q.get('key');
  const hit = key === null ? 0 : state.count(key);

  switch (url.pathname) {
    case '/ok':
      return text(res, 200, 'ok');
    case '/delay':
      return state.later(intParam(q, 'ms', 100), () => {
        if (!res.destroyed) text(res, 200, 'ok');
      });
    case '/status':
      res.writeHead(intParam(q, 'code', 200), { 'content-length': '0' });
      return void res.end();
    case '/reset-before-headers':
      return reset(req.socket);
    case '/reset-mid-body':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '4096' });
      res.write(CHUNK.subarray(0, 1024));
      return state.later(20, () => reset(req.socket));
    case '/hang':
      return;
    case '/stall-body':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1024' });
      return void res.write(CHUNK.subarray(0, 16));
    case '/drip': {
      const bytes = intParam(q, 'bytes', 20);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes) });
      res.flushHeaders();
      return drip(state, res, bytes, intParam(q, 'ms', 20));
    }
    case '/big': {
      const total = q.has('bytes') ? intParam(q, 'bytes', 0) : intParam(q, 'mb', 10) * MIB;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      return void streamBody(res, total).catch(() => res.destroy());
    }
    case '/bad-status':
      return rawReply(req, 'HTTP/1.1 2x0 NOT A STATUS\r\ncontent-length: 0\r\n\r\n');
    case '/bad-header': {
      const kind = q.get('kind') ?? 'nul';
      const line =
        kind === 'space-in-name' ? 'X Bad Name: v' : kind === 'no-colon' ? 'X-No-Colon-Here' : 'X-Bad: a\u0000b';
      return rawReply(req, Buffer.from(`HTTP/1.1 200 OK\r\n${line}\r\ncontent-length: 2\r\n\r\nok`, 'latin1'));
    }
    case '/close-every': {
      const n = Math.max(1, intParam(q, 'n', 3));
      const served = (state.perSocket.get(req.socket) ?? 0) + 1;
      state.perSocket.set(req.socket, served);
      return text(res, 200, String(served), served % n === 0 ? { connection: 'close' } : {});
    }
    case '/retry-after': {
      if (hit > intParam(q, 'times', 1)) return text(res, 200, 'ok');
      const s = intParam(q, 's', 1);
      const value = q.get('form') === 'date' ? new Date(Date.now() + s * 1000).toUTCString() : String(s);
      return text(res, 429, 'slow down', { 'retry-after': value });
    }
    case '/flaky503':
      return hit > intParam(q, 'times', 2) ? text(res, 200, 'ok') : text(res, 503, 'unavailable');
    case '/redirect-loop':
      return text(res, 302, '', { location: `/redirect-loop?n=${intParam(q, 'n', 0) + 1}` });
    case '/redirect-other':
      return text(res, 302, '', { location: `${state.otherUrl}/record?key=${encodeURIComponent(key ?? '')}` });
    case '/redirect-same':
      return text(res, 302, '', { location: `/record?key=${encodeURIComponent(key ?? '')}` });
    case '/record': {
      const list = state.records.get(key ?? '') ?? [];
      list.push({ origin, method: req.method ?? '', url: req.url ?? '', headers: pairs(req.rawHeaders) });
      state.records.set(key ?? '', list);
      return text(res, 200, 'recorded');
    }
    case '/set-cookie':
      return text(res, 200, 'ok', {
        'set-cookie': q.has('b64') ? Buffer.from(q.get('b64') ?? '', 'base64').toString('utf8') : (q.get('v') ?? 'a=b'),
      });
    default:
      return text(res, 404, 'no such behaviour');
  }
}

function track(state: State, server: Server): void {
  server.on('connection', (socket: Socket) => {
    state.accepted++;
    state.sockets.add(socket);
    socket.on('close', () => state.sockets.delete(socket));
    // Resets and client aborts surface here; they are the point of this server.
    socket.on('error', () => {});
    if (state.closed) socket.destroy();
  });
  server.on('clientError', (_err, socket) => socket.destroy());
}

function listen(server: Server): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

export async function start(options: HostileOptions = {}): Promise<HostileServer> {
  const state = new State();
  const servers: Server[] = [];
  const make = (origin: OriginName, server: Server): Server => {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => handle(state, origin, req, res));
    track(state, server);
    servers.push(server);
    return server;
  };

  const main = make('main', createHttpServer());
  const other = make('other', createHttpServer());
  let tls: Server | null = null;
  if (options.tls) {
    const { key, cert } = await testCertificate();
    tls = make('tls', createHttpsServer({ key, cert }) as unknown as Server);
  }
  const url = `http://127.0.0.1:${await listen(main)}`;
  state.otherUrl = `http://127.0.0.1:${await listen(other)}`;
  const tlsUrl = tls ? `https://127.0.0.1:${await listen(tls)}` : null;
  const refusedUrl = `http://127.0.0.1:${await refusedPort()}`;

  return {
    url,
    otherUrl: state.otherUrl,
    tlsUrl,
    refusedUrl,
    invalidHostUrl: 'http://hostile-test.invalid',
    received: (key) => [...(state.records.get(key) ?? [])],
    hits: (key) => state.keyHits.get(key) ?? 0,
    stats: () => ({
      requests: state.requests,
      inFlight: state.inFlight,
      maxInFlight: state.maxInFlight,
      acceptedSockets: state.accepted,
      openSockets: state.sockets.size,
    }),
    async close(): Promise<void> {
      if (state.closed) return;
      state.closed = true;
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      const closing = servers.map(closeServer);
      for (const s of state.sockets) s.destroy();
      await Promise.all(closing);
      // Responses learn of their socket's end a tick later; let them settle.
      for (let i = 0; i < 100 && state.inFlight > 0; i++) await new Promise<void>((r) => setImmediate(r));
    },
  };
}
