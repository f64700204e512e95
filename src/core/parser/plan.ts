// buildPlan: from the file's text to the expanded batch (environments, variables, bodies,
// @repeat/@foreach copies, dependency checks). Never throws for any file text.
import { dirname, resolve as resolvePath } from 'node:path';
import type { BatchPlan, Clock, Diagnostic, FileReader, Header, PlannedRequest, RequestBlockInfo, RequestBody, SettingsOverrides } from '../types';
import { sortDiagnostics, parseDocument } from './document';
import { loadDotenv, loadEnvFiles, selectEnvironment, type EnvFiles } from './env';
import { checkDependencies, type DependencyEdge, type GraphNode } from './graph';
import type { BodyLine, FileVariable, ParsedBlock, TemplatePart } from './model';
import { csvRecords, isJsonPath, jsonRecords, type DataRecord } from './records';
import { literalScheme } from './request-line';
import { Resolution, Resolver } from './resolver';
import { effectiveBatchSettings, requestTimeouts } from './settings';
import { compileTemplate } from './template';
import { TOKEN_PATTERN } from './values';

export interface PlanOptions {
  /** Absolute path of the .batch.http file. */
  filePath: string;
  /** Environment files and `.env` are looked up from the file's directory up to here. */
  workspaceRoot: string;
  /** The selected environment, or null/undefined for none (`$shared` still applies). */
  environment?: string | null;
  /** Run values (`--var`): the highest precedence. */
  vars?: Record<string, string>;
  /** CLI options and editor choices: they win over the file's directives. */
  overrides?: SettingsOverrides;
  files: FileReader;
  /** null in an untrusted workspace: `$processEnv` and `$dotenv` are not read. */
  processEnv: Record<string, string | undefined> | null;
  clock?: Clock;
  /** A number in [0, 1) (for reproducible dynamic values in tests). */
  random?: () => number;
}

type FileContent = Uint8Array | Error;

/** Shared state of one planning run. */
class Planner {
  readonly diags: Diagnostic[] = [];
  readonly fileDiags: Diagnostic[] = [];
  readonly secrets = new Set<string>();
  readonly requests: PlannedRequest[] = [];
  readonly nodes: GraphNode[] = [];
  private readonly fileCache = new Map<string, Promise<FileContent>>();
  private readonly textTemplates = new Map<string, TemplatePart[]>();
  private readonly reported = new Set<string>();
  readonly baseDir: string;

  constructor(
    readonly options: PlanOptions,
    readonly resolver: Resolver,
    readonly settings: BatchPlan['settings'],
  ) {
    this.baseDir = dirname(resolvePath(options.filePath));
  }

  once(key: string, d: Diagnostic): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diags.push(d);
  }

  read(path: string): Promise<FileContent> {
    let p = this.fileCache.get(path);
    if (!p) {
      p = this.options.files.readFile(path).then(
        (b) => b,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      this.fileCache.set(path, p);
    }
    return p;
  }

  private fileProblem(e: Error, rel: string, abs: string): string {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `file not found: ${rel} (looked for ${abs})` : `cannot read ${rel} (${abs}): ${e.message}`;
  }

  async records(block: ParsedBlock): Promise<DataRecord[]> {
    const fe = block.foreach!;
    const res = new Resolution();
    const rel = this.resolver.resolve(fe.path.parts, res, fe.path);
    if (res.unresolved.length) {
      this.once(`foreach:${fe.line}`, { severity: 'error', line: fe.line, column: fe.path.column, message: `the @foreach path '${fe.path.text}' has unknown variables (${res.unresolved.join(', ')}); the request is not sent` });
      return [];
    }
    const abs = resolvePath(this.baseDir, rel);
    const content = await this.read(abs);
    if (content instanceof Error) {
      this.once(`foreach:${fe.line}`, { severity: 'error', line: fe.line, column: fe.path.column, message: `@foreach ${this.fileProblem(content, rel, abs)}` });
      return [];
    }
    const text = new TextDecoder('utf-8').decode(content);
    const recs = isJsonPath(abs) ? jsonRecords(text, abs, this.fileDiags) : csvRecords(text, abs, this.fileDiags);
    if (!recs) {
      this.once(`foreach:${fe.line}`, { severity: 'error', line: fe.line, column: fe.path.column, message: `@foreach ${rel}: the file has errors (see the diagnostics for ${abs})` });
      return [];
    }
    if (recs.length === 0) this.once(`foreach:${fe.line}`, { severity: 'warning', line: fe.line, column: fe.path.column, message: `@foreach ${rel} has no records; the request is not sent` });
    return recs;
  }

  /** The body of one copy. */
  async body(lines: readonly BodyLine[], multipart: boolean, res: Resolution): Promise<RequestBody> {
    const pieces: (string | Uint8Array)[] = [];
    let binary = false;
    for (const l of lines) {
      if (l.kind === 'text') {
        pieces.push(this.resolver.resolve(l.text.parts, res, l.text));
        continue;
      }
      const rel = this.resolver.resolve(l.path.parts, res, l.path);
      const abs = resolvePath(this.baseDir, rel);
      const content = await this.read(abs);
      if (content instanceof Error) {
        this.once(`body:${l.line}:${abs}`, { severity: 'error', line: l.line, column: l.path.column, message: `body ${this.fileProblem(content, rel, abs)}` });
        continue;
      }
      if (!l.substitute) {
        pieces.push(content);
        binary = true;
        continue;
      }
      const key = `${l.encoding ?? 'utf8'}:${abs}`;
      let parts = this.textTemplates.get(key);
      if (!parts) {
        const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString((l.encoding ?? 'utf8') as BufferEncoding);
        parts = compileTemplate(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, -1, -1).parts;
        this.textTemplates.set(key, parts);
      }
      pieces.push(this.resolver.resolve(parts, res, { line: l.line, column: l.column }));
    }
    const sep = multipart ? '\r\n' : '\n';
    if (!binary) return pieces.join(sep);
    const enc = new TextEncoder();
    const chunks = pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
    const sepBytes = enc.encode(sep);
    const total = chunks.reduce((n, c) => n + c.byteLength, 0) + sepBytes.byteLength * Math.max(0, chunks.length - 1);
    const out = new Uint8Array(total);
    let at = 0;
    chunks.forEach((c, i) => {
      if (i > 0) {
        out.set(sepBytes, at);
        at += sepBytes.byteLength;
      }
      out.set(c, at);
      at += c.byteLength;
    });
    return out;
  }
}

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
      message: `the target '${block.target}' is relative: define '@baseUrl = http://host' (or a 'host' variable), or add a 'Host:' header`,
    });
    return true;
  }
  if (res.unresolved.length || res.refs.length) return true;
  const scheme = literalScheme(url);
  if (scheme !== null && scheme !== 'http' && scheme !== 'https') {
    p.once(`url:${block.line}`, { severity: 'warning', ...at, message: `not an HTTP request (scheme ${scheme}://); it is left out of the batch` });
    return false;
  }
  if (scheme === null) {
    p.once(`url:${block.line}`, { severity: 'error', ...at, message: `the target '${url}' is not an absolute http:// or https:// URL; add the scheme, such as http://${url}` });
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    p.once(`url:${block.line}`, { severity: 'error', ...at, message: `the target '${url}' is not a valid URL` });
    return true;
  }
  if (parsed.password) {
    p.secrets.add(parsed.password);
    p.secrets.add(decodeURIComponent(parsed.password));
  }
  return true;
}

async function planBlock(p: Planner, block: ParsedBlock): Promise<void> {
  const node: GraphNode = { name: block.name, multi: block.repeat !== null || block.foreach !== null, inBatch: block.http, line: block.line, edges: [] };
  for (const d of block.dependsOn) node.edges.push({ name: d.name, kind: 'depends-on', line: d.line, column: d.column });
  p.nodes.push(node);
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

  const { timeoutMs, retries } = requestTimeouts(block.settings, p.settings, p.options.overrides);
  const headerCache: (Resolved<Header> | undefined)[] = [];
  let urlCache: Resolved<string | null> | undefined;
  let bodyCache: (Resolved<RequestBody> & { multipart: boolean }) | undefined;
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
            p.once(`hname:${h.line}`, { severity: 'error', line: h.line, column: h.column, message: `the header name '${name}' (after substitution) is not a valid HTTP header name` });
          }
          c = { value: [name, value], res };
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
      url = { value: joinTarget(p, block, target, headers, res), res };
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
    const anyVarying = headersVary || parts.some((x) => x.varying);

    let info: CopyInfo | null = shared;
    if (!info || anyVarying) {
      const unresolved: string[] = [];
      const dependsOn: string[] = block.dependsOn.map((d) => d.name);
      let hasResponseRefs = false;
      for (const res of parts) {
        for (const u of res.unresolved) if (!unresolved.includes(u)) unresolved.push(u);
        for (const ref of res.refs) {
          hasResponseRefs = true;
          if (!dependsOn.includes(ref.name)) dependsOn.push(ref.name);
          if (k === 0) node.edges.push({ name: ref.name, kind: 'response', line: ref.line, column: ref.column } satisfies DependencyEdge);
        }
      }
      info = { headers, unresolved, dependsOn, hasResponseRefs };
      if (!anyVarying) shared = info;
    }
    p.requests.push({
      index: p.requests.length,
      name: block.name,
      title: block.title,
      line: block.line,
      column: block.column,
      blockIndex: block.blockIndex,
      copyIndex: records || block.repeat !== null ? k : null,
      method: block.method,
      url: url.value ?? block.target,
      headers,
      body,
      dependsOn: info.dependsOn,
      hasResponseRefs: info.hasResponseRefs,
      unresolved: info.unresolved,
      timeoutMs,
      connectionTimeoutMs: block.settings.connectionTimeoutMs ?? null,
      retries,
      followRedirects: block.settings.followRedirects ?? true,
      expectStatus: block.settings.expectStatus ?? null,
      idempotent: block.settings.idempotent ?? false,
    });
  }
  r.record = null;
}

/** The editor-facing summary of a block (no templates: keeps the plan small). */
function blockInfo(b: ParsedBlock): RequestBlockInfo {
  return { blockIndex: b.blockIndex, name: b.name, title: b.title, method: b.method, target: b.target, line: b.line, column: b.column, startLine: b.startLine, endLine: b.endLine };
}

/**
 * Plans a .batch.http file: reads environment files, `.env`, `@foreach` data and body
 * files through `options.files`, resolves variables and expands copies. Never throws for
 * any file text; throws `UnknownEnvironmentError` when `options.environment` names an
 * environment that no environment file defines.
 */
export async function buildPlan(source: string, options: PlanOptions): Promise<BatchPlan> {
  const text = typeof source === 'string' ? source : String(source ?? '');
  const doc = parseDocument(text);
  const envDiags: Diagnostic[] = [];
  let envFiles: EnvFiles = { public: null, private: null };
  try {
    envFiles = await loadEnvFiles(options.filePath, options.workspaceRoot, options.files, envDiags);
  } catch (err) {
    envDiags.push({ severity: 'error', line: 1, column: 1, message: `cannot read the environment files: ${(err as Error).message}` });
  }
  const env = selectEnvironment(envFiles, options.environment); // throws UnknownEnvironmentError
  const settings = effectiveBatchSettings(doc.batchSettings, options.overrides);
  const planDiags: Diagnostic[] = [];
  let dotenv: Record<string, string> = {};
  if (options.processEnv !== null && text.includes('$dotenv')) {
    try {
      dotenv = await loadDotenv(options.filePath, options.workspaceRoot, options.files, envDiags);
    } catch {
      dotenv = {};
    }
  }
  const clock = options.clock;
  const resolver = new Resolver(
    { run: options.vars ?? {}, env: env.values },
    { now: () => (clock ? clock.date() : new Date()), random: options.random ?? null, processEnv: options.processEnv, dotenv, index: 0 },
    planDiags,
  );
  const p = new Planner(options, resolver, settings);
  for (const s of env.secrets) p.secrets.add(s);
  for (const v of Object.values(dotenv)) if (v !== '') p.secrets.add(v);
  try {
    let vi = 0;
    const vars = doc.variables;
    let visible = new Map<string, FileVariable>();
    for (const block of doc.blocks) {
      if (vi < vars.length && vars[vi]!.line < block.line) {
        visible = new Map(visible);
        while (vi < vars.length && vars[vi]!.line < block.line) {
          visible.set(vars[vi]!.name, vars[vi]!);
          vi++;
        }
      }
      resolver.fileVars = visible;
      await planBlock(p, block);
    }
    checkDependencies(p.nodes, planDiags);
  } catch (err) {
    planDiags.push({ severity: 'error', line: 1, column: 1, message: `internal planner error: ${err instanceof Error ? err.message : String(err)}` });
  }
  return {
    file: options.filePath,
    settings,
    requests: p.requests,
    blocks: doc.blocks.map(blockInfo),
    diagnostics: [...sortDiagnostics([...doc.diagnostics, ...planDiags, ...p.diags]), ...envDiags, ...p.fileDiags],
    secrets: [...p.secrets],
  };
}
