// Planning one request block: its copies (`@repeat`/`@foreach`), headers, body and
// conditions, sharing what does not differ between copies (the URL: target-join.ts and copy-url.ts).
import { authorizationValue, bodySeparator, graphqlHeaders, graphqlJson, isGraphql } from './foreign-request';
import type { Header, PlannedRequest, RequestBody } from '../types';
import type { DependencyEdge, GraphNode } from './graph';
import type { ParsedBlock } from './model';
import { MAX_REQUESTS } from './options';
import type { Planner } from './planner';
import { EMPTY_CONDITIONS, hasConditions, planConditions, type PlannedConditions } from './plan-conditions';
import type { DataRecord } from './records';
import { checkUrl } from './copy-url';
import { Resolution } from './resolver';
import { followsRedirects, requestTimeouts } from './settings';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';
import { joinTarget, schemeHost } from './target-join';
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

/** The Authorization value as sent (Basic credentials in clear encoded), its secrets kept and warnings given. */
function authorization(p: Planner, line: number, column: number, value: string): string {
  if (value.includes('{{')) return value;
  const a = authorizationValue(value);
  for (const s of a.secrets) if (s !== '') p.secrets.add(s);
  if (a.warning) p.once(`auth:${line}`, { severity: 'warning', line, column, message: a.warning });
  return a.value;
}

/** A GraphQL request as sent: POST, JSON content type, `{"query", "variables"}` body (copies share the results). */
class GraphqlShape {
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

/** What the copies of one block share while they are planned: caches and the graph node. */
interface BlockState {
  p: Planner;
  block: ParsedBlock;
  node: GraphNode;
  /** True once the node is in the planner's list. */
  listed: boolean;
  /** One copy needs no per-template caching: a single Resolution collects everything. */
  single: Resolution | null;
  headerCache: (Resolved<Header> | undefined)[];
  urlCache: Resolved<string | null> | undefined;
  bodyCache: (Resolved<RequestBody> & { sep: string }) | undefined;
  /** The block has conditions (`??` lines, `@until`); planned once unless they vary. */
  withChecks: boolean;
  checksCache: PlannedConditions | undefined;
  graphql: GraphqlShape | null;
  shared: CopyInfo | null;
  hostBase: string | null;
}

/** The records of a `@foreach` and the number of copies (0 when the batch would grow too large). */
async function copyCount(p: Planner, block: ParsedBlock): Promise<{ records: DataRecord[] | null; copies: number }> {
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
  return { records, copies };
}

/** The headers of copy `k` (resolutions added to `parts`), and whether they differ between copies. */
function copyHeaders(s: BlockState, k: number, parts: Resolution[]): { headers: Header[]; vary: boolean } {
  const { p, block, single } = s;
  if (k > 0 && s.shared) return { headers: s.shared.headers, vary: false };
  let vary = false;
  const headers = new Array<Header>(block.headers.length);
  for (let i = 0; i < block.headers.length; i++) {
    let c = s.headerCache[i];
    if (!c) {
      const h = block.headers[i]!;
      const res = single ?? new Resolution();
      const name = p.resolver.resolve(h.name.parts, res, h.name).trim();
      let value = p.resolver.resolve(h.value.parts, res, h.value).trim();
      if (name.toLowerCase() === 'authorization') value = authorization(p, h.line, h.value.column, value);
      if (h.name.text.includes('{{') && !name.includes('{{') && !TOKEN_PATTERN.test(name)) {
        p.once(`hname:${h.line}`, { severity: 'error', line: h.line, column: h.column, message: `the header name '${quote(name)}' (after substitution) is not a valid HTTP header name` });
      }
      c = { value: p.header(name, value), res };
      if (single) {
        headers[i] = c.value;
        continue;
      }
      if (!res.varying) s.headerCache[i] = c;
      else vary = true;
    }
    headers[i] = c.value;
    parts.push(c.res);
  }
  const sh = schemeHost(p, headers);
  s.hostBase = sh.base;
  return { headers: sh.headers, vary };
}

/** The URL of one copy, joined and (for the first copy) checked; null when the block is not HTTP after all. */
function copyUrl(s: BlockState, k: number, target: string, res: Resolution, headers: readonly Header[], headersVary: boolean): Resolved<string | null> | null {
  const url = { value: ownOrNull(joinTarget(s.p, s.block, target, headers, res, s.hostBase)), res };
  if (!res.varying && !headersVary) s.urlCache = url;
  if (k === 0 && !checkUrl(s.p, s.block, url.value, res)) {
    s.node.inBatch = false;
    return null;
  }
  return url;
}

/** The body of one copy (its resolution added to `parts`), or null. */
async function copyBody(s: BlockState, headers: readonly Header[], parts: Resolution[]): Promise<RequestBody | null> {
  if (!s.block.body) return null;
  const sep = bodySeparator(headers);
  let b = s.bodyCache && s.bodyCache.sep === sep ? s.bodyCache : undefined;
  if (!b) {
    const res = s.single ?? new Resolution();
    b = { value: await s.p.body(s.block.body, sep, res), res, sep };
    if (!res.varying) s.bodyCache = b;
  }
  if (!s.single) parts.push(b.res);
  return b.value;
}

/** Unresolved names and dependencies of one copy; the first copy's references become graph edges. */
function copyInfo(s: BlockState, k: number, headers: Header[], parts: readonly Resolution[]): CopyInfo {
  const { p, block, node } = s;
  const unresolved: string[] = [];
  const dependsOn: string[] = block.dependsOn.map((d) => own(d.name));
  let hasResponseRefs = false;
  for (const res of parts) {
    for (const u of res.unresolved) if (!unresolved.includes(u)) unresolved.push(own(u));
    for (const ref of res.refs) {
      hasResponseRefs = true;
      if (!dependsOn.includes(ref.name)) dependsOn.push(own(ref.name));
      if (k === 0) {
        if (!s.listed) p.nodes.push(node);
        s.listed = true;
        node.edges.push({ name: ref.name, kind: 'response', line: ref.line, column: ref.column } satisfies DependencyEdge);
      }
    }
  }
  return {
    headers,
    unresolved: unresolved.length > 0 ? unresolved : p.noNames,
    dependsOn: dependsOn.length > 0 ? dependsOn : p.noNames,
    hasResponseRefs,
  };
}

/** The block's node in the dependency graph (listed in the planner's nodes only when it has a name or an edge). */
function graphNode(p: Planner, block: ParsedBlock): { node: GraphNode; listed: boolean } {
  const node: GraphNode = { name: block.name, multi: (block.repeat !== null || block.foreach !== null) && block.settings.first !== 1, inBatch: block.http, line: block.line, edges: [] };
  for (const d of block.dependsOn) node.edges.push({ name: d.name, kind: 'depends-on', line: d.line, column: d.column });
  // The graph check needs only blocks with a name or an edge: a large file of unnamed,
  // independent requests then keeps no node per block while it is planned.
  const listed = node.name !== null || node.edges.length > 0;
  if (listed) p.nodes.push(node);
  return { node, listed };
}

/** What every copy of a block shares as planned: settings, and copies of the block's strings (see own.ts). */
interface CopyTemplate {
  records: DataRecord[] | null;
  name: string | null;
  title: string | null;
  /** The block's method; POST once the block is found to be a GraphQL request. */
  method: string;
  expectStatus: string | null;
  timeoutMs: number;
  retries: number;
  first: number | null;
}

function copyTemplate(p: Planner, block: ParsedBlock, records: DataRecord[] | null): CopyTemplate {
  const { timeoutMs, retries } = requestTimeouts(block.settings, p.settings, p.options.overrides);
  return {
    records,
    name: ownOrNull(block.name),
    title: ownOrNull(block.title),
    method: p.method(block.method),
    expectStatus: ownOrNull(block.settings.expectStatus ?? null),
    timeoutMs,
    retries,
    first: block.settings.first ?? null,
  };
}

/** `@first K` with more than the records of its `@foreach`: an error on the directive. */
function checkFirst(p: Planner, block: ParsedBlock, first: number | null, records: DataRecord[] | null): void {
  if (first === null || !records || records.length === 0 || first <= records.length) return;
  const d = block.directives.find((x) => x.key === 'first')!;
  p.once(`first:${block.line}`, { severity: 'error', line: d.line, column: d.valueColumn, message: `@first ${first} is more than the ${records.length} records of @foreach; K must be from 1 to ${records.length}` });
}

export async function planBlock(p: Planner, block: ParsedBlock): Promise<void> {
  const { node, listed } = graphNode(p, block);
  if (!block.http) return;
  const r = p.resolver;
  r.record = null;
  r.dynamic.index = 0;
  const { records, copies } = await copyCount(p, block);
  const t = copyTemplate(p, block, records);
  const single = copies === 1 ? new Resolution() : null;
  // Conditions (`??` lines, `@until`): EXPECTED may use variables and response references.
  const s: BlockState = { p, block, node, listed, single, headerCache: [], urlCache: undefined, bodyCache: undefined, withChecks: hasConditions(block), checksCache: undefined, graphql: null, shared: null, hostBase: null };
  checkFirst(p, block, t.first, records);
  for (let k = 0; k < copies; k++) {
    if (records) r.record = records[k]!;
    r.dynamic.index = k;
    const planned = await planCopy(s, t, k);
    if (!planned) return;
    p.requests.push(planned);
  }
  r.record = null;
}

/** Copy `k` of the block, or null when the block turns out not to be an HTTP request. */
async function planCopy(s: BlockState, t: CopyTemplate, k: number): Promise<PlannedRequest | null> {
  const { p, block, single } = s;
  const parts: Resolution[] = single ? [single] : [];
  // The target first (source order for unresolved names and dependencies), joined after the headers.
  let urlRes: Resolution | null = null;
  let target = '';
  if (!s.urlCache) {
    urlRes = single ?? new Resolution();
    for (const part of block.targetParts) target += p.resolver.resolve(part.parts, urlRes, part);
  }
  const h = copyHeaders(s, k, parts);
  let headers = h.headers;
  const url = s.urlCache ?? copyUrl(s, k, target, urlRes!, headers, h.vary);
  if (!url) return null;
  if (!single) parts.unshift(url.res);
  let body = await copyBody(s, headers, parts);
  if (k === 0 && isGraphql(block.method, headers, body)) s.graphql = new GraphqlShape();
  if (s.graphql) {
    headers = s.graphql.headers(p, headers);
    body = s.graphql.body(body);
    t.method = 'POST';
  }
  const checks = copyChecks(s, parts);
  const anyVarying = h.vary || parts.some((x) => x.varying);
  let info: CopyInfo | null = s.shared;
  if (!info || anyVarying) {
    info = copyInfo(s, k, headers, parts);
    if (!anyVarying) s.shared = info;
  }
  return plannedRequest(s, t, k, { url: url.value, headers, body, info, checks });
}

/** The conditions of one copy (their resolution added to `parts`); copies share them unless they vary. */
function copyChecks(s: BlockState, parts: Resolution[]): Omit<PlannedConditions, 'res'> {
  if (!s.withChecks) return EMPTY_CONDITIONS;
  let c = s.checksCache;
  if (!c) {
    c = planConditions(s.p, s.block, s.single ?? new Resolution());
    if (!c.res.varying) s.checksCache = c;
  }
  if (!s.single) parts.push(c.res);
  return c;
}

interface CopyParts {
  url: string | null;
  headers: Header[];
  body: RequestBody | null;
  info: CopyInfo;
  checks: Omit<PlannedConditions, 'res'>;
}

/** The planned request of copy `k`: one literal of one shape for every request of the batch. */
function plannedRequest(s: BlockState, t: CopyTemplate, k: number, c: CopyParts): PlannedRequest {
  const { p, block } = s;
  const planned: PlannedRequest = {
    index: p.requests.length,
    name: t.name,
    title: t.title,
    line: block.line,
    column: block.column,
    blockIndex: block.blockIndex,
    copyIndex: t.records || block.repeat !== null ? k : null,
    copyRow: t.records ? rowLabel(t.records[k]!) : null,
    method: t.method,
    url: c.url ?? own(block.target),
    headers: c.headers,
    body: c.body,
    dependsOn: c.info.dependsOn,
    hasResponseRefs: c.info.hasResponseRefs,
    unresolved: c.info.unresolved,
    timeoutMs: t.timeoutMs,
    connectionTimeoutMs: block.settings.connectionTimeoutMs ?? null,
    retries: t.retries,
    followRedirects: followsRedirects(block.settings, p.options.defaults),
    expectStatus: t.expectStatus,
    idempotent: block.settings.idempotent ?? false,
    assertions: c.checks.assertions,
    until: c.checks.until,
    pollIntervalMs: block.settings.pollIntervalMs ?? null,
    pollTimeoutMs: block.settings.pollTimeoutMs ?? null,
    first: t.first,
  };
  // Present only with `@no-cookie-jar` (absent means the jar is used).
  if (block.settings.cookieJar === false) planned.cookieJar = false;
  return planned;
}
