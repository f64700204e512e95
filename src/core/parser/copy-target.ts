// The target and the headers that shape where a copy goes: joining a target with `baseUrl`,
// `host` or the `Host` header, the first copy's URL checks, Authorization values and the
// GraphQL shape (copies.ts plans the copies with them).
import { secretQueryValues, userinfoSecrets } from '../redact';
import { authorizationValue, graphqlHeaders, graphqlJson } from './foreign-request';
import type { Header, RequestBody } from '../types';
import type { ParsedBlock } from './model';
import type { Planner } from './planner';
import { literalScheme } from './request-line';
import type { Resolution } from './resolver';
import { quote } from './quote';
import { own } from './own';

/** Joins a target with `baseUrl`, `host` or the `Host` header, as the format says. */
export function joinTarget(p: Planner, block: ParsedBlock, target: string, headers: readonly Header[], res: Resolution, hostBase: string | null): string | null {
  if (!target.startsWith('/')) return noSchemeTarget(p, block, target, res);
  const site = { line: block.line, column: block.targetColumn };
  const base = p.resolver.lookup('baseUrl', res, site);
  if (base !== undefined) return base.replace(/\/+$/, '') + target;
  const host = p.resolver.lookup('host', res, site);
  if (host !== undefined) {
    const h = host.replace(/\/+$/, '');
    return (literalScheme(h) ? h : `http://${h}`) + target;
  }
  if (hostBase !== null) return hostBase + target;
  const hostHeader = headers.find(([n]) => n.toLowerCase() === 'host');
  if (hostHeader) return `http://${hostHeader[1]}${target}`;
  return null;
}

/** `example.com/api`, `localhost:8080/x`: a host name (with a dot, or localhost) or a host with a port. */
const HOST_LIKE = /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9A-Fa-f:.]+\])(?::\d+)?(?:[/?#]|$)/;

/** A target without a scheme that names a host gets `http://` (the JetBrains rule), with a warning. */
function noSchemeTarget(p: Planner, block: ParsedBlock, target: string, res: Resolution): string {
  if (literalScheme(target) !== null || res.refs.length > 0 || res.unresolved.length > 0 || !HOST_LIKE.test(target)) return target;
  p.once(`noscheme:${block.line}`, {
    severity: 'warning',
    line: block.line,
    column: block.targetColumn,
    message: `the target '${quote(target)}' has no scheme; http:// is used (write http:// or https:// to silence this)`,
  });
  return `http://${target}`;
}

/**
 * A `Host:` header whose value has a scheme (`Host: https://h:443`, seen in JetBrains files):
 * the base URL it gives, and the headers with that `Host` sent as `h:443`.
 */
export function schemeHost(p: Planner, headers: Header[]): { headers: Header[]; base: string | null } {
  const i = headers.findIndex(([n]) => n.toLowerCase() === 'host');
  if (i < 0) return { headers, base: null };
  const [name, value] = headers[i]!;
  const scheme = literalScheme(value);
  if (scheme !== 'http' && scheme !== 'https') return { headers, base: null };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { headers, base: null };
  }
  const out = headers.slice();
  out[i] = p.header(name, parsed.host);
  return { headers: out, base: `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}` };
}

/** The Authorization value as sent (Basic credentials in clear encoded), its secrets kept and warnings given. */
export function authorization(p: Planner, line: number, column: number, value: string): string {
  if (value.includes('{{')) return value;
  const a = authorizationValue(value);
  for (const s of a.secrets) if (s !== '') p.secrets.add(s);
  if (a.warning) p.once(`auth:${line}`, { severity: 'warning', line, column, message: a.warning });
  return a.value;
}

/** A GraphQL request as sent: POST, JSON content type, `{"query", "variables"}` body (copies share the results). */
export class GraphqlShape {
  private headersIn: Header[] | null = null;
  private headersOut: Header[] = [];
  private bodyIn: RequestBody | null | undefined = undefined;
  private bodyOut = '';

  headers(p: Planner, headers: Header[]): Header[] {
    if (headers === this.headersOut) return headers;
    if (headers !== this.headersIn) {
      this.headersIn = headers;
      this.headersOut = graphqlHeaders(headers, (n, v) => p.header(n, v));
    }
    return this.headersOut;
  }

  body(body: RequestBody | null): string {
    if (body !== this.bodyIn) {
      this.bodyIn = body;
      this.bodyOut = own(graphqlJson(body));
    }
    return this.bodyOut;
  }
}

/** Checks the URL of a block's first copy; false when the block is not an HTTP request after all. */
export function checkUrl(p: Planner, block: ParsedBlock, url: string | null, res: Resolution): boolean {
  const at = { line: block.line, column: block.targetColumn };
  if (url === null) {
    p.once(`url:${block.line}`, {
      severity: 'error',
      ...at,
      message: `the target '${quote(block.target)}' is relative: define '@baseUrl = http://host' (or a 'host' variable), or add a 'Host:' header`,
    });
    return true;
  }
  if (res.unresolved.length || res.refs.length) return true;
  if (url === '*') {
    p.once(`url:${block.line}`, {
      severity: 'error',
      ...at,
      message: "'OPTIONS *' (the asterisk form of REST Client and JetBrains files) cannot be sent yet: the HTTP client used here sends only paths that start with '/'; write 'OPTIONS /' to ask the server's root",
    });
    return true;
  }
  const scheme = literalScheme(url);
  if (scheme !== null && scheme !== 'http' && scheme !== 'https') {
    p.once(`url:${block.line}`, { severity: 'warning', ...at, message: `not an HTTP request (scheme ${quote(scheme)}://); it is left out of the batch` });
    return false;
  }
  if (scheme === null) {
    p.once(`url:${block.line}`, { severity: 'error', ...at, message: `the target '${quote(url)}' is not an absolute http:// or https:// URL; add the scheme, such as http://${quote(url)}` });
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    p.once(`url:${block.line}`, { severity: 'error', ...at, message: `the target '${quote(url)}' is not a valid URL` });
    return true;
  }
  // The runner sends userinfo as a Basic Authorization header; a server may echo it.
  if (parsed.password) for (const s of userinfoSecrets(parsed).secrets) p.secrets.add(s);
  for (const s of secretQueryValues(url)) p.secrets.add(s);
  return true;
}
