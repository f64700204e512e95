// Planning one request block: its copies (`@repeat`/`@foreach`), URL joining and checks,
// headers and body, sharing what does not differ between copies.
import { basicCredentials } from '../redact';
import type { Header, PlannedRequest, RequestBody } from '../types';
import type { DependencyEdge, GraphNode } from './graph';
import type { ParsedBlock } from './model';
import { MAX_REQUESTS } from './options';
import type { Planner } from './planner';
import type { DataRecord } from './records';
import { literalScheme } from './request-line';
import { Resolution } from './resolver';
import { followsRedirects, requestTimeouts } from './settings';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';
import { own, ownOrNull } from './own';

type CopyInfo = Pick<PlannedRequest, 'headers' | 'unresolved' | 'dependsOn' | 'hasResponseRefs'>;

interface Resolved<T> {
  value: T;
  res: Resolution;
}

const ROW_MAX = 40;

/** A record's first field as `name=value` (cut to ROW_MAX characters), or null for an empty record. */
export function rowLabel(record: DataRecord): string | null {
  for (const key in record) {
    const text = `${key}=${record[key]}`;
    return text.length > ROW_MAX ? `${text.slice(0, ROW_MAX - 1)}…` : text;
  }
  return null;
}

/** Joins a target with `baseUrl`, `host` or the `Host` header, as the format says. */
function joinTarget(p: Planner, block: ParsedBlock, target: string, headers: readonly Header[], res: Resolution): string | null {
  if (!target.startsWith('/')) return target;
  const site = { line: block.line, column: block.targetColumn };
  const base = p.resolver.lookup('baseUrl', res, site);
  if (base !== undefined) return base.replace(/\/+$/, '') + target;
  const host = p.resolver.lookup('host', res, site);
  if (host !== undefined) {
    const h = host.replace(/\/+$/, '');
    return (literalScheme(h) ? h : `http://${h}`) + target;
  }
  const hostHeader = headers.find(([n]) => n.toLowerCase() === 'host');
  if (hostHeader) return `http://${hostHeader[1]}${target}`;
  return null;
}

function isMultipart(headers: readonly Header[]): boolean {
  for (const [n, v] of headers) if (n.toLowerCase() === 'content-type') return v.trim().toLowerCase().startsWith('multipart/');
  return false;
}

/** Checks the URL of a block's first copy; false when the block is not an HTTP request after all. */
function checkUrl(p: Planner, block: ParsedBlock, url: string | null, res: Resolution): boolean {
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
  if (parsed.password) {
    p.secrets.add(parsed.password);
    p.secrets.add(decodeURIComponent(parsed.password));
    // The runner sends userinfo as a Basic Authorization header; a server may echo it.
    p.secrets.add(basicCredentials(decodeURIComponent(parsed.username), decodeURIComponent(parsed.password)));
  }
  return true;
}

/** How many copies a block makes (`@repeat`, `@foreach` records), within the batch's limit. */
async function copyCount(p: Planner, block: ParsedBlock): Promise<{ copies: number; records: DataRecord[] | null }> {
  let records: DataRecord[] | null = null;
  let copies = 1;
  if (block.foreach) {
    records = await p.records(block);
    copies = records.length;
  } else if (block.repeat !== null) copies = block.repeat;
  const max = p.options.maxRequests ?? MAX_REQUESTS;
  if (p.requests.length + copies > max) {
    p.once(`max:${block.line}`, {
      severity: 'error',
      line: block.line,
      column: block.column,
      message: `the batch would exceed ${max.toLocaleString('en-US')} requests; this request's copies are left out (lower @repeat or split the file)`,
    });
    copies = 0;
  }
  return { copies, records };
}

export async function planBlock(p: Planner, block: ParsedBlock): Promise<void> {
  const node: GraphNode = { name: block.name, multi: block.repeat !== null || block.foreach !== null, inBatch: block.http, line: block.line, edges: [] };
  for (const d of block.dependsOn) node.edges.push({ name: d.name, kind: 'depends-on', line: d.line, column: d.column });
  // The graph check needs only blocks with a name or an edge: a large file of unnamed,
  // independent requests then keeps no node per block while it is planned.
  const listed = node.name !== null || node.edges.length > 0;
  if (listed) p.nodes.push(node);
  if (!block.http) return;
  const r = p.resolver;
  r.record = null;
  r.dynamic.index = 0;
  const { copies, records } = await copyCount(p, block);
  const copier = new BlockCopies(p, block, node, listed, copies === 1);
  for (let k = 0; k < copies; k++) {
    if (records) r.record = records[k]!;
    r.dynamic.index = k;
    const copyIndex = records !== null || block.repeat !== null ? k : null;
    if (!(await copier.copy(k, copyIndex, records ? rowLabel(records[k]!) : null))) return;
  }
  r.record = null;
}

/**
 * The copies of one block. What resolves the same for every copy (no dynamic variable, no
 * record field) is resolved once and shared: header tuples, the URL, the body, and the
 * unresolved names and dependencies.
 */
class BlockCopies {
  private readonly headerCache: (Resolved<Header> | undefined)[] = [];
  private urlCache: Resolved<string | null> | undefined;
  private bodyCache: (Resolved<RequestBody> & { multipart: boolean }) | undefined;
  private shared: CopyInfo | null = null;
  /** One copy needs no per-template caching: a single Resolution collects everything. */
  private readonly single: Resolution | null;
  // Copies of the strings every copy of the block shares (see own.ts).
  private readonly fixed: Pick<PlannedRequest, 'name' | 'title' | 'line' | 'column' | 'blockIndex' | 'method' | 'timeoutMs' | 'connectionTimeoutMs' | 'retries' | 'followRedirects' | 'expectStatus' | 'idempotent'>;

  constructor(
    private readonly p: Planner,
    private readonly block: ParsedBlock,
    private readonly node: GraphNode,
    private listed: boolean,
    single: boolean,
  ) {
    this.single = single ? new Resolution() : null;
    const { timeoutMs, retries } = requestTimeouts(block.settings, p.settings, p.options.overrides);
    this.fixed = {
      name: ownOrNull(block.name),
      title: ownOrNull(block.title),
      line: block.line,
      column: block.column,
      blockIndex: block.blockIndex,
      method: p.method(block.method),
      timeoutMs,
      connectionTimeoutMs: block.settings.connectionTimeoutMs ?? null,
      retries,
      followRedirects: followsRedirects(block.settings, p.options.defaults),
      expectStatus: ownOrNull(block.settings.expectStatus ?? null),
      idempotent: block.settings.idempotent ?? false,
    };
  }

  /** Plans copy `k` (`copyRow`: its `@foreach` record's label); false when the block turned out not to be an HTTP request (nothing planned). */
  async copy(k: number, copyIndex: number | null, copyRow: string | null): Promise<boolean> {
    const { p, block, single } = this;
    const r = p.resolver;
    const parts: Resolution[] = single ? [single] : [];
    // The target first (source order for unresolved names and dependencies), joined after the headers.
    let urlRes: Resolution | null = null;
    let target = '';
    if (!this.urlCache) {
      urlRes = single ?? new Resolution();
      for (const t of block.targetParts) target += r.resolve(t.parts, urlRes, t);
    }
    const { headers, headersVary } = k > 0 && this.shared ? { headers: this.shared.headers, headersVary: false } : this.headers(parts);
    let url = this.urlCache;
    if (!url) {
      const res = urlRes!;
      url = { value: ownOrNull(joinTarget(p, block, target, headers, res)), res };
      if (!res.varying && !headersVary) this.urlCache = url;
      if (k === 0 && !checkUrl(p, block, url.value, res)) {
        this.node.inBatch = false;
        return false;
      }
    }
    if (!single) parts.unshift(url.res);
    const body = block.body ? await this.body(block.body, headers, parts) : null;
    const info = this.info(k, headers, parts, headersVary || parts.some((x) => x.varying));
    const f = this.fixed;
    p.requests.push({
      index: p.requests.length,
      name: f.name,
      title: f.title,
      line: f.line,
      column: f.column,
      blockIndex: f.blockIndex,
      copyIndex,
      copyRow,
      method: f.method,
      url: url.value ?? own(block.target),
      headers,
      body,
      dependsOn: info.dependsOn,
      hasResponseRefs: info.hasResponseRefs,
      unresolved: info.unresolved,
      timeoutMs: f.timeoutMs,
      connectionTimeoutMs: f.connectionTimeoutMs,
      retries: f.retries,
      followRedirects: f.followRedirects,
      expectStatus: f.expectStatus,
      idempotent: f.idempotent,
    });
    return true;
  }

  /** The copy's headers; the resolutions of those that were resolved go to `parts`. */
  private headers(parts: Resolution[]): { headers: Header[]; headersVary: boolean } {
    const { p, block, single } = this;
    const headers = new Array<Header>(block.headers.length);
    let headersVary = false;
    for (let i = 0; i < block.headers.length; i++) {
      let c = this.headerCache[i];
      if (!c) {
        const h = block.headers[i]!;
        const res = single ?? new Resolution();
        const name = p.resolver.resolve(h.name.parts, res, h.name).trim();
        const value = p.resolver.resolve(h.value.parts, res, h.value).trim();
        if (h.name.text.includes('{{') && !name.includes('{{') && !TOKEN_PATTERN.test(name)) {
          p.once(`hname:${h.line}`, { severity: 'error', line: h.line, column: h.column, message: `the header name '${quote(name)}' (after substitution) is not a valid HTTP header name` });
        }
        c = { value: p.header(name, value), res };
        if (single) {
          headers[i] = c.value;
          continue;
        }
        if (!res.varying) this.headerCache[i] = c;
        else headersVary = true;
      }
      headers[i] = c.value;
      parts.push(c.res);
    }
    return { headers, headersVary };
  }

  private async body(lines: NonNullable<ParsedBlock['body']>, headers: readonly Header[], parts: Resolution[]): Promise<RequestBody> {
    const multipart = isMultipart(headers);
    let b = this.bodyCache && this.bodyCache.multipart === multipart ? this.bodyCache : undefined;
    if (!b) {
      const res = this.single ?? new Resolution();
      b = { value: await this.p.body(lines, multipart, res), res, multipart };
      if (!res.varying) this.bodyCache = b;
    }
    if (!this.single) parts.push(b.res);
    return b.value;
  }

  /** Unresolved names and dependencies of a copy (shared while nothing varies); the first copy's response references become graph edges. */
  private info(k: number, headers: Header[], parts: readonly Resolution[], anyVarying: boolean): CopyInfo {
    if (this.shared && !anyVarying) return this.shared;
    const { p, block, node } = this;
    const unresolved: string[] = [];
    const dependsOn: string[] = block.dependsOn.map((d) => own(d.name));
    let hasResponseRefs = false;
    for (const res of parts) {
      for (const u of res.unresolved) if (!unresolved.includes(u)) unresolved.push(own(u));
      for (const ref of res.refs) {
        hasResponseRefs = true;
        if (!dependsOn.includes(ref.name)) dependsOn.push(own(ref.name));
        if (k === 0) {
          if (!this.listed) p.nodes.push(node);
          this.listed = true;
          node.edges.push({ name: ref.name, kind: 'response', line: ref.line, column: ref.column } satisfies DependencyEdge);
        }
      }
    }
    const info: CopyInfo = {
      headers,
      unresolved: unresolved.length > 0 ? unresolved : p.noNames,
      dependsOn: dependsOn.length > 0 ? dependsOn : p.noNames,
      hasResponseRefs,
    };
    if (!anyVarying) this.shared = info;
    return info;
  }
}
