// One attempt of one request: dispatches through undici's handler API (no streams, no
// per-chunk promises), follows redirects by hand, keeps the body up to the cap and counts
// (drains) the rest, and enforces the per-attempt timeout over connect, redirects and body.
import type { Dispatcher } from 'undici';
import { isSecretHeader } from '../redact';
import type { Header, RequestBody } from '../types';
import { classifyNetworkError, InvalidUrlError, type RunError, TimeoutError, TooManyRedirectsError } from './errors';
import type { Job } from './job';

export const MAX_REDIRECTS = 10;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export interface ExchangeHost {
  readonly maxBodyBytes: number;
  /** ms since the run started. */
  elapsed(): number;
  onSettled(exchange: Exchange): void;
  /** Text with the run's secrets and URL userinfo hidden, for error messages. */
  redact(text: string): string;
  /**
   * The attempt follows a redirect into another origin: true when it holds a slot of that
   * origin now; false when it must wait (the host calls `resume` once it has one).
   */
  enterOrigin(exchange: Exchange, origin: string): boolean;
}

type Controller = Dispatcher.DispatchController;
type RawHeaders = Record<string, string | string[] | undefined>;

/** Runs the host's bookkeeping outside undici's callback stack (it may dispatch again). */
function notifySettled(ex: Exchange): void {
  ex.host.onSettled(ex);
}

function onAttemptTimeout(ex: Exchange): void {
  ex.timer = null;
  ex.abort(new TimeoutError(`no complete response within ${ex.timeoutMs} ms (the per-attempt timeout); raise @timeout or -t if the server is slow`));
}

export class Exchange implements Dispatcher.DispatchHandler {
  timer: ReturnType<typeof setTimeout> | null = null;
  settled = false;
  /** True when the run stopped this attempt while it was in flight. */
  stoppedInFlight = false;
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
  readonly startMs: number;

  constructor(
    readonly host: ExchangeHost,
    readonly job: Job,
    private readonly dispatcher: Dispatcher,
    readonly timeoutMs: number,
    flatHeaders: string[],
  ) {
    this.url = job.parsedUrl ?? new URL(job.url);
    this.method = job.request.method;
    this.headers = job.headers;
    this.flatHeaders = flatHeaders;
    this.body = job.body;
    this.startMs = host.elapsed();
  }

  start(): void {
    this.timer = setTimeout(onAttemptTimeout, this.timeoutMs, this);
    this.dispatch();
  }

  /** Ends the attempt with `error` (timeout, cancellation) and aborts the HTTP exchange. */
  abort(error: RunError, stopped = false): void {
    if (this.settled) return;
    this.abortReason = error;
    this.stoppedInFlight = stopped;
    this.fail(error);
    this.controller?.abort(error);
  }

  // --- undici handler -------------------------------------------------------------------

  onRequestStart(controller: Controller): void {
    if (this.settled) {
      controller.abort(this.abortReason ?? new TimeoutError('attempt already ended'));
      return;
    }
    this.controller = controller;
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: RawHeaders): void {
    if (this.settled || statusCode < 200) return;
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

  // --- internals ------------------------------------------------------------------------

  private dispatch(): void {
    const url = this.url;
    try {
      this.dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: this.method,
          headers: this.flatHeaders,
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
    }
    if (toGet) {
      this.method = 'GET';
      this.body = null;
    }
    const originChanged = next.origin !== this.url.origin;
    this.url = next;
    this.status = 0;
    this.controller = null;
    if (originChanged && !this.host.enterOrigin(this, next.origin)) return;
    this.dispatch();
  }

  /** Goes on after waiting for a slot of the redirect's origin. */
  resume(): void {
    if (!this.settled) this.dispatch();
  }

  private succeed(): void {
    const job = this.job;
    const raw = this.rawHeaders!;
    for (const name in raw) {
      const value = raw[name];
      if (typeof value !== 'string') raw[name] = Array.isArray(value) ? value.join(', ') : '';
    }
    job.status = this.status;
    job.responseHeaders = raw as Record<string, string>;
    job.body_ = this.chunks === null ? null : Buffer.concat(this.chunks, this.kept);
    job.bodyBytes = this.total;
    job.truncated = this.total > this.kept;
    job.ttfbMs = this.ttfbMs;
    job.error = null;
    this.settle();
  }

  private fail(error: RunError): void {
    const job = this.job;
    job.status = null;
    job.responseHeaders = null;
    job.body_ = null;
    job.bodyBytes = this.total;
    job.truncated = false;
    job.ttfbMs = this.ttfbMs;
    job.error = error;
    this.settle();
  }

  private settle(): void {
    this.settled = true;
    this.chunks = null;
    this.rawHeaders = null;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    process.nextTick(notifySettled, this);
  }
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
