// Response references: `{{NAME.response.status}}`, `.headers.X`, `.body.*`, `.body.$.a[0]`
// and `.body.//xpath`, substituted when the dependent request starts.
import { followJsonPath, jsonPathSteps, xpathString } from '../conditions/values';
import { UnresolvedVariableError } from './errors';
import { parseXml } from '../xml';

/** What a reference can read from a finished request. Parsed bodies are cached on it. */
export interface ResponseSource {
  status: number | null;
  /** Lower-case names. */
  headers: Record<string, string> | null;
  body: Uint8Array | null;
  /** @internal cache of the body parsed as JSON (undefined: not parsed yet). */
  json?: { value: unknown } | null;
  /** @internal cache of the body parsed as XML. */
  xml?: unknown;
  /** What the request sent (request values), when kept. */
  request?: SentRequest;
  /** @internal the sent body as a source of its own (its parse caches). */
  sentView?: ResponseSource;
}

export type ResponseLookup = (name: string) => ResponseSource | undefined;

/** What a request sent, for `{{NAME.request.headers.X}}` and `{{NAME.request.body...}}` (REST Client). */
export interface SentRequest {
  headers: readonly (readonly [string, string])[];
  body: string | Uint8Array | null;
}

const REF = /\{\{\s*([A-Za-z0-9_-]+)\.(response|request)\.((?:(?!\}\}).)+?)\s*\}\}/g;

/** True when text holds at least one response reference. */
export function hasResponseRef(text: string): boolean {
  REF.lastIndex = 0;
  return REF.test(text);
}

/**
 * Replaces every response reference in `text` with the referenced value: a JSON string or
 * header without quotes, any other JSON value as its JSON text. Throws
 * `UnresolvedVariableError` when a reference has no value (unknown request, missing header,
 * path not found, body not JSON/XML).
 */
export function substituteResponseRefs(text: string, lookup: ResponseLookup): string {
  if (!text.includes('{{')) return text;
  REF.lastIndex = 0;
  return text.replace(REF, (whole: string, name: string, side: string, path: string) => {
    const source = lookup(name);
    if (!source) throw new UnresolvedVariableError(`${whole}: no ${side} of request '${name}' is available`);
    const value = side === 'request' ? readRequestRef(source, path.trim()) : readRef(source, path.trim());
    if (value === undefined) throw new UnresolvedVariableError(`${whole}: the ${side} of '${name}' has no such value`);
    return value;
  });
}

/** A value of what the request sent: a header (case-insensitive) or its body, read like a response body. */
function readRequestRef(source: ResponseSource, path: string): string | undefined {
  const sent = source.request;
  if (!sent) return undefined;
  if (path.startsWith('headers.')) {
    const wanted = path.slice('headers.'.length).toLowerCase();
    return sent.headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
  }
  const body = typeof sent.body === 'string' ? new TextEncoder().encode(sent.body) : sent.body;
  // Parsed bodies are cached on their own view, apart from the response's.
  source.sentView ??= { status: null, headers: null, body };
  return readRef(source.sentView, path);
}

function readRef(source: ResponseSource, path: string): string | undefined {
  if (path === 'status') return source.status === null ? undefined : String(source.status);
  if (path.startsWith('headers.')) {
    const wanted = path.slice('headers.'.length).toLowerCase();
    return source.headers?.[wanted];
  }
  if (!path.startsWith('body.')) return undefined;
  const expr = path.slice('body.'.length);
  const body = source.body;
  if (!body) return expr === '*' ? '' : undefined;
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (expr === '*') return text;
  if (expr.startsWith('$')) return readJsonPath(source, text, expr);
  if (expr.startsWith('/')) return readXPath(source, text, expr);
  return undefined;
}

function readJsonPath(source: ResponseSource, text: string, expr: string): string | undefined {
  if (source.json === undefined) {
    try {
      source.json = { value: JSON.parse(text) as unknown };
    } catch {
      source.json = null;
    }
  }
  if (!source.json) return undefined;
  const steps = parseJsonPath(expr);
  if (!steps) return undefined;
  const current = followJsonPath(source.json.value, steps);
  if (current === undefined) return undefined;
  return typeof current === 'string' ? current : JSON.stringify(current);
}

/** `$.a.b[0]["c d"]` -> ['a', 'b', 0, 'c d']; null when malformed (the grammar `??` body paths share). */
export function parseJsonPath(expr: string): readonly (string | number)[] | null {
  return jsonPathSteps(expr);
}

function readXPath(source: ResponseSource, text: string, expr: string): string | undefined {
  if (source.xml === undefined) {
    try {
      source.xml = parseXml(text);
    } catch {
      source.xml = null;
    }
  }
  return source.xml ? xpathString(source.xml as Node, expr) : undefined;
}
