// Planning one request block: its copies (`@repeat`/`@foreach`), URL joining and checks,
// headers and body, sharing what does not differ between copies.
import { basicCredentials } from '../redact';
import type { Header, PlannedRequest, RequestBody } from '../types';
import type { DependencyEdge, GraphNode } from './graph';
import type { ParsedBlock } from './model';
import { MAX_REQUESTS } from './options';
import type { Planner } from './planner';
import { EMPTY_CONDITIONS, hasConditions, planConditions, type PlannedConditions } from './plan-conditions';
import type { DataRecord } from './records';
import { literalScheme } from './request-line';
import { Resolution } from './resolver';
import { requestTimeouts } from './settings';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';
import { own, ownOrNull } from './own';

type CopyInfo = Pick<PlannedRequest, 'headers' | 'unresolved' | 'dependsOn' | 'hasResponseRefs'>;

interface Resolved<T> {
  value: T;
  res: Resolution;
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

export async function planBlock(p: Planner, block: ParsedBlock): Promise<void> {
  const node: GraphNode = { name: block.name, multi: (block.repeat !== null || block.foreach !== null) && block.settings.first !== 1, inBatch: block.http, line: block.line, edges: [] };
  for (const d of block.dependsOn) node.edges.push({ name: d.name, kind: 'depends-on', line: d.line, column: d.column });
  // The graph check needs only blocks with a name or an edge: a large file of unnamed,
  // independent requests then keeps no node per block while it is planned.
  let listed = node.name !== null || node.edges.length > 0;
  if (listed) p.nodes.push(node);
  if (!block.http) return;
  const r = p.resolver;
  r.record = null;
  r.dynamic.index = 0;
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

  const { timeoutMs, retries } = requestTimeouts(block.settings, p.settings, p.options.overrides);
  // Copies of the strings every copy of the block shares (see own.ts).
  const name = ownOrNull(block.name);
  const title = ownOrNull(block.title);
  const method = p.method(block.method);
  const expectStatus = ownOrNull(block.settings.expectStatus ?? null);
  const headerCache: (Resolved<Header> | undefined)[] = [];
  let urlCache: Resolved<string | null> | undefined;
  let bodyCache: (Resolved<RequestBody> & { multipart: boolean }) | undefined;
  let checksCache: PlannedConditions | undefined;
  const withChecks = hasConditions(block);
  const first = block.settings.first ?? null;
  if (first !== null && records && records.length > 0 && first > records.length) {
    const d = block.directives.find((x) => x.key === 'first')!;
    p.once(`first:${block.line}`, { severity: 'error', line: d.line, column: d.valueColumn, message: `@first ${first} is more than the ${records.length} records of @foreach; K must be from 1 to ${records.length}` });
  }
  let shared: CopyInfo | null = null;

  // One copy needs no per-template caching: a single Resolution collects everything.
  const single = copies === 1 ? new Resolution() : null;
  for (let k = 0; k < copies; k++) {
    if (records) r.record = records[k]!;
    r.dynamic.index = k;
    const parts: Resolution[] = single ? [single] : [];
    // The target first (source order for unresolved names and dependencies), joined after the headers.
    let urlRes: Resolution | null = null;
    let target = '';
    if (!urlCache) {
      urlRes = single ?? new Resolution();
      for (const t of block.targetParts) target += r.resolve(t.parts, urlRes, t);
    }
    // Headers.
    let headers: Header[];
    let headersVary = false;
    if (k > 0 && shared) headers = shared.headers;
    else {
      headers = new Array<Header>(block.headers.length);
      for (let i = 0; i < block.headers.length; i++) {
        let c = headerCache[i];
        if (!c) {
          const h = block.headers[i]!;
          const res = single ?? new Resolution();
          const name = r.resolve(h.name.parts, res, h.name).trim();
          const value = r.resolve(h.value.parts, res, h.value).trim();
          if (h.name.text.includes('{{') && !name.includes('{{') && !TOKEN_PATTERN.test(name)) {
            p.once(`hname:${h.line}`, { severity: 'error', line: h.line, column: h.column, message: `the header name '${quote(name)}' (after substitution) is not a valid HTTP header name` });
          }
          c = { value: p.header(name, value), res };
          if (single) {
            headers[i] = c.value;
            continue;
          }
          if (!res.varying) headerCache[i] = c;
          else headersVary = true;
        }
        headers[i] = c.value;
        parts.push(c.res);
      }
    }
    // URL.
    let url = urlCache;
    if (!url) {
      const res = urlRes!;
      url = { value: ownOrNull(joinTarget(p, block, target, headers, res)), res };
      if (!res.varying && !headersVary) urlCache = url;
      if (k === 0 && !checkUrl(p, block, url.value, res)) {
        node.inBatch = false;
        return;
      }
    }
    if (!single) parts.unshift(url.res);
    // Body.
    let body: RequestBody | null = null;
    if (block.body) {
      const multipart = isMultipart(headers);
      let b = bodyCache && bodyCache.multipart === multipart ? bodyCache : undefined;
      if (!b) {
        const res = single ?? new Resolution();
        b = { value: await p.body(block.body, multipart, res), res, multipart };
        if (!res.varying) bodyCache = b;
      }
      body = b.value;
      if (!single) parts.push(b.res);
    }
    // Conditions (`??` lines, `@until`): EXPECTED may use variables and response references.
    let checks: Omit<PlannedConditions, 'res'> = EMPTY_CONDITIONS;
    if (withChecks) {
      let c = checksCache;
      if (!c) {
        c = planConditions(p, block, single ?? new Resolution());
        if (!c.res.varying) checksCache = c;
      }
      checks = c;
      if (!single) parts.push(c.res);
    }
    const anyVarying = headersVary || parts.some((x) => x.varying);

    let info: CopyInfo | null = shared;
    if (!info || anyVarying) {
      const unresolved: string[] = [];
      const dependsOn: string[] = block.dependsOn.map((d) => own(d.name));
      let hasResponseRefs = false;
      for (const res of parts) {
        for (const u of res.unresolved) if (!unresolved.includes(u)) unresolved.push(own(u));
        for (const ref of res.refs) {
          hasResponseRefs = true;
          if (!dependsOn.includes(ref.name)) dependsOn.push(own(ref.name));
          if (k === 0) {
            if (!listed) p.nodes.push(node);
            listed = true;
            node.edges.push({ name: ref.name, kind: 'response', line: ref.line, column: ref.column } satisfies DependencyEdge);
          }
        }
      }
      info = {
        headers,
        unresolved: unresolved.length > 0 ? unresolved : p.noNames,
        dependsOn: dependsOn.length > 0 ? dependsOn : p.noNames,
        hasResponseRefs,
      };
      if (!anyVarying) shared = info;
    }
    p.requests.push({
      index: p.requests.length,
      name,
      title,
      line: block.line,
      column: block.column,
      blockIndex: block.blockIndex,
      copyIndex: records || block.repeat !== null ? k : null,
      method,
      url: url.value ?? own(block.target),
      headers,
      body,
      dependsOn: info.dependsOn,
      hasResponseRefs: info.hasResponseRefs,
      unresolved: info.unresolved,
      timeoutMs,
      connectionTimeoutMs: block.settings.connectionTimeoutMs ?? null,
      retries,
      followRedirects: block.settings.followRedirects ?? true,
      expectStatus,
      idempotent: block.settings.idempotent ?? false,
      assertions: checks.assertions,
      until: checks.until,
      pollIntervalMs: block.settings.pollIntervalMs ?? null,
      pollTimeoutMs: block.settings.pollTimeoutMs ?? null,
      first,
    });
  }
  r.record = null;
}
