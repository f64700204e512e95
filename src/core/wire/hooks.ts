// What the run does on the wire below undici, on the HTTP/1.1 connections its own connector
// makes (not through a proxy, never on an HTTP/2 session). undici needs the real net/tls
// socket, so nothing wraps it: the socket instance's own `write` and `push` are replaced.
// Node's stream_base hands every chunk read to `stream.push(buf)` (net.Socket and
// TLSSocket alike) and undici writes each request head as one latin1 string.
//
// - Writes: a request head marks that the next bytes received start its response (the
//   interim filter's cue), tells the request it went out over HTTP/1.1, and the asterisk
//   form `OPTIONS *` (format spec, section 13.4), which undici cannot send (its paths start
//   with '/'), is dispatched with a path only this run makes and rewritten here.
// - Reads: interim 1xx responses at a response's start are dropped (interim.ts).
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import type { Logger } from '../types';
import { InterimFilter } from './interim';

type Connector = buildConnector.connector;
type ConnectCallback = buildConnector.Callback;
type SocketConnector = (options: buildConnector.Options, callback: ConnectCallback) => Socket | undefined;

/** The request whose head a hooked connection writes (an attempt's hop). */
export interface WireRequest {
  /** Its head was written on an HTTP/1.1 connection (called synchronously from undici's write). */
  wroteHttp1(): void;
  /** An interim response to it (status 1xx) was received and dropped. */
  interimSkipped(status: number): void;
}

/** An HTTP/1.1 request line at the start of a string undici writes: `METHOD SP target SP HTTP/1.1 CRLF`. */
const REQUEST_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ [^ \r\n]+ HTTP\/1\.1\r\n/;

/** Whether `chunk` begins a request head. */
export function isRequestHead(chunk: string): boolean {
  return REQUEST_LINE.test(chunk);
}

/** The hooks of one connection. */
class SocketWire {
  readonly filter = new InterimFilter();
  /** The request whose response is being read (the last head written). */
  current: WireRequest | null = null;
  readonly onSkipped = (status: number): void => this.current?.interimSkipped(status);
}

/** The run's wire hooks (see the file's comment); one per run, shared by its dispatchers. */
export class WireHooks {
  /** True once a connector was wrapped: the run's HTTP/1.1 connections are hooked. */
  active = false;
  /** The path an asterisk-form request is dispatched with (unique to this run). */
  readonly asteriskPath: string;
  private readonly asteriskLine: string;
  private next: WireRequest | null = null;

  /**
   * `token`: letters and digits no request of the run could hold (a random one per run);
   * `logger`: the run's, for trace lines (read when one is written).
   */
  constructor(
    token: string,
    private readonly logger: () => Logger | null = () => null,
  ) {
    this.asteriskPath = `/.batch-http-asterisk-${token}`;
    this.asteriskLine = `OPTIONS ${this.asteriskPath} HTTP/1.1\r\n`;
  }

  /**
   * Called from a handler's onRequestStart: on HTTP/1.1, undici writes that request's head
   * right after, in the same call, so the next head written is `req`'s.
   */
  willWrite(req: WireRequest): void {
    this.next = req;
  }

  /** Writes a trace line (`line` is called only when the trace level is on). */
  trace(line: () => string): void {
    const logger = this.logger();
    if (logger?.enabled('trace')) logger.trace(line());
  }

  /** `base` (undici's connector) with every HTTP/1.1 connection it makes hooked. */
  wrap(base: Connector): Connector {
    this.active = true;
    const connect = base as SocketConnector;
    return (options, callback) =>
      connect(options, (...args) => {
        const socket = args[1];
        // An HTTP/2 session reads and writes the socket's handle itself: left alone.
        if (socket && (socket as TLSSocket).alpnProtocol !== 'h2') hookSocket(socket as Socket, this);
        callback(...args);
      });
  }

  /** A request head about to be written on a hooked connection: the text to write. */
  head(chunk: string, wire: SocketWire): string {
    wire.filter.expectResponse();
    wire.current = this.next;
    this.next = null;
    wire.current?.wroteHttp1();
    return chunk.startsWith(this.asteriskLine) ? `OPTIONS * HTTP/1.1\r\n${chunk.slice(this.asteriskLine.length)}` : chunk;
  }
}

/** Replaces `socket`'s own `write` and `push` (see the file's comment). */
function hookSocket(socket: Socket, hooks: WireHooks): void {
  const wire = new SocketWire();
  const write = socket.write as (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;
  const push = socket.push as (chunk: unknown, encoding?: BufferEncoding) => boolean;
  // Every write of the connection passes here: no array made for its arguments.
  socket.write = function (this: Socket, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (typeof chunk === 'string' && isRequestHead(chunk)) chunk = hooks.head(chunk, wire);
    return write.call(this, chunk, encoding, callback);
  } as Socket['write'];
  socket.push = function (this: Socket, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      // The end of the stream: what was held back goes on, for the client to judge.
      const held = wire.filter.flush();
      if (held !== null) push.call(this, held);
      return push.call(this, null);
    }
    if (!Buffer.isBuffer(chunk)) return push.call(this, chunk, encoding);
    const out = wire.filter.filter(chunk, wire.onSkipped);
    // Nothing to hand on yet: keep reading (an empty push would stop the stream's reads).
    return out.length === 0 ? true : push.call(this, out);
  };
}
