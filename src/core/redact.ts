// Secret redaction shared by the trace log and every reporter.
import type { Header } from './types';

export const REDACTED = '***';

const SECRET_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SECRET_NAME_PARTS = ['token', 'secret', 'key', 'password'];

/** True for headers whose values are secrets (the spec's list, case-insensitive). */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_HEADER_NAMES.has(lower)) return true;
  return SECRET_NAME_PARTS.some((part) => lower.includes(part));
}

/**
 * The values a request header makes secret: the whole value of a secret header, and the
 * parts a server may echo on their own (the credentials after an auth scheme such as
 * `Bearer`/`Basic`, each cookie's value). Empty for other headers.
 */
export function secretHeaderValues(name: string, value: string): string[] {
  if (!isSecretHeader(name)) return [];
  const out = [value];
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const m = /^[A-Za-z][\w.-]*\s+(\S.*)$/.exec(value);
    if (m) out.push(m[1]);
  } else if (lower === 'cookie') {
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) out.push(pair.slice(eq + 1).trim());
    }
  }
  return out;
}

/** The `Authorization` value the runner derives from URL userinfo (`user:password` in base64). */
export function basicCredentials(user: string, password: string): string {
  // No Buffer here: the webview bundles this module too.
  let binary = '';
  for (const byte of new TextEncoder().encode(`${user}:${password}`)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Up to this many secrets one regular expression finds them; above, an index by their first characters does. */
const PATTERN_LIMIT = 256;
/** The length of the index's keys: the shortest secret kept. */
const PREFIX = 3;

/**
 * Replaces known secret values inside free text. Build once per run with the plan's
 * secrets; values shorter than 3 characters are ignored (they would redact noise).
 * Secrets learned during a run (cookie values, tokens from responses) may be many: the
 * matcher is rebuilt only when text is redacted after an `add`, and a large set is looked
 * up by prefix instead of one alternation of thousands of values.
 */
export class Redactor {
  private pattern: RegExp | null = null;
  /** First PREFIX characters -> the secrets starting with them, longest first (large sets). */
  private index: Map<string, string[]> | null = null;
  private stale = false;
  private readonly values = new Set<string>();
  /** isSecretHeader by header name, as seen so far. */
  private readonly secretNames = new Map<string, boolean>();

  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  /** Adds secret values learned later (a token substituted from a response); returns true when any was new. */
  add(secrets: Iterable<string>): boolean {
    let added = false;
    for (const s of secrets) {
      if (typeof s === 'string' && s.length >= 3 && !this.values.has(s)) {
        this.values.add(s);
        added = true;
      }
    }
    if (added) this.stale = true;
    return added;
  }

  private compile(): void {
    this.stale = false;
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    if (sorted.length <= PATTERN_LIMIT) {
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
      this.index = null;
      return;
    }
    const index = new Map<string, string[]>();
    for (const s of sorted) {
      const key = s.slice(0, PREFIX);
      const list = index.get(key);
      if (list) list.push(s);
      else index.set(key, [s]);
    }
    this.index = index;
    this.pattern = null;
  }

  /** The secret values known so far. */
  secrets(): string[] {
    return [...this.values];
  }

  /** Text with secret values and URL userinfo replaced by `***`. */
  text(value: string): string {
    let out = redactUserinfo(value);
    if (this.stale) this.compile();
    if (this.pattern) out = out.replace(this.pattern, REDACTED);
    else if (this.index) out = replaceIndexed(out, this.index);
    return out;
  }

  headerValue(name: string, value: string): string {
    let secret = this.secretNames.get(name);
    if (secret === undefined) {
      secret = isSecretHeader(name);
      // Responses repeat a handful of header names; a server inventing new ones gets no more room.
      if (this.secretNames.size < 512) this.secretNames.set(name, secret);
    }
    return secret ? REDACTED : this.text(value);
  }

  headers(headers: readonly Header[]): Header[] {
    return headers.map(([n, v]) => [n, this.headerValue(n, v)]);
  }

  headerRecord(headers: Record<string, string> | null): Record<string, string> | null {
    if (!headers) return null;
    const out: Record<string, string> = {};
    for (const [n, v] of Object.entries(headers)) out[n] = this.headerValue(n, v);
    return out;
  }
}

/** `http://user:pass@host/` -> `http://***@host/` wherever it appears in text. */
export function redactUserinfo(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(/\b(https?:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`);
}

/** The same replacement as the alternation (leftmost, then longest), by prefix lookup. */
function replaceIndexed(text: string, index: Map<string, string[]>): string {
  let out = '';
  let last = 0;
  let i = 0;
  while (i + PREFIX <= text.length) {
    const list = index.get(text.slice(i, i + PREFIX));
    const hit = list?.find((s) => text.startsWith(s, i));
    if (hit === undefined) {
      i++;
      continue;
    }
    out += text.slice(last, i) + REDACTED;
    i += hit.length;
    last = i;
  }
  return last === 0 ? text : out + text.slice(last);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
