// Request shapes of other tools, turned into the request that is sent (format section 13):
// Basic credentials in clear (item 5), form bodies (item 6) and GraphQL (item 7).
import { basicCredentials } from '../redact';
import type { Header, RequestBody } from '../types';

/** An `Authorization` value as sent, the secrets it holds, and a warning for schemes not computed here. */
export interface AuthorizationValue {
  value: string;
  secrets: string[];
  warning: string | null;
}

const BASIC = /^Basic[ \t]+(\S.*)$/i;
const NOT_COMPUTED = /^(Digest|AWS)(?:[ \t]|$)/i;

/**
 * `Basic user:password` and `Basic user password` (REST Client, httpYac, JetBrains) are sent
 * base64-encoded; a single token without `:` is already encoded and is sent as written.
 */
export function authorizationValue(value: string): AuthorizationValue {
  const basic = BASIC.exec(value);
  if (basic) {
    const creds = basic[1]!.trim();
    const space = creds.search(/[ \t]/);
    const colon = creds.indexOf(':');
    if (space < 0 && colon < 0) return { value, secrets: [], warning: null };
    const user = space >= 0 && (colon < 0 || space < colon) ? creds.slice(0, space) : creds.slice(0, colon);
    const password = space >= 0 && (colon < 0 || space < colon) ? creds.slice(space).trim() : creds.slice(colon + 1);
    return { value: `Basic ${basicCredentials(user, password)}`, secrets: [creds, password], warning: null };
  }
  const other = NOT_COMPUTED.exec(value);
  if (other) {
    const tool = other[1]!.toLowerCase() === 'aws' ? 'AWS Signature v4' : 'Digest';
    return {
      value,
      secrets: [],
      warning: `the ${tool} Authorization is sent as written: it is not computed here (REST Client and httpYac compute it); put a ready value in the header, or use Basic or Bearer`,
    };
  }
  return { value, secrets: [], warning: null };
}

/** The value of the first header `name` (case-insensitive), or null. */
export function headerValue(headers: readonly Header[], name: string): string | null {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return null;
}

/** How body lines are joined: `\r\n` for multipart, nothing for a form, else `\n`. */
export function bodySeparator(headers: readonly Header[]): string {
  const type = (headerValue(headers, 'content-type') ?? '').trim().toLowerCase();
  if (type.startsWith('multipart/')) return '\r\n';
  if (type.startsWith('application/x-www-form-urlencoded')) return '';
  return '\n';
}

const GRAPHQL_BODY = /^\s*(?:query|mutation|subscription)\b/;

/**
 * True for a GraphQL request: the method `GRAPHQL` (JetBrains), the header
 * `X-Request-Type: GraphQL` (REST Client), or a JSON (or untyped) body that starts with
 * `query`, `mutation` or `subscription` (httpYac).
 */
export function isGraphql(method: string, headers: readonly Header[], body: RequestBody | null): boolean {
  if (method === 'GRAPHQL') return true;
  if ((headerValue(headers, 'x-request-type') ?? '').trim().toLowerCase() === 'graphql') return true;
  if (typeof body !== 'string' || !GRAPHQL_BODY.test(body)) return false;
  const type = (headerValue(headers, 'content-type') ?? '').trim().toLowerCase();
  return type === '' || type.startsWith('application/json') || type.startsWith('application/graphql');
}

const MAX_VARIABLE_TRIES = 8;

/**
 * The JSON body `{"query": ..., "variables": {...}}`: the query is the body up to a blank
 * line followed by a JSON object, which becomes the variables.
 */
export function graphqlJson(body: RequestBody | null): string {
  const text = body === null ? '' : typeof body === 'string' ? body : new TextDecoder().decode(body);
  const blank = /\n[ \t]*\r?\n/g;
  // A few tries at most: each parses the rest of the body (a body of many blank lines stays linear).
  let tries = 0;
  for (let m = blank.exec(text); m !== null && tries < MAX_VARIABLE_TRIES; m = blank.exec(text)) {
    const rest = text.slice(m.index + m[0].length).trim();
    if (!rest.startsWith('{')) continue;
    tries++;
    try {
      const variables = JSON.parse(rest) as unknown;
      if (variables !== null && typeof variables === 'object' && !Array.isArray(variables)) {
        return JSON.stringify({ query: text.slice(0, m.index).trim(), variables });
      }
    } catch {
      // Not the variables: the blank line is inside the query.
    }
  }
  return JSON.stringify({ query: text.trim() });
}

/** The headers of a GraphQL request as sent: no `X-Request-Type`, `Content-Type: application/json`. */
export function graphqlHeaders(headers: readonly Header[], header: (name: string, value: string) => Header): Header[] {
  const out: Header[] = [];
  let typed = false;
  for (const h of headers) {
    const lower = h[0].toLowerCase();
    if (lower === 'x-request-type') continue;
    if (lower === 'content-type') {
      if (!typed) out.push(header(h[0], 'application/json'));
      typed = true;
      continue;
    }
    out.push(h);
  }
  if (!typed) out.push(header('Content-Type', 'application/json'));
  return out;
}
