// The run's cookie jar (format spec, section 12): one tough-cookie CookieJar in memory per
// run, RFC 6265 rules (domain, path, expiry, Secure, public suffixes; ports do not separate
// cookies). Nothing is written to disk.
//
// Cost: a run whose responses never carry `Set-Cookie` never loads the library nor consults
// the jar (`active` stays false; the exchange reads that one field per hop). The library is
// loaded at the first `Set-Cookie`; hops sent while it loads wait for it (`wait`), and each
// sees exactly the cookies stored before it asked, as it would have without the wait.
import type { Cookie, CookieJar } from 'tough-cookie';
import type { Logger, ResultCookie } from '../types';

/** The part of tough-cookie the jar uses. */
export interface CookieLibrary {
  CookieJar: new () => CookieJar;
}

/** Loads the library (tests pass their own to control when it arrives). */
export type CookieLibraryLoader = () => Promise<CookieLibrary>;

const loadToughCookie: CookieLibraryLoader = () => import('tough-cookie');

/** An exchange whose hop waits for the library; `resume` sends it. */
export interface CookieWaiter {
  resume(): void;
}

/** What the jar did in one attempt (every hop): cookies it added, cookies it stored. */
export class AttemptCookies {
  readonly sent: ResultCookie[] = [];
  readonly received: ResultCookie[] = [];
}

interface PendingStore {
  url: URL;
  values: readonly string[];
  record: AttemptCookies;
}

function resultCookie(c: Cookie, url: URL): ResultCookie {
  return { name: c.key, value: c.value, domain: c.domain ?? url.hostname, path: c.path ?? '/' };
}

/**
 * The value of a `Set-Cookie` line as a server may echo it (with and without the quotes
 * RFC 6265 allows around it), taken before the library parses it, so that it is redacted
 * from the moment it arrives.
 */
export function setCookieValues(line: string): string[] {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq < 0) return [];
  const value = pair.slice(eq + 1).trim();
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) return [value, value.slice(1, -1)];
  return value === '' ? [] : [value];
}

export class RunCookies {
  /** True from the first `Set-Cookie` on: before that no hop consults the jar. */
  active = false;
  private jar: CookieJar | null = null;
  private failed = false;
  /** `Set-Cookie` lines received while the library loads, in arrival order. */
  private pending: PendingStore[] = [];
  /** Hops waiting for the library; `mark` is how many pending stores they may see. */
  private waiters: { mark: number; waiter: CookieWaiter }[] = [];

  // Expiry (Max-Age, Expires) is tough-cookie's: against the wall clock, when stored and
  // when read (it takes no time source for reading, so none is passed for storing either).
  constructor(
    /** Called with every cookie value received (secrets: the run redacts them). */
    private readonly onSecrets: (values: string[]) => void,
    private readonly logger: Logger,
    private readonly load: CookieLibraryLoader = loadToughCookie,
  ) {}

  /** Stores a response's `Set-Cookie` lines (the response came from `url`). */
  store(url: URL, setCookie: string | readonly string[], record: AttemptCookies): void {
    const values = typeof setCookie === 'string' ? [setCookie] : setCookie;
    const secrets: string[] = [];
    for (const line of values) secrets.push(...setCookieValues(line));
    if (secrets.length > 0) this.onSecrets(secrets);
    if (this.jar) return this.put(url, values, record);
    if (this.failed) return;
    this.pending.push({ url, values, record });
    if (!this.active) {
      this.active = true;
      this.load().then(
        (lib) => this.ready(lib),
        (err: unknown) => this.loadFailed(err),
      );
    }
  }

  /**
   * The `Cookie` header for a hop to `url` ('' when no cookie matches), the cookies added
   * noted in `record`; null while the library loads: call `wait`, the hop is resumed then.
   */
  header(url: URL, record: AttemptCookies): string | null {
    const jar = this.jar;
    if (!jar) return this.failed ? '' : null;
    const cookies = jar.getCookiesSync(url);
    if (cookies.length === 0) return '';
    let out = '';
    for (const c of cookies) {
      out += `${out ? '; ' : ''}${c.cookieString()}`;
      if (!record.sent.some((s) => s.name === c.key && s.domain === c.domain && s.path === c.path)) record.sent.push(resultCookie(c, url));
    }
    return out;
  }

  /** Resumes `waiter` once the library is loaded, seeing the stores made before this call. */
  wait(waiter: CookieWaiter): void {
    this.waiters.push({ mark: this.pending.length, waiter });
  }

  private put(url: URL, values: readonly string[], record: AttemptCookies): void {
    for (const line of values) {
      let cookie: Cookie | undefined;
      try {
        cookie = this.jar!.setCookieSync(line, url);
      } catch (err) {
        if (this.logger.enabled('debug')) this.logger.debug(`a Set-Cookie from ${url.origin} was not stored: ${(err as Error).message}`);
        continue;
      }
      if (cookie) record.received.push(resultCookie(cookie, url));
    }
  }

  private ready(lib: CookieLibrary): void {
    this.jar = new lib.CookieJar();
    this.release();
  }

  private loadFailed(err: unknown): void {
    this.failed = true;
    if (this.logger.enabled('error')) this.logger.error(`the cookie jar could not be loaded; cookies are not kept in this run: ${String(err)}`);
    this.release();
  }

  /** Stores what arrived while loading and resumes each waiter between the stores it may see and the others. */
  private release(): void {
    const pending = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    let w = 0;
    for (let i = 0; i <= pending.length; i++) {
      while (w < waiters.length && waiters[w]!.mark === i) waiters[w++]!.waiter.resume();
      const p = pending[i];
      if (p && this.jar) this.put(p.url, p.values, p.record);
    }
  }
}
