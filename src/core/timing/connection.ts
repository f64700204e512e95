// Observes the connections undici makes, at the cost of three `once` listeners per new
// connection and nothing per request: undici's connector (buildConnector) creates the
// socket synchronously and returns it, so a wrapper can listen to the socket's own
// `lookup`, `connect` and `secureConnect` events before anything is sent (undici itself
// has no DNS event). When the connection is ready, undici's callback writes the first
// queued request on it synchronously (client.js: connect -> kResume -> writeH1 ->
// onRequestStart): the handler whose onRequestStart runs inside that callback got the new
// connection; any other onRequestStart went out on a kept-alive one.
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { ConnectionTimes } from './phases';

export type Connector = buildConnector.connector;
type ConnectCallback = buildConnector.Callback;

/** The connector's socket (undici's returns it, though its type says void). */
type SocketConnector = (options: buildConnector.Options, callback: ConnectCallback) => Socket | undefined;

function watch(socket: Socket, times: ConnectionTimes, now: () => number): void {
  socket.once('lookup', () => (times.lookupAt ??= now()));
  socket.once('connect', () => (times.connectAt ??= now()));
  if (times.secure) socket.once('secureConnect', () => (times.secureAt ??= now()));
}

/** Times the connections of one run's dispatchers. */
export class ConnectionTimer {
  private fresh: ConnectionTimes | null = null;
  /** True once a connector was wrapped: the run's connections are timed (not through a proxy). */
  measuring = false;

  constructor(private readonly now: () => number) {}

  /** `base` (from undici's buildConnector) with every connection's set-up timed. */
  wrap(base: Connector): Connector {
    this.measuring = true;
    const connect = base as SocketConnector;
    return (options, callback) => {
      const times = new ConnectionTimes(this.now(), options.protocol === 'https:');
      const socket = connect(options, (...args) => {
        if (args[0] !== null) return callback(...args);
        // The connector calls back from its own listener of the last event, before ours.
        const at = this.now();
        times.connectAt ??= at;
        if (times.secure) times.secureAt ??= at;
        this.fresh = times;
        try {
          callback(...args);
        } finally {
          this.fresh = null;
        }
      });
      if (socket) watch(socket, times, this.now);
      return socket;
    };
  }

  /**
   * Called from a handler's onRequestStart: the connection made for this request (its
   * set-up times), or null when the request goes out on a kept-alive connection.
   */
  takeFresh(): ConnectionTimes | null {
    const times = this.fresh;
    this.fresh = null;
    return times;
  }
}
