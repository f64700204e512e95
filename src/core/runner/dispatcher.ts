// The run's HTTP dispatchers: one keep-alive undici Agent (or EnvHttpProxyAgent when a
// proxy is configured) per distinct `@connection-timeout`, each with at most `perHost`
// connections per origin. Proxy settings come from `proxyEnv`, never from process.env.
// With `allowH2` (`@http2`), TLS connections offer HTTP/2 by ALPN and the pool notes, per
// origin, which protocol the server took.
import type { TLSSocket } from 'node:tls';
import type { buildConnector as BuildConnector, Dispatcher, EnvHttpProxyAgent } from 'undici';
// The Agent from its own file: undici's index also sets up fetch, WebSocket, caches and
// mocks, about 20 ms of every CLI start. The index is loaded only for a proxy (`prepare`):
// the proxy agent needs the CONNECT method that the index installs on every dispatcher.
import Agent from 'undici/lib/dispatcher/agent.js';
import buildConnector from 'undici/lib/core/connect.js';
import type { ConnectionTimer } from '../timing/connection';
import type { HttpVersion } from '../types';
import type { WireHooks } from '../wire/hooks';

/** What a run asks of a dispatcher factory (`RunOptions.dispatchers`). */
export interface DispatcherOptions {
  /** Connections per origin (the run never has more in flight to one origin). */
  perHost: number;
  rejectUnauthorized: boolean;
  proxyEnv: Record<string, string | undefined> | undefined;
  /** Connect timeout when a request sets none (the attempt's own timer still applies). */
  defaultConnectTimeoutMs: number;
  /** `@http2`: offer HTTP/2 over TLS (ALPN), HTTP/1.1 where the server does not take it. Default false. */
  allowH2?: boolean;
  /** Times each new connection (timing phases); without a proxy the Agents' connector is wrapped by it. */
  connectionTimer?: ConnectionTimer;
  /**
   * Hooks each HTTP/1.1 connection (interim 1xx responses dropped, `OPTIONS *` written, the
   * protocol of each request noted: src/core/wire); without a proxy the Agents' connector is wrapped by it.
   */
  wire?: WireHooks;
}

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/** Reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY (lower-case names first, as curl does); null when no proxy is set. */
export function readProxySettings(env: Record<string, string | undefined> | undefined): ProxySettings | null {
  if (!env) return null;
  const pick = (name: string): string => (env[name.toLowerCase()] ?? env[name] ?? '').trim();
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return null;
  return { httpProxy, httpsProxy, noProxy: pick('NO_PROXY') };
}

/**
 * The run's HTTP transport: one dispatcher per distinct connect timeout. The run calls
 * `prepare` once before the first request (when present), `get` for every attempt and
 * `destroy` once at its end.
 */
export interface DispatcherSource {
  prepare?(): Promise<void> | void;
  /** `http1Only`: a dispatcher that never offers HTTP/2 (for a request HTTP/2 cannot carry, `OPTIONS *`). */
  get(connectTimeoutMs: number | null, http1Only?: boolean): Dispatcher;
  /**
   * The run's per-origin cap was raised while it runs (Set Concurrency): dispatchers given out
   * from now on allow `perHost` connections per origin. Without it, the source keeps the cap
   * it was made with, and requests above it wait in the pool for a connection.
   */
  setPerHost?(perHost: number): void;
  destroy(): Promise<void>;
  /**
   * The protocol the last connection to an `https:` origin negotiated ('2' for HTTP/2), or
   * undefined when unknown (the run then says '1.1'). Asked only with `allowH2`.
   */
  httpVersion?(origin: string): HttpVersion | undefined;
}

/** Makes the transport of one run (`RunOptions.dispatchers`); the default makes a `DispatcherPool`. */
export type DispatcherFactory = (options: DispatcherOptions) => DispatcherSource;

export const createDispatcherPool: DispatcherFactory = (options) => new DispatcherPool(options);

export class DispatcherPool implements DispatcherSource {
  private readonly byTimeout = new Map<number, Dispatcher>();
  /** With `allowH2`: the HTTP/1.1-only dispatchers (`get(..., true)`). */
  private readonly http1ByTimeout = new Map<number, Dispatcher>();
  private readonly proxy: ProxySettings | null;
  private ProxyAgent: typeof EnvHttpProxyAgent | null = null;
  /** `https:` origin -> the protocol its last connection negotiated (with `allowH2` only). */
  private readonly negotiated = new Map<string, HttpVersion>();
  /** Connections per origin of the dispatchers made from now on. */
  private perHost: number;
  /** Dispatchers replaced by a raised cap: they finish what they carry, then close. */
  private readonly retired: Dispatcher[] = [];

  constructor(private readonly options: DispatcherOptions) {
    this.proxy = readProxySettings(options.proxyEnv);
    this.perHost = options.perHost;
  }

  get usesProxy(): boolean {
    return this.proxy !== null;
  }

  /** Loads what a proxy needs (nothing without one); call once before `get`. */
  prepare(): Promise<void> | void {
    if (this.proxy && !this.ProxyAgent) return this.loadProxyAgent();
  }

  private async loadProxyAgent(): Promise<void> {
    this.ProxyAgent = (await import('undici')).EnvHttpProxyAgent;
  }

  get(connectTimeoutMs: number | null, http1Only = false): Dispatcher {
    const key = connectTimeoutMs ?? this.options.defaultConnectTimeoutMs;
    const h2 = this.options.allowH2 === true && !http1Only;
    const map = h2 || !this.options.allowH2 ? this.byTimeout : this.http1ByTimeout;
    let d = map.get(key);
    if (!d) {
      d = this.create(key, h2);
      map.set(key, d);
    }
    return d;
  }

  /**
   * A raised cap replaces the dispatchers: the old ones finish their requests on the
   * connections they have and close; new requests go to dispatchers with room for `perHost`.
   * A lowered cap changes nothing (the run never has more in flight than its cap). A pool
   * with room for far more than the cap is not the same: undici opens a new connection when a
   * request comes before the one just answered has been handed back, so such a pool ends up
   * with more connections than the run ever has in flight.
   */
  setPerHost(perHost: number): void {
    if (!(perHost > this.perHost)) return;
    this.perHost = perHost;
    for (const map of [this.byTimeout, this.http1ByTimeout]) {
      for (const d of map.values()) {
        this.retired.push(d);
        d.close().catch(() => undefined);
      }
      map.clear();
    }
  }

  httpVersion(origin: string): HttpVersion | undefined {
    return this.negotiated.get(origin);
  }

  /** Closes every socket (idle keep-alive ones included) so the run leaves nothing open. */
  async destroy(): Promise<void> {
    const all = [...this.byTimeout.values(), ...this.http1ByTimeout.values(), ...this.retired.splice(0)];
    this.byTimeout.clear();
    this.http1ByTimeout.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  private create(connectTimeoutMs: number, allowH2: boolean): Dispatcher {
    const tls = { rejectUnauthorized: this.options.rejectUnauthorized };
    const common = {
      connections: this.perHost,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: connectTimeoutMs, ...tls },
    };
    if (!this.proxy) {
      const { connectionTimer: timer, wire } = this.options;
      // Through a proxy, requests stay on HTTP/1.1 (the tunnel's TLS offers no h2).
      if (allowH2) {
        const alpn = this.alpnConnector(connectTimeoutMs, tls);
        const hooked = wire ? wire.wrap(alpn) : alpn;
        return new Agent({ ...common, allowH2: true, connect: timer ? timer.wrap(hooked) : hooked });
      }
      if (!timer && !wire) return new Agent(common);
      return new Agent({ ...common, connect: ownConnector(common, timer, wire) });
    }
    if (!this.ProxyAgent) throw new Error('DispatcherPool.prepare() was not awaited before the first request');
    return new this.ProxyAgent({
      ...common,
      httpProxy: this.proxy.httpProxy,
      httpsProxy: this.proxy.httpsProxy,
      noProxy: this.proxy.noProxy,
      requestTls: tls,
    });
  }

  /** undici's TLS/TCP connector offering h2, noting what each `https:` connection negotiated. */
  private alpnConnector(timeout: number, tls: { rejectUnauthorized: boolean }): BuildConnector.connector {
    const connect = buildConnector({ ...tls, timeout, allowH2: true });
    return (opts, callback) =>
      connect(opts, (...args) => {
        const socket = args[1];
        if (socket && opts.protocol === 'https:') {
          this.negotiated.set(`https://${opts.host ?? opts.hostname}`, (socket as TLSSocket).alpnProtocol === 'h2' ? '2' : '1.1');
        }
        callback(...args);
      });
  }
}

/** The connector undici's Client would build from these Agent options, hooked (`wire`) and timed. */
function ownConnector(agent: Agent.Options & { connect: BuildConnector.BuildOptions }, timer: ConnectionTimer | undefined, wire: WireHooks | undefined): BuildConnector.connector {
  const base = undiciConnector(agent);
  const hooked = wire ? wire.wrap(base) : base;
  return timer ? timer.wrap(hooked) : hooked;
}

/** The connector undici's Client would build from these Agent options, timed. */
export function timedConnector(timer: ConnectionTimer, agent: Agent.Options & { connect: BuildConnector.BuildOptions }): BuildConnector.connector {
  return timer.wrap(undiciConnector(agent));
}

/**
 * The connector undici's Client would build from these Agent options. A connector given as
 * a function replaces the Client's own, which would have taken `allowH2`,
 * `maxCachedSessions`, `socketPath` and `autoSelectFamily` from the Agent options: they go
 * into it here (add any such option to `agent`, not only to the Agent).
 */
function undiciConnector(agent: Agent.Options & { connect: BuildConnector.BuildOptions }): BuildConnector.connector {
  const { allowH2, maxCachedSessions, socketPath, autoSelectFamily, autoSelectFamilyAttemptTimeout } = agent;
  const inherited = {
    ...(allowH2 !== undefined && { allowH2 }),
    ...(maxCachedSessions !== undefined && { maxCachedSessions }),
    ...(socketPath !== undefined && { socketPath }),
    ...(typeof autoSelectFamily === 'boolean' && { autoSelectFamily, autoSelectFamilyAttemptTimeout }),
  };
  return buildConnector({ ...inherited, ...agent.connect });
}
