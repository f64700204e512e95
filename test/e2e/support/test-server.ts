// The local HTTP server the end-to-end batches are aimed at. It counts what it received so a
// test can tell that a batch really ran, and holds slow responses open until told otherwise.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from './fixture';

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Requests received per path (without the query). */
  hits(path: string): number;
  totalHits(): number;
  /** Requests that arrived but whose response has not finished (slow ones waiting). */
  inFlight(): number;
  /** Requests whose client went away before the response was sent. */
  aborted(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Routes:
 * - `GET /users/:id` -> 200 JSON
 * - `POST /users` -> 201 JSON echoing the body's length
 * - `/status/:code` -> that status
 * - `/slow?ms=N` -> 200 after N ms (the timer is dropped when the client aborts)
 * - `/bytes/:n` -> 200 with n bytes
 * - anything else -> 404
 */
export interface TestServerOptions {
  /**
   * How long an idle keep-alive connection stays open (default 1 s). undici closes a
   * connection after each response when the server's `Keep-Alive: timeout=` is under its 2 s
   * threshold, so with the default every request opens a new connection; a benchmark that
   * wants the connection reuse of a typical server passes more (Node's own default is 5 s).
   */
  keepAliveTimeoutMs?: number;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const counts = new Map<string, number>();
  let pending = 0;
  let abortedCount = 0;

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    const send = (status: number, payload: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    };
    const user = /^\/users\/(\d+)$/.exec(url.pathname);
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    const bytes = /^\/bytes\/(\d+)$/.exec(url.pathname);
    if (user && req.method === 'GET') return send(200, JSON.stringify({ id: Number(user[1]), name: `user ${user[1]}` }));
    if (url.pathname === '/users' && req.method === 'POST') return send(201, JSON.stringify({ id: 99, received: body.length }));
    if (status) return send(Number(status[1]), JSON.stringify({ status: Number(status[1]) }));
    if (bytes) return send(200, 'x'.repeat(Math.min(Number(bytes[1]), 10_000_000)), 'text/plain');
    if (url.pathname === '/slow') {
      const ms = Math.min(Number(url.searchParams.get('ms') ?? '1000'), 120_000);
      pending += 1;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        pending -= 1;
      };
      const timer = setTimeout(() => {
        finish();
        send(200, JSON.stringify({ slept: ms }));
      }, ms);
      res.once('close', () => {
        if (!done) {
          clearTimeout(timer);
          abortedCount += 1;
          finish();
        }
      });
      return;
    }
    send(404, JSON.stringify({ error: 'no such route' }));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 1000;
  const port = await listenLocal(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    totalHits: () => [...counts.values()].reduce((a, b) => a + b, 0),
    inFlight: () => pending,
    aborted: () => abortedCount,
    reset: () => {
      counts.clear();
      abortedCount = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
