// The first copy's URL checked (joining it: target-join.ts): an http(s) URL, its secrets
// learned; `OPTIONS *` to a valid origin.
import { asteriskOrigin, isAsteriskUrl } from '../asterisk';
import { secretQueryValues, userinfoSecrets } from '../redact';
import type { ParsedBlock } from './model';
import type { Planner } from './planner';
import { literalScheme } from './request-line';
import type { Resolution } from './resolver';
import { quote } from './quote';

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
  if (block.target.trim() === '*') return checkAsterisk(p, block, url);
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

/** `METHOD *` (the asterisk form): only OPTIONS, to a valid http(s) origin. */
function checkAsterisk(p: Planner, block: ParsedBlock, url: string): boolean {
  const at = { line: block.line, column: block.targetColumn };
  if (block.method !== 'OPTIONS') {
    p.once(`url:${block.line}`, { severity: 'error', ...at, message: `the target '*' (the asterisk form) is for OPTIONS only, not ${quote(block.method)}; write a path such as '/'` });
  } else if (!isAsteriskUrl(url)) {
    p.once(`url:${block.line}`, { severity: 'error', ...at, message: `'OPTIONS *' needs an http:// or https:// origin to go to, and '${quote(url.slice(0, -1))}' is not one; check '@baseUrl', 'host' or the 'Host:' header` });
  } else {
    const parsed = new URL(asteriskOrigin(url));
    if (parsed.password) for (const s of userinfoSecrets(parsed).secrets) p.secrets.add(s);
  }
  return true;
}
