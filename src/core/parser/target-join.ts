// The URL of a request block: its target joined with `@baseUrl`, a `host` variable or the
// `Host` header (format spec, sections 2 and 13.3-13.4), the JetBrains no-scheme rule, and a
// `Host:` header with a scheme turned into a base.
import { asteriskUrl } from '../asterisk';
import type { Header } from '../types';
import type { ParsedBlock } from './model';
import type { Planner } from './planner';
import { quote } from './quote';
import { literalScheme } from './request-line';
import type { Resolution } from './resolver';

/** Joins a target with `baseUrl`, `host` or the `Host` header, as the format says. */
export function joinTarget(p: Planner, block: ParsedBlock, target: string, headers: readonly Header[], res: Resolution, hostBase: string | null): string | null {
  const asterisk = target === '*';
  if (!asterisk && !target.startsWith('/')) return noSchemeTarget(p, block, target, res);
  const base = targetBase(p, block, headers, res, hostBase);
  if (base === null) return null;
  // `OPTIONS *` goes to the base's origin (its path left out); see src/core/asterisk.ts.
  if (asterisk) return res.unresolved.length || res.refs.length ? `${base}*` : (asteriskUrl(base) ?? `${base}*`);
  return base + target;
}

/** The base a target starting with '/' (or `*`) is joined to, without a trailing '/'; null when there is none. */
function targetBase(p: Planner, block: ParsedBlock, headers: readonly Header[], res: Resolution, hostBase: string | null): string | null {
  const site = { line: block.line, column: block.targetColumn };
  const base = p.resolver.lookup('baseUrl', res, site);
  if (base !== undefined) return base.replace(/\/+$/, '');
  const host = p.resolver.lookup('host', res, site);
  if (host !== undefined) {
    const h = host.replace(/\/+$/, '');
    return literalScheme(h) ? h : `http://${h}`;
  }
  if (hostBase !== null) return hostBase;
  const hostHeader = headers.find(([n]) => n.toLowerCase() === 'host');
  if (hostHeader) return `http://${hostHeader[1]}`;
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
