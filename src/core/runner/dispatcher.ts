// The run's HTTP dispatchers: one keep-alive undici Agent (or EnvHttpProxyAgent when a
// proxy is configured) per distinct `@connection-timeout`, each with at most `perHost`
// connections per origin. Proxy settings come from `proxyEnv`, never from process.env.
import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
// The Agent from its own file: undici's index also sets up fetch, WebSocket, caches and
// mocks, about 20 ms of every CLI start. The index is loaded only for a proxy (`prepare`):
// the proxy agent needs the CONNECT method that the index installs on every dispatcher.
import Agent from 'undici/lib/dispatcher/agent.js';

/** What a run asks of a dispatcher factory (`RunOptions.dispatchers`). */
export interface DispatcherOptions {
  /** Connections per origin (the run never has more in flight to one origin). */
  perHost: number;
  rejectUnauthorized: boolean;
  proxyEnv: Record<string, string | undefined> | undefined;
  /** Connect timeout when a request sets none (the attempt's own timer still applies). */
  defaultConnectTimeoutMs: number;
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
  get(connectTimeoutMs: number | null): Dispatcher;
  destroy(): Promise<void>;
}

/** Makes the transport of one run (`RunOptions.dispatchers`); the default makes a `DispatcherPool`. */
export type DispatcherFactory = (options: DispatcherOptions) => DispatcherSource;

export const createDispatcherPool: DispatcherFactory = (options) => new DispatcherPool(options);

export class DispatcherPool implements DispatcherSource {
  private readonly byTimeout = new Map<number, Dispatcher>();
  private readonly proxy: ProxySettings | null;
  private ProxyAgent: typeof EnvHttpProxyAgent | null = null;

  constructor(private readonly options: DispatcherOptions) {
    this.proxy = readProxySettings(options.proxyEnv);
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

  get(connectTimeoutMs: number | null): Dispatcher {
    const key = connectTimeoutMs ?? this.options.defaultConnectTimeoutMs;
    let d = this.byTimeout.get(key);
    if (!d) {
      d = this.create(key);
      this.byTimeout.set(key, d);
    }
    return d;
  }

  /** Closes every socket (idle keep-alive ones included) so the run leaves nothing open. */
  async destroy(): Promise<void> {
    const all = [...this.byTimeout.values()];
    this.byTimeout.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  private create(connectTimeoutMs: number): Dispatcher {
    const tls = { rejectUnauthorized: this.options.rejectUnauthorized };
    const common = {
      connections: this.options.perHost,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: connectTimeoutMs, ...tls },
    };
    if (!this.proxy) return new Agent(common);
    if (!this.ProxyAgent) throw new Error('DispatcherPool.prepare() was not awaited before the first request');
    return new this.ProxyAgent({
      ...common,
      httpProxy: this.proxy.httpProxy,
      httpsProxy: this.proxy.httpsProxy,
      noProxy: this.proxy.noProxy,
      requestTls: tls,
    });
  }
}
