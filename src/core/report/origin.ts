// The origin of a request's URL as the metrics label it: `scheme://host:port`, the port
// always written (80 and 443 included), no userinfo, path, query or fragment.
import { asteriskOrigin, isAsteriskUrl } from '../asterisk';

/** The label of a URL that is not a valid http(s) URL (an unresolved or invalid target). */
export const UNKNOWN_ORIGIN = 'unknown';

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `scheme://host:port` of an http(s) URL, else UNKNOWN_ORIGIN. */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(isAsteriskUrl(url) ? asteriskOrigin(url) : url);
  } catch {
    return UNKNOWN_ORIGIN;
  }
  const fallback = DEFAULT_PORTS[parsed.protocol];
  if (fallback === undefined || parsed.hostname === '') return UNKNOWN_ORIGIN;
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || fallback}`;
}

const AUTHORITY = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/;

/**
 * originOf with a memory of the authorities seen: a batch has a handful of origins and
 * many requests, so most results cost a match and a map look-up, not a URL parse.
 */
export class OriginCache {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit = 1024) {}

  of(url: string): string {
    const authority = AUTHORITY.exec(url)?.[0];
    if (authority === undefined) return originOf(url);
    let origin = this.known.get(authority);
    if (origin === undefined) {
      origin = originOf(authority);
      if (this.known.size < this.limit) this.known.set(authority, origin);
    }
    return origin;
  }
}
