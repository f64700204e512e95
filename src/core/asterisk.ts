// The asterisk form `OPTIONS *` (RFC 9112, 3.2.4; format spec, section 13.4): a request
// about the server as a whole, not one of its resources. Its planned URL is the origin
// followed by `*` (`http://127.0.0.1:8080*`): what the request line says (`*`) and where it
// goes, and never a valid URL of a resource (an authority cannot end with `*`), so it
// cannot be mistaken for one. The runner sends it to that origin as `OPTIONS * HTTP/1.1`.

const ASTERISK_URL = /^https?:\/\/[^/?#*\s]+\*$/i;

/** Whether `url` is the planned URL of an asterisk-form request (`ORIGIN*`). */
export function isAsteriskUrl(url: string): boolean {
  return url.endsWith('*') && ASTERISK_URL.test(url);
}

/** The planned URL of `OPTIONS *` sent to the origin of `base` (an http(s) URL), or null when `base` is not one. */
export function asteriskUrl(base: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.host) return null;
  // The userinfo stays: the runner sends it as a Basic Authorization header.
  const auth = parsed.username || parsed.password ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
  return `${parsed.protocol}//${auth}${parsed.host}*`;
}

/** The URL an asterisk-form request connects to (its origin), for `new URL`. */
export function asteriskOrigin(url: string): string {
  return url.slice(0, -1);
}
