// A real HTTP server on 127.0.0.1 for engine tests: records requests, connections and the
// most requests in flight at once. Routes are given per test.
import http from 'node:http';
import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  url: string;
  port: number;
  seen: Seen[];
  /** Sockets that connected. */
  connections: number;
  inFlight: number;
  maxInFlight: number;
  /** Most in flight at once per Host header value. */
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string, server: TestServer) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const state: TestServer = {
    url: '',
    port: 0,
    seen: [],
    connections: 0,
    inFlight: 0,
    maxInFlight: 0,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let ended = false;
    const done = (): void => {
      if (ended) return;
      ended = true;
      state.inFlight--;
    };
    res.on('finish', done);
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body, state);
    });
  });
  server.keepAliveTimeout = 10_000;
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(buf.length), ...headers });
  res.end(buf);
}

/** Query parameter of a request URL. */
export function query(req: http.IncomingMessage, name: string): string | null {
  return new URL(req.url ?? '/', 'http://x').searchParams.get(name);
}

/** Timers and sockets left behind (what a finished run must not leave). */
export function leftoverResources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap' || r === 'TCPWrap');
}

/**
 * Waits (up to 2 s) until the open timers/sockets drop to `expected`: destroyed sockets close
 * their handles a loop turn or two later. Returns what is left.
 */
export async function settleResources(expected: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const left = leftoverResources();
    if (left.length <= expected) return left;
    await new Promise((r) => setImmediate(r));
    if (i > 20) await new Promise((r) => setTimeout(r, 20));
  }
  return leftoverResources();
}

/** A server for one test, closed when the test ends (`t.after`), whatever the test's outcome. */
export async function withServer(t: Pick<TestContext, 'after'>, handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  t.after(() => server.close());
  return server;
}
