// Checks the path of a response reference when the file is parsed, so that a typo such as
// `{{login.response.body.token}}` is an error in the editor rather than a failed request.
import { xpathLibrary } from '../xml';
import type { ResponseRef } from './resolver';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';

/** `$`, then `.name`, `[index]` or `['name']` / `["name"]` steps. */
const JSON_STEP = /\.([^.[\]]+)|\[\s*(?:\d+|'[^']*'|"[^"]*")\s*\]/y;

function jsonPathOk(path: string): boolean {
  if (path[0] !== '$') return false;
  let at = 1;
  while (at < path.length) {
    JSON_STEP.lastIndex = at;
    if (!JSON_STEP.exec(path)) return false;
    at = JSON_STEP.lastIndex;
  }
  return true;
}

export function xpathOk(path: string): boolean {
  // The xpath package's parser: exported at run time, missing from its type declarations.
  const parseXPath = (xpathLibrary() as unknown as { parse?: (expression: string) => unknown }).parse;
  if (typeof parseXPath !== 'function') return true;
  try {
    parseXPath(path);
    return true;
  } catch {
    return false;
  }
}

/** Why the reference's path cannot be read, or null when it is well formed. */
export function responsePathProblem(ref: ResponseRef): string | null {
  if (ref.kind === 'status') return null;
  if (ref.kind === 'headers') {
    return TOKEN_PATTERN.test(ref.path) ? null : `'${quote(ref.path)}' is not a header name`;
  }
  const p = ref.path;
  if (p === '*') return null;
  if (p.startsWith('$')) return jsonPathOk(p) ? null : `'${quote(p)}' is not a JSON path of .names and [indexes], such as $.items[0].id`;
  if (p.startsWith('/')) return xpathOk(p) ? null : `'${quote(p)}' is not a valid XPath 1.0 expression`;
  return `the body path '${quote(p)}' must be * (the whole body), a JSON path starting with $ (such as $.token) or an XPath starting with / (such as //token)`;
}
