// Secret redaction shared by the trace log and every reporter.
import { REDACTED, SecretTree } from './secret-tree';
import type { Header } from './types';

export { REDACTED };

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

/**
 * Replaces known secret values inside free text. Build once per run with the plan's
 * secrets; values shorter than 3 characters are ignored (they would redact noise).
 * The values live in a radix tree, so adding one costs its length and redacting a text
 * costs about its length (whatever the number of secrets), leftmost-longest match first.
 */
export class Redactor {
  private readonly tree = new SecretTree();
  private readonly values = new Set<string>();
  /** The values in the order learned, and the longest one's length. */
  private readonly list: string[] = [];
  private longest = 0;
  /** The values' UTF-8 bytes (as latin1 text), built when a binary body is first redacted. */
  private byteTree: SecretTree | null = null;
  private byteCount = 0;
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
        this.list.push(s);
        this.tree.insert(s);
        // As it appears inside a JSON string (a body, a value an assertion found): `"` and `\`
        // escaped, so a secret holding either is hidden there too.
        const escaped = JSON.stringify(s).slice(1, -1);
        if (escaped !== s) this.tree.insert(escaped);
        if (escaped.length > this.longest) this.longest = escaped.length;
        added = true;
      }
    }
    return added;
  }

  /**
   * The number of secret values known. It only grows, and text redacted at one count needs
   * no second look while it stays the same (a remembered assertion value, prepared.ts).
   */
  get count(): number {
    return this.values.size;
  }

  /** Steps taken inserting and matching so far (tests check that redaction stays near-linear). */
  get work(): number {
    return this.tree.work;
  }

  /**
   * A response body's text: `text`, and when the body was cut at the cap (`truncated`), a
   * tail that is the start of a secret (at least 3 characters of it) is hidden too.
   */
  bodyText(value: string, truncated: boolean): string {
    const out = this.text(value);
    if (!truncated || this.values.size === 0) return out;
    const at = this.tree.tailStart(out, this.longest);
    return at < 0 ? out : out.slice(0, at) + REDACTED;
  }

  /**
   * Bytes that are not UTF-8 text, given as a latin1 string (one character per byte):
   * the UTF-8 bytes of every secret replaced by `***`, a cut secret at the end too.
   */
  binary(latin1: string, truncated: boolean): string {
    if (this.values.size === 0) return latin1;
    const tree = this.byteForms();
    let out = tree.replace(latin1);
    if (truncated) {
      const at = tree.tailStart(out, this.longest * 4);
      if (at >= 0) out = out.slice(0, at) + REDACTED;
    }
    return out;
  }

  private byteForms(): SecretTree {
    const tree = (this.byteTree ??= new SecretTree());
    if (this.byteCount < this.list.length) {
      const encoder = new TextEncoder();
      for (; this.byteCount < this.list.length; this.byteCount++) {
        let form = '';
        for (const byte of encoder.encode(this.list[this.byteCount])) form += String.fromCharCode(byte);
        tree.insert(form);
      }
    }
    return tree;
  }

  /** The secret values known so far. */
  secrets(): string[] {
    return [...this.values];
  }

  /** Text with secret values and URL userinfo replaced by `***`. */
  text(value: string): string {
    const out = redactSecretQuery(redactUserinfo(value));
    return this.values.size === 0 ? out : this.tree.replace(out);
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
    for (const n in headers) out[n] = this.headerValue(n, headers[n]!);
    return out;
  }
}

/**
 * `http://user:pass@host/` -> `http://***@host/` wherever it appears in text. The userinfo
 * ends at the last `@` before the host (a password may hold `@`), as URL parsers read it.
 */
export function redactUserinfo(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(/\b(https?:\/\/)[^\s/?#\\"'<>`]*@/gi, `$1${REDACTED}@`);
}

/**
 * Query parameters whose values are secrets: the name (case-insensitive) contains `token`,
 * `secret`, `key`, `password`, `passwd` or `credential`, or one of its words (split at
 * `_`, `-`, `.`) is `auth`, `sig` or `signature`. So `access_token`, `api_key`, `apikey`,
 * `client_secret`, `X-Amz-Signature`, `auth` and `sig` are, `author` and `page` are not.
 */
export function isSecretQueryName(name: string): boolean {
  let known = secretQueryNames.get(name);
  if (known === undefined) {
    const lower = name.toLowerCase();
    known = /token|secret|key|password|passwd|credential/.test(lower) || lower.split(/[_\-.]/).some((w) => w === 'auth' || w === 'sig' || w === 'signature');
    // Query names repeat across a batch's URLs: remember a bounded number of verdicts.
    if (secretQueryNames.size < 4096) secretQueryNames.set(name, known);
  }
  return known;
}

/** isSecretQueryName's verdicts by name (a pure function of the name, so sharing is safe). */
const secretQueryNames = new Map<string, boolean>();

const QUERY_PARAM = /([?&;])([^=&#?;\s"'<>`]+)=([^&#;\s"'<>`]*)/g;

/**
 * Every name isSecretQueryName accepts contains one of these words (case-insensitive), once
 * decoded: text without any of them and without a `%` escape has no secret query value, which
 * one test says far more cheaply than walking its query parameters.
 */
const SECRET_NAME_HINT = /token|secret|key|passw|credential|auth|sig/i;

/** False when `text` surely holds no secret query value (a query parameter starts after `?`, `&` or `;`). */
function mayHoldSecretQuery(text: string): boolean {
  if (!text.includes('=')) return false;
  if (!text.includes('?') && !text.includes('&') && !text.includes(';')) return false;
  return text.includes('%') || SECRET_NAME_HINT.test(text);
}

/** `?token=abc&page=2` -> `?token=***&page=2` wherever a query string appears in text. */
export function redactSecretQuery(text: string): string {
  if (!mayHoldSecretQuery(text)) return text;
  return text.replace(QUERY_PARAM, (whole: string, sep: string, name: string, value: string) =>
    value !== '' && value !== REDACTED && isSecretQueryName(safeDecodeURIComponent(name)) ? `${sep}${name}=${REDACTED}` : whole,
  );
}

/** The values of a URL's secret query parameters, as written and decoded (to learn them as secrets). */
export function secretQueryValues(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0 || !mayHoldSecretQuery(url)) return [];
  const out: string[] = [];
  const end = url.indexOf('#', q);
  for (const pair of url.slice(q + 1, end < 0 ? undefined : end).split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) continue;
    if (!isSecretQueryName(safeDecodeURIComponent(pair.slice(0, eq)))) continue;
    const raw = pair.slice(eq + 1);
    out.push(raw, safeDecodeURIComponent(raw.replace(/\+/g, ' ')), safeDecodeURIComponent(raw));
  }
  return out;
}

/**
 * decodeURIComponent that never throws: valid escapes are decoded, a malformed one (`%ZZ`,
 * `100%off`, a broken UTF-8 sequence) is kept as written. Values from files and servers may
 * hold anything.
 */
export function safeDecodeURIComponent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    // Decode each run of escapes on its own; a run that is not valid UTF-8 stays as written.
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * What URL userinfo makes secret and the `Authorization` value sent for it: the password as
 * written and decoded, and the Basic credentials. Never throws on a malformed escape.
 */
export function userinfoSecrets(url: URL): { authorization: string; secrets: string[] } {
  const user = safeDecodeURIComponent(url.username);
  const password = safeDecodeURIComponent(url.password);
  const creds = basicCredentials(user, password);
  return { authorization: `Basic ${creds}`, secrets: [url.password, password, creds] };
}

/** The secrets of a URL known only at run time (a response value substituted into it). */
export function learnedUrlSecrets(url: URL): string[] {
  const out = secretQueryValues(url.search);
  if (url.password) out.push(...userinfoSecrets(url).secrets);
  return out;
}
