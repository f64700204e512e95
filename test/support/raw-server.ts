// A raw TCP (or TLS) server on 127.0.0.1 that answers each request head it reads with bytes a
// test writes itself: for wire-level tests (interim 1xx responses, the exact request line).
// Requests are read up to their blank line (the tests send no bodies).
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';

export interface RawRequest {
  /** The request line as received, without CRLF. */
  line: string;
  /** The whole head as received. */
  head: string;
  /** 0 for the first request on its connection, 1 for the next, and so on. */
  onConnection: number;
}

/** Answers one request: write raw bytes on `socket` (once or several times). */
export type RawAnswer = (socket: net.Socket, request: RawRequest) => void;

export interface RawServer {
  url: string;
  requests: RawRequest[];
  connections: number;
  close(): Promise<void>;
}

/** `ok` as a complete keep-alive response. */
export function finalResponse(body = 'ok'): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Writes `parts` one after the other, `gapMs` apart (so each arrives as its own chunk). */
export function writeApart(socket: net.Socket, parts: string[], gapMs = 25): void {
  const [first, ...rest] = parts;
  if (first === undefined || socket.destroyed) return;
  socket.write(first);
  if (rest.length) setTimeout(() => writeApart(socket, rest, gapMs), gapMs);
}

function serve(answer: RawAnswer, state: RawServer, sockets: Set<net.Socket>): (socket: net.Socket) => void {
  return (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    let count = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const head = buffered.slice(0, end + 4);
        buffered = buffered.slice(end + 4);
        const request = { line: head.slice(0, head.indexOf('\r\n')), head, onConnection: count++ };
        state.requests.push(request);
        answer(socket, request);
      }
    });
  };
}

/** A raw server over TCP, or over TLS with `tlsOptions` (key and cert). */
export async function startRawServer(answer: RawAnswer, tlsOptions?: { key: string; cert: string }): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state: RawServer = { url: '', requests: [], connections: 0, close: async () => undefined };
  const onSocket = serve(answer, state, sockets);
  const server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
