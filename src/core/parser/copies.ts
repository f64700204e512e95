// Planning one request block: its copies (`@repeat`/`@foreach`), URL joining and checks,
// headers and body, sharing what does not differ between copies.
import { bodySeparator, isGraphql } from './foreign-request';
import { authorization, checkUrl, GraphqlShape, joinTarget, schemeHost } from './copy-target';
import type { Header, PlannedRequest, RequestBody } from '../types';
import type { DependencyEdge, GraphNode } from './graph';
import type { ParsedBlock } from './model';
import { MAX_REQUESTS } from './options';
import type { Planner } from './planner';
import { EMPTY_CONDITIONS, hasConditions, planConditions, type PlannedConditions } from './plan-conditions';
import type { DataRecord } from './records';
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

/** What the copies of one block share while they are planned: caches, the graph node, the values every copy has. */
export interface BlockState {
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
  graphql: GraphqlShape | null;
  shared: CopyInfo | null;
  hostBase: string | null;
  /** Conditions (`??` lines, `@until`) when they do not vary between copies. */
  checksCache: PlannedConditions | undefined;
  /** True for `@foreach` copies (they get a row label), with `copies` set for `@repeat` too. */
  rows: boolean;
  copies: boolean;
  fixed: CopyFixed;
}

/** The fields every copy of a block has alike (strings copied once, see own.ts). */
type CopyFixed = Pick<
  PlannedRequest,
  'name' | 'title' | 'line' | 'column' | 'blockIndex' | 'expectStatus' | 'timeoutMs' | 'retries' | 'connectionTimeoutMs' | 'followRedirects' | 'idempotent' | 'pollIntervalMs' | 'pollTimeoutMs' | 'first'
> & { method: string };

/** The shared state of a block's copies (`copies`: how many; 1 resolves everything in one Resolution). */
export function blockState(p: Planner, block: ParsedBlock, node: GraphNode, listed: boolean, copies: number): BlockState {
  const { timeoutMs, retries } = requestTimeouts(block.settings, p.settings, p.options.overrides);
  const fixed: CopyFixed = {
    name: ownOrNull(block.name),
    title: ownOrNull(block.title),
    line: block.line,
    column: block.column,
    blockIndex: block.blockIndex,
    method: p.method(block.method),
    expectStatus: ownOrNull(block.settings.expectStatus ?? null),
    timeoutMs,
    connectionTimeoutMs: block.settings.connectionTimeoutMs ?? null,
    retries,
    followRedirects: followsRedirects(block.settings, p.options.defaults),
    idempotent: block.settings.idempotent ?? false,
    pollIntervalMs: block.settings.pollIntervalMs ?? null,
    pollTimeoutMs: block.settings.pollTimeoutMs ?? null,
    first: block.settings.first ?? null,
  };
  const single = copies === 1 ? new Resolution() : null;
  const rows = block.foreach !== null;
  return { p, block, node, listed, single, headerCache: [], urlCache: undefined, bodyCache: undefined, graphql: null, shared: null, hostBase: null, checksCache: undefined, rows, copies: rows || block.repeat !== null, fixed };
}

/** The records of a `@foreach` and the number of copies (0 when the batch would grow too large). */
async function copyCount(p: Planner, block: ParsedBlock): Promise<{ records: DataRecord[]; copies: number }> {
  const records = await p.records(block);
  return { records, copies: withinMax(p, block, records.length) };
}

/** `copies`, or 0 (with an error) when the batch would exceed the largest size. */
export function withinMax(p: Planner, block: ParsedBlock, copies: number): number {
  const max = p.options.maxRequests ?? MAX_REQUESTS;
  if (p.count + copies <= max) return copies;
  p.once(`max:${block.line}`, {
    severity: 'error',
    line: block.line,
    column: block.column,
    message: `the batch would exceed ${max.toLocaleString('en-US')} requests; this request's copies are left out (lower @repeat or split the file)`,
  });
  return 0;
}

/** `@first K` with more than the records of `@foreach`: an error. */
export function checkFirst(p: Planner, block: ParsedBlock, records: number | null): void {
  const first = block.settings.first ?? null;
  if (first === null || records === null || records === 0 || first <= records) return;
  const d = block.directives.find((x) => x.key === 'first')!;
  p.once(`first:${block.line}`, { severity: 'error', line: d.line, column: d.valueColumn, message: `@first ${first} is more than the ${records} records of @foreach; K must be from 1 to ${records}` });
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

/** The body of one copy (its resolution added to `parts`), or null; a promise only when a body file must be read. */
function copyBody(s: BlockState, headers: readonly Header[], parts: Resolution[]): RequestBody | null | Promise<RequestBody | null> {
  const lines = s.block.body;
  if (!lines) return null;
  const sep = bodySeparator(headers);
  const cached = s.bodyCache && s.bodyCache.sep === sep ? s.bodyCache : undefined;
  if (cached) {
    if (!s.single) parts.push(cached.res);
    return cached.value;
  }
  const res = s.single ?? new Resolution();
  const keep = (value: RequestBody): RequestBody => {
    if (!res.varying) s.bodyCache = { value, res, sep };
    if (!s.single) parts.push(res);
    return value;
  };
  // Text lines alone (most bodies) are resolved at once; a `< file` line is read first.
  const text = s.p.textBody(lines, sep, res);
  return text !== null ? keep(text) : s.p.body(lines, sep, res).then(keep);
}

/** Unresolved names and dependencies of one copy; the first copy's references become graph edges. */
function copyInfo(s: BlockState, k: number, headers: Header[], parts: readonly Resolution[]): CopyInfo {
  const { p, block, node } = s;
  // Made only when there is a name to list (most requests have none): p.noNames stands for none.
  let unresolved: string[] | null = null;
  let dependsOn: string[] | null = block.dependsOn.length === 0 ? null : block.dependsOn.map((d) => own(d.name));
  let hasResponseRefs = false;
  for (const res of parts) {
    for (const u of res.unresolved) if (!unresolved?.includes(u)) (unresolved ??= []).push(own(u));
    for (const ref of res.refs) {
      hasResponseRefs = true;
      if (!dependsOn?.includes(ref.name)) (dependsOn ??= []).push(own(ref.name));
      if (k === 0) {
        if (!s.listed) p.nodes.push(node);
        s.listed = true;
        node.edges.push({ name: ref.name, kind: 'response', line: ref.line, column: ref.column } satisfies DependencyEdge);
      }
    }
  }
  return {
    headers,
    unresolved: unresolved ?? p.noNames,
    dependsOn: dependsOn ?? p.noNames,
    hasResponseRefs,
  };
}

/** The graph node of a block (listed at once when it has a name or an edge). */
export function blockNode(p: Planner, block: ParsedBlock): { node: GraphNode; listed: boolean } {
  const node: GraphNode = { name: block.name, multi: (block.repeat !== null || block.foreach !== null) && block.settings.first !== 1, inBatch: block.http, line: block.line, edges: [] };
  for (const d of block.dependsOn) node.edges.push({ name: d.name, kind: 'depends-on', line: d.line, column: d.column });
  // The graph check needs only blocks with a name or an edge: a large file of unnamed,
  // independent requests then keeps no node per block while it is planned.
  const listed = node.name !== null || node.edges.length > 0;
  if (listed) p.nodes.push(node);
  return { node, listed };
}

/** A copy or, while a body file is read, its promise. */
type MaybePlanned = PlannedRequest | null | Promise<PlannedRequest | null>;

/**
 * Plans every copy of a block into `p.requests` (the way every block but a big lazy group
 * goes). Synchronous unless a data or body file must be read: most blocks cost no promise.
 */
export function planCopies(p: Planner, block: ParsedBlock, node: GraphNode, listed: boolean): void | Promise<void> {
  const r = p.resolver;
  r.record = null;
  r.dynamic.index = 0;
  if (block.foreach) return planRows(p, block, node, listed);
  const copies = withinMax(p, block, block.repeat ?? 1);
  const s = blockState(p, block, node, listed, copies);
  for (let k = 0; k < copies; k++) {
    const planned = planCopy(s, k, null, p.count);
    if (planned instanceof Promise) return planRest(s, null, copies, k, planned);
    if (!keepCopy(p, planned)) break;
  }
  r.record = null;
}

async function planRows(p: Planner, block: ParsedBlock, node: GraphNode, listed: boolean): Promise<void> {
  const { records, copies } = await copyCount(p, block);
  const s = blockState(p, block, node, listed, copies);
  checkFirst(p, block, records.length);
  await planRest(s, records, copies, 0, null);
}

/** Copies `k` onwards, the first of them (when given) already under way. */
async function planRest(s: BlockState, records: DataRecord[] | null, copies: number, k: number, pending: Promise<PlannedRequest | null> | null): Promise<void> {
  const p = s.p;
  for (; k < copies; k++) {
    const planned = pending ?? planCopy(s, k, records ? records[k]! : null, p.count);
    pending = null;
    if (!keepCopy(p, planned instanceof Promise ? await planned : planned)) break;
  }
  p.resolver.record = null;
}

function keepCopy(p: Planner, planned: PlannedRequest | null): boolean {
  if (!planned) return false;
  p.requests.push(planned);
  p.count++;
  return true;
}

interface CopyParts {
  url: Resolved<string | null>;
  headers: Header[];
  body: RequestBody | null;
  parts: Resolution[];
  vary: boolean;
}

/** The URL, headers and body of copy `k` (its record, if any, already set on the resolver); a promise only while a body file is read. */
function copyParts(s: BlockState, k: number): CopyParts | null | Promise<CopyParts> {
  const { block, single } = s;
  const r = s.p.resolver;
  const parts: Resolution[] = single ? [single] : [];
  // The target first (source order for unresolved names and dependencies), joined after the headers.
  let urlRes: Resolution | null = null;
  let target = '';
  if (!s.urlCache) {
    urlRes = single ?? new Resolution();
    for (const t of block.targetParts) target += r.resolve(t.parts, urlRes, t);
  }
  const h = copyHeaders(s, k, parts);
  const url = s.urlCache ?? copyUrl(s, k, target, urlRes!, h.headers, h.vary);
  if (!url) return null;
  if (!single) parts.unshift(url.res);
  const body = copyBody(s, h.headers, parts);
  if (body instanceof Promise) return body.then((b) => ({ url, headers: h.headers, body: b, parts, vary: h.vary }));
  return { url, headers: h.headers, body, parts, vary: h.vary };
}

/**
 * Copy `k` of the block as the request of index `index`, with `record` (a `@foreach` row)
 * for its variables; null when the block turns out not to be an HTTP request (copy 0 only).
 * A promise only while a body file is read.
 */
export function planCopy(s: BlockState, k: number, record: DataRecord | null, index: number): MaybePlanned {
  s.p.resolver.record = record;
  s.p.resolver.dynamic.index = k;
  const c = copyParts(s, k);
  if (c instanceof Promise) return c.then((parts) => plannedCopy(s, k, record, index, parts));
  return c && plannedCopy(s, k, record, index, c);
}

/** The request of copy `k` from its parts. */
function plannedCopy(s: BlockState, k: number, record: DataRecord | null, index: number, c: CopyParts): PlannedRequest {
  const { p, block, single, fixed } = s;
  let { headers, body } = c;
  const parts = c.parts;
  let method = fixed.method;
  if (k === 0 && isGraphql(block.method, headers, body)) s.graphql = new GraphqlShape();
  if (s.graphql) {
    headers = s.graphql.headers(p, headers);
    body = s.graphql.body(body);
    method = 'POST';
  }
  let checks: Omit<PlannedConditions, 'res'> = EMPTY_CONDITIONS;
  if (hasConditions(block)) {
    let cc = s.checksCache;
    if (!cc) {
      cc = planConditions(p, block, single ?? new Resolution());
      if (!cc.res.varying) s.checksCache = cc;
    }
    checks = cc;
    if (!single) parts.push(cc.res);
  }
  const anyVarying = c.vary || parts.some((x) => x.varying);
  let info: CopyInfo | null = s.shared;
  if (!info || anyVarying) {
    info = copyInfo(s, k, headers, parts);
    if (!anyVarying) s.shared = info;
  }
  const planned: PlannedRequest = {
    index,
    name: fixed.name,
    title: fixed.title,
    line: fixed.line,
    column: fixed.column,
    blockIndex: fixed.blockIndex,
    copyIndex: s.copies ? k : null,
    copyRow: record && s.rows ? rowLabel(record) : null,
    method,
    url: c.url.value ?? own(block.target),
    headers,
    body,
    dependsOn: info.dependsOn,
    hasResponseRefs: info.hasResponseRefs,
    unresolved: info.unresolved,
    timeoutMs: fixed.timeoutMs,
    connectionTimeoutMs: fixed.connectionTimeoutMs,
    retries: fixed.retries,
    followRedirects: fixed.followRedirects,
    expectStatus: fixed.expectStatus,
    idempotent: fixed.idempotent,
    assertions: checks.assertions,
    until: checks.until,
    pollIntervalMs: fixed.pollIntervalMs,
    pollTimeoutMs: fixed.pollTimeoutMs,
    first: fixed.first,
  };
  // Present only with `@no-cookie-jar` (absent means the jar is used).
  if (block.settings.cookieJar === false) planned.cookieJar = false;
  return planned;
}
