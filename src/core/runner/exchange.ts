// One attempt of one request: dispatches through undici's handler API (no streams, no
// per-chunk promises), follows redirects by hand, keeps the body up to the cap and counts
// (drains) the rest, and enforces the per-attempt timeout over connect, redirects and body.
// It reads the request from its Job and ends with an `AttemptOutcome` handed to the host;
// it changes nothing on the Job.
import type { Dispatcher } from 'undici';
import { isAsteriskUrl } from '../asterisk';
import { isSecretHeader } from '../redact';
import type { ConnectionTimer } from '../timing/connection';
import { attemptPhases, HopTimes } from '../timing/phases';
import type { AttemptPhases, Clock, Header, HttpVersion, RequestBody, TimerHandle } from '../types';
import type { WireHooks, WireRequest } from '../wire/hooks';
import { AttemptCookies, type CookieWaiter, type RunCookies } from './cookies';
import { classifyNetworkError, InvalidUrlError, type RunError, TimeoutError, TooManyRedirectsError } from './errors';
import type { Job } from './job';
import type { AttemptOutcome } from './lifecycle';
import type { Hop } from './scheduler';
import { traceInterim } from './trace';

export const MAX_REDIRECTS = 10;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export interface ExchangeHost {
  readonly maxBodyBytes: number;
  readonly clock: Clock;
  /** ms since the run started. */
  elapsed(): number;
  /** Times the connections the run's dispatchers make (the timing phases' set-up). */
  readonly connectionTimer: ConnectionTimer;
  /** The attempt ended; called once, outside undici's callback stack. */
  onAttemptEnd(exchange: Exchange, outcome: AttemptOutcome): void;
  /** Text with the run's secrets and URL userinfo hidden, for error messages. */
  redact(text: string): string;
  /**
   * The attempt follows a redirect into another origin: true when it holds a slot of that
   * origin now; false when it must wait (the host calls `resume` once it has one).
   */
  enterOrigin(exchange: Exchange, origin: string): boolean;
  /** The run's cookie jar; null when `@no-cookie-jar` in the file header turned it off. */
  readonly cookies: RunCookies | null;
  /** The HTTP version of a response that came from `url` when its request was not seen written on an HTTP/1.1 connection. */
  httpVersion(url: URL): HttpVersion;
  /** The run's wire hooks (src/core/wire): HTTP/1.1 connections, interim responses, `OPTIONS *`. */
  readonly wire: WireHooks;
}

type Controller = Dispatcher.DispatchController;
type RawHeaders = Record<string, string | string[] | undefined>;

/** Runs the host's bookkeeping outside undici's callback stack (it may dispatch again). */
function notifySettled(ex: Exchange): void {
  ex.host.onAttemptEnd(ex, ex.outcome!);
}

function onAttemptTimeout(ex: Exchange): void {
  ex.timer = null;
  ex.abort(new TimeoutError(`no complete response within ${ex.timeoutMs} ms (the per-attempt timeout); raise @timeout or -t if the server is slow`));
}

export class Exchange implements Dispatcher.DispatchHandler, CookieWaiter, WireRequest {
  timer: TimerHandle | null = null;
  settled = false;
  /** Set when the attempt ends; the host receives it. */
  outcome: AttemptOutcome | null = null;
  /** The breaker let this attempt through as its one probe. */
  probe = false;
  /** Set while the attempt waits for a slot of the origin a redirect leads to (it holds its global slot). */
  hop: Hop | null = null;
  private controller: Controller | null = null;
  private abortReason: RunError | null = null;
  private url: URL;
  private method: string;
  private headers: Header[];
  private flatHeaders: string[];
  private body: RequestBody | null;
  private hops = 0;
  private redirectTo: string | null = null;
  private status = 0;
  private rawHeaders: RawHeaders | null = null;
  private chunks: Buffer[] | null = null;
  private kept = 0;
  private total = 0;
  private ttfbMs: number | null = null;
  /** The current hop's times (a new record for each hop; the attempt keeps the last one's). */
  private times: HopTimes | null = null;
  /** What the cookie jar did in this attempt; null until it did something. */
  private jarRecord: AttemptCookies | null = null;
  /** Whether `headers` holds the request's own `Cookie` (null: not looked at yet). */
  private ownCookie: boolean | null = null;
  /** The current hop's head went out on an HTTP/1.1 connection (seen by the wire hooks). */
  private http1 = false;
  /** The current hop is `OPTIONS *` (only the first hop can be: a redirect leads to a resource). */
  private asterisk: boolean;
  readonly startMs: number;
  readonly timeoutMs: number;

  constructor(
    readonly host: ExchangeHost,
    readonly job: Job,
    private readonly dispatcher: Dispatcher,
    flatHeaders: string[],
    /** The attempt's `traceparent` value (`@traceparent`), sent on every hop; null: none added. */
    private readonly traceHeader: string | null = null,
  ) {
    this.url = job.parsedUrl ?? new URL(job.url);
    this.method = job.request.method;
    this.headers = job.headers;
    this.flatHeaders = flatHeaders;
    this.body = job.body;
    this.timeoutMs = job.request.timeoutMs;
    this.startMs = host.elapsed();
    this.asterisk = this.method === 'OPTIONS' && isAsteriskUrl(job.url);
  }

  start(): void {
    this.timer = this.host.clock.setTimer(this.timeoutMs, onAttemptTimeout, this);
    this.dispatch();
  }

  /** Ends the attempt with `error` (timeout; with `stopped`, the run's stop) and aborts the HTTP exchange. */
  abort(error: RunError, stopped = false): void {
    if (this.settled) return;
    this.abortReason = error;
    if (stopped) {
      const endMs = this.host.elapsed();
      this.outcome = { kind: 'stopped', error, startMs: this.startMs, ttfbMs: this.ttfbMs, endMs, bodyBytes: this.total, phases: this.phases() };
      this.settle();
    } else {
      this.fail(error);
    }
    this.controller?.abort(error);
  }

  // --- undici handler -------------------------------------------------------------------

  onRequestStart(controller: Controller): void {
    if (this.settled) {
      controller.abort(this.abortReason ?? new TimeoutError('attempt already ended'));
      return;
    }
    this.controller = controller;
    this.host.wire.willWrite(this);
    // Undici writes the request right after this call; a connection made for it just now
    // is handed over by the timer (docs/timing.md).
    const times = this.times;
    if (times) {
      times.connection = this.host.connectionTimer.takeFresh();
      times.sent = true;
      times.writtenAt = this.host.elapsed();
    }
  }

  /** The first byte of the response (undici calls it from the parser's message begin). */
  onResponseStarted(): void {
    if (this.times && this.times.firstByteAt === null) this.times.firstByteAt = this.host.elapsed();
  }

  /** Every hop's response headers pass here, redirects included: their `Set-Cookie` goes to the jar. */
  onResponseStart(_controller: Controller, statusCode: number, headers: RawHeaders): void {
    if (this.settled || statusCode < 200) return;
    if (this.times && this.times.firstByteAt === null) this.times.firstByteAt = this.host.elapsed();
    const setCookie = headers['set-cookie'];
    if (setCookie !== undefined) this.storeCookies(setCookie);
    if (this.job.request.followRedirects && REDIRECT_STATUS.has(statusCode)) {
      const location = headers.location;
      const loc = Array.isArray(location) ? location[0] : location;
      if (loc) {
        this.redirectTo = loc;
        this.status = statusCode;
        return;
      }
    }
    this.ttfbMs = this.host.elapsed() - this.startMs;
    this.status = statusCode;
    this.rawHeaders = headers;
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.settled || this.redirectTo !== null) return;
    this.total += chunk.length;
    const room = this.host.maxBodyBytes - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.kept += part.length;
    (this.chunks ??= []).push(part);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    if (this.times) this.times.endAt = this.host.elapsed();
    if (this.redirectTo !== null) {
      this.followRedirect(this.redirectTo);
      return;
    }
    this.succeed();
  }

  onResponseError(_controller: Controller, error: Error): void {
    if (this.settled) return;
    this.fail(classifyNetworkError(error, this.url.origin));
  }

  // --- wire hooks -----------------------------------------------------------------------

  wroteHttp1(): void {
    this.http1 = true;
  }

  interimSkipped(status: number): void {
    this.host.wire.trace(() => traceInterim(this.job, status, this.url.origin));
  }

  // --- internals ------------------------------------------------------------------------

  /**
   * Sends the request (the first time and after each redirect). The one place a hop is sent:
   * the jar's `Cookie` header for `this.url` is read here, once the jar holds anything.
   */
  private dispatch(): void {
    const url = this.url;
    let headers = this.flatHeaders;
    const jar = this.host.cookies;
    if (jar !== null && jar.active && this.job.request.cookieJar !== false && !this.hasOwnCookie()) {
      const cookie = jar.header(url, (this.jarRecord ??= new AttemptCookies()));
      if (cookie === null) return jar.wait(this);
      if (cookie !== '') headers = [...headers, 'cookie', cookie];
    }
    this.times = new HopTimes();
    this.http1 = false;
    if (this.asterisk && !this.host.wire.active) return this.fail(asteriskUnsent());
    try {
      this.dispatcher.dispatch(
        {
          origin: url.origin,
          path: this.asterisk ? this.host.wire.asteriskPath : url.pathname + url.search,
          method: this.method,
          headers,
          body: this.body,
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        this,
      );
    } catch (err) {
      this.fail(classifyNetworkError(err, url.origin));
    }
  }

  private followRedirect(location: string): void {
    const status = this.status;
    this.redirectTo = null;
    if (++this.hops > MAX_REDIRECTS) {
      this.fail(new TooManyRedirectsError(`more than ${MAX_REDIRECTS} redirects starting at ${this.host.redact(this.job.url)}; use @no-redirect to see the first response`));
      return;
    }
    let next: URL;
    try {
      next = new URL(location, this.url);
    } catch {
      next = null as unknown as URL;
    }
    if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
      this.fail(new InvalidUrlError(`redirect to an invalid or non-HTTP location: ${this.host.redact(location)}`));
      return;
    }
    const crossOrigin = next.protocol !== this.url.protocol || next.host !== this.url.host;
    const toGet = (status === 303 && this.method !== 'HEAD') || ((status === 301 || status === 302) && this.method === 'POST');
    if (crossOrigin || toGet) {
      this.headers = this.headers.filter(([name]) => {
        const lower = name.toLowerCase();
        if (crossOrigin && (lower === 'host' || isSecretHeader(lower))) return false;
        if (toGet && lower.startsWith('content-')) return false;
        return true;
      });
      this.flatHeaders = flatten(this.headers);
      // The hops of a redirect share their attempt's span (format spec, section 10).
      if (this.traceHeader !== null) this.flatHeaders.push('traceparent', this.traceHeader);
      this.ownCookie = null;
    }
    if (toGet) {
      this.method = 'GET';
      this.body = null;
    }
    const originChanged = next.origin !== this.url.origin;
    this.url = next;
    this.asterisk = false;
    this.status = 0;
    this.controller = null;
    if (originChanged && !this.host.enterOrigin(this, next.origin)) return;
    this.dispatch();
  }

  /** A request that sets `Cookie` itself sends no jar cookies (it still stores what it receives). */
  private hasOwnCookie(): boolean {
    return (this.ownCookie ??= this.headers.some(([name]) => name.length === 6 && name.toLowerCase() === 'cookie'));
  }

  private storeCookies(setCookie: string | string[]): void {
    const jar = this.host.cookies;
    if (jar === null || this.job.request.cookieJar === false) return;
    jar.store(this.url, setCookie, (this.jarRecord ??= new AttemptCookies()));
  }

  /** Goes on after waiting for a slot of the redirect's origin, or for the cookie jar. */
  resume(): void {
    if (!this.settled) this.dispatch();
  }

  private succeed(): void {
    const raw = this.rawHeaders!;
    for (const name in raw) {
      const value = raw[name];
      if (typeof value !== 'string') raw[name] = Array.isArray(value) ? value.join(', ') : '';
    }
    const endMs = this.host.elapsed();
    this.outcome = {
      kind: 'response',
      status: this.status,
      headers: raw as Record<string, string>,
      body: this.chunks === null ? null : Buffer.concat(this.chunks, this.kept),
      bodyBytes: this.total,
      truncated: this.total > this.kept,
      startMs: this.startMs,
      ttfbMs: this.ttfbMs,
      endMs,
      phases: this.phases(),
      httpVersion: this.http1 ? '1.1' : this.host.httpVersion(this.url),
      cookies: this.jarRecord,
    };
    this.settle();
  }

  private fail(error: RunError): void {
    const endMs = this.host.elapsed();
    this.outcome = { kind: 'failure', error, startMs: this.startMs, ttfbMs: this.ttfbMs, endMs, bodyBytes: this.total, phases: this.phases(), cookies: this.jarRecord, connected: this.controller !== null };
    this.settle();
  }

  /** The attempt's phases: the last hop's, clamped to the attempt (so within its total). */
  private phases(): AttemptPhases {
    return attemptPhases(this.startMs, this.times, this.host.connectionTimer.measuring);
  }

  private settle(): void {
    this.settled = true;
    this.chunks = null;
    this.rawHeaders = null;
    if (this.timer) {
      this.host.clock.clearTimer(this.timer);
      this.timer = null;
    }
    process.nextTick(notifySettled, this);
  }
}

/** `OPTIONS *` where the run's connections are not its own (through a proxy): never sent as anything else. */
function asteriskUnsent(): RunError {
  return new InvalidUrlError("'OPTIONS *' is sent only on the runner's own connections, and this run goes through a proxy (HTTP_PROXY / HTTPS_PROXY are set): write 'OPTIONS /' to ask the server's root, or run without the proxy variables");
}

/** Header pairs as undici's flat array (order and repeats kept). */
export function flatten(headers: readonly Header[]): string[] {
  const out: string[] = new Array(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    out[2 * i] = headers[i][0];
    out[2 * i + 1] = headers[i][1];
  }
  return out;
}
